"""End to end, in the real window against the real server process (SQLite and PostgreSQL): an order
over the buyer's credit is held by the office; the rep reads why on the Orders page, revises it,
fixes the line, finishes and syncs again; the revision is accepted, the first order is superseded,
and both are still listed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from repapp.core.barcodes import make_gtin13
from repapp.server_process import ServerProcess
from repapp.services.workspace import Workspace
from repapp.ui.main_window import MainWindow
from repapp.ui.order_model import QTY
from repapp.ui.orders_model import NOTE, ORDER, STATE
from repapp.ui.orders_panel import OrdersPanel
from repapp.ui.qt import QApplication, QSpinBox, Qt
from repapp.ui.tasks import TaskManager

SYNC_TIMEOUT_MS = 30_000
# Offscreen Qt says this whenever a window's minimum size changes; under a display it does not.
pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints\(\)$")
FIRST_PRODUCT = make_gtin13("614141000000")  # the demo catalog's first barcode


@pytest.fixture
def laptop(qtbot: QtBot, tmp_path: Path, qapp: QApplication) -> Iterator[MainWindow]:
    """The app on a laptop that has never synced."""
    tasks = TaskManager()
    workspace = Workspace.open(tmp_path / "laptop.db")
    window = MainWindow(workspace, tasks)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.windowTitle() == "not signed in")
    yield window
    tasks.shutdown()
    workspace.close()


def message(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key, control: bool = True) -> None:
    window.activateWindow()  # the sign-in dialog had the keyboard
    qtbot.waitUntil(lambda: QApplication.focusWindow() is window.windowHandle())
    modifier = Qt.KeyboardModifier.ControlModifier if control else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(window, key, modifier)


def sync(qtbot: QtBot, window: MainWindow) -> str:
    window.statusBar().clearMessage()
    press(qtbot, window, Qt.Key.Key_F5, control=False)
    qtbot.waitUntil(lambda: message(window).startswith("Synced:"), timeout=SYNC_TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.tasks.pending == 0 and not window.sync.busy)
    return message(window)


def set_quantity(qtbot: QtBot, window: MainWindow, quantity: int) -> None:
    """Type a new quantity into the line's Qty cell, as the rep does."""
    table, model = window.order.lines, window.order.model
    index = model.index(0, QTY)
    table.setCurrentIndex(index)
    table.edit(index)
    editor = table.findChild(QSpinBox)  # the quantity editor the delegate opened on the cell
    assert editor is not None and editor.isVisible()
    editor.selectAll()
    qtbot.keyClicks(editor, str(quantity))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.order.view.lines[0].quantity == quantity)


def listed(panel: OrdersPanel) -> dict[str, tuple[str, str]]:
    """Order reference (or number) -> (state, note), as the Orders table shows them."""
    model = panel.model
    return {
        model.data(model.index(r, ORDER)): (
            model.data(model.index(r, STATE)),
            model.data(model.index(r, NOTE)),
        )
        for r in range(model.rowCount())
    }


def pick(qtbot: QtBot, panel: OrdersPanel, reference: str) -> None:
    row = next(
        r for r in range(panel.model.rowCount()) if panel.model.entry(r).reference == reference
    )
    rect = panel.table.visualRect(panel.model.index(row, ORDER))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: panel.selected().reference == reference)


