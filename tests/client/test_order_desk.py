"""The order desk on a real SQLite file: lines, case packs, autosave, finishing into the outbox."""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from repapp.models import Customer, OutboxEntry, Price
from repapp.models.orders import OrderSignature
from repapp.services.confirmations import save_confirmation
from repapp.services.order_desk import (
    MAX_SIGNATURE_BYTES,
    OrderDesk,
    OrderDeskError,
    OrderNotReady,
)
from repapp.services.workspace import Workspace
from repapp.sync import state
from repapp.sync.protocol import OrderPayload, payload_hash
from server.demo_images import swatch_png


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


def test_customers_are_found_whatever_the_case_and_accents(workspace: Workspace) -> None:
    """Sample account C1001 is "Zoë's Gift Shop": a rep types "zoe", "ZOË" or "zoës gift"."""
    for typed in ("zoe", "ZOË", "zoe's GIFT", "gift zoe", "c1001 PORTLAND"):
        assert [c.account_number for c in workspace.desk.customers(typed)] == ["C1001"], typed
    for literal in ("%", "_", "zo_", "zo%"):  # the rep's letters, never wildcards
        assert workspace.desk.customers(literal) == [], literal


# -- the order editor: discounts within the rep's limit, ship dates, signature, tax -----------


def set_discount_limit(workspace: Workspace, limit: str) -> None:
    with workspace.store.transaction() as session:
        state.put(session, state.MAX_DISCOUNT, limit)  # as sign-in leaves it ("" = none known)


def test_a_discount_above_the_reps_limit_is_refused_and_the_line_kept(
    workspace: Workspace,
) -> None:
    desk = workspace.desk
    set_discount_limit(workspace, "10.00")
    uuid = desk.start_order("C1001")
    desk.add_product(uuid, "MUG-1")
    order = desk.set_discount(uuid, 1, Decimal("10"))  # at the limit: allowed
    assert order.discount_limit == Decimal("10.00")
    assert order.lines[0].priced.net.amount == Decimal("16.74")  # 18.60 less 10 %
    with pytest.raises(OrderDeskError) as refused:
        desk.set_discount(uuid, 1, Decimal("12.5"))
    assert str(refused.value) == (
        "MUG-1: 12.5% is above your discount limit of 10%; the line keeps 10%"
    )
    line = desk.view(uuid).lines[0]
    assert (line.priced.discount_percent, line.priced.net.amount) == (
        Decimal("10"),
        Decimal("16.74"),
    )


def test_with_no_limit_known_any_discount_up_to_100_is_allowed(workspace: Workspace) -> None:
    desk = workspace.desk
    set_discount_limit(workspace, "")  # signed in to a server that sent none
    uuid = desk.start_order("C1001")
    desk.add_product(uuid, "MUG-1")
    assert desk.view(uuid).discount_limit is None
    assert desk.set_discount(uuid, 1, Decimal("100")).totals.net.amount == Decimal("0.00")
    with pytest.raises(OrderDeskError, match="between 0 and 100"):
        desk.set_discount(uuid, 1, Decimal("100.01"))


def test_a_limit_lowered_at_the_next_sign_in_stops_the_finish(workspace: Workspace) -> None:
    desk = workspace.desk
    set_discount_limit(workspace, "25")
    uuid = desk.start_order("C1001")
    desk.add_product(uuid, "MUG-1")
    desk.set_discount(uuid, 1, Decimal("20"))
    set_discount_limit(workspace, "15")
    with pytest.raises(OrderNotReady) as refused:
        desk.finish(uuid)
    assert refused.value.problems == ["MUG-1: 20% is above your discount limit of 15%"]
    desk.set_discount(uuid, 1, Decimal("15"))
    assert desk.finish(uuid).status == "queued"


def fixed_desk(workspace: Workspace, day: date) -> OrderDesk:
    """A desk whose clock reads noon on `day`, local time."""
    noon = datetime(day.year, day.month, day.day, 12, 0).astimezone()
    return OrderDesk(workspace.store, clock=lambda: noon)


SHOW_DAY = date(2025, 3, 14)


