"""Administration routes: reading the audit log."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from server.api.deps import AdminDep, FactoryDep
from server.db import transaction
from server.services.audit import recent

router = APIRouter(prefix="/admin", tags=["admin"])


@router.get("/audit")
def audit_log(
    factory: FactoryDep,
    _auth: AdminDep,
    limit: int = Query(100, ge=1, le=1000),
    action: str | None = None,
) -> list[dict[str, Any]]:
    """The newest audit entries first, optionally of one action only."""
    with transaction(factory) as session:
        return [
            {
                "at": entry.at.isoformat(),
                "user": entry.username,
                "action": entry.action,
                "subject": entry.subject,
                "details": entry.details,
            }
            for entry in recent(session, limit, action)
        ]
