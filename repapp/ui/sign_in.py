"""Sign-in dialog: the sync server's address, the rep's user name and password.

It only collects the three fields; the main window signs in off the GUI thread once the dialog
is accepted. It is opened with `open()` (window-modal, non-blocking), never `exec()`, so tests
can fill it and call `accept()` or `reject()`.
"""

from __future__ import annotations

from dataclasses import dataclass

from repapp.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class Credentials:
    server_url: str
    username: str
    password: str


class SignInDialog(QDialog):
    def __init__(self, server_url: str = "", username: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sign_in_dialog")
        self.setWindowTitle("Sign in to sync")
        self.server_url = QLineEdit(server_url, placeholderText="https://orders.example.com")
        self.username = QLineEdit(username)
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        intro = QLabel(
            "Sign in once on this laptop to send your orders and receive the catalog, "
            "your accounts and stock."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Server", self.server_url)
        form.addRow("User", self.username)
        form.addRow("Password", self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Sign in")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for field in (self.server_url, self.username, self.password):
            field.textChanged.connect(self._update_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self._update_ok()
        # Start where the rep has something to type.
        (self.password if server_url and username else self.server_url).setFocus()

    def credentials(self) -> Credentials:
        return Credentials(
            self.server_url.text().strip(), self.username.text().strip(), self.password.text()
        )

    def _update_ok(self) -> None:
        complete = all(
            (self.server_url.text().strip(), self.username.text().strip(), self.password.text())
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(complete)
