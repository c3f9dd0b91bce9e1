"""Users, their bearer tokens, failed sign-ins, the audit log, the laptops (devices) they sync from, and processed push entries."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))  # rep | back_office | admin
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    # The largest line discount (percent) a rep may give without the office approving it.
    max_discount_percent: Mapped[Decimal] = mapped_column(default=Decimal(10))


class Token(Base):
    """Opaque bearer tokens, stored only as their SHA-256 so a database leak leaks no sessions."""

    __tablename__ = "tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Set when the token was signed out or revoked by an admin; a revoked token never works again.
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class Device(Base):
    """A rep's laptop. `watermark` is the highest push sequence number fully processed."""

    __tablename__ = "devices"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    prefix: Mapped[str] = mapped_column(String(12), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(120), default="")
    watermark: Mapped[int] = mapped_column(BigInteger, default=0)


class PushReceipt(Base):
    """The stored verdict of one processed outbox entry, returned again when the entry is resent."""

    __tablename__ = "push_receipts"
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    order_uuid: Mapped[str] = mapped_column(String(36))
    payload_hash: Mapped[str] = mapped_column(String(64))
    verdict: Mapped[dict[str, object]] = mapped_column(JSON)


class LoginFailure(Base):
    """One refused sign-in, kept for a while so that guessing passwords gets locked out."""

    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    client: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class AuditEntry(Base):
    """Who did what to which subject, and when: sign-in failures, user changes, revocations,
    and the office's approvals, rejections and price overrides."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(String(80), default="")
    action: Mapped[str] = mapped_column(String(40), index=True)
    subject: Mapped[str] = mapped_column(String(120), default="")
    details: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
