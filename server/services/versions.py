"""Gapless counters: the sync version every syncable write stamps, and order numbers."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.models import Counter

SYNC_VERSION = "sync_version"
ORDER_NUMBER = "order_number"
DEVICE_PREFIX = "device_prefix"


def next_value(session: Session, name: str) -> int:
    """Take the next value of a counter inside the caller's transaction (row-locked until commit)."""
    bumped = session.execute(
        update(Counter)
        .where(Counter.name == name)
        .values(value=Counter.value + 1)
        .returning(Counter.value)
    ).scalar_one_or_none()
    if bumped is None:
        raise LookupError(f"counter {name!r} is missing: run `repapp-server init`")
    return int(bumped)


def reserve(session: Session, name: str, count: int) -> int:
    """Take `count` consecutive values at once (bulk loads); returns the first."""
    last = next_value(session, name)
    if count > 1:
        last = session.execute(
            update(Counter)
            .where(Counter.name == name)
            .values(value=Counter.value + count - 1)
            .returning(Counter.value)
        ).scalar_one()
    return last - count + 1


def current_value(session: Session, name: str) -> int:
    return session.scalar(select(Counter.value).where(Counter.name == name)) or 0


def next_sync_version(session: Session) -> int:
    return next_value(session, SYNC_VERSION)


def next_order_number(session: Session) -> str:
    return f"SO-{next_value(session, ORDER_NUMBER):06d}"