def test_a_held_order_is_revised_fixed_and_accepted(
    qtbot: QtBot, laptop: MainWindow, demo_server: ServerProcess
) -> None:
    window, panel = laptop, laptop.orders
    press(qtbot, window, Qt.Key.Key_F5, control=False)  # first sync: signs in first
    qtbot.waitUntil(lambda: window.sync.dialog is not None)
    dialog = window.sync.dialog
    dialog.server_url.setText(demo_server.url)
    dialog.username.setText("rep")
    dialog.password.setText("demo")
    dialog.accept()
    qtbot.waitUntil(lambda: message(window).startswith("Synced:"), timeout=SYNC_TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.customers.accounts.count() > 0 and window.tasks.pending == 0)

    # A buyer with a little credit left, and more goods than it covers.
    buyer = min(
        (
            c
            for c in window.workspace.desk.customers()
            if not c.credit_hold and c.available_credit >= 500
        ),
        key=lambda c: c.available_credit,
    )
    assert window.customers.select_account(buyer.account_number)
    qtbot.keyClicks(window.catalog.scan, FIRST_PRODUCT)
    qtbot.keyClick(window.catalog.scan, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.order.view is not None and len(window.order.view.lines) == 1)
    line = window.order.view.lines[0]  # the least that may be ordered: one case, or the minimum
    smallest, case = line.quantity, line.increment * line.priced.unit_price.amount
    assert window.order.view.totals.total.amount <= buyer.available_credit
    too_many = line.increment * (int(buyer.available_credit / case) + 1)
    set_quantity(qtbot, window, too_many)
    assert window.order.view.totals.total.amount > buyer.available_credit
    qtbot.keyClicks(window.order.po_number, "PO-88")
    press(qtbot, window, Qt.Key.Key_Return)  # Ctrl+Return: finish
    qtbot.waitUntil(lambda: "queued to send" in message(window))
    first = window.workspace.desk.orders(("queued",))[0]

    assert "(1 needs approval)" in sync(qtbot, window)
    press(qtbot, window, Qt.Key.Key_O)  # the Orders page
    qtbot.waitUntil(lambda: listed(panel).get(first.provisional_ref, ("",))[0] == "Needs approval")
    assert window.pages.tabText(1) == "Orders · 1 needs attention"
    pick(qtbot, panel, first.provisional_ref)
    reasons = panel.reasons.text()
    assert reasons.startswith("• credit: balance ") and "exceeds limit" in reasons
    assert panel.revise.isEnabled()

    qtbot.mouseClick(panel.revise, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.desk_page)
    qtbot.waitUntil(
        lambda: window.order.view is not None and window.order.view.revises == first.uuid
    )
    revision = window.order.view
    assert (revision.status, revision.revision, revision.po_number) == ("draft", 2, "PO-88")
    assert [(ln.sku, ln.quantity) for ln in revision.lines] == [(line.sku, too_many)]
    assert window.order.po_number.text() == "PO-88"

    set_quantity(qtbot, window, smallest)  # the fix: what the credit covers
    assert window.order.view.totals.total.amount <= buyer.available_credit
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "queued to send" in message(window))
    second = window.workspace.desk.view(revision.uuid)
    assert second.provisional_ref.endswith("-00002")

    press(qtbot, window, Qt.Key.Key_O)
    qtbot.waitUntil(
        lambda: listed(panel).get(first.provisional_ref, ("", ""))[1].startswith("revised → ")
    )
    assert listed(panel)[first.provisional_ref] == (
        "Needs approval",
        f"revised → {second.provisional_ref}",
    )
    while_sending: list[str] = []
    window.sync.busy_changed.connect(
        lambda busy: (
            while_sending.append(listed(panel)[second.provisional_ref][0]) if busy else None
        )
    )
    synced = sync(qtbot, window)
    assert while_sending == ["Sending"]  # the queued revision, while the sync pushed it
    assert synced.startswith("Synced: 1 order sent") and "(1 accepted)" in synced

    accepted = window.workspace.desk.view(revision.uuid)
    assert accepted.status == "accepted" and accepted.order_number.startswith("SO-")
    qtbot.waitUntil(lambda: listed(panel).get(accepted.order_number, ("",))[0] == "Accepted")
    shown = listed(panel)
    assert len(shown) == 2  # nothing disappeared
    # The first order points at its revision by the number the office gave it.
    assert shown[first.provisional_ref] == ("Superseded", f"revised → {accepted.order_number}")
    assert shown[accepted.order_number] == ("Accepted", f"revision 2 of {first.provisional_ref}")
    assert window.pages.tabText(1) == "Orders"  # nothing needs attention any more
    pick(qtbot, panel, first.provisional_ref)
    assert f"replaced by revision {second.provisional_ref}" in panel.reasons.text()
    assert not panel.revise.isEnabled()
    assert window.workspace.desk.view(first.uuid).totals.total.amount > buyer.available_credit
    assert window.unsent.text() == "All orders sent"
