"""The order desk on a real SQLite file: lines, case packs, autosave, finishing into the outbox."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from repapp.models import OutboxEntry, Price
from repapp.services.confirmations import save_confirmation
from repapp.services.order_desk import OrderDesk, OrderDeskError, OrderNotReady
from repapp.services.workspace import Workspace
from repapp.sync.protocol import OrderPayload, payload_hash


def test_a_product_is_added_by_whole_cases_and_again_by_one_more_case(workspace: Workspace) -> None:
    desk = workspace.desk
    uuid = desk.start_order("C1001")
    order = desk.add_product(uuid, "MUG-1")
    assert [(line.sku, line.quantity) for line in order.lines] == [("MUG-1", 6)]
    order = desk.add_product(uuid, "MUG-1")
    assert [(line.sku, line.quantity) for line in order.lines] == [("MUG-1", 12)]
    assert order.totals.net.amount == Decimal("37.20")  # 12 x 3.10, the account's Tier B price


def test_totals_follow_quantity_and_discount(workspace: Workspace) -> None:
    desk = workspace.desk
    uuid = desk.start_order("C1001")
    desk.add_product(uuid, "MUG-1")
    desk.add_product(uuid, "VASE-2")
    order = desk.set_quantity(uuid, 2, 12)
    order = desk.set_discount(uuid, 1, Decimal("10"))
    # 6 x 3.10 (Tier B) = 18.60 less 10 % = 16.74; 12 x 16.65 (Tier B 18.50, show special -10 %)
    assert order.totals.gross.amount == Decimal("218.40")
    assert order.totals.net.amount == Decimal("216.54")
    assert order.totals.discount.amount == Decimal("1.86")
    order = desk.set_quantity(uuid, 1, 0)
    assert [line.sku for line in order.lines] == ["VASE-2"]


def test_each_line_carries_this_buyers_price_and_why(workspace: Workspace) -> None:
    desk = workspace.desk

    def mug_price(account: str, quantity: int = 6) -> tuple[Decimal, str]:
        uuid = desk.start_order(account)
        desk.add_product(uuid, "MUG-1", quantity)
        (line,) = desk.view(uuid).lines
        return line.priced.unit_price.amount, line.price_source

    assert mug_price("C1001") == (Decimal("3.10"), "Tier B")
    assert mug_price("C1001", 48) == (Decimal("2.90"), "Break 48+ @ 2.90 (Tier B)")
    assert mug_price("C1002") == (Decimal("3.35"), "List price")
    price, source = mug_price("C1003")
    assert price == Decimal("2.75") and source.startswith("Contract K-17")


def test_a_quantity_across_a_volume_break_reprices_the_line(workspace: Workspace) -> None:
    desk = workspace.desk
    uuid = desk.start_order("C1001")
    desk.add_product(uuid, "MUG-1")
    line = desk.set_quantity(uuid, 1, 48).lines[0]
    assert (line.priced.unit_price.amount, line.priced.net.amount) == (
        Decimal("2.90"),
        Decimal("139.20"),
    )
    line = desk.set_quantity(uuid, 1, 42).lines[0]
    assert (line.priced.unit_price.amount, line.price_source) == (Decimal("3.10"), "Tier B")


def test_a_price_that_changed_since_the_line_was_written_stops_the_finish(
    workspace: Workspace,
) -> None:
    desk = workspace.desk
    uuid = desk.start_order("C1001")
    desk.add_product(uuid, "MUG-1")
    with workspace.store.transaction() as session:  # a sync brought a new Tier B price
        session.get(Price, ("TIER-B", "MUG-1", 1)).unit_price = Decimal("3.00")
    with pytest.raises(OrderNotReady) as refused:
        desk.finish(uuid)
    assert refused.value.problems == ["MUG-1: price changed from 3.10 to 3.00 (Tier B)"]
    assert desk.view(uuid).lines[0].priced.unit_price.amount == Decimal("3.00")
    assert desk.finish(uuid).status == "queued"  # the rep has seen it; now it goes


def test_unknown_and_discontinued_products_are_refused(workspace: Workspace) -> None:
    uuid = workspace.desk.start_order("C1001")
    with pytest.raises(OrderDeskError, match="not in the catalog"):
        workspace.desk.add_product(uuid, "NOPE")
    with pytest.raises(OrderDeskError, match="no longer sold"):
        workspace.desk.add_product(uuid, "OLD-3")
    assert workspace.desk.view(uuid).lines == []


def test_every_change_is_saved_at_once(workspace: Workspace, tmp_path: Path) -> None:
    uuid = workspace.desk.start_order("C1001")
    workspace.desk.add_product(uuid, "VASE-2")
    workspace.desk.set_details(uuid, "PO-77", "Deliver after the 5th")
    workspace.close()
    reopened = Workspace.open(tmp_path / "rep.db")
    order = reopened.desk.view(uuid)
    assert (order.po_number, order.notes, [line.sku for line in order.lines]) == (
        "PO-77",
        "Deliver after the 5th",
        ["VASE-2"],
    )
    reopened.close()


def ticking_desk(workspace: Workspace) -> OrderDesk:
    """A desk whose clock moves a minute per change, so "changed last" is never a tie."""
    moments = (datetime(2025, 3, 14, 9, 0, tzinfo=UTC) + timedelta(minutes=n) for n in range(99))
    return OrderDesk(workspace.store, clock=lambda: next(moments))


def test_the_latest_draft_is_the_one_changed_last_whatever_was_finished_since(
    workspace: Workspace,
) -> None:
    desk = ticking_desk(workspace)
    assert desk.latest_draft() is None
    first = desk.start_order("C1001")
    second = desk.start_order("C1003")
    desk.add_product(second, "VASE-2")
    desk.add_product(first, "MUG-1")  # the rep went back to the first buyer
    finished = desk.start_order("C1003")
    desk.add_product(finished, "VASE-2")
    desk.finish(finished)  # changed after both drafts, but no longer a draft
    latest = desk.latest_draft()
    assert latest is not None
    assert (latest.uuid, latest.customer_account) == (first, "C1001")
    assert [(line.sku, line.quantity) for line in latest.lines] == [("MUG-1", 6)]
    desk.set_details(second, "PO-9", "")
    again = desk.latest_draft()
    assert again is not None and again.uuid == second


def test_drafts_with_lines_are_counted_and_empty_ones_are_not(workspace: Workspace) -> None:
    desk = workspace.desk
    assert desk.drafts_with_lines() == 0
    with_two_lines = desk.start_order("C1001")
    desk.add_product(with_two_lines, "MUG-1")
    desk.add_product(with_two_lines, "VASE-2")
    desk.start_order("C1003")  # nothing on it yet
    finished = desk.start_order("C1003")
    desk.add_product(finished, "VASE-2")
    desk.finish(finished)
    assert desk.drafts_with_lines() == 1
    assert desk.unsent_count() == 1


def test_finishing_freezes_the_order_and_queues_it_in_one_go(workspace: Workspace) -> None:
    desk = workspace.desk
    uuid = desk.start_order("C1001")
    desk.add_product(uuid, "MUG-1")
    desk.add_product(uuid, "VASE-2")
    order = desk.finish(uuid)
    assert (order.status, order.provisional_ref) == ("queued", "D001-00001")
    with workspace.store.reading() as session:
        entry = session.scalars(select(OutboxEntry)).one()
    payload = OrderPayload.model_validate(json.loads(entry.payload))
    assert entry.seq == 1 and payload_hash(payload) == entry.payload_hash
    assert payload.total == Decimal("35.25") and [line.sku for line in payload.lines] == [
        "MUG-1",
        "VASE-2",
    ]
    with pytest.raises(OrderDeskError, match="can no longer be changed"):
        desk.add_product(uuid, "VASE-2")
    second = desk.start_order("C1001")
    desk.add_product(second, "VASE-2")
    assert desk.finish(second).provisional_ref == "D001-00002"
    assert desk.unsent_count() == 2


def test_an_order_that_breaks_a_rule_is_not_finished_and_keeps_its_lines(
    workspace: Workspace,
) -> None:
    desk = workspace.desk
    empty = desk.start_order("C1001")
    with pytest.raises(OrderNotReady, match="no lines"):
        desk.finish(empty)
    uuid = desk.start_order("C1001")
    desk.add_product(uuid, "MUG-1")
    desk.set_quantity(uuid, 1, 7)
    with pytest.raises(OrderNotReady) as refused:
        desk.finish(uuid)
    assert refused.value.problems == ["MUG-1: ordered in multiples of 6; 7 is not a multiple"]
    order = desk.view(uuid)
    assert order.status == "draft" and [(line.sku, line.quantity) for line in order.lines] == [
        ("MUG-1", 7)
    ]
    assert desk.unsent_count() == 0


def test_the_confirmation_pdf_shows_the_finished_order(
    workspace: Workspace, tmp_path: Path
) -> None:
    uuid = workspace.desk.start_order("C1001")
    workspace.desk.add_product(uuid, "MUG-1")
    workspace.desk.set_details(uuid, "PO-9", "")
    workspace.desk.finish(uuid)
    path = save_confirmation(workspace.store, uuid, tmp_path / "pdfs")
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    for expected in (
        "D001-00001",
        "Zoë's Gift Shop",
        "MUG-1",
        "Café mug",
        "18.60",
        "PO-9",
        "Dana Whitfield",
        "Net 30",
    ):
        assert expected in text
    assert "Subject to approval" in text


def test_customers_are_found_by_name_account_or_town(workspace: Workspace) -> None:
    assert [c.account_number for c in workspace.desk.customers("harbor")] == ["C1002"]
    assert [c.account_number for c in workspace.desk.customers("portland")] == ["C1001"]
    assert len(workspace.desk.customers()) == 3
