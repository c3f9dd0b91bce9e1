"""Customer accounts: bill-to and ship-to addresses, contacts, terms, credit, price list, reps.

Ship-tos and contacts travel inside their customer's sync row: changing one bumps the customer's
version. Which reps see an account is `customer_reps`; each assignment has its own version.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_number: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # bill-to address
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
    tax_percent: Mapped[Decimal] = mapped_column(default=Decimal(0))  # sales tax on its orders
    price_list_id: Mapped[int | None] = mapped_column(ForeignKey("price_lists.id"))
    customer_group: Mapped[str] = mapped_column(String(40), default="")
    version: Mapped[int] = mapped_column(BigInteger, index=True)


class ShipTo(Base):
    __tablename__ = "ship_tos"
    __table_args__ = (UniqueConstraint("customer_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    street: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    postcode: Mapped[str] = mapped_column(String(20), default="")
    country: Mapped[str] = mapped_column(String(2), default="US")
    is_default: Mapped[bool] = mapped_column(default=False)


class Contact(Base):
    __tablename__ = "contacts"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(60), default="")  # buyer, accounts payable, ...
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")


class CustomerRep(Base):
    """A rep assigned to an account. `version` is when they got it: their sync sends it then."""

    __tablename__ = "customer_reps"
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    version: Mapped[int] = mapped_column(BigInteger, index=True)
