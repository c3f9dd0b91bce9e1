"""Reading and writing the local sync bookkeeping (cursor, device, next push sequence)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from repapp.models import SyncState

CURSOR = "cursor"
AS_OF = "as_of"
DEVICE_ID = "device_id"
DEVICE_PREFIX = "device_prefix"
NEXT_SEQ = "next_seq"
USER = "user"
FULL_NAME = "full_name"
SERVER_URL = "server_url"
MAX_DISCOUNT = "max_discount_percent"  # the rep's line discount limit, from sign-in
LAST_SYNC = "last_sync"  # ISO time the last sync finished


def get(session: Session, key: str, default: str = "") -> str:
    row = session.get(SyncState, key)
    return row.value if row is not None else default


def put(session: Session, key: str, value: str | int) -> None:
    session.merge(SyncState(key=key, value=str(value)))


def take_next_seq(session: Session) -> int:
    seq = int(get(session, NEXT_SEQ, "1"))
    put(session, NEXT_SEQ, seq + 1)
    return seq
