"""Orders in every state the order book shows, answered the way a pull answers them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from repapp.models import OrderLine
from repapp.models.db import LocalStore
from repapp.services.order_desk import OrderDesk
from repapp.sync.apply import apply_changes
from repapp.sync.protocol import Change

CREDIT_HOLD = "credit: account is on credit hold"
NOT_SOLD = "line 1: MUG-1 is not sold (unknown or discontinued)"
DISCOUNT = "discount: line 1: MUG-1 15% is above the rep's limit of 10%"


def answer(
    store: LocalStore,
    uuid: str,
    status: str,
    order_number: str | None = None,
    reasons: Iterable[str] = (),
) -> None:
    """The server's word on an order, applied as a pull applies it."""
    data = {"order_uuid": uuid, "status": status, "order_number": order_number}
    with store.transaction() as session:
        apply_changes(
            session,
            [
                Change(
                    entity="order",
                    key=uuid,
                    op="put",
                    version=1,
                    data={**data, "reasons": list(reasons)},
                )
            ],
        )


def backorder(store: LocalStore, uuid: str, line_no: int, units: int) -> None:
    with store.transaction() as session:
        session.execute(
            update(OrderLine)
            .where(OrderLine.order_uuid == uuid, OrderLine.line_no == line_no)
            .values(backordered=units)
        )


def ticking_desk(store: LocalStore) -> OrderDesk:
    """A desk whose clock moves a minute per change, starting three hours ago."""
    start = datetime.now(UTC) - timedelta(hours=3)
    moments = (start + timedelta(minutes=n) for n in range(999))
    return OrderDesk(store, clock=lambda: next(moments))


def write_mix(store: LocalStore) -> dict[str, str]:
    """One order in each state, written oldest first; returns their uuids by state."""
    desk = ticking_desk(store)
    uuids: dict[str, str] = {}

    def order(account: str, *skus: str, po: str = "") -> str:
        uuid = desk.start_order(account)
        for sku in skus:
            desk.add_product(uuid, sku)
        if po:
            desk.set_details(uuid, po, "")
        return uuid

    uuids["invoiced"] = desk.finish(order("C1003", "VASE-2", po="PO-3310")).uuid
    answer(store, uuids["invoiced"], "invoiced", "SO-10040")
    uuids["accepted"] = desk.finish(order("C1001", "MUG-1", "VASE-2", po="PO-3318")).uuid
    answer(store, uuids["accepted"], "accepted", "SO-10041")
    backorder(store, uuids["accepted"], 2, 4)
    uuids["needs_approval"] = desk.finish(order("C1002", "VASE-2", po="HM-88")).uuid
    answer(store, uuids["needs_approval"], "needs_approval", None, [CREDIT_HOLD])
    uuids["rejected"] = desk.finish(order("C1001", "MUG-1", po="PO-3320")).uuid
    answer(store, uuids["rejected"], "rejected", None, [NOT_SOLD])
    uuids["queued"] = desk.finish(order("C1003", "MUG-1", "VASE-2")).uuid
    uuids["draft"] = order("C1001", "MUG-1", po="PO-3325")
    return uuids
