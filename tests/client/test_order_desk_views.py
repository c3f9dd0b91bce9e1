"""The desk's view of a long order: right after every change, and cheap to make again.

A view reads the order's lines as rows and builds again only the lines whose rows changed, and a
change to one line loads that line alone; these tests hold it to what a view made from scratch
says, on a real SQLite file.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import event, text

from repapp.core.money import Money
from repapp.core.pricing import order_totals, price_line
from repapp.core.rules import check_quantity
from repapp.models import OrderLine
from repapp.services.order_desk import OrderView
from repapp.services.workspace import Workspace
from repapp.sync.apply import apply_changes
from repapp.sync.protocol import Change
from tests import sample_store

LINES = 60


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(tmp_path / "rep.db")
    sample_store.fill(ws.store, generated=LINES)
    yield ws
    ws.close()


@pytest.fixture
def long_order(workspace: Workspace) -> str:
    uuid = workspace.desk.start_order("C1001")
    for index in range(LINES):
        workspace.desk.add_product(uuid, f"GEN-{10000 + index}")
    return uuid


def from_scratch(workspace: Workspace, view: OrderView) -> None:
    """Every figure of the view, worked out again from the saved rows and the catalog."""
    with workspace.store.reading() as session:
        saved = session.execute(
            text(
                "SELECT l.line_no, l.sku, l.quantity, l.unit_price, l.discount_percent, "
                "p.case_pack, p.order_increment, p.min_qty, p.active FROM order_lines l "
                "LEFT JOIN products p ON p.sku = l.sku WHERE l.order_uuid = :uuid "
                "ORDER BY l.line_no"
            ),
            {"uuid": view.uuid},
        ).all()
    assert [line.line_no for line in view.lines] == [row.line_no for row in saved]
    problems = []
    for line, row in zip(view.lines, saved, strict=True):
        assert line.priced == price_line(
            row.sku, Money(Decimal(row.unit_price), "USD"), row.quantity, row.discount_percent
        )
        assert str(line.priced.unit_price.amount) == row.unit_price  # as saved, to the digit
        if row.active is None or not row.active:
            problems.append(f"{row.sku} is no longer sold")
            assert (line.case_pack, line.increment) == (1, 1)
        else:
            assert (line.case_pack, line.increment) == (row.case_pack, row.order_increment)
            problems += [
                f"{p.sku}: {p.reason}"
                for p in check_quantity(row.sku, row.quantity, row.order_increment, row.min_qty)
            ]
    assert view.problems == problems
    assert view.totals == order_totals([line.priced for line in view.lines], "USD")


def test_each_change_gives_the_view_a_fresh_read_would(
    workspace: Workspace, long_order: str
) -> None:
    desk = workspace.desk
    changes = [
        lambda: desk.set_quantity(long_order, 7, 48),
        lambda: desk.add_product(long_order, "GEN-10007"),  # a repeat: one more increment
        lambda: desk.add_product(long_order, "MUG-1"),
        lambda: desk.set_discount(long_order, 3, Decimal("12.5")),
        lambda: desk.set_quantity(long_order, 5, 3),  # not a multiple of its increment
        lambda: desk.remove_line(long_order, 2),
    ]
    for change in changes:
        view = change()
        from_scratch(workspace, view)
        assert view == desk.view(long_order)  # what a change hands back is what was saved
    assert len(view.lines) == LINES  # one added, one removed
    assert any("not a multiple" in problem for problem in view.problems)


def test_the_view_follows_the_catalog_a_sync_changed(workspace: Workspace, long_order: str) -> None:
    desk = workspace.desk
    before = desk.view(long_order)
    assert before.problems == []
    changes = [
        Change(entity="product", key="GEN-10001", op="delete", version=1),
        Change(entity="product", key="GEN-10002", op="delete", version=2),
    ]
    with workspace.store.transaction() as session:
        apply_changes(session, changes)
        session.execute(text("UPDATE products SET order_increment = 5 WHERE sku = 'GEN-10003'"))
    after = desk.view(long_order)
    from_scratch(workspace, after)
    assert after.problems[:2] == ["GEN-10001 is no longer sold", "GEN-10002 is no longer sold"]
    assert after.lines[3].increment == 5
    assert before.lines[5:] == after.lines[5:]


def test_an_amount_is_shown_as_saved_even_when_an_equal_one_was_shown_before(
    workspace: Workspace, long_order: str
) -> None:
    desk = workspace.desk
    for saved in ("1.5", "1.50", "1.500", "1.5"):  # equal amounts, written differently
        with workspace.store.transaction() as session:
            session.execute(
                text("UPDATE order_lines SET unit_price = :p WHERE line_no = 1"), {"p": saved}
            )
        view = desk.view(long_order)
        assert str(view.lines[0].priced.unit_price.amount) == saved
        from_scratch(workspace, view)


def test_a_change_to_one_line_of_a_long_order_loads_that_line_alone(
    workspace: Workspace, long_order: str
) -> None:
    loaded: list[int] = []

    def count(line: OrderLine, _context: object) -> None:
        loaded.append(line.line_no)

    event.listen(OrderLine, "load", count)
    try:
        workspace.desk.set_quantity(long_order, 30, 24)
        assert loaded == [30]
        loaded.clear()
        workspace.desk.add_product(long_order, "GEN-10010")  # already on the order: line 11
        assert loaded == [11]
        loaded.clear()
        workspace.desk.add_product(long_order, "VASE-2")  # a new line
        workspace.desk.view(long_order)
        assert loaded == []
    finally:
        event.remove(OrderLine, "load", count)
