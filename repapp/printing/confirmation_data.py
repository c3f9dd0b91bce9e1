"""What an order confirmation shows, as plain data: built from a finished order, rendered by
`repapp.printing.confirmation`. Amounts are already priced by `repapp.core`; the document only
lays them out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class ConfirmationLine:
    sku: str
    description: str
    quantity: int
    unit_price: Decimal
    discount_percent: Decimal
    line_total: Decimal
    ship_date: date | None = None  # None: ships in the order's window
    price_source: str = ""  # why this price: "Tier B", "Break 48+", a contract...


@dataclass(frozen=True)
class Party:
    name: str
    account_number: str
    address_lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Confirmation:
    provisional_ref: str
    order_uuid: str
    status: str  # "queued", "accepted", "needs_approval", ...; anything but accepted prints "subject to approval"
    captured_at: datetime
    currency: str
    customer: Party
    rep_name: str
    lines: list[ConfirmationLine]
    gross: Decimal
    discount: Decimal
    total: Decimal
    order_number: str | None = None
    po_number: str = ""
    notes: str = ""
    terms: str = ""
    seller_name: str = "RepApp Wholesale"
    seller_address_lines: list[str] = field(default_factory=list)
    tax_percent: Decimal = Decimal(0)
    tax: Decimal | None = None  # None: no tax configured for the account
    ship_from: date | None = None
    ship_until: date | None = None
    signature_png: bytes | None = None
    signed_by: str = ""
    revises_ref: str = ""  # the reference of the order this revision replaces
