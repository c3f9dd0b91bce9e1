"""Pulled changes on the laptop's database: what a delete may and may not take away."""

from __future__ import annotations

import pytest

from repapp.models import Customer, Order
from repapp.services.order_book import OrderBook
from repapp.services.order_desk import OrderDeskError
from repapp.services.workspace import Workspace
from repapp.sync.apply import apply_changes
from repapp.sync.protocol import Change


def test_an_account_moved_away_keeps_this_laptops_orders_but_is_no_longer_offered(
    workspace: Workspace,
) -> None:
    desk = workspace.desk
    uuid = desk.start_order("C1001")
    desk.add_product(uuid, "MUG-1")
    with workspace.store.transaction() as session:
        apply_changes(
            session,
            [
                Change(entity="customer", key="C1001", op="delete", version=1),
                Change(entity="customer", key="C1003", op="delete", version=2),
            ],
        )
    with workspace.store.reading() as session:
        kept = session.get(Customer, "C1001")
        assert kept is not None and not kept.assigned  # its order still refers to it
        assert session.get(Customer, "C1003") is None  # nothing refers to it: gone
    assert [c.account_number for c in desk.customers()] == ["C1002"]
    assert desk.view(uuid).customer_name == "Zoë's Gift Shop"  # the draft is not lost
    with pytest.raises(OrderDeskError, match="no longer yours"):
        desk.start_order("C1001")

    data = {  # as the server sends an account: every field
        "account_number": "C1001",
        "name": "Zoë's Gift Shop",
        **dict.fromkeys(
            ("street", "city", "region", "postcode", "contact_name", "email", "phone"), ""
        ),
        "country": "US",
        "terms": "Net 30",
        "currency": "USD",
        "credit_limit": "5000",
        "open_balance": "0",
        "credit_hold": False,
        "price_list_code": None,
        "customer_group": "",
        "ship_tos": [],
        "contacts": [],
    }
    with workspace.store.transaction() as session:  # assigned back to this rep
        apply_changes(
            session, [Change(entity="customer", key="C1001", op="put", version=3, data=data)]
        )
    assert "C1001" in [c.account_number for c in desk.customers()]


def test_the_servers_backorders_land_on_this_laptops_order_lines(workspace: Workspace) -> None:
    desk = workspace.desk
    uuid = desk.start_order("C1001")
    desk.add_product(uuid, "MUG-1")
    desk.add_product(uuid, "VASE-2")
    desk.finish(uuid)

    def order(lines: list[dict[str, object]]) -> Change:
        return Change(
            entity="order",
            key=uuid,
            op="put",
            version=10,
            data={
                "order_uuid": uuid,
                "order_number": "SO-000042",
                "provisional_ref": "D001-00001",
                "customer_account": "C1001",
                "status": "accepted",
                "reasons": [],
                "captured_at": "2026-11-23T10:00:00+00:00",
                "currency": "USD",
                "total": "0.00",
                "lines": lines,
            },
        )

    sent = [
        {"sku": "MUG-1", "quantity": 1, "unit_price": "3.10", "discount_percent": "0"},
        {"sku": "VASE-2", "quantity": 1, "unit_price": "18.50", "discount_percent": "0"},
    ]
    with workspace.store.transaction() as session:  # a server before allocation: nothing set
        apply_changes(session, [order(sent)])
    with workspace.store.transaction() as session:
        apply_changes(
            session,
            [
                order(
                    [
                        {**sent[0], "line_no": 1, "backordered": 0},
                        {**sent[1], "line_no": 2, "backordered": 1},
                    ]
                )
            ],
        )
    with workspace.store.reading() as session:
        lines = session.get(Order, uuid).lines  # type: ignore[union-attr]
        assert [(line.sku, line.backordered) for line in lines] == [("MUG-1", 0), ("VASE-2", 1)]
    entry = next(e for e in OrderBook(desk).find().entries if e.uuid == uuid)
    assert entry.status == "accepted" and entry.backordered_lines == 1
