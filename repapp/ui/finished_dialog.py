"""After Finish: the order's reference and total, and its confirmation ready to open or save.

The confirmation PDF is written into the laptop's confirmations folder as soon as the order is
finished (so it is there even if the rep closes this at once); from here the rep opens it in the
system viewer to print it or show it, or saves a copy elsewhere (a USB stick, a shared folder).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from repapp.services.order_desk import OrderView
from repapp.ui.qt import (
    QDesktopServices,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    Qt,
    QUrl,
    QVBoxLayout,
    QWidget,
)


class FinishedDialog(QDialog):
    def __init__(
        self, view: OrderView, pdf: Path | None, problem: str = "", parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("finished_dialog")
        self.setWindowTitle(f"Order {view.provisional_ref} finished")
        self.pdf = pdf
        headline = QLabel(
            f"<b>Order {view.provisional_ref}</b> for {view.customer_name}<br>"
            f"{len(view.lines)} line{'' if len(view.lines) == 1 else 's'}, "
            f"total <b>{view.totals.total}</b> — queued to send at the next sync.",
            objectName="finished_headline",
        )
        headline.setTextFormat(Qt.TextFormat.RichText)
        self.where = QLabel(objectName="confirmation_file")
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        self.where.setWordWrap(True)
        self.where.setText(
            f"Confirmation: {pdf}" if pdf else f"The confirmation could not be written: {problem}"
        )
        buttons = QDialogButtonBox()
        self.open_button = QPushButton("&Open confirmation", objectName="open_confirmation")
        self.open_button.setToolTip("Open the PDF to print it or show it to the buyer")
        self.save_button = QPushButton("&Save PDF as…", objectName="save_confirmation")
        done = QPushButton("Done", objectName="done")
        for button, role in (
            (self.open_button, QDialogButtonBox.ButtonRole.ActionRole),
            (self.save_button, QDialogButtonBox.ButtonRole.ActionRole),
            (done, QDialogButtonBox.ButtonRole.AcceptRole),
        ):
            buttons.addButton(button, role)
        for button in (self.open_button, self.save_button):
            button.setEnabled(pdf is not None)
        self.open_button.clicked.connect(self.open_pdf)
        self.save_button.clicked.connect(self._ask_where_to_save)
        done.clicked.connect(self.accept)
        done.setDefault(True)  # Enter: back to writing orders
        layout = QVBoxLayout(self)
        layout.addWidget(headline)
        layout.addWidget(self.where)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def open_pdf(self) -> bool:
        return self.pdf is not None and QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.pdf)))

    def _ask_where_to_save(self) -> None:
        if self.pdf is None:
            return
        target, _ = QFileDialog.getSaveFileName(
            self, "Save the confirmation", str(Path.home() / self.pdf.name), "PDF (*.pdf)"
        )
        if target:
            self.save_copy(Path(target))

    def save_copy(self, target: Path) -> Path:
        """Copy the confirmation to `target` and say where it went (or why it did not)."""
        assert self.pdf is not None
        try:
            shutil.copyfile(self.pdf, target)
        except OSError as error:
            self.where.setText(f"Not saved to {target}: {error.strerror or error}")
            return self.pdf
        self.where.setText(f"Saved a copy to {target}")
        return target
