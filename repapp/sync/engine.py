"""The client side of sync: apply pulled pages with their cursor, push the outbox, record verdicts.

Each pulled page and its cursor are written in one local transaction, so an interrupted pull resumes
where it stopped and never applies a page twice. An outbox entry is deleted only once the server's
watermark covers it.
"""

from __future__ import annotations

import json
import platform
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from repapp.models import Order, OutboxEntry
from repapp.models.db import LocalStore
from repapp.sync import state
from repapp.sync.apply import apply_changes
from repapp.sync.client import SyncClient
from repapp.sync.protocol import OrderPayload, PushEntry, Verdict

Progress = Callable[[str, int], None]  # (what is happening, items done so far)
PUSH_BATCH = 50


@dataclass
class SyncSummary:
    pulled: int = 0
    pushed: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    as_of: str = ""


def sign_in(store: LocalStore, client: SyncClient, username: str, password: str) -> str:
    """Sign in and remember this laptop's device; returns the user's full name."""
    with store.transaction() as session:
        device_id = state.get(session, state.DEVICE_ID) or None
    answer = client.login(username, password, platform.node() or "laptop", device_id)
    with store.transaction() as session:
        state.put(session, state.DEVICE_ID, answer.device_id)
        state.put(session, state.DEVICE_PREFIX, answer.device_prefix)
        state.put(session, state.USER, answer.user)
        state.put(session, state.FULL_NAME, answer.full_name)
        state.put(session, state.SERVER_URL, client.base_url)
    return answer.full_name


def pull(
    store: LocalStore,
    client: SyncClient,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    page_size: int = 1000,
) -> SyncSummary:
    summary = SyncSummary()
    while not cancelled():
        with store.reading() as session:
            cursor = int(state.get(session, state.CURSOR, "0"))
        page = client.pull(cursor, page_size)
        with store.transaction() as session:
            apply_changes(session, page.changes)
            state.put(session, state.CURSOR, page.next_cursor)
            state.put(session, state.AS_OF, page.as_of)
        summary.pulled += len(page.changes)
        summary.as_of = page.as_of
        if progress:
            progress("pulling", summary.pulled)
        if not page.has_more:
            break
    return summary


def _record(session: Session, verdict: Verdict) -> None:
    order = session.get(Order, verdict.order_uuid)
    if order is not None:
        order.status = verdict.status.value
        order.order_number = verdict.order_number
        order.reasons = verdict.reasons


def push(
    store: LocalStore,
    client: SyncClient,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> SyncSummary:
    summary = SyncSummary()
    with store.reading() as session:
        device_id = state.get(session, state.DEVICE_ID)
    while not cancelled():
        with store.reading() as session:
            rows = session.scalars(
                select(OutboxEntry).order_by(OutboxEntry.seq).limit(PUSH_BATCH)
            ).all()
        if not rows:
            break
        entries = [
            PushEntry(
                seq=row.seq,
                order_uuid=row.order_uuid,
                payload=OrderPayload.model_validate(json.loads(row.payload)),
                payload_hash=row.payload_hash,
            )
            for row in rows
        ]
        answer = client.push(device_id, entries)
        with store.transaction() as session:
            for verdict in answer.verdicts:
                _record(session, verdict)
                summary.verdicts[verdict.status.value] += 1
            session.execute(delete(OutboxEntry).where(OutboxEntry.seq <= answer.watermark))
        summary.pushed += len(answer.verdicts)
        if progress:
            progress("sending orders", summary.pushed)
        if answer.watermark < rows[-1].seq:
            break  # the server kept some back; they go next time
    return summary


def sync(
    store: LocalStore,
    client: SyncClient,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> SyncSummary:
    """Push first (orders are the rep's most valuable data), then pull catalog changes and verdicts."""
    pushed = push(store, client, progress, cancelled)
    pulled = pull(store, client, progress, cancelled)
    pulled.pushed, pulled.verdicts = pushed.pushed, pushed.verdicts
    return pulled
