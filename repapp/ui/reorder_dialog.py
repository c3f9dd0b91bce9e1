"""Reorder: the chosen account's past orders, newest first; one's lines; copy it into a new order.

History is read, and the copy made, on the database thread (`repapp.services.reorder`). The
copy starts a draft at today's prices; the window shows it with what was skipped or repriced.
Opened with `open()` (window-modal, non-blocking), never `exec()`.
"""

from __future__ import annotations

from repapp.core.money import Money
from repapp.models import Customer
from repapp.services.order_desk import OrderDeskError
from repapp.services.reorder import PastOrderView, Reorder, Reordered
from repapp.ui.qt import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from repapp.ui.tasks import TaskManager

ORDER_COLUMNS = ("Date", "Order", "Status", "Lines", "Total")
LINE_COLUMNS = ("SKU", "Product", "Qty", "Price then")
STYLE = """
QLabel#reorder_message { color: #b3261e; font-weight: 600; }
QLabel#reorder_hint { color: #607d8b; }
"""
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _table(columns: tuple[str, ...], name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns), objectName=name)
    table.setHorizontalHeaderLabels(list(columns))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    return table


def _cell(text: str, right: bool = False, grey: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(_RIGHT)
    if grey:
        item.setForeground(Qt.GlobalColor.darkGray)
    return item


class ReorderDialog(QDialog):
    copied = Signal(object)  # Reordered: the new draft and what the rep should know

    def __init__(
        self,
        tasks: TaskManager,
        reorder: Reorder,
        customer: Customer,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._tasks, self._reorder, self._account = tasks, reorder, customer.account_number
        self.history: list[PastOrderView] = []
        self.setObjectName("reorder_dialog")
        self.finished.connect(self.deleteLater)  # one dialog per use
        self._closed = self._copying = False
        self.setWindowTitle(f"Reorder for {customer.name}")
        self.setStyleSheet(STYLE)
        self.orders = _table(ORDER_COLUMNS, "past_orders")
        self.lines = _table(LINE_COLUMNS, "past_lines")
        self.lines.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # arrows stay on the orders
        self.hint = QLabel("Reading this account's orders…", objectName="reorder_hint")
        self.hint.setWordWrap(True)
        self.message = QLabel(objectName="reorder_message", wordWrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.copy_button = self.buttons.addButton(
            "Copy into a new order", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.copy_button.setDefault(True)
        self.copy_button.setEnabled(False)
        self.buttons.accepted.connect(self.copy)
        self.buttons.rejected.connect(self.reject)
        self.orders.itemSelectionChanged.connect(self._show_lines)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{customer.name}  ·  {customer.account_number}"))
        layout.addWidget(self.orders, 3)
        layout.addWidget(QLabel("Lines of the chosen order (copied at today's prices):"))
        layout.addWidget(self.lines, 4)
        layout.addWidget(self.hint)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        for table, stretch in ((self.orders, 1), (self.lines, 1)):
            table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.resize(720, 560)
        self.orders.setFocus()
        tasks.run_in_db(lambda: reorder.history(self._account), self._fill)

    def done(self, result: int) -> None:
        if not self._copying:  # a copy under way ends the dialog itself, in a moment
            self._closed = True  # the history may still arrive: nothing left to show it in
            super().done(result)

    def _fill(self, history: list[PastOrderView]) -> None:
        if self._closed:
            return
        self.history = history
        self.orders.setRowCount(len(history))
        for row, order in enumerate(history):
            cells = (
                _cell(f"{order.captured_at.astimezone():%d %b %Y}"),
                _cell(order.number),
                _cell(order.status.replace("_", " ")),
                _cell(str(len(order.lines)), right=True),
                _cell(order.total_text, right=True),
            )
            for column, cell in enumerate(cells):
                self.orders.setItem(row, column, cell)
        self.orders.resizeColumnsToContents()
        self.orders.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        if history:
            self.hint.setText("↑↓ choose an order, Enter copies it into a new order.")
            self.orders.selectRow(0)
        else:
            self.hint.setText(
                "No past orders for this account on this laptop: sync to get its history."
            )

    def selected(self) -> PastOrderView | None:
        rows = self.orders.selectionModel().selectedRows()
        return self.history[rows[0].row()] if rows else None

    def _show_lines(self) -> None:
        order = self.selected()
        self.copy_button.setEnabled(order is not None)
        self.message.clear()
        lines = order.lines if order is not None else []
        currency = order.currency if order is not None else ""
        self.lines.setRowCount(len(lines))
        for row, line in enumerate(lines):
            gone = not line.sold
            name = line.name or "(not in the catalog)"
            cells = (
                _cell(line.sku, grey=gone),
                _cell(f"{name}: no longer sold" if gone else name, grey=gone),
                _cell(str(line.quantity), right=True, grey=gone),
                _cell(str(Money(line.unit_price, currency)), right=True, grey=gone),
            )
            for column, cell in enumerate(cells):
                self.lines.setItem(row, column, cell)
        self.lines.resizeColumnsToContents()
        self.lines.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def copy(self) -> None:
        order = self.selected()
        if order is None:
            return
        self.copy_button.setEnabled(False)  # one new order per press
        self._copying = True
        self.hint.setText(f"Copying {len(order.lines)} lines at today's prices…")  # ~20 ms a line
        account, uuid = self._account, order.uuid
        self._tasks.run_in_db(lambda: self._reorder.copy(account, uuid), self._done, self._failed)

    def _done(self, result: Reordered) -> None:
        self._copying = False
        self.copied.emit(result)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self._copying = False
        self.copy_button.setEnabled(True)
        if not isinstance(error, OrderDeskError):
            raise error
        self.message.setText(f"Not copied: {error}")
