"""The client side of sync: apply pulled pages with their cursor, push the outbox, record verdicts.

Each pulled page and its cursor are written in one local transaction, so an interrupted pull resumes
where it stopped and never applies a page twice. An outbox entry is deleted only once the server's
watermark covers it.
"""

from __future__ import annotations

import json
import platform
import queue
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from repapp.models import Order, OutboxEntry
from repapp.models.db import LocalStore
from repapp.sync import state
from repapp.sync.apply import apply_changes
from repapp.sync.client import FetchedPage, SyncClient, SyncError
from repapp.sync.protocol import OrderPayload, PushEntry, Verdict

Progress = Callable[[str, int], None]  # (what is happening, items done so far)
PUSH_BATCH = 50
# Changes a pull page asks for: bigger pages mean fewer round trips and fewer local commits (a
# first sync of a 200,000-product catalog is about two million changes).
PULL_PAGE = 5000
PULL_AHEAD = 2  # pages fetched and waiting to be written, at most


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
        limit = answer.max_discount_percent
        state.put(session, state.MAX_DISCOUNT, "" if limit is None else str(limit))
    return answer.full_name


class _PagesAhead:
    """Fetches pull pages on a thread of its own, each as soon as the one before it has arrived.

    A page's request needs only the cursor of the page before, which the server also sends in the
    reply's headers, so the server reads the next pages while the laptop parses and writes this
    one; at most `ahead` pages wait.
    """

    def __init__(self, client: SyncClient, cursor: int, page_size: int, ahead: int) -> None:
        self._client = client
        self._pages: queue.Queue[FetchedPage | Exception] = queue.Queue(maxsize=ahead)
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._fetch, args=(cursor, page_size), name="repapp-pull", daemon=True
        )
        self._thread.start()

    def _fetch(self, cursor: int, page_size: int) -> None:
        while not self._stop.is_set():
            try:
                page = self._client.fetch(cursor, page_size)
            except Exception as error:  # handed to the writer, which raises it
                self._hand_over(error)
                return
            if not self._hand_over(page) or not page.has_more:
                return
            cursor = page.next_cursor

    def _hand_over(self, item: FetchedPage | Exception) -> bool:
        while not self._stop.is_set():
            try:
                self._pages.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def next(self) -> FetchedPage:
        while True:
            try:
                item = self._pages.get(timeout=0.5)
                break
            except queue.Empty:
                if not self._thread.is_alive() and self._pages.empty():
                    raise SyncError("the pull stopped before the server sent everything") from None
        if isinstance(item, Exception):
            raise item
        return item

    def close(self) -> None:
        """Stop fetching; a request in flight is waited for and its page dropped."""
        self._stop.set()
        self._thread.join()


def pull(
    store: LocalStore,
    client: SyncClient,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    page_size: int = PULL_PAGE,
) -> SyncSummary:
    """Pull and apply pages until the server has nothing more, or `cancelled()`.

    Pages are fetched ahead (`_PagesAhead`) while earlier ones are written, so the server and the
    laptop work at the same time. They are still applied one at a time, in order, each with its
    cursor in one transaction; pages fetched but not applied (cancelled, or writing one failed)
    are dropped, and the next pull asks for them again from the stored cursor.
    """
    summary = SyncSummary()
    if cancelled():
        return summary
    with store.reading() as session:
        cursor = int(state.get(session, state.CURSOR, "0"))
    pages = _PagesAhead(client, cursor, page_size, PULL_AHEAD)
    try:
        while True:
            page = pages.next().parse()
            with store.transaction() as session:
                apply_changes(session, page.changes)
                state.put(session, state.CURSOR, page.next_cursor)
                state.put(session, state.AS_OF, page.as_of)
            summary.pulled += len(page.changes)
            summary.as_of = page.as_of
            if progress:
                progress("pulling", summary.pulled)
            if not page.has_more or cancelled():
                break
    finally:
        pages.close()
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
    if not cancelled():
        with store.transaction() as session:
            state.put(session, state.LAST_SYNC, datetime.now(UTC).isoformat())
    return pulled
