"""Price lists with volume breaks, promotions with a date window, and customer contract prices.

How these combine into the price a buyer pays is `repapp.core.price_rules`: the client and the
server resolve prices with that same code.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import BigInteger, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UnitPrice


class PriceList(Base):
    """A tier list (any customer may be on it) or a customer-specific one (kind "customer")."""

    __tablename__ = "price_lists"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    kind: Mapped[str] = mapped_column(String(16), default="tier")  # tier | customer
    version: Mapped[int] = mapped_column(BigInteger, index=True)


class PriceEntry(Base):
    """One price of one product in one list: `quantity >= min_qty -> unit_price` (1 = list price)."""

    __tablename__ = "price_entries"
    __table_args__ = (UniqueConstraint("price_list_id", "product_id", "min_qty"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    price_list_id: Mapped[int] = mapped_column(ForeignKey("price_lists.id", ondelete="CASCADE"))
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    min_qty: Mapped[int] = mapped_column(default=1)
    unit_price: Mapped[Decimal] = mapped_column(UnitPrice)
    version: Mapped[int] = mapped_column(BigInteger, index=True)


class Promotion(Base):
    """A special for a date window: percent off or a fixed unit price, for a SKU, category or brand."""

    __tablename__ = "promotions"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10))  # percent | fixed
    value: Mapped[Decimal] = mapped_column(UnitPrice)
    scope: Mapped[str] = mapped_column(String(10), default="all")  # all | sku | category | brand
    scope_value: Mapped[str] = mapped_column(String(80), default="")
    customer_group: Mapped[str] = mapped_column(String(40), default="")  # "" = everyone
    priority: Mapped[int] = mapped_column(default=0)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    version: Mapped[int] = mapped_column(BigInteger, index=True)


class ContractPrice(Base):
    __tablename__ = "contract_prices"
    __table_args__ = (UniqueConstraint("customer_id", "product_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    reference: Mapped[str] = mapped_column(String(32))
    unit_price: Mapped[Decimal] = mapped_column(UnitPrice)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(BigInteger, index=True)
