"""After Finish the rep is offered the order's confirmation: written at once, opened or saved."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from repapp.models.orders import QUEUED
from repapp.services.workspace import Workspace
from repapp.ui.main_window import MainWindow
from repapp.ui.qt import Qt
from tests.sample_store import MUG_BARCODE
from tests.ui.test_main_window import choose_customer, scan


def _finish(qtbot: QtBot, window: MainWindow) -> None:
    choose_customer(qtbot, window, "C1001")
    scan(qtbot, window, MUG_BARCODE)
    qtbot.waitUntil(lambda: window.order.finish.isEnabled())
    qtbot.keyClicks(window.order.po_number, "PO-77")
    qtbot.mouseClick(window.order.finish, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.finished_dialog is not None)


def test_finishing_offers_the_written_confirmation(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, tmp_path: Path
) -> None:
    _finish(qtbot, window)
    dialog = window.finished_dialog
    assert dialog is not None and dialog.isVisible()
    [order] = workspace.desk.orders((QUEUED,))
    assert order.provisional_ref in dialog.windowTitle()
    assert dialog.pdf is not None and dialog.pdf.parent == workspace.confirmations
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(dialog.pdf.read_bytes())).pages
    )
    assert order.provisional_ref in text and "PO-77" in text and "18.60" in text
    assert dialog.open_button.isEnabled() and dialog.save_button.isEnabled()
    copy = dialog.save_copy(tmp_path / "for-the-buyer.pdf")
    assert copy.read_bytes() == dialog.pdf.read_bytes()
    assert "Saved a copy" in dialog.findChild(type(dialog.where), "confirmation_file").text()
    # Enter closes it: the rep is back at the order desk.
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.finished_dialog is None)


def test_a_confirmation_that_cannot_be_written_loses_no_order(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, tmp_path: Path
) -> None:
    workspace.confirmations = tmp_path / "in-the-way"
    workspace.confirmations.write_text("a file where the folder should be")
    _finish(qtbot, window)
    dialog = window.finished_dialog
    assert dialog is not None and dialog.pdf is None
    assert "could not be written" in dialog.where.text()
    assert not dialog.open_button.isEnabled()
    assert len(workspace.desk.orders((QUEUED,))) == 1
    assert workspace.desk.unsent_count() == 1


def test_saving_a_copy_where_it_cannot_go_says_so(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    _finish(qtbot, window)
    dialog = window.finished_dialog
    assert dialog is not None
    dialog.save_copy(tmp_path / "no-such-folder" / "copy.pdf")
    assert "Not saved" in dialog.where.text()


def test_the_next_order_replaces_the_dialog_of_the_last(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    _finish(qtbot, window)
    first = window.finished_dialog
    assert first is not None
    scan(qtbot, window, MUG_BARCODE)  # not modal: the rep goes straight on
    qtbot.waitUntil(lambda: window.order.finish.isEnabled())
    qtbot.mouseClick(window.order.finish, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.finished_dialog not in (None, first))
    assert len(workspace.desk.orders((QUEUED,))) == 2
