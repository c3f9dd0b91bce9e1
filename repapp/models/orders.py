"""Orders on the laptop: drafts the rep is writing, and finished orders with the server's verdict."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Date, DateTime, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from repapp.models.base import Base

DRAFT = "draft"
QUEUED = "queued"  # finished, waiting in the outbox
SUPERSEDED = "superseded"  # replaced by a revision the rep wrote after a rejection
FINISHED_STATES = ("queued", "accepted", "needs_approval", "rejected", "mismatch")


class Order(Base):
    __tablename__ = "orders"
    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    customer_account: Mapped[str] = mapped_column(ForeignKey("customers.account_number"))
    status: Mapped[str] = mapped_column(String(20), default=DRAFT, index=True)
    currency: Mapped[str] = mapped_column(String(3))
    po_number: Mapped[str] = mapped_column(String(60), default="")
    notes: Mapped[str] = mapped_column(String(2000), default="")
    # The window the buyer wants the goods in; a line with its own ship date ships apart.
    ship_from: Mapped[date | None] = mapped_column(Date)
    ship_until: Mapped[date | None] = mapped_column(Date)
    tax_percent: Mapped[Decimal] = mapped_column(default=Decimal(0))
    # A revision replaces an earlier order of this laptop (rejected or held, then fixed).
    revises: Mapped[str | None] = mapped_column(String(36))
    revision: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    # Set when the order is finished: frozen totals, provisional reference, outbox sequence.
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    provisional_ref: Mapped[str | None] = mapped_column(String(32))
    gross: Mapped[Decimal | None]
    discount: Mapped[Decimal | None]
    tax: Mapped[Decimal | None]
    total: Mapped[Decimal | None]
    # From the server's verdict.
    order_number: Mapped[str | None] = mapped_column(String(20))
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)

    lines: Mapped[list[OrderLine]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="OrderLine.line_no"
    )


class OrderLine(Base):
    __tablename__ = "order_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_uuid: Mapped[str] = mapped_column(
        ForeignKey("orders.uuid", ondelete="CASCADE"), index=True
    )
    line_no: Mapped[int]
    sku: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int]
    unit_price: Mapped[Decimal]  # what this buyer pays per unit, as resolved when last changed
    price_source: Mapped[str] = mapped_column(String(120), default="")  # e.g. "Break 48+ @ 3.10"
    discount_percent: Mapped[Decimal] = mapped_column(default=Decimal(0))
    line_total: Mapped[Decimal]
    ship_date: Mapped[date | None] = mapped_column(Date)  # None: ships in the order's window
    backordered: Mapped[int] = mapped_column(default=0)  # from the server's verdict


class OrderSignature(Base):
    """The buyer's signature as a PNG, apart from the order row so lists never load it."""

    __tablename__ = "order_signatures"
    order_uuid: Mapped[str] = mapped_column(
        ForeignKey("orders.uuid", ondelete="CASCADE"), primary_key=True
    )
    png: Mapped[bytes] = mapped_column(LargeBinary)
    signed_by: Mapped[str] = mapped_column(String(120), default="")
    signed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PastOrder(Base):
    """An account's order history as the server knows it (from any laptop or the office):
    what a rep reorders from. `lines` is a JSON list of {sku, description, quantity, unit_price}."""

    __tablename__ = "past_orders"
    order_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    customer_account: Mapped[str] = mapped_column(String(32), index=True)
    order_number: Mapped[str | None] = mapped_column(String(20))
    provisional_ref: Mapped[str] = mapped_column(String(32), default="")
    status: Mapped[str] = mapped_column(String(20))
    captured_at: Mapped[str] = mapped_column(String(40))
    currency: Mapped[str] = mapped_column(String(3))
    total: Mapped[Decimal]
    lines: Mapped[str] = mapped_column(Text, default="[]")
