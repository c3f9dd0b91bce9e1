"""The local copy of what prices are made of: price lists with breaks, promotions, contracts.

`repapp.services.buyer_prices` turns these rows into `repapp.core.price_rules` inputs.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from repapp.models.base import Base


class PriceList(Base):
    __tablename__ = "price_lists"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    currency: Mapped[str] = mapped_column(String(3))
    kind: Mapped[str] = mapped_column(String(16))


class Price(Base):
    """One entry of a price list: quantity >= min_qty -> unit_price."""

    __tablename__ = "prices"
    list_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    sku: Mapped[str] = mapped_column(String(40), primary_key=True)
    min_qty: Mapped[int] = mapped_column(primary_key=True)
    unit_price: Mapped[Decimal]


class Promotion(Base):
    __tablename__ = "promotions"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    starts_on: Mapped[str] = mapped_column(String(10))  # ISO dates
    ends_on: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(10))
    value: Mapped[Decimal]
    scope: Mapped[str] = mapped_column(String(10))
    scope_value: Mapped[str] = mapped_column(String(80), default="")
    customer_group: Mapped[str] = mapped_column(String(40), default="")
    priority: Mapped[int] = mapped_column(default=0)
    currency: Mapped[str] = mapped_column(String(3))


class Contract(Base):
    """A customer's contract price for one SKU."""

    __tablename__ = "contracts"
    account_number: Mapped[str] = mapped_column(String(32), primary_key=True)
    sku: Mapped[str] = mapped_column(String(40), primary_key=True)
    reference: Mapped[str] = mapped_column(String(32))
    unit_price: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    starts_on: Mapped[str | None] = mapped_column(String(10))
    ends_on: Mapped[str | None] = mapped_column(String(10))
