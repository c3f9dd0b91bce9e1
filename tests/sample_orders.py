"""Orders on the laptop before the app starts: an older draft, the draft changed last, and an
order finished after both (so "changed last" and "draft changed last" differ)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from repapp.models.db import LocalStore
from repapp.services.order_desk import OrderDesk

LATEST_ACCOUNT = "C1001"
LATEST_NOTES = "Ship window 1-5 Dec\nRing at the back door"


def write(store: LocalStore) -> str:
    """Returns the uuid of the draft changed last. The clock ticks a minute per change, starting
    an hour ago, so the order of changes never depends on how fast this machine is."""
    start = datetime.now(UTC) - timedelta(hours=1)
    moments = (start + timedelta(minutes=n) for n in range(99))
    desk = OrderDesk(store, clock=lambda: next(moments))
    older = desk.start_order("C1003")
    desk.add_product(older, "VASE-2")
    latest = desk.start_order(LATEST_ACCOUNT)
    desk.add_product(latest, "VASE-2")
    desk.add_product(latest, "MUG-1")
    desk.add_product(latest, "MUG-1")
    desk.set_details(latest, "PO-4471", LATEST_NOTES)
    finished = desk.start_order("C1002")
    desk.add_product(finished, "VASE-2")
    desk.finish(finished)
    return latest
