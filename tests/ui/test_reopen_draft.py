"""The window opens on the draft the rep was writing last time: lines, PO, notes, the customer.

(A real app process killed mid-edit and started again: test_draft_survives_kill.py.)
"""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from repapp.models.orders import DRAFT
from repapp.services.workspace import Workspace
from repapp.ui.main_window import MainWindow
from repapp.ui.qt import Qt
from tests import sample_orders
from tests.sample_store import MUG_BARCODE


def order_lines(window: MainWindow) -> list[tuple[str, int]]:
    model = window.order.model
    return [(model.line(row).sku, model.line(row).quantity) for row in range(model.rowCount())]


def test_the_draft_changed_last_opens_with_its_customer_lines_po_and_notes(
    qtbot: QtBot, workspace: Workspace, open_window: Callable[[], MainWindow]
) -> None:
    latest = sample_orders.write(workspace.store)
    window = open_window()
    view = window.order.view
    assert view is not None and view.uuid == latest
    assert order_lines(window) == [("VASE-2", 1), ("MUG-1", 12)]
    assert (window.order.po_number.text(), window.order.notes.toPlainText()) == (
        "PO-4471",
        sample_orders.LATEST_NOTES,
    )
    customer = window.customers.selected()
    assert customer is not None and customer.account_number == "C1001"
    assert window.order.customer.text().startswith("Zoë's Gift Shop")
    assert window.order.finish.isEnabled()
    assert "Your draft for Zoë's Gift Shop is open again (2 lines)" in (
        window.statusBar().currentMessage()
    )
    # Writing goes on in that same order: no second draft.
    qtbot.keyClicks(window.catalog.scan, MUG_BARCODE)
    qtbot.keyClick(window.catalog.scan, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: order_lines(window) == [("VASE-2", 1), ("MUG-1", 18)])
    assert [order.uuid for order in workspace.desk.orders((DRAFT,))][0] == latest
    assert len(workspace.desk.orders((DRAFT,))) == 2


def test_with_no_draft_no_order_is_open(window: MainWindow) -> None:
    assert window.order.view is None
    assert window.customers.selected() is None
    assert window.order.customer.text().startswith("No order open")


def test_a_draft_for_an_account_the_list_does_not_show_is_searched_for(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.keyClicks(window.customers.search, "bozeman")
    qtbot.waitUntil(lambda: window.customers.accounts.count() == 1)
    window.customers.show_account("C1001")
    qtbot.waitUntil(lambda: window.customers.selected() is not None)
    customer = window.customers.selected()
    assert customer is not None and customer.account_number == "C1001"
    assert window.customers.search.text() == "C1001"
