"""The audit log: who did what to which subject, and when."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import AuditEntry, User


def audit(session: Session, user: User | None, action: str, subject: str, **details: Any) -> None:
    """Record `action` on `subject` by `user` (None for an unknown caller, as in a failed
    sign-in) in the caller's transaction, so the entry stands or falls with the change."""
    session.add(
        AuditEntry(
            at=datetime.now(UTC),
            user_id=user.id if user is not None else None,
            username=user.username if user is not None else "",
            action=action,
            subject=subject,
            details=details,
        )
    )


def recent(session: Session, limit: int = 100, action: str | None = None) -> list[AuditEntry]:
    """The newest entries first."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(session.scalars(query))
