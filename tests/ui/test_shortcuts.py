"""F1 lists every action's keys and name, read from the actions of the window."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from repapp.ui.main_window import MainWindow
from repapp.ui.qt import QAction, QKeySequence, QLabel, Qt
from repapp.ui.shortcuts_dialog import ShortcutsDialog


def press_f1(qtbot: QtBot, window: MainWindow) -> ShortcutsDialog:
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.shortcuts is not None and window.shortcuts.isVisible())
    assert window.shortcuts is not None
    return window.shortcuts


def shown(dialog: ShortcutsDialog) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel)]


def test_f1_lists_the_keys_and_names_of_the_windows_actions(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = press_f1(qtbot, window)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    assert [(keys, text) for keys, text, _tip in dialog.rows] == [
        ("F5", "Sync"),
        ("Ctrl+N", "New order"),
        ("Ctrl+Shift+P", "Download pictures"),
        ("Ctrl+F", "Find product"),
        ("Ctrl+B", "Scan"),
        ("Ctrl+Shift+F", "Find customer"),
        ("Ctrl+Shift+N", "New prospect…"),
        ("Ctrl+R", "Reorder…"),
        ("Ctrl+Return", "Finish order"),
        ("Ctrl+G", "Signature…"),
        ("Ctrl+D", "Ship window"),
        ("Ctrl+O", "Orders"),
        ("Ctrl+E", "Open draft"),
        ("Ctrl+Shift+V", "Revise order"),
        ("F1", "Keyboard shortcuts"),
        ("Ctrl+Q", "Quit"),
        ("Shift+F5", "Stop sync"),
        ("Ctrl+Shift+R", "Ready for the show?"),
        ("Ctrl+Shift+E", "Export unsent orders…"),
        ("Ctrl+Shift+I", "Import orders…"),
        ("Ctrl+Shift+L", "Sign out"),
    ]
    labels = shown(dialog)
    for keys, text, _tip in dialog.rows:
        assert keys in labels and text in labels
    # An action's tooltip says more than its name, in grey under it.
    assert "Send finished orders; get catalog, stock and accounts" in labels  # without "(F5)"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.shortcuts is None)


def test_an_action_added_to_the_window_is_listed_by_itself(
    qtbot: QtBot, window: MainWindow
) -> None:
    extra = QAction("&Print confirmation", window)
    extra.setShortcuts([QKeySequence("Ctrl+P"), QKeySequence("Ctrl+Shift+C")])
    window.addAction(extra)
    dialog = press_f1(qtbot, window)
    assert ("Ctrl+P, Ctrl+Shift+C", "Print confirmation", "") in dialog.rows
    assert "Print confirmation" in shown(dialog)
    dialog.reject()
    qtbot.waitUntil(lambda: window.shortcuts is None)
