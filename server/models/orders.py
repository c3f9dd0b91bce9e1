"""Orders as received from reps' laptops, with the server's verdict and number."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.models.base import Base


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    order_number: Mapped[str | None] = mapped_column(String(20), unique=True)
    provisional_ref: Mapped[str] = mapped_column(String(32))
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    rep_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    customer_account: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(20))
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    currency: Mapped[str] = mapped_column(String(3))
    total: Mapped[Decimal]
    po_number: Mapped[str] = mapped_column(String(60), default="")
    notes: Mapped[str] = mapped_column(String(2000), default="")
    ship_from: Mapped[date | None] = mapped_column(Date)
    ship_until: Mapped[date | None] = mapped_column(Date)
    tax_percent: Mapped[Decimal] = mapped_column(default=Decimal(0))
    tax: Mapped[Decimal] = mapped_column(default=Decimal(0))
    signature_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    signed_by: Mapped[str] = mapped_column(String(120), default="")
    prospect: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # a new account, as typed
    revises: Mapped[str | None] = mapped_column(String(36))  # the order UUID this one replaces
    payload_hash: Mapped[str] = mapped_column(String(64))
    captured_at: Mapped[str] = mapped_column(String(40))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(BigInteger, index=True)

    lines: Mapped[list[OrderLine]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="OrderLine.line_no"
    )


class OrderLine(Base):
    __tablename__ = "order_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    line_no: Mapped[int]
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    sku: Mapped[str] = mapped_column(String(40))
    quantity: Mapped[int]
    unit_price: Mapped[Decimal]
    discount_percent: Mapped[Decimal] = mapped_column(default=Decimal(0))
    line_total: Mapped[Decimal]
    ship_date: Mapped[date | None] = mapped_column(Date)
    problems: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Units not allocated from stock yet; a stock receipt fills them, oldest order first.
    backordered: Mapped[int] = mapped_column(default=0, server_default="0")
