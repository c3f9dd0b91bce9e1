"""The Orders page driven from the keyboard and mouse: find, filter, read the reasons, open a draft,
revise a rejected order into the order editor."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from repapp.models import Price, Product
from repapp.services.workspace import Workspace
from repapp.ui.main_window import MainWindow
from repapp.ui.orders_model import BADGE_ROLE, NOTE, ORDER, STATE, badge_color
from repapp.ui.orders_panel import OrdersPanel
from repapp.ui.qt import QColor, Qt
from tests.sample_outbox import CREDIT_HOLD, NOT_SOLD, answer, write_mix


def cell(panel: OrdersPanel, row: int, column: int) -> str:
    return panel.model.data(panel.model.index(row, column))


def rows(panel: OrdersPanel) -> list[tuple[str, str]]:
    """(state, order) as the table shows them."""
    return [(cell(panel, r, STATE), cell(panel, r, ORDER)) for r in range(panel.model.rowCount())]


def pick(qtbot: QtBot, panel: OrdersPanel, order: str) -> None:
    """Click the order's row, as the rep would."""
    row = next(r for r in range(panel.model.rowCount()) if cell(panel, r, ORDER) == order)
    rect = panel.table.visualRect(panel.model.index(row, ORDER))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: panel.selected() is not None and panel.selected().reference == order)


@pytest.fixture
def uuids(workspace: Workspace) -> dict[str, str]:
    return write_mix(workspace.store)


@pytest.fixture
def orders_window(
    qtbot: QtBot, uuids: dict[str, str], open_window: Callable[[], MainWindow]
) -> MainWindow:
    """The window with an order in every state, on its Orders page (Ctrl+O)."""
    window = open_window()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.orders)
    qtbot.waitUntil(lambda: window.orders.model.rowCount() == 6 and window.tasks.pending == 0)
    return window


def test_ctrl_o_lists_every_order_with_its_state_and_goes_back(
    qtbot: QtBot, orders_window: MainWindow
) -> None:
    window, panel = orders_window, orders_window.orders
    assert rows(panel) == [
        ("Draft", "(draft)"),
        ("Queued", "D001-00005"),
        ("Rejected", "D001-00004"),
        ("Needs approval", "D001-00003"),
        ("Accepted", "SO-10041"),
        ("Invoiced", "SO-10040"),  # a state this app does not know, shown as it is called
    ]
    badges = [panel.model.data(panel.model.index(r, STATE), BADGE_ROLE) for r in range(6)]
    assert badges[2] == QColor(badge_color("rejected")) != badges[4]
    assert cell(panel, 4, NOTE) == "1 line backordered"
    assert panel.count.text() == "6 orders"
    assert window.pages.tabText(1) == "Orders · 2 need attention"
    assert panel.search.hasFocus()  # ready to type
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.desk_page
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.desk_page  # a desk key brings the desk
    assert window.catalog.search.hasFocus()


def test_typing_finds_orders_and_the_state_filter_narrows_them(
    qtbot: QtBot, orders_window: MainWindow
) -> None:
    panel = orders_window.orders
    qtbot.keyClicks(panel.search, "zoe")  # no accent typed: Zoë's orders all the same
    qtbot.waitUntil(lambda: [o for _s, o in rows(panel)] == ["(draft)", "D001-00004", "SO-10041"])
    assert panel.count.text() == "3 orders"
    qtbot.keyClicks(panel.search, " nobody")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0)
    assert panel.count.text() == "0 orders" and panel.details_title.text() == "No order selected"
    panel.search.clear()
    qtbot.keyClicks(panel.search, "juniper")
    qtbot.waitUntil(lambda: [o for _s, o in rows(panel)] == ["D001-00005", "SO-10040"])
    panel.search.clear()
    qtbot.keyClicks(panel.search, "needs approval")
    qtbot.waitUntil(lambda: rows(panel) == [("Needs approval", "D001-00003")])
    panel.search.clear()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 6)

    labels = [panel.states.itemText(i) for i in range(panel.states.count())]
    assert labels == [
        "All states (6)",
        "Needs attention (2)",
        "Draft (1)",
        "Queued (1)",
        "Accepted (1)",
        "Needs approval (1)",
        "Rejected (1)",
        "Invoiced (1)",
    ]
    panel.states.setFocus()
    qtbot.keyClick(panel.states, Qt.Key.Key_Down)  # the combo's own keys choose "Needs attention"
    qtbot.waitUntil(lambda: [s for s, _o in rows(panel)] == ["Rejected", "Needs approval"])
    assert panel.count.text() == "2 orders"


