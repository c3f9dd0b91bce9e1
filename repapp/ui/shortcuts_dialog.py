"""Keyboard shortcuts (F1): the window's actions as a rep would look them up, keys first.

The rows are read from the actions themselves, so an action added to the window is listed
without touching this dialog, and a shortcut changed in one place is changed here too.
"""

from __future__ import annotations

from collections.abc import Iterable

from repapp.ui.qt import (
    QAction,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QKeySequence,
    QLabel,
    Qt,
    QVBoxLayout,
    QWidget,
)

KEY_STYLE = """
QLabel#shortcut_tip { color: #607d8b; }
QLabel#keys {
    font-family: "DejaVu Sans Mono", monospace; font-weight: 600;
    border: 1px solid palette(mid); border-radius: 3px; padding: 2px 6px; background: palette(base);
}
"""


def _plain(text: str) -> str:
    """The action's text without its mnemonic marks ("&Sync" is "Sync", "&&" is "&")."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str, str]]:
    """(keys, what it does, longer description) for every action that has a shortcut."""
    rows = []
    for action in actions:
        keys = ", ".join(
            sequence.toString(QKeySequence.SequenceFormat.NativeText)
            for sequence in action.shortcuts()
            if not sequence.isEmpty()
        )
        if keys:
            text = _plain(action.text())
            tip = action.toolTip().removesuffix(f" ({keys})")  # the keys are beside it already
            same = _plain(tip).removesuffix("…") == text.removesuffix("…")  # Qt's default tip
            rows.append((keys, text, "" if same else tip))
    return rows


def _described(text: str, tip: str) -> QWidget:
    """The action's name, and under it, in grey, what its tooltip says it does."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    plain = Qt.TextFormat.PlainText
    column.addWidget(QLabel(text, textFormat=plain))
    if tip:
        column.addWidget(QLabel(tip, objectName="shortcut_tip", textFormat=plain))
    return box


class ShortcutsDialog(QDialog):
    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.setStyleSheet(KEY_STYLE)
        self.rows = shortcut_rows(actions)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(8)
        for row, (keys, text, tip) in enumerate(self.rows):
            key_label = QLabel(keys, objectName="keys")
            key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(key_label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(_described(text, tip), row, 1)
        grid.setColumnStretch(1, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addSpacing(6)
        layout.addWidget(buttons)
        self.setMinimumWidth(360)
