"""The outbox of finished orders waiting to be pushed, and the sync bookkeeping."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from repapp.models.base import Base


class OutboxEntry(Base):
    """Deleted only once the server's watermark covers its sequence number."""

    __tablename__ = "outbox"
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    order_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    payload: Mapped[str] = mapped_column(Text)  # the order as sent, canonical JSON
    payload_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SyncState(Base):
    """Key/value bookkeeping: pull cursor, stock as-of time, device id and prefix, next push seq."""

    __tablename__ = "sync_state"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