def test_the_selected_orders_reasons_are_shown_in_full(
    qtbot: QtBot, workspace: Workspace, orders_window: MainWindow, uuids: dict[str, str]
) -> None:
    panel = orders_window.orders
    long_reason = "price: line 1: VASE-2 captured at 16.65, " + "show special ended " * 8
    answer(
        workspace.store, uuids["needs_approval"], "needs_approval", None, [CREDIT_HOLD, long_reason]
    )
    panel.refresh()
    qtbot.waitUntil(lambda: orders_window.tasks.pending == 0)
    pick(qtbot, panel, "D001-00003")
    assert panel.details_title.text() == "D001-00003 · Harbor Mercantile"
    assert panel.badge.text() == "Needs approval"
    assert panel.reasons.text() == f"• {CREDIT_HOLD}\n• {long_reason}"
    assert panel.reasons_title.isVisible() and panel.reasons_title.text() == "Why"
    assert cell(panel, panel.table.currentIndex().row(), NOTE) == f"{CREDIT_HOLD} (+1 more)"
    assert panel.revise.isEnabled() and not panel.open_draft.isEnabled()
    office = "office: ask the buyer for a deposit"
    answer(workspace.store, uuids["needs_approval"], "needs_approval", None, [CREDIT_HOLD, office])
    orders_window.sync.synced.emit(None)  # what a sync that pulled this says when it is done
    qtbot.waitUntil(lambda: office in panel.reasons.text())
    assert panel.selected().reference == "D001-00003"  # read again, the rep keeps their place
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)  # Enter starts no revision by itself
    assert panel.message.text() == (
        "Revise (Ctrl+Shift+V) writes D001-00003 again as a new draft, to fix and send."
    )
    assert orders_window.tasks.pending == 0 and workspace.desk.orders(("draft",))[0].revises is None
    pick(qtbot, panel, "SO-10041")
    assert panel.reasons.text() == "" and not panel.reasons_title.isVisible()
    assert "1 line backordered" in panel.facts.text().splitlines()
    assert "Order SO-10041 (written as D001-00002)" in panel.facts.text().splitlines()
    assert not panel.revise.isEnabled()
    qtbot.keyClick(
        orders_window,
        Qt.Key.Key_V,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: "accepted: ask the office" in panel.message.text())
    assert panel.message.text().startswith("Not done: order SO-10041 was accepted")


def test_queued_orders_read_sending_while_a_sync_runs(
    qtbot: QtBot, orders_window: MainWindow
) -> None:
    window, panel = orders_window, orders_window.orders
    window.sync.busy_changed.emit(True)  # what SyncControl says when a sync starts
    assert cell(panel, 1, STATE) == "Sending"
    pick(qtbot, panel, "D001-00005")
    assert panel.badge.text() == "Sending"
    window.sync.busy_changed.emit(False)
    assert cell(panel, 1, STATE) == "Queued" and panel.badge.text() == "Queued"


def test_enter_on_a_draft_opens_it_in_the_order_editor(
    qtbot: QtBot, workspace: Workspace, orders_window: MainWindow
) -> None:
    window, panel = orders_window, orders_window.orders
    older = workspace.desk.start_order("C1003")  # a second draft, not the one on screen
    workspace.desk.add_product(older, "VASE-2")
    workspace.desk.set_details(older, "JG-1", "")
    qtbot.keyClicks(panel.search, "JG-1")
    qtbot.waitUntil(lambda: rows(panel) == [("Draft", "(draft)")])
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.desk_page)
    qtbot.waitUntil(lambda: window.order.view is not None and window.order.view.uuid == older)
    qtbot.waitUntil(lambda: window.customers.selected().account_number == "C1003")
    assert window.order.po_number.text() == "JG-1"
    assert window.statusBar().currentMessage().startswith("Your draft for Juniper General Store")
    qtbot.keyClick(window.catalog.scan, Qt.Key.Key_M)  # and it is the order being written now
    qtbot.keyClicks(window.catalog.scan, "UG-1")
    qtbot.keyClick(window.catalog.scan, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: [line.sku for line in window.order.view.lines] == ["VASE-2", "MUG-1"])
    assert workspace.desk.view(older).lines[1].sku == "MUG-1"


def test_revise_opens_the_new_draft_and_the_old_order_stays(
    qtbot: QtBot, workspace: Workspace, orders_window: MainWindow, uuids: dict[str, str]
) -> None:
    window, panel = orders_window, orders_window.orders
    rejected = uuids["rejected"]
    desk = workspace.desk
    more = desk.start_order("C1001")  # a rejected order with a line no longer sold
    desk.add_product(more, "VASE-2")
    desk.add_product(more, "MUG-1")
    desk.finish(more)
    answer(workspace.store, more, "rejected", None, [NOT_SOLD])
    with workspace.store.transaction() as session:
        session.scalar(select(Product).where(Product.sku == "VASE-2")).active = False
        session.get(Price, ("TIER-B", "MUG-1", 1)).unit_price = Decimal("3.20")
    panel.refresh()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 7 and window.tasks.pending == 0)

    pick(qtbot, panel, "D001-00006")
    qtbot.mouseClick(panel.revise, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.desk_page)
    qtbot.waitUntil(lambda: window.order.view is not None and window.order.view.revises == more)
    view = window.order.view
    assert (view.status, view.revision, view.customer_account) == ("draft", 2, "C1001")
    assert [(line.sku, line.priced.unit_price.amount) for line in view.lines] == [
        ("MUG-1", Decimal("3.20"))
    ]
    assert window.order.message.text() == (
        "• VASE-2 Crème brûlée ramekin, terracotta is no longer sold: left off\n"
        "• MUG-1: price now 3.20, was 3.10 (Tier B)"
    )
    assert window.statusBar().currentMessage() == (
        "Revision 2 of D001-00006: lines copied at today's prices."
    )
    assert window.order.finish.isEnabled()

    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 8 and window.tasks.pending == 0)
    pick(qtbot, panel, "D001-00006")  # the old order is still there, pointing at its revision
    assert "A revision is being written: Revise opens it" in panel.facts.text()
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)  # Enter opens the revision being written
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.desk_page)
    assert window.order.view.uuid == view.uuid
    assert window.statusBar().currentMessage() == (
        "Revision 2 of D001-00006 is open again, as last saved."
    )

    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # finish
    qtbot.waitUntil(lambda: "queued to send" in window.statusBar().currentMessage())
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: ("Queued", "D001-00007") in rows(panel))
    pick(qtbot, panel, "D001-00006")
    assert cell(panel, panel.table.currentIndex().row(), NOTE) == "revised → D001-00007"
    assert not panel.revise.isEnabled()
    pick(qtbot, panel, "D001-00007")
    assert "Revision 2 of D001-00006" in panel.facts.text()
    assert rejected in {panel.model.entry(r).uuid for r in range(panel.model.rowCount())}
