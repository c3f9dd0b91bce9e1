"""New prospect: a buyer with no account, typed in or read from their trade-show badge.

The badge box at the top takes what a keyboard-wedge QR scanner types (a vCard or MECARD, line
by line) and fills the form once the card is complete, or says why it cannot be read and changes
nothing. Saving checks the fields; a refused field is marked, its message shown, and everything
typed stays in place. Opened with `open()` (window-modal, non-blocking), never `exec()`.
"""

from __future__ import annotations

import re

from repapp.core.badges import BadgeError, read_badge
from repapp.core.countries import country_code
from repapp.models import Customer
from repapp.services.prospects import (
    LABELS,
    ProspectDetails,
    ProspectRefused,
    Prospects,
    fields_from_badge,
    problems,
)
from repapp.ui.qt import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QKeySequence,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QShortcut,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from repapp.ui.tasks import TaskManager

SCAN_KEYS = "Ctrl+B"  # as the main window's Scan: the scanner's box is where Ctrl+B goes
SCAN_PAUSE_MS = 400  # a scanner types a whole badge faster than this; then it is read
_COMPLETE = re.compile(r"(^|\n)\s*END:VCARD\s*$|^\s*MECARD:.*;;\s*$", re.IGNORECASE | re.DOTALL)
STYLE = """
QLineEdit[refused="true"] { border: 2px solid #b3261e; border-radius: 3px; padding: 1px; }
QLabel#prospect_problems { color: #b3261e; font-weight: 600; }
QLabel#badge_message[refused="true"] { color: #b3261e; font-weight: 600; }
QLabel#badge_message { color: #2e6b30; }
QPlainTextEdit#badge { font-family: "DejaVu Sans Mono", monospace; }
"""


