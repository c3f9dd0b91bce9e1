"""The order lines table: a thin Qt adapter over `OrderView.lines`.

The desk owns the order: editing a quantity does not change the model, it asks the desk (through
`on_quantity`) and the repriced `OrderView` comes back through `set_lines`. So the table never
shows a price the core did not compute.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from repapp.services.order_desk import LineView
from repapp.ui.qt import QModelIndex, Qt
from repapp.ui.table_model import AnyIndex, RowsTableModel

COLUMNS = ("SKU", "Description", "Qty", "Unit price", "Line total")
QTY, UNIT_PRICE = 2, 3

DISPLAY, EDIT = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole
ALIGNMENT, TOOLTIP = Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole

OnQuantity = Callable[[int, int], None]  # (line_no, new quantity); 0 removes the line


class OrderLinesModel(RowsTableModel):
    columns = COLUMNS
    numeric = frozenset({QTY, UNIT_PRICE, 4})

    def __init__(self, on_quantity: OnQuantity, parent: Any = None) -> None:
        super().__init__(parent)
        self._on_quantity = on_quantity
        self._rows: list[LineView] = []
        self._editable = True
        self._flags: tuple[Qt.ItemFlag, Qt.ItemFlag] | None = None  # (read-only, editable)
        self._alignments = tuple(self.alignment(column) for column in range(len(self.columns)))

    def set_lines(self, lines: list[LineView], editable: bool = True) -> None:
        """Show the desk's latest lines, announcing only what changed: rows gone, rows added at
        the end, rows whose values changed. A 300-line order repaints one row per edit, and the
        rep's selection and an open quantity editor on another line stay where they are."""
        new = list(lines)
        all_changed = editable != self._editable  # every quantity cell's flags change
        self._editable = editable
        wanted = {line.line_no for line in new}
        self._remove_rows(
            [row for row, line in enumerate(self._rows) if line.line_no not in wanted]
        )
        kept = len(self._rows)
        if [line.line_no for line in self._rows] != [line.line_no for line in new[:kept]]:
            self.beginResetModel()  # the lines came in another order: show them afresh
            self._rows = new
            self.endResetModel()
            return
        changed = [row for row in range(kept) if all_changed or self._rows[row] != new[row]]
        if len(new) > kept:
            self.beginInsertRows(QModelIndex(), kept, len(new) - 1)
            self._rows = new
            self.endInsertRows()
        self._rows = new
        if changed:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], last))

    def _remove_rows(self, rows: list[int]) -> None:
        """Remove these rows (ascending), a run of neighbours at a time, from the bottom up."""
        while rows:
            last = first = rows.pop()
            while rows and rows[-1] == first - 1:
                first = rows.pop()
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first : last + 1]
            self.endRemoveRows()

    def line(self, row: int) -> LineView:
        return self._rows[row]

    # Painting the table asks for every visible cell's flags and about ten roles of its data:
    # the answers that never change are worked out once (Qt's enum arithmetic is slow in Python).
    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return super().flags(index)
        if self._flags is None:
            plain = super().flags(index)
            self._flags = (plain, plain | Qt.ItemFlag.ItemIsEditable)
        return self._flags[index.column() == QTY and self._editable]

    def data(self, index: AnyIndex, role: int = DISPLAY) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        line, column = self._rows[index.row()], index.column()
        if role == DISPLAY:
            return _display(line, column)
        if role == EDIT and column == QTY:
            return line.quantity
        if role == ALIGNMENT:
            return self._alignments[column]
        if role == TOOLTIP and column == QTY and line.increment > 1:
            return f"Ordered in multiples of {line.increment} (case of {line.case_pack})"
        if role == TOOLTIP and column == UNIT_PRICE and line.price_source:
            return line.price_source
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not (index.isValid() and index.column() == QTY and role == Qt.ItemDataRole.EditRole):
            return False
        try:
            quantity = int(value)
        except (TypeError, ValueError):
            return False
        line = self._rows[index.row()]
        if quantity < 0 or quantity == line.quantity:
            return False
        self._on_quantity(line.line_no, quantity)
        return True


def _display(line: LineView, column: int) -> str:
    priced = line.priced
    values = (
        line.sku,
        line.description,
        f"{line.quantity:,}",
        f"{priced.unit_price.amount:,.2f}",
        f"{priced.net.amount:,.2f}",
    )
    return values[column]
