"""Export unsent orders… and Import orders… from the window: file dialogs, status, refusals."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from repapp.services.workspace import Workspace
from repapp.sync import state
from repapp.ui.main_window import MainWindow
from repapp.ui.qt import QFileDialog, QMessageBox, Qt
from tests import sample_store


@pytest.fixture
def other_laptop(tmp_path: Path) -> Iterator[Workspace]:
    """A colleague's laptop with the same accounts and one order it could not send."""
    ws = Workspace.open(tmp_path / "other" / "rep.db")
    sample_store.fill(ws.store)
    with ws.store.transaction() as session:
        state.put(session, state.DEVICE_PREFIX, "D009")
    uuid = ws.desk.start_order("C1003")
    ws.desk.add_product(uuid, "MUG-1")
    ws.desk.finish(uuid)
    yield ws
    ws.close()


def message(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, key, shift)


def test_export_through_the_file_dialog(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, tmp_path: Path
) -> None:
    uuid = workspace.desk.start_order("C1001")
    workspace.desk.add_product(uuid, "VASE-2")
    workspace.desk.finish(uuid)
    press(qtbot, window, Qt.Key.Key_E)
    qtbot.waitUntil(lambda: window.transfer.file_dialog is not None)
    dialog = window.transfer.file_dialog
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    assert dialog.isVisible() and dialog.windowModality() == Qt.WindowModality.WindowModal
    target = tmp_path / "stick" / "orders.json"
    target.parent.mkdir()
    dialog.selectFile(str(target))
    dialog.accept()
    qtbot.waitUntil(lambda: message(window).startswith("Exported "))
    assert message(window) == (
        "Exported 1 unsent order to orders.json. They stay here too: whichever laptop syncs "
        "first sends them, once."
    )
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert [order["order_uuid"] for order in exported["orders"]] == [uuid]
    window.refresh_status()
    qtbot.waitUntil(lambda: window.unsent.text() == "1 order to send")  # still here, to send


def test_import_from_another_laptop_shows_the_orders_to_send(
    qtbot: QtBot, window: MainWindow, other_laptop: Workspace, tmp_path: Path
) -> None:
    from repapp.services.order_transfer import export_unsent

    file = tmp_path / "from-d009.json"
    export_unsent(other_laptop.store, file)
    assert window.unsent.text() == "All orders sent"
    press(qtbot, window, Qt.Key.Key_I)
    qtbot.waitUntil(lambda: window.transfer.file_dialog is not None)
    dialog = window.transfer.file_dialog
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptOpen
    dialog.selectFile(str(file))
    dialog.accept()
    qtbot.waitUntil(lambda: window.unsent.text() == "1 order to send")
    assert message(window) == "Imported 1 order from D009. They are sent at the next sync."

    window.transfer.import_from(file)  # the same file again
    qtbot.waitUntil(lambda: "already on this laptop" in message(window))
    assert message(window) == (
        "Imported 0 orders from D009 (1 already on this laptop). They are sent at the next sync."
    )
    assert window.unsent.text() == "1 order to send"


def test_a_file_that_is_not_an_export_is_explained(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    file = tmp_path / "notes.json"
    file.write_text('{"shopping": ["milk"]}', encoding="utf-8")
    window.transfer.import_from(file)
    qtbot.waitUntil(lambda: window.transfer.problem is not None)
    box = window.transfer.problem
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.windowTitle() == "Nothing imported"
    assert box.text() == "notes.json is not a RepApp export of orders."
    assert message(window) == "Nothing imported: notes.json is not a RepApp export of orders."
    box.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: window.transfer.problem is None)
    assert window.unsent.text() == "All orders sent"


def test_exporting_with_nothing_to_send_says_so(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.transfer.export_to(tmp_path / "orders.json")
    qtbot.waitUntil(lambda: window.transfer.problem is not None)
    assert window.transfer.problem.text() == (
        "No unsent orders to export: every finished order has been sent."
    )
    assert not (tmp_path / "orders.json").exists()
    window.transfer.problem.reject()
