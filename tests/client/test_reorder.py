"""Reordering from an account's history: newest first, copied at today's prices, with the rep
told what could not be copied and what costs something else now."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from repapp.models import Order, PastOrder
from repapp.models.orders import DRAFT
from repapp.services.order_desk import OrderDeskError
from repapp.services.reorder import Reorder
from repapp.services.workspace import Workspace
from repapp.sync.apply import apply_changes
from repapp.sync.protocol import Change

SPRING, SUMMER, AUTUMN = (
    "11111111-0000-4000-8000-000000000001",
    "11111111-0000-4000-8000-000000000002",
    "11111111-0000-4000-8000-000000000003",
)


def _order(
    uuid: str, account: str, captured_at: str, number: str | None, lines: list[dict[str, Any]]
) -> Change:
    """An order as the server's pull sends it (see server/services/pull_rows.py `order`)."""
    total = sum(Decimal(line["unit_price"]) * line["quantity"] for line in lines)
    return Change(
        entity="order",
        key=uuid,
        op="put",
        version=1,
        data={
            "order_uuid": uuid,
            "order_number": number,
            "provisional_ref": "D000-00001",
            "customer_account": account,
            "status": "accepted" if number else "needs_approval",
            "reasons": [],
            "captured_at": captured_at,
            "currency": "USD",
            "total": str(total),
            "lines": lines,
        },
    )


def _line(sku: str, quantity: int, price: str, discount: str = "0") -> dict[str, Any]:
    return {"sku": sku, "quantity": quantity, "unit_price": price, "discount_percent": discount}


@pytest.fixture
def history(workspace: Workspace) -> Reorder:
    with workspace.store.transaction() as session:
        apply_changes(
            session,
            [
                _order(
                    SPRING,
                    "C1001",
                    "2025-03-02T10:00:00+00:00",
                    "SO-000101",
                    [
                        _line("MUG-1", 24, "2.95", "5"),
                        _line("OLD-3", 12, "1.00"),  # discontinued since
                        _line("GONE-9", 6, "7.50"),  # no longer in the catalog at all
                        _line("MUG-1", 24, "2.95"),  # the same mug again, another ship date
                    ],
                ),
                # Montréal's evening: after AUTUMN's 21:00 UTC, though its text sorts first.
                _order(
                    SUMMER,
                    "C1001",
                    "2025-07-15T19:30:00-04:00",
                    None,
                    [_line("VASE-2", 2, "18.50")],
                ),
                _order(
                    AUTUMN,
                    "C1001",
                    "2025-07-15T21:00:00+00:00",
                    "SO-000250",
                    [_line("OLD-3", 12, "1.00")],
                ),
                _order(AUTUMN.replace("3", "4"), "C1003", "2025-08-01T09:00:00+00:00", "SO-9", []),
            ],
        )
    return Reorder(workspace.desk)


def test_history_is_the_accounts_orders_newest_first_with_todays_product_names(
    history: Reorder,
) -> None:
    orders = history.history("C1001")
    assert [(o.number, o.captured_at) for o in orders] == [
        ("D000-00001", datetime(2025, 7, 15, 23, 30, tzinfo=UTC)),  # no number yet: the ref
        ("SO-000250", datetime(2025, 7, 15, 21, 0, tzinfo=UTC)),
        ("SO-000101", datetime(2025, 3, 2, 10, 0, tzinfo=UTC)),
    ]
    spring = orders[-1]
    assert spring.total_text == "USD 198.60"
    assert [(line.sku, line.name, line.quantity, line.sold) for line in spring.lines] == [
        ("MUG-1", "Café mug", 24, True),
        ("OLD-3", "Discontinued mug", 12, False),
        ("GONE-9", "", 6, False),
        ("MUG-1", "Café mug", 24, True),
    ]
    assert history.history("C1002") == []


def test_copying_an_order_prices_it_for_today_and_says_what_changed(
    history: Reorder, workspace: Workspace
) -> None:
    done = history.copy("C1001", SPRING)
    order = done.order
    assert (order.status, order.customer_account) == (DRAFT, "C1001")
    assert [(line.sku, line.quantity) for line in order.lines] == [("MUG-1", 48)]  # merged
    line = order.lines[0]
    assert line.priced.unit_price.amount == Decimal("2.90")  # Tier B's break at 48, today
    assert line.priced.discount_percent == 0
    assert done.skipped == ["OLD-3 Discontinued mug: no longer sold", "GONE-9: no longer sold"]
    assert done.changed == [
        "MUG-1 Café mug: 2.95 then, 2.90 now (Break 48+ @ 2.90 (Tier B))",
        "MUG-1 Café mug: the 5% line discount of that order was not copied",
    ]
    assert done.summary().startswith("Order SO-000101 of 02 Mar 2025 copied: 1 line at today's")
    assert "Not copied:\n• OLD-3 Discontinued mug: no longer sold" in done.summary()
    # The draft is the desk's own, saved: the order the app reopens next start.
    assert workspace.desk.latest_draft().uuid == order.uuid


def test_an_order_with_nothing_left_to_sell_leaves_no_empty_draft(
    history: Reorder, workspace: Workspace
) -> None:
    with pytest.raises(OrderDeskError, match="nothing of order SO-000250 can be ordered again"):
        history.copy("C1001", AUTUMN)
    with workspace.store.reading() as session:
        assert session.scalars(select(Order)).all() == []


def test_an_order_not_in_the_accounts_history_is_refused(history: Reorder) -> None:
    with pytest.raises(OrderDeskError, match="not in this account's history"):
        history.copy("C1003", SPRING)


def test_unchanged_prices_are_not_reported(history: Reorder, workspace: Workspace) -> None:
    with workspace.store.transaction() as session:
        session.get(
            PastOrder, SPRING
        ).lines = '[{"sku": "MUG-1", "quantity": 6, "unit_price": "3.10", "discount_percent": "0"}]'
    done = history.copy("C1001", SPRING)
    assert (done.skipped, done.changed) == ([], [])
    assert [(line.sku, line.quantity) for line in done.order.lines] == [("MUG-1", 6)]
