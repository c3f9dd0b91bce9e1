"""The order book on a real SQLite file: every order listed with its state, search, filters,
states from a newer server, and revisions of held or rejected orders."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from repapp.models import Order, OrderLine, OutboxEntry, Price, Product
from repapp.services.order_book import OrderBook, state_label
from repapp.services.order_desk import OrderDeskError
from repapp.services.workspace import Workspace
from repapp.sync.protocol import OrderPayload
from tests.sample_outbox import CREDIT_HOLD, DISCOUNT, NOT_SOLD, answer, write_mix

# Ship dates a few months ahead of today (the desk refuses past days and years ahead).
SHIP_FROM = date.today() + timedelta(days=90)
SHIP_UNTIL = SHIP_FROM + timedelta(days=14)
SPLIT_DAY = SHIP_FROM + timedelta(days=32)


@pytest.fixture
def book(workspace: Workspace) -> OrderBook:
    return OrderBook(workspace.desk)


def refs(book: OrderBook, words: str = "", states: tuple[str, ...] | None = None) -> list[str]:
    return [entry.reference or "draft" for entry in book.find(words, states).entries]


def rejected_order(workspace: Workspace, *skus: str, account: str = "C1001") -> str:
    desk = workspace.desk
    uuid = desk.start_order(account)
    for sku in skus:
        desk.add_product(uuid, sku)
    desk.finish(uuid)
    answer(workspace.store, uuid, "rejected", None, [NOT_SOLD])
    return uuid


def test_every_order_is_listed_with_its_state_and_figures(
    workspace: Workspace, book: OrderBook
) -> None:
    uuids = write_mix(workspace.store)
    found = book.find()
    assert found.matching == 6
    by_state = {entry.status: entry for entry in found.entries}
    assert [entry.status for entry in found.entries] == [  # changed last first
        "draft",
        "queued",
        "rejected",
        "needs_approval",
        "accepted",
        "invoiced",
    ]
    accepted = by_state["accepted"]
    assert (accepted.uuid, accepted.reference, accepted.provisional_ref) == (
        uuids["accepted"],
        "SO-10041",
        "D001-00002",
    )
    assert (accepted.customer_name, accepted.po_number, accepted.line_count) == (
        "Zoë's Gift Shop",
        "PO-3318",
        2,
    )
    assert accepted.total == Decimal("35.25") and accepted.backordered_lines == 1
    assert accepted.finished_at is not None and accepted.when == accepted.finished_at
    held = by_state["needs_approval"]
    assert (held.label, held.reasons, held.reference) == (
        "Needs approval",
        (CREDIT_HOLD,),
        "D001-00003",
    )
    assert held.can_revise and not held.can_open
    draft = by_state["draft"]
    assert draft.reference == "" and draft.can_open and not draft.can_revise
    assert draft.total == Decimal("18.60")  # 6 x 3.10 as the desk totals it
    assert draft.finished_at is None and draft.when == draft.updated_at
    assert by_state["queued"].label == "Queued" and by_state["queued"].total is not None


def test_words_are_found_in_reference_number_customer_po_and_state(
    workspace: Workspace, book: OrderBook
) -> None:
    write_mix(workspace.store)
    assert refs(book, "D001-00003") == ["D001-00003"]
    assert refs(book, "so-10041") == ["SO-10041"]
    assert refs(book, "harbor") == ["D001-00003"]
    assert refs(book, "ZOË") == ["draft", "D001-00004", "SO-10041"]  # name, any case
    assert refs(book, "zoe's") == refs(book, "ZOË")  # accents as typed on any keyboard
    assert refs(book, "C1003") == ["D001-00005", "SO-10040"]
    assert refs(book, "PO-3318") == ["SO-10041"]
    assert refs(book, "needs approval") == ["D001-00003"]  # every word must match
    assert refs(book, "zoë rejected") == ["D001-00004"]
    assert refs(book, "invoiced") == ["SO-10040"]
    assert refs(book, "%") == [] and refs(book, "PO_3318") == []  # wildcards are letters
    assert book.find("nobody here").matching == 0


def test_states_filter_and_count(workspace: Workspace, book: OrderBook) -> None:
    write_mix(workspace.store)
    assert book.state_counts() == {
        "draft": 1,
        "queued": 1,
        "accepted": 1,
        "needs_approval": 1,
        "rejected": 1,
        "invoiced": 1,
    }
    assert refs(book, states=("rejected", "needs_approval", "mismatch")) == [
        "D001-00004",
        "D001-00003",
    ]
    assert refs(book, "zoë", states=("accepted",)) == ["SO-10041"]
    few = book.find(limit=2)
    assert few.matching == 6 and len(few.entries) == 2  # the rest are said to exist


def test_states_a_newer_server_may_send_read_plainly(workspace: Workspace, book: OrderBook) -> None:
    assert [state_label(s) for s in ("needs_approval", "superseded", "sending", "draft")] == [
        "Needs approval",
        "Superseded",
        "Sending",
        "Draft",
    ]
    assert state_label("partially_shipped") == "Partially shipped"
    assert state_label("on-hold") == "On hold"
    assert state_label("") == "Unknown"
    uuid = rejected_order(workspace, "MUG-1")
    answer(workspace.store, uuid, "partially_shipped", "SO-9", ["2 of 3 cartons left"])
    (entry,) = book.find("shipped").entries
    assert (entry.label, entry.reasons, entry.can_revise) == (
        "Partially shipped",
        ("2 of 3 cartons left",),
        False,
    )
    with pytest.raises(OrderDeskError, match="SO-9 is partially shipped: only an order"):
        book.revise(uuid)


def test_only_held_rejected_or_mismatched_orders_are_revised(
    workspace: Workspace, book: OrderBook
) -> None:
    uuids = write_mix(workspace.store)
    with pytest.raises(OrderDeskError, match="still a draft: open it"):
        book.revise(uuids["draft"])
    with pytest.raises(OrderDeskError, match="D001-00005 is waiting to be sent"):
        book.revise(uuids["queued"])
    with pytest.raises(OrderDeskError, match="SO-10041 was accepted: ask the office"):
        book.revise(uuids["accepted"])
    with pytest.raises(OrderDeskError, match="not on this laptop"):
        book.revise("no-such-order")
    with workspace.store.reading() as session:
        assert session.scalar(select(func.count()).select_from(Order)) == 6  # nothing written
    assert book.revise(uuids["rejected"]).revision == 2
    assert book.revise(uuids["needs_approval"]).revision == 2
    mismatched = rejected_order(workspace, "VASE-2")
    answer(workspace.store, mismatched, "mismatch", None, ["already received"])
    assert book.revise(mismatched).revision == 2


def test_a_revision_copies_the_order_as_a_new_draft(workspace: Workspace, book: OrderBook) -> None:
    desk = workspace.desk
    uuid = desk.start_order("C1001")
    desk.add_product(uuid, "MUG-1")
    desk.add_product(uuid, "VASE-2")
    desk.set_quantity(uuid, 1, 48)  # the volume break: 2.90
    desk.set_discount(uuid, 1, Decimal("15"))
    desk.set_details(uuid, "PO-551", "Deliver to the back door")
    with workspace.store.transaction() as session:  # as the desk's ship-window editor saves it
        old = session.get(Order, uuid)
        old.ship_from, old.ship_until = SHIP_FROM, SHIP_UNTIL
        old.lines[1].ship_date = SPLIT_DAY
    desk.finish(uuid)
    answer(workspace.store, uuid, "needs_approval", None, [DISCOUNT])

    revision = book.revise(uuid)
    assert (revision.revision, revision.revises_ref, revision.customer_account) == (
        2,
        "D001-00001",
        "C1001",
    )
    assert revision.left_off == [] and revision.repriced == [] and not revision.already_open
    new = desk.view(revision.uuid)
    assert (new.status, new.revises, new.revision) == ("draft", uuid, 2)
    assert (new.customer_account, new.po_number, new.notes) == (
        "C1001",
        "PO-551",
        "Deliver to the back door",
    )
    assert (new.ship_from, new.ship_until) == (SHIP_FROM, SHIP_UNTIL)
    assert [
        (line.sku, line.quantity, line.priced.discount_percent, line.ship_date)
        for line in new.lines
    ] == [
        ("MUG-1", 48, Decimal("15"), None),
        ("VASE-2", 1, Decimal("0"), SPLIT_DAY),
    ]
    assert new.lines[0].priced.unit_price.amount == Decimal("2.90")
    assert new.totals.total == desk.view(uuid).totals.total
    assert desk.view(uuid).status == "needs_approval"  # the old order stays as it was

    desk.set_discount(revision.uuid, 1, Decimal("10"))  # the fix
    desk.finish(revision.uuid)
    with workspace.store.reading() as session:
        entry = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq.desc())).first()
    payload = OrderPayload.model_validate(json.loads(entry.payload))
    assert (payload.order_uuid, payload.revises) == (revision.uuid, uuid)
    old_entry, new_entry = (
        next(e for e in book.find().entries if e.uuid == u) for u in (uuid, revision.uuid)
    )
    assert (old_entry.revised_by, old_entry.revised_by_ref) == (revision.uuid, "D001-00002")
    assert not old_entry.can_revise  # fixed already: its revision is the one to follow
    assert (new_entry.revises, new_entry.revises_ref, new_entry.revision) == (
        uuid,
        "D001-00001",
        2,
    )
    with pytest.raises(OrderDeskError, match="already revised as D001-00002: revise D001-00002"):
        book.revise(uuid)

    answer(workspace.store, uuid, "superseded", None, [DISCOUNT, "replaced by revision D001-00002"])
    with pytest.raises(OrderDeskError, match="already replaced by a revision"):
        book.revise(uuid)
    answer(workspace.store, revision.uuid, "rejected", None, [NOT_SOLD])
    assert book.revise(revision.uuid).revision == 3  # a revision of the revision


def test_one_open_revision_per_order(workspace: Workspace, book: OrderBook) -> None:
    uuid = rejected_order(workspace, "MUG-1")
    first = book.revise(uuid)
    workspace.desk.set_quantity(first.uuid, 1, 12)
    again = book.revise(uuid)
    assert again.uuid == first.uuid and again.already_open
    assert again.summary == "Revision 2 of D001-00001 is open again, as last saved."
    assert workspace.desk.view(again.uuid).lines[0].quantity == 12  # the rep's change kept
    with workspace.store.reading() as session:
        assert session.scalar(select(func.count()).where(Order.revises == uuid)) == 1
    (old,) = [e for e in book.find().entries if e.uuid == uuid]
    assert (old.revised_by, old.revised_by_ref, old.can_revise) == (first.uuid, None, True)


def test_a_revision_is_priced_today_and_leaves_off_what_is_no_longer_sold(
    workspace: Workspace, book: OrderBook
) -> None:
    uuid = rejected_order(workspace, "VASE-2", "MUG-1")
    with workspace.store.transaction() as session:  # a sync since: new prices, a product dropped
        session.get(Price, ("TIER-B", "MUG-1", 1)).unit_price = Decimal("3.30")
        session.scalar(select(Product).where(Product.sku == "VASE-2")).active = False
    revision = book.revise(uuid)
    assert revision.left_off == [
        "VASE-2 Crème brûlée ramekin, terracotta is no longer sold: left off"
    ]
    assert revision.repriced == ["MUG-1: price now 3.30, was 3.10 (Tier B)"]
    assert revision.summary == (
        "Revision 2 of D001-00001: lines copied at today's prices.\n"
        "• VASE-2 Crème brûlée ramekin, terracotta is no longer sold: left off\n"
        "• MUG-1: price now 3.30, was 3.10 (Tier B)"
    )
    new = workspace.desk.view(revision.uuid)
    assert [(line.line_no, line.sku, line.priced.unit_price.amount) for line in new.lines] == [
        (1, "MUG-1", Decimal("3.30"))
    ]
    assert new.problems == []  # ready to finish as it stands


def test_nothing_is_written_when_no_line_can_be_ordered_today(
    workspace: Workspace, book: OrderBook
) -> None:
    uuid = rejected_order(workspace, "VASE-2")
    with workspace.store.transaction() as session:
        session.scalar(select(Product).where(Product.sku == "VASE-2")).active = False
    with pytest.raises(OrderDeskError, match="nothing on D001-00001 can be ordered today .*VASE-2"):
        book.revise(uuid)
    with workspace.store.reading() as session:
        assert session.scalar(select(func.count()).select_from(Order)) == 1
        assert session.scalar(select(func.count()).select_from(OrderLine)) == 1


def test_an_account_no_longer_the_reps_is_not_revised(
    workspace: Workspace, book: OrderBook
) -> None:
    uuid = rejected_order(workspace, "VASE-2", account="C1003")
    from repapp.models import Customer

    with workspace.store.transaction() as session:
        session.get(Customer, "C1003").assigned = False
    with pytest.raises(OrderDeskError, match="account C1003 is no longer yours"):
        book.revise(uuid)
