"""'Ready for the show?': each check with a mark and what to do, and buttons that do it."""

from __future__ import annotations

from repapp.services.show_readiness import Readiness
from repapp.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

GREEN, AMBER = "#2e7d32", "#b26a00"


def mark(ok: bool) -> str:
    return "✓" if ok else "✗"


class ReadinessDialog(QDialog):
    sync_requested = Signal()
    pictures_requested = Signal()

    def __init__(self, readiness: Readiness, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readiness_dialog")
        self.setWindowTitle("Ready for the show?")
        self.headline = QLabel(objectName="readiness_headline")
        self.rows = QGridLayout()
        self.rows.setHorizontalSpacing(12)
        self.rows.setVerticalSpacing(8)
        self.last_sync = QLabel(objectName="readiness_last_sync")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.sync_now = QPushButton("Sync now")
        self.download = QPushButton("Download pictures")
        for button, wanted in (
            (self.sync_now, self.sync_requested),
            (self.download, self.pictures_requested),
        ):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.clicked.connect(wanted.emit)
            button.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addLayout(self.rows)
        layout.addWidget(self.last_sync)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.show_readiness(readiness)

    def show_readiness(self, readiness: Readiness) -> None:
        while self.rows.count():
            widget = self.rows.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)  # off the dialog now, not at the next event loop turn
                widget.deleteLater()
        colour = GREEN if readiness.ready else AMBER
        self.headline.setText(readiness.headline())
        self.headline.setStyleSheet(f"font-size: 13pt; font-weight: 700; color: {colour};")
        for row, check in enumerate(readiness.checks):
            sign = QLabel(mark(check.ok))
            sign.setStyleSheet(
                f"font-size: 13pt; font-weight: 700; color: {GREEN if check.ok else AMBER};"
            )
            name = QLabel(check.name)
            name.setStyleSheet("font-weight: 600;")
            detail = QLabel(check.detail, wordWrap=True)
            self.rows.addWidget(sign, row, 0, Qt.AlignmentFlag.AlignTop)
            self.rows.addWidget(name, row, 1, Qt.AlignmentFlag.AlignTop)
            self.rows.addWidget(detail, row, 2)
        self.rows.setColumnStretch(2, 1)
        self.last_sync.setText(readiness.last_sync_text())
        self.last_sync.setStyleSheet("color: #607d8b;")
        pictures = next((c for c in readiness.checks if c.name == "Pictures"), None)
        self.download.setEnabled(pictures is not None and not pictures.ok)

    def check_texts(self) -> list[str]:
        """Each row as shown: '✓ Catalog: 2,000 products on this laptop.' (for tests and tips)."""
        texts = []
        for row in range(self.rows.rowCount()):
            cells = [self.rows.itemAtPosition(row, column) for column in range(3)]
            if all(cell is not None and cell.widget() is not None for cell in cells):
                sign, name, detail = (cell.widget().text() for cell in cells)  # type: ignore[union-attr]
                texts.append(f"{sign} {name}: {detail}")
        return texts
