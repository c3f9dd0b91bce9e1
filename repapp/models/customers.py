"""The rep's own customer accounts, as pulled from the server (read-only here).

Ship-to addresses and contacts travel inside the account's row and are kept as JSON lists.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from repapp.models.base import Base


class Customer(Base):
    __tablename__ = "customers"
    account_number: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    street: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    postcode: Mapped[str] = mapped_column(String(20), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    terms: Mapped[str] = mapped_column(String(40), default="")
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    credit_limit: Mapped[Decimal]
    open_balance: Mapped[Decimal]
    credit_hold: Mapped[bool] = mapped_column(default=False)
    overdue_amount: Mapped[Decimal] = mapped_column(default=Decimal(0))  # past due, as of the sync
    tax_percent: Mapped[Decimal] = mapped_column(default=Decimal(0))  # 0: no tax on its orders
    price_list_code: Mapped[str | None] = mapped_column(String(32))
    customer_group: Mapped[str] = mapped_column(String(40), default="")
    # False: the account moved to another rep; kept only for the orders on this laptop
    assigned: Mapped[bool] = mapped_column(default=True)
    # True: written on this laptop (account number "NEW-..."), not yet an account on the server
    prospect: Mapped[bool] = mapped_column(default=False)
    ship_tos: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of addresses
    contacts: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of people

    @property
    def available_credit(self) -> Decimal:
        return self.credit_limit - self.open_balance

    @property
    def ship_to_addresses(self) -> list[dict[str, Any]]:
        """Where goods may go: dicts with code, name, street, city, region, postcode, is_default."""
        return list(json.loads(self.ship_tos or "[]"))

    @property
    def people(self) -> list[dict[str, Any]]:
        """Contacts at the account: dicts with name, role, email, phone."""
        return list(json.loads(self.contacts or "[]"))
