"""The buyer signs the order on screen (Ctrl+G, or the Signature… button beside the lines).

`SignatureDialog` holds the pad, window-modal and big enough for a finger. `SignatureControl`
opens it for the order on screen, hands what was signed to the desk as an edit of that order
(the window runs it on the database thread, like every edit), and reads the stored picture
back for the panel whenever the order shown is signed by someone else or at another time.
"""

from __future__ import annotations

from repapp.services.order_desk import OrderDesk, StoredSignature
from repapp.ui.order_panel import OrderPanel
from repapp.ui.qt import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QObject,
    QPushButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from repapp.ui.signature_pad import SignaturePad
from repapp.ui.tasks import TaskManager


class SignatureDialog(QDialog):
    signed = Signal(bytes, str)  # PNG, signed by
    removed = Signal()  # the pad was cleared and saved empty: the stored signature goes

    def __init__(
        self, png: bytes | None, signed_by: str, customer: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Signature: {customer}")
        self.setObjectName("signature_dialog")
        self._stored = png is not None
        self.pad = SignaturePad()
        self.pad.load(png, signed_by)
        self.message = QLabel(objectName="order_message", wordWrap=True)
        self.save = QPushButton("Save signature", objectName="save_signature", default=True)
        self.cancel = QPushButton("Cancel")
        for button in (self.save, self.cancel):
            button.setMinimumSize(150, 44)
        self.save.clicked.connect(self._save)
        self.cancel.clicked.connect(self.reject)
        self.pad.changed.connect(self._pad_changed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{customer} signs for this order:"))
        layout.addWidget(self.pad, 1)
        layout.addLayout(buttons)
        self.resize(820, 440)
        self._pad_changed()

    def _pad_changed(self) -> None:
        self.message.clear()
        ink = self.pad.canvas.has_ink()
        self.save.setText("Save signature" if ink or not self._stored else "Remove signature")
        self.save.setEnabled(ink or self._stored)

    def _save(self) -> None:
        if not self.pad.canvas.has_ink():
            if self._stored:
                self.removed.emit()
                self.accept()
            return
        if not self.pad.name():
            self.message.setText("Type the name of the person signing.")
            self.pad.signed_by.setFocus()
            return
        self.signed.emit(self.pad.canvas.to_png(), self.pad.name())
        self.accept()


class SignatureControl(QObject):
    def __init__(
        self, panel: OrderPanel, tasks: TaskManager, desk: OrderDesk, window: QWidget
    ) -> None:
        super().__init__(window)
        self.panel, self.tasks, self.desk, self.window = panel, tasks, desk, window
        self.dialog: SignatureDialog | None = None
        panel.sign.clicked.connect(self.open)
        panel.signature_wanted.connect(self._read)

    def open(self) -> SignatureDialog | None:
        view = self.panel.view
        if view is None or not view.editable:
            self.panel.show_message("Open or start an order before the buyer signs.")
            return None
        if self.dialog is not None:
            return self.dialog
        dialog = SignatureDialog(
            self.panel.signature_png, view.signed_by or "", view.customer_name, self.window
        )
        dialog.signed.connect(
            lambda png, name: self.panel.request_edit(
                lambda desk, uuid: desk.set_signature(uuid, png, name)
            )
        )
        dialog.removed.connect(
            lambda: self.panel.request_edit(lambda desk, uuid: desk.clear_signature(uuid))
        )
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()  # window-modal and non-blocking: never exec()
        return dialog

    def _closed(self, dialog: SignatureDialog) -> None:
        dialog.deleteLater()
        if self.dialog is dialog:
            self.dialog = None

    def _read(self, uuid: str) -> None:
        def shown(stored: StoredSignature | None) -> None:
            self.panel.show_signature(uuid, stored)

        self.tasks.run_in_db(lambda: self.desk.signature(uuid), shown)
