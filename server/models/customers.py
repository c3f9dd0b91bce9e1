"""Customer accounts: addresses, terms, credit, and the rep they belong to."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_number: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    street: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    postcode: Mapped[str] = mapped_column(String(20), default="")
    country: Mapped[str] = mapped_column(String(2), default="US")
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    terms: Mapped[str] = mapped_column(String(40), default="Net 30")
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    credit_limit: Mapped[Decimal]
    open_balance: Mapped[Decimal]
    credit_hold: Mapped[bool] = mapped_column(default=False)
    rep_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    version: Mapped[int] = mapped_column(BigInteger, index=True)
