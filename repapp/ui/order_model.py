"""The order lines table: a thin Qt adapter over `OrderView.lines`, grouped by when they ship.

The desk owns the order: editing a quantity, a discount or a ship date does not change the model,
it asks the desk (through the `on_*` callbacks) and the repriced `OrderView` comes back through
`set_lines`. So the table never shows a price the core did not compute.

Lines are shown by shipment: first those that ship with the order (in its window), then each
split delivery by its date (a window that starts later than a split date sorts after it). The
first line of a shipment names it in the Ships column, and rows of alternate shipments are tinted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from repapp.services.order_desk import LineView
from repapp.services.order_terms import day_text, percent_text, window_text
from repapp.ui.qt import QBrush, QColor, QFont, QModelIndex, Qt
from repapp.ui.table_model import AnyIndex, RowsTableModel

COLUMNS = ("Ships", "SKU", "Description", "Qty", "Unit price", "Disc %", "Line total")
SHIPS, SKU, DESCRIPTION, QTY, UNIT_PRICE, DISCOUNT, LINE_TOTAL = range(len(COLUMNS))
# True on the first line of every shipment after the first: a rule is drawn above it.
SHIPMENT_START_ROLE = Qt.ItemDataRole.UserRole + 1
WITH_ORDER = "With order"
SHIPMENT_TINT = QColor("#eef3f7")

DISPLAY, EDIT = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole
ALIGNMENT, TOOLTIP = Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole

OnQuantity = Callable[[int, int], None]  # (line_no, new quantity); 0 removes the line
OnDiscount = Callable[[int, Decimal], None]  # (line_no, percent)
OnShipDate = Callable[[int, date | None], None]  # (line_no, day); None: with the order
Window = tuple[date | None, date | None]


def _ignore(*_args: object) -> None:
    return None


def _shipments(lines: list[LineView]) -> list[int]:
    """Per line (in the order shown), which shipment (0, 1, ...) it is in."""
    numbers, number = [], -1
    for row, line in enumerate(lines):
        if row == 0 or line.ship_date != lines[row - 1].ship_date:
            number += 1
        numbers.append(number)
    return numbers


def _marks(lines: list[LineView], shipments: list[int] | None = None) -> list[tuple[int, bool]]:
    """Per row what its look depends on beside the line: shipment tint, first of its shipment."""
    numbers = _shipments(lines) if shipments is None else shipments
    return [
        (number % 2, row == 0 or number != numbers[row - 1]) for row, number in enumerate(numbers)
    ]


class OrderLinesModel(RowsTableModel):
    columns = COLUMNS
    numeric = frozenset({QTY, UNIT_PRICE, DISCOUNT, LINE_TOTAL})
    editable_columns = frozenset({SHIPS, QTY, DISCOUNT})

    def __init__(
        self,
        on_quantity: OnQuantity,
        parent: Any = None,
        *,
        on_discount: OnDiscount = _ignore,
        on_ship_date: OnShipDate = _ignore,
    ) -> None:
        super().__init__(parent)
        self._on_quantity, self._on_discount = on_quantity, on_discount
        self._on_ship_date = on_ship_date
        self._rows: list[LineView] = []
        self._shipment: list[int] = []  # per row: which shipment (0, 1, ...) it is in
        self._editable = True
        self._window: Window = (None, None)
        self.discount_limit: Decimal | None = None
        # Painting asks every visible cell for its flags and about ten roles of data: what never
        # changes is worked out once (Qt's enum arithmetic is slow in Python).
        self._flags: tuple[Qt.ItemFlag, Qt.ItemFlag] | None = None  # (read-only, editable)
        self._alignments = tuple(self.alignment(column) for column in range(len(self.columns)))

    def set_lines(
        self,
        lines: list[LineView],
        editable: bool = True,
        *,
        ship_window: Window = (None, None),
        discount_limit: Decimal | None = None,
    ) -> None:
        """Show the desk's latest lines, announcing only what changed: rows gone, rows added at
        the end, rows whose values or shipment marks changed. A 300-line order repaints one row
        per edit, and the rep's selection and an open editor on another line stay put; lines
        that move to another shipment show the table afresh."""
        settings_changed = (ship_window, discount_limit) != (self._window, self.discount_limit)
        all_changed = settings_changed or editable != self._editable
        self._window, self.discount_limit, self._editable = ship_window, discount_limit, editable
        new = sorted(lines, key=self._shipment_order)
        old_marks = dict(zip((line.line_no for line in self._rows), self._marks(), strict=True))
        old_lines = {line.line_no: line for line in self._rows}
        wanted = {line.line_no for line in new}
        remaining = [line for line in self._rows if line.line_no in wanted]
        moved = [line.line_no for line in remaining] != [
            line.line_no for line in new[: len(remaining)]
        ]
        if moved or _marks(remaining) != [old_marks[line.line_no] for line in remaining]:
            self.beginResetModel()  # lines moved, or a shipment's first line went: afresh
            self._rows = new
            self._number_shipments()
            self.endResetModel()
            return
        self._remove_rows(
            [row for row, line in enumerate(self._rows) if line.line_no not in wanted]
        )
        kept = len(self._rows)
        if len(new) > kept:
            self.beginInsertRows(QModelIndex(), kept, len(new) - 1)
            self._rows = new
            self._number_shipments()
            self.endInsertRows()
        self._rows = new
        self._number_shipments()
        marks = self._marks()
        changed = [
            row
            for row, line in enumerate(new[:kept])
            if all_changed
            or old_lines[line.line_no] != line
            or old_marks[line.line_no] != marks[row]
        ]
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
            del self._shipment[first : last + 1]
            self.endRemoveRows()

    def _marks(self) -> list[tuple[int, bool]]:
        return _marks(self._rows, self._shipment)

    def _shipment_order(self, line: LineView) -> tuple[date, int, int]:
        if line.ship_date is not None:
            return (line.ship_date, 1, line.line_no)
        window_starts = self._window[0] or self._window[1] or date.min
        return (window_starts, 0, line.line_no)

    def _number_shipments(self) -> None:
        self._shipment = _shipments(self._rows)

    def line(self, row: int) -> LineView:
        return self._rows[row]

    def shipments(self) -> list[tuple[str, list[str]]]:
        """Each shipment's name with the SKUs in it, in the order shown."""
        groups: list[tuple[str, list[str]]] = []
        for row, line in enumerate(self._rows):
            if self._starts_shipment(row):
                groups.append((self.shipment_name(line), []))
            groups[-1][1].append(line.sku)
        return groups

    @staticmethod
    def shipment_name(line: LineView) -> str:
        """A split delivery's day; the order's window itself is shown above the table."""
        return day_text(line.ship_date) if line.ship_date is not None else WITH_ORDER

    def _starts_shipment(self, row: int) -> bool:
        return row == 0 or self._shipment[row] != self._shipment[row - 1]

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return super().flags(index)
        if self._flags is None:
            plain = super().flags(index)
            self._flags = (plain, plain | Qt.ItemFlag.ItemIsEditable)
        return self._flags[index.column() in self.editable_columns and self._editable]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row, column = index.row(), index.column()
        line = self._rows[row]
        if role == DISPLAY:
            if column == SHIPS:
                return self.shipment_name(line) if self._starts_shipment(row) else ""
            return _display(line, column)
        if role == EDIT:
            return _edit_value(line, column)
        if role == ALIGNMENT:
            return self._alignments[column]
        if role == TOOLTIP:
            return self._tooltip(line, column)
        if role == Qt.ItemDataRole.BackgroundRole and self._shipment[row] % 2:
            return QBrush(SHIPMENT_TINT)
        if role == Qt.ItemDataRole.FontRole and column == SHIPS:
            font = QFont()
            font.setBold(True)
            return font
        if role == SHIPMENT_START_ROLE:
            return row > 0 and self._starts_shipment(row)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and orientation == Qt.Orientation.Horizontal
            and section in (DISCOUNT, SHIPS)
        ):
            return self.limit_text() if section == DISCOUNT else SHIPS_TIP
        return super().headerData(section, orientation, role)

    def limit_text(self) -> str:
        if self.discount_limit is None:
            return "Line discount in percent (no discount limit known: sign in to get yours)"
        return f"Line discount in percent: your limit is {percent_text(self.discount_limit)}"

    def _tooltip(self, line: LineView, column: int) -> str | None:
        if column == QTY and line.increment > 1:
            return f"Ordered in multiples of {line.increment} (case of {line.case_pack})"
        if column == UNIT_PRICE and line.price_source:
            return line.price_source
        if column == DISCOUNT:
            return self.limit_text()
        if column == SHIPS:
            if line.ship_date is not None:
                return (
                    f"Ships apart on {day_text(line.ship_date)} (split delivery). "
                    "To ship it with the order: F2, then Delete in the date."
                )
            window = window_text(*self._window)
            return f"Ships with the order{f' ({window})' if window else ''}. {SHIPS_TIP}"
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not (index.isValid() and role == Qt.ItemDataRole.EditRole and self._editable):
            return False
        line, column = self._rows[index.row()], index.column()
        if column == QTY:
            return self._set_quantity(line, value)
        if column == DISCOUNT:
            return self._set_discount(line, value)
        if column == SHIPS:
            if not (value is None or isinstance(value, date)) or value == line.ship_date:
                return False
            self._on_ship_date(line.line_no, value)
            return True
        return False

    def _set_quantity(self, line: LineView, value: Any) -> bool:
        try:
            quantity = int(value)
        except (TypeError, ValueError):
            return False
        if quantity < 0 or quantity == line.quantity:
            return False
        self._on_quantity(line.line_no, quantity)
        return True

    def _set_discount(self, line: LineView, value: Any) -> bool:
        if isinstance(value, float):
            value = f"{value:.2f}"  # a spin box's figure, to the hundredth it shows
        try:
            percent = Decimal(str(value).strip().removesuffix("%").strip() or "0")
        except InvalidOperation:
            return False
        if not percent.is_finite() or percent == line.priced.discount_percent:
            return False
        self._on_discount(line.line_no, percent)  # the desk says why if it is out of bounds
        return True


SHIPS_TIP = "Give a line a date of its own to ship it apart (a split delivery)."


def _display(line: LineView, column: int) -> str:
    priced = line.priced
    percent = priced.discount_percent
    values = {
        SKU: line.sku,
        DESCRIPTION: line.description,
        QTY: f"{line.quantity:,}",
        UNIT_PRICE: f"{priced.unit_price.amount:,.2f}",
        DISCOUNT: percent_text(percent) if percent else "",
        LINE_TOTAL: f"{priced.net.amount:,.2f}",
    }
    return values[column]


def _edit_value(line: LineView, column: int) -> Any:
    if column == QTY:
        return line.quantity
    if column == DISCOUNT:
        return float(line.priced.discount_percent)
    if column == SHIPS:
        return line.ship_date
    return _display(line, column)
