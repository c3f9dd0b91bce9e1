"""The order being written: its lines, PO number, notes, totals, and what still stops it finishing.

The panel only shows an `OrderView` and reports what the rep did (a quantity, the details, Finish);
the main window takes those to the order desk off the GUI thread and hands back the new view.
"""

from __future__ import annotations

from repapp.core.money import Money
from repapp.services.order_desk import OrderView
from repapp.ui.order_model import QTY, OrderLinesModel
from repapp.ui.qt import (
    QAbstractItemView,
    QEvent,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QObject,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)

NOTES_SAVE_MS = 600  # notes are saved once the rep pauses, not on every keystroke


class QuantityDelegate(QStyledItemDelegate):
    """A spin box that steps a whole case at a time, the way the line is sold."""

    def createEditor(self, parent, option, index):  # type: ignore[no-untyped-def]
        editor = QSpinBox(parent, minimum=0, maximum=999_999, frame=False)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        editor.setSingleStep(max(index.model().line(index.row()).case_pack, 1))
        editor.setToolTip("0 removes the line")
        return editor


class OrderPanel(QWidget):
    quantity_changed = Signal(int, int)  # line_no, quantity
    details_changed = Signal(str, str)  # PO number, notes
    finish_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.view: OrderView | None = None
        self.model = OrderLinesModel(self.quantity_changed.emit, self)
        self.customer = QLabel(objectName="order_customer")
        self.state = QLabel(objectName="order_state")
        self.lines = QTableView(objectName="order_lines")
        self.po_number = QLineEdit(placeholderText="Buyer's PO number", maxLength=60)
        self.notes = QPlainTextEdit(placeholderText="Notes: ship window, delivery instructions")
        self.subtotal, self.discount, self.total = QLabel(), QLabel(), QLabel(objectName="total")
        self.problems = QLabel(objectName="problems", wordWrap=True)
        self.message = QLabel(objectName="order_message", wordWrap=True)
        self.finish = QPushButton("Finish order", objectName="finish")
        self._notes_timer = QTimer(self, singleShot=True, interval=NOTES_SAVE_MS)
        self._notes_timer.timeout.connect(self._details_edited)
        self.po_number.editingFinished.connect(self._details_edited)
        self.notes.textChanged.connect(self._notes_timer.start)
        self.finish.clicked.connect(self.finish_requested)
        self.lines.installEventFilter(self)  # Delete removes the highlighted line
        self._set_up_lines()
        self._lay_out()
        self.show_order(None)

    def _set_up_lines(self) -> None:
        table = self.lines
        table.setModel(self.model)
        table.setItemDelegateForColumn(QTY, QuantityDelegate(table))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(26)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 100), (2, 64), (3, 84), (4, 96)):
            table.setColumnWidth(column, width)

    def _lay_out(self) -> None:
        totals = QGridLayout()
        for row, (label, value) in enumerate(
            (("Subtotal", self.subtotal), ("Discount", self.discount), ("Total", self.total))
        ):
            caption = QLabel(label, objectName="total_caption" if row == 2 else "")
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            totals.addWidget(caption, row, 0)
            totals.addWidget(value, row, 1)
        details = QFormLayout()
        details.addRow("PO number", self.po_number)
        details.addRow("Notes", self.notes)
        self.notes.setFixedHeight(64)
        self.notes.setTabChangesFocus(True)  # Tab goes on to Finish, as in every other field
        side = QVBoxLayout()
        side.addLayout(details)
        side.addWidget(_rule())
        side.addLayout(totals)
        side.addWidget(self.problems)
        side.addWidget(self.message)
        side.addStretch(1)
        side.addWidget(self.finish)
        side_box = QWidget()
        side_box.setLayout(side)
        side_box.setFixedWidth(300)
        body = QHBoxLayout()
        body.addWidget(self.lines, 1)
        body.addWidget(side_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Order", objectName="panel_title"))
        header = QHBoxLayout()
        header.addWidget(self.customer, 1)
        header.addWidget(self.state)
        layout.addLayout(header)
        layout.addLayout(body)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Delete  # type: ignore[attr-defined]
            and self.lines.state() != QAbstractItemView.State.EditingState
            and self.lines.currentIndex().isValid()
            and self.view is not None
            and self.view.editable
        ):
            self.quantity_changed.emit(self.model.line(self.lines.currentIndex().row()).line_no, 0)
            return True
        return False

    # -- showing -----------------------------------------------------------------------------
    def show_order(self, view: OrderView | None) -> None:
        """Show the desk's latest view of the order (None: no order started)."""
        switching = view is None or self.view is None or view.uuid != self.view.uuid
        self.view = view
        editable = view is not None and view.editable
        self.model.set_lines(view.lines if view else [], editable)
        if switching:  # on the same order the fields hold what the rep is typing
            self._set_details(view)
            self.message.clear()
        for field in (self.po_number, self.notes):
            field.setEnabled(editable)
        self.finish.setEnabled(editable and bool(view and view.lines))
        self.state.setText("Draft: every change is saved" if editable else "")
        if view is None:
            self.customer.setText("No order open: choose a customer, then New order or scan.")
            for label in (self.subtotal, self.discount, self.total, self.problems):
                label.clear()
            return
        self.customer.setText(f"{view.customer_name}  ·  {view.customer_account}")
        totals = view.totals
        self.subtotal.setText(str(totals.gross))
        self.discount.setText(str(Money(-totals.discount.amount, totals.currency)))
        self.total.setText(str(totals.net))
        self.problems.setText(
            "To fix before finishing:\n" + "\n".join(f"• {p}" for p in view.problems)
            if view.problems
            else ""
        )

    def show_message(self, text: str) -> None:
        """Why the last action on the order did not happen (cleared by the next order)."""
        self.message.setText(text)

    def details(self) -> tuple[str, str]:
        return self.po_number.text(), self.notes.toPlainText()

    def take_details(self) -> tuple[str, str]:
        """The details on screen, for Finish to save with the order: a notes save still waiting
        for the rep to pause would only reach the order after it is finished, and be refused."""
        self._notes_timer.stop()
        return self.details()

    def _set_details(self, view: OrderView | None) -> None:
        for field in (self.po_number, self.notes):
            field.blockSignals(True)  # showing saved details is not an edit to save back
        self.po_number.setText(view.po_number if view else "")
        self.notes.setPlainText(view.notes if view else "")
        for field in (self.po_number, self.notes):
            field.blockSignals(False)

    def _details_edited(self) -> None:
        self._notes_timer.stop()
        if self.view is not None and self.view.editable:
            po_number, notes = self.details()
            if (po_number.strip(), notes) != (self.view.po_number, self.view.notes):
                self.details_changed.emit(po_number, notes)


def _rule() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line