def test_the_ship_window_is_in_order_and_not_in_the_past(workspace: Workspace) -> None:
    desk = fixed_desk(workspace, SHOW_DAY)
    uuid = desk.start_order("C1001")
    order = desk.set_ship_window(uuid, date(2025, 4, 1), date(2025, 4, 15))
    assert (order.ship_from, order.ship_until) == (date(2025, 4, 1), date(2025, 4, 15))
    refusals = {
        (date(2025, 4, 15), date(2025, 4, 1)): "the ship window ends (1 Apr 2025) before it "
        "starts (15 Apr 2025)",
        (date(2025, 3, 13), None): "the ship window's start 13 Mar 2025 is in the past "
        "(today is 14 Mar 2025)",
        (None, date(2025, 3, 1)): "the ship window's end 1 Mar 2025 is in the past "
        "(today is 14 Mar 2025)",
        (date(2052, 4, 1), None): "the ship window's start 1 Apr 2052 is more than two years "
        "ahead: check the year",
    }
    for (ship_from, ship_until), message in refusals.items():
        with pytest.raises(OrderDeskError) as refused:
            desk.set_ship_window(uuid, ship_from, ship_until)
        assert str(refused.value) == message
    order = desk.view(uuid)  # every refusal left the window as it was
    assert (order.ship_from, order.ship_until) == (date(2025, 4, 1), date(2025, 4, 15))
    assert desk.set_ship_window(uuid, SHOW_DAY, None).ship_until is None  # "ship from" alone
    cleared = desk.set_ship_window(uuid, None, None)
    assert (cleared.ship_from, cleared.ship_until) == (None, None)


def test_a_line_ships_on_its_own_date_and_travels_with_the_order(workspace: Workspace) -> None:
    desk = fixed_desk(workspace, SHOW_DAY)
    uuid = desk.start_order("C1001")
    desk.add_product(uuid, "MUG-1")
    desk.add_product(uuid, "VASE-2")
    desk.set_ship_window(uuid, date(2025, 4, 1), date(2025, 4, 15))
    order = desk.set_line_ship_date(uuid, 2, date(2025, 5, 20))  # the ramekins ship later
    assert [line.ship_date for line in order.lines] == [None, date(2025, 5, 20)]
    with pytest.raises(OrderDeskError) as refused:
        desk.set_line_ship_date(uuid, 1, date(2025, 3, 10))
    assert str(refused.value) == (
        "MUG-1: the ship date 10 Mar 2025 is in the past (today is 14 Mar 2025)"
    )
    with pytest.raises(OrderDeskError, match="line 9 is not on this order"):
        desk.set_line_ship_date(uuid, 9, date(2025, 5, 20))
    desk.finish(uuid)
    with workspace.store.reading() as session:
        entry = session.scalars(select(OutboxEntry)).one()
    payload = OrderPayload.model_validate(json.loads(entry.payload))
    assert (payload.ship_from, payload.ship_until) == ("2025-04-01", "2025-04-15")
    assert [(line.sku, line.ship_date) for line in payload.lines] == [
        ("MUG-1", None),
        ("VASE-2", "2025-05-20"),
    ]


def test_a_line_ship_date_back_to_none_ships_with_the_order(workspace: Workspace) -> None:
    desk = fixed_desk(workspace, SHOW_DAY)
    uuid = desk.start_order("C1001")
    desk.add_product(uuid, "VASE-2")
    desk.set_line_ship_date(uuid, 1, date(2025, 5, 20))
    assert desk.set_line_ship_date(uuid, 1, None).lines[0].ship_date is None


def test_ship_dates_that_passed_while_the_draft_waited_stop_the_finish(
    workspace: Workspace,
) -> None:
    written = fixed_desk(workspace, SHOW_DAY)
    uuid = written.start_order("C1001")
    written.add_product(uuid, "VASE-2")
    written.set_ship_window(uuid, SHOW_DAY, date(2025, 3, 20))
    written.set_line_ship_date(uuid, 1, date(2025, 3, 18))
    weeks_later = fixed_desk(workspace, date(2025, 4, 2))
    with pytest.raises(OrderNotReady) as refused:
        weeks_later.finish(uuid)
    assert refused.value.problems == [
        "the ship window's start 14 Mar 2025 is in the past (today is 2 Apr 2025)",
        "VASE-2: the ship date 18 Mar 2025 is in the past (today is 2 Apr 2025)",
    ]
    weeks_later.set_ship_window(uuid, None, date(2025, 4, 30))
    weeks_later.set_line_ship_date(uuid, 1, None)
    assert weeks_later.finish(uuid).status == "queued"