class ProspectDialog(QDialog):
    created = Signal(object)  # Customer: the prospect, saved

    def __init__(self, tasks: TaskManager, prospects: Prospects, parent: QWidget | None = None):
        super().__init__(parent)
        self._tasks, self._prospects = tasks, prospects
        self.setObjectName("prospect_dialog")
        self.finished.connect(self.deleteLater)  # one dialog per use
        self._saving = False
        self.setWindowTitle("New prospect")
        self.setStyleSheet(STYLE)
        self.badge = QPlainTextEdit(objectName="badge")
        self.badge.setPlaceholderText(
            f"Scan the visitor's badge here ({SCAN_KEYS}): its QR code fills the form."
        )
        self.badge.setTabChangesFocus(True)
        self.badge.setFixedHeight(64)
        self.badge_message = QLabel(objectName="badge_message", wordWrap=True)
        self.fields = {key: QLineEdit(objectName=key) for key in LABELS}
        self.ship_elsewhere = QCheckBox("Ship to a different address")
        self.ship_box = QGroupBox("Ship to")
        self.problems = QLabel(objectName="prospect_problems", wordWrap=True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Save prospect")
        self._scan_timer = QTimer(self, singleShot=True, interval=SCAN_PAUSE_MS)
        self._lay_out()
        self.fields["name"].setPlaceholderText("the buyer's name if they trade as themselves")
        self.fields["email"].setPlaceholderText("name@company.com")
        for key in ("country", "ship_country"):
            self.fields[key].setPlaceholderText("US, CA, GB…")
            self.fields[key].editingFinished.connect(lambda k=key: self._tidy_country(k))
        self.ship_box.setVisible(False)
        self.ship_elsewhere.toggled.connect(self._ship_toggled)
        self.badge.textChanged.connect(self._badge_typed)
        self._scan_timer.timeout.connect(self.read_badge)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for field in self.fields.values():
            field.textEdited.connect(lambda _text, f=field: self._mark(f, False))
        QShortcut(QKeySequence(SCAN_KEYS), self, activated=self.badge.setFocus)
        chain = [
            self.badge,
            *(self.fields[k] for k in LABELS if not k.startswith("ship_")),
            self.ship_elsewhere,
            *(self.fields[k] for k in LABELS if k.startswith("ship_")),
            self.buttons,
        ]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)
        self.setMinimumWidth(560)
        self.badge.setFocus()  # at a booth the badge is the quickest way in

    def _lay_out(self) -> None:
        form = QGridLayout()  # one grid: company and contact fields line up
        form.addWidget(QLabel("Company", objectName="panel_title"), 0, 0, 1, 4)
        self._address(form, 1, "")
        form.addWidget(QLabel("Contact", objectName="panel_title"), 5, 0, 1, 4)
        self._row(form, 6, "contact_name")
        self._row(form, 6, "title", column=2)
        self._row(form, 7, "email")
        self._row(form, 7, "phone", column=2)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)
        ship = QGridLayout(self.ship_box)
        self._address(ship, 0, "ship_")
        ship.setColumnStretch(1, 1)
        ship.setColumnStretch(3, 1)
        scan = QFormLayout()
        scan.addRow("Badge", self.badge)
        scan.addRow("", self.badge_message)
        layout = QVBoxLayout(self)
        layout.addLayout(scan)
        layout.addWidget(_rule())
        layout.addLayout(form)
        layout.addWidget(self.ship_elsewhere)
        layout.addWidget(self.ship_box)
        layout.addWidget(self.problems)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def _address(self, grid: QGridLayout, top: int, prefix: str) -> None:
        """Name and street across, then city and region, postcode and country side by side."""
        self._row(grid, top, f"{prefix}name", span=3)
        self._row(grid, top + 1, f"{prefix}street", span=3)
        self._row(grid, top + 2, f"{prefix}city")
        self._row(grid, top + 2, f"{prefix}region", column=2)
        self._row(grid, top + 3, f"{prefix}postcode")
        self._row(grid, top + 3, f"{prefix}country", column=2)

    def _row(self, grid: QGridLayout, row: int, key: str, column: int = 0, span: int = 1) -> None:
        label = QLabel(
            LABELS[key].removeprefix("Ship-to ").capitalize() + ("*" if key == "name" else "")
        )
        label.setBuddy(self.fields[key])
        grid.addWidget(label, row, column)
        grid.addWidget(self.fields[key], row, column + 1, 1, span)

    # -- the badge -----------------------------------------------------------------------------
    def _badge_typed(self) -> None:
        text = self.badge.toPlainText()
        if not text.strip():
            self._scan_timer.stop()
            if text:  # the Enter a scanner sends after the card it has just filled in
                self._clear_badge()
        elif _COMPLETE.search(text):
            self._scan_timer.stop()
            self.read_badge()
        else:
            self._scan_timer.start()  # the scanner may still be typing; read it once it stops

    def read_badge(self) -> None:
        """Fill the form from the scanned badge, or say why not and leave the form as it is."""
        self._scan_timer.stop()
        text = self.badge.toPlainText()
        if not text.strip():
            return
        try:
            badge = read_badge(text)
        except BadgeError as error:
            self._badge_said(f"Not read: {error}. Nothing was changed.", refused=True)
            self.badge.selectAll()  # the next scan replaces it
            return
        for key, value in fields_from_badge(badge).items():
            self.fields[key].setText(value)
            self._mark(self.fields[key], False)
        self._clear_badge()
        who = ", ".join(p for p in (badge.person, badge.organization) if p)
        self._badge_said(f"Filled from the badge ({badge.kind}): {who}. Check it with the buyer.")
        self.fields["name"].setFocus()

    def _clear_badge(self) -> None:
        self.badge.blockSignals(True)  # clearing is not a scan
        self.badge.clear()
        self.badge.blockSignals(False)

    def _badge_said(self, text: str, refused: bool = False) -> None:
        self.badge_message.setText(text)
        self.badge_message.setProperty("refused", refused)
        self.badge_message.style().polish(self.badge_message)

    # -- the form ------------------------------------------------------------------------------
    def details(self) -> ProspectDetails:
        return ProspectDetails(
            **{key: field.text() for key, field in self.fields.items()},
            ship_elsewhere=self.ship_elsewhere.isChecked(),
        )

    def _ship_toggled(self, on: bool) -> None:
        self.ship_box.setVisible(on)
        if on:
            self.fields["ship_street"].setFocus()
        self.adjustSize()

    def _tidy_country(self, key: str) -> None:
        field = self.fields[key]
        code = country_code(field.text())
        if code != field.text():
            field.setText(code)

    @staticmethod
    def _mark(field: QLineEdit, refused: bool) -> None:
        field.setProperty("refused", refused)
        field.style().polish(field)

    def save(self) -> None:
        """Check the form here, save on the database thread; refused fields keep their text."""
        details = self.details()
        found = problems(details)
        if found:
            self._refused(found)
            return
        self.save_button.setEnabled(False)  # one prospect per Save, however fast the keys
        self._saving = True
        self.problems.clear()
        self._tasks.run_in_db(lambda: self._prospects.create(details), self._saved, self._failed)

    def _refused(self, found: dict[str, str]) -> None:
        for key, field in self.fields.items():
            self._mark(field, key in found)
            field.setToolTip(found.get(key, ""))
        self.problems.setText("Not saved yet:\n" + "\n".join(f"• {m}" for m in found.values()))
        self.fields[next(iter(found))].setFocus()

    def reject(self) -> None:
        if not self._saving:  # a save under way ends the dialog itself, in a moment
            super().reject()

    def _saved(self, customer: Customer) -> None:
        self._saving = False
        self.created.emit(customer)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if not isinstance(error, ProspectRefused):
            raise error
        self._refused(error.problems)


def _rule() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line
