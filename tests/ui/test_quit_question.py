"""Closing the window with orders still to send asks first; with none, it just closes."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from repapp.services.workspace import Workspace
from repapp.ui.main_window import MainWindow
from repapp.ui.qt import QApplication, QMessageBox, Qt


def finish_an_order(workspace: Workspace, account: str) -> None:
    desk = workspace.desk
    uuid = desk.start_order(account)
    desk.add_product(uuid, "VASE-2")
    desk.finish(uuid)


def asked(qtbot: QtBot, window: MainWindow) -> QMessageBox:
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    question = QApplication.activeModalWidget()
    assert isinstance(question, QMessageBox) and question is window.quit_guard.question
    return question


def test_closing_with_nothing_to_send_closes_at_once(qtbot: QtBot, window: MainWindow) -> None:
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert window.quit_guard.question is None


def test_closing_with_unsent_orders_asks_and_no_keeps_the_window(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    finish_an_order(workspace, "C1001")
    finish_an_order(workspace, "C1003")
    window.close()
    question = asked(qtbot, window)
    assert question.text() == (
        "2 orders have not been sent yet. They are safe on this laptop and will be sent at the "
        "next sync. Quit anyway?"
    )
    assert question.informativeText() == ""  # no draft with lines
    assert question.windowModality() == Qt.WindowModality.WindowModal
    assert question.parent() is window
    assert question.defaultButton() is question.button(QMessageBox.StandardButton.No)
    window.close()  # closing again while asked does not ask twice
    assert QApplication.activeModalWidget() is question
    question.button(QMessageBox.StandardButton.No).click()
    qtbot.waitUntil(lambda: window.quit_guard.question is None)
    assert window.isVisible()


def test_ctrl_q_with_an_unsent_order_and_a_draft_asks_and_yes_quits(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    finish_an_order(workspace, "C1001")
    draft = workspace.desk.start_order("C1003")
    workspace.desk.add_product(draft, "MUG-1")
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    question = asked(qtbot, window)
    assert question.text().startswith("1 order has not been sent yet. It is safe on this laptop")
    assert question.informativeText() == (
        "1 draft is not finished either: it is saved, but it is not sent until you finish it."
    )
    question.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert window.quit_guard.question is None