def test_a_signature_is_stored_sent_at_finish_and_can_be_cleared(workspace: Workspace) -> None:
    desk = workspace.desk
    uuid = desk.start_order("C1001")
    desk.add_product(uuid, "MUG-1")
    assert desk.view(uuid).signed_by is None and desk.signature(uuid) is None
    first, second = swatch_png(20, 20, 20), swatch_png(0, 0, 90)
    assert desk.set_signature(uuid, first, "  Ann Buyer ").signed_by == "Ann Buyer"
    order = desk.set_signature(uuid, second, "Ann Buyer")  # signed again: replaced
    stored = desk.signature(uuid)
    assert stored is not None and (stored.png, stored.signed_by) == (second, "Ann Buyer")
    assert order.signed_at is not None
    for png, name, message in (
        (second, "   ", "type the name of the person signing"),
        (b"GIF89a...", "Ann Buyer", "not a PNG image"),
        (second + bytes(MAX_SIGNATURE_BYTES), "Ann Buyer", "at most 512 KB"),
    ):
        with pytest.raises(OrderDeskError, match=message):
            desk.set_signature(uuid, png, name)
    assert desk.signature(uuid).png == second  # type: ignore[union-attr]
    cleared = desk.clear_signature(uuid)
    assert (cleared.signed_by, desk.signature(uuid)) == (None, None)
    desk.set_signature(uuid, first, "Ann Buyer")
    desk.finish(uuid)
    with workspace.store.reading() as session:
        payload = OrderPayload.model_validate(
            json.loads(session.scalars(select(OutboxEntry)).one().payload)
        )
    assert payload.signature_png is not None
    assert (base64.b64decode(payload.signature_png), payload.signed_by) == (first, "Ann Buyer")
    with pytest.raises(OrderDeskError, match="can no longer be changed"):
        desk.clear_signature(uuid)


def test_a_discarded_draft_takes_its_signature_with_it(workspace: Workspace) -> None:
    desk = workspace.desk
    uuid = desk.start_order("C1001")
    desk.set_signature(uuid, swatch_png(20, 20, 20), "Ann Buyer")
    desk.discard(uuid)
    with workspace.store.reading() as session:
        assert session.scalars(select(OrderSignature)).all() == []


def test_totals_carry_the_customers_tax_on_the_net(workspace: Workspace) -> None:
    desk = workspace.desk
    with workspace.store.transaction() as session:
        session.get(Customer, "C1001").tax_percent = Decimal("8.25")  # type: ignore[union-attr]
    uuid = desk.start_order("C1001")
    desk.add_product(uuid, "MUG-1")  # 6 x 3.10 = 18.60
    desk.add_product(uuid, "VASE-2")  # 1 x 16.65
    order = desk.set_discount(uuid, 1, Decimal("10"))  # 18.60 less 1.86
    totals = order.totals
    assert (totals.gross.amount, totals.discount.amount, totals.net.amount) == (
        Decimal("35.25"),
        Decimal("1.86"),
        Decimal("33.39"),
    )
    assert totals.tax_percent == Decimal("8.25")
    assert totals.tax is not None and totals.tax.amount == Decimal("2.75")  # 8.25 % of 33.39
    assert totals.total.amount == Decimal("36.14")
    finished = desk.finish(uuid)
    assert finished.totals.total.amount == Decimal("36.14")
    with workspace.store.reading() as session:
        payload = OrderPayload.model_validate(
            json.loads(session.scalars(select(OutboxEntry)).one().payload)
        )
    assert (payload.tax_percent, payload.tax, payload.total) == (
        Decimal("8.25"),
        Decimal("2.75"),
        Decimal("36.14"),
    )
    untaxed = desk.start_order("C1003")
    desk.add_product(untaxed, "VASE-2")
    assert desk.view(untaxed).totals.tax is None
