"""The Orders table: a thin Qt adapter over the order book's entries.

While a sync is pushing, queued orders read "Sending": the outbox is going out. Each state has a
badge color; a state this app does not know gets a neutral one and its own name.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from repapp.core.money import Money
from repapp.models.orders import DRAFT, QUEUED, SUPERSEDED
from repapp.services.order_book import (
    ACCEPTED,
    MISMATCH,
    NEEDS_APPROVAL,
    REJECTED,
    SENDING,
    BookEntry,
    state_label,
)
from repapp.ui.qt import QColor, Qt
from repapp.ui.table_model import AnyIndex, RowsTableModel

COLUMNS = ("State", "Order", "Customer", "PO", "Lines", "Total", "When", "Notes")
STATE, ORDER, CUSTOMER, PO, LINES, TOTAL, WHEN, NOTE = range(len(COLUMNS))
BADGE_ROLE = Qt.ItemDataRole.UserRole + 1  # the state's badge color

BADGE_COLORS = {
    DRAFT: "#607d8b",
    QUEUED: "#1565c0",
    SENDING: "#6a1b9a",
    ACCEPTED: "#2e7d32",
    NEEDS_APPROVAL: "#b26a00",
    REJECTED: "#b3261e",
    MISMATCH: "#ad1457",
    SUPERSEDED: "#9e9e9e",
}
OTHER_COLOR = "#455a64"  # shipped, invoiced, cancelled... from a newer server


def badge_color(status: str) -> str:
    return BADGE_COLORS.get(status, OTHER_COLOR)


def moment(when: datetime, now: datetime | None = None) -> str:
    """'14:32' today, '14 Mar 14:32' before; stored times without a zone are UTC."""
    local = (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone()
    today = (now or datetime.now(UTC)).astimezone().date()
    return f"{local:%H:%M}" if local.date() == today else f"{local:%d %b %H:%M}"


def note(entry: BookEntry) -> str:
    """The one thing to know about an order, for its row; the details show everything."""
    if entry.revised_by_ref:
        return f"revised → {entry.revised_by_ref}"
    if entry.reasons:
        more = len(entry.reasons) - 1
        return entry.reasons[0] + (f" (+{more} more)" if more else "")
    if entry.revised_by:
        return "revision being written"
    if entry.backordered_lines:
        lines = entry.backordered_lines
        return f"{lines} line{'' if lines == 1 else 's'} backordered"
    if entry.revises_ref:
        return f"revision {entry.revision} of {entry.revises_ref}"
    return ""


def amount(entry: BookEntry) -> str:
    return str(Money(entry.total, entry.currency)) if entry.total is not None else "—"


class OrdersModel(RowsTableModel):
    columns = COLUMNS
    numeric = frozenset({LINES, TOTAL})

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[BookEntry] = []
        self._sending = False

    def set_entries(self, entries: list[BookEntry]) -> None:
        self.beginResetModel()
        self._rows = list(entries)
        self.endResetModel()

    def set_sending(self, sending: bool) -> None:
        """A sync started or ended: queued orders read "Sending" while it runs."""
        if sending != self._sending:
            self._sending = sending
            if self._rows:
                self.dataChanged.emit(self.index(0, STATE), self.index(len(self._rows) - 1, STATE))

    def shown_status(self, entry: BookEntry) -> str:
        return SENDING if self._sending and entry.status == QUEUED else entry.status

    def entry(self, row: int) -> BookEntry:
        return self._rows[row]

    def row_of(self, uuid: str) -> int | None:
        return next((row for row, e in enumerate(self._rows) if e.uuid == uuid), None)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        entry, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, column)
        if role == BADGE_ROLE and column == STATE:
            return QColor(badge_color(self.shown_status(entry)))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (STATE, NOTE) and entry.reasons:
            return "\n".join(entry.reasons)
        if role == Qt.ItemDataRole.ForegroundRole and entry.status == SUPERSEDED:
            return QColor("#8a9499")  # replaced: still listed, quieter
        return None

    def _display(self, entry: BookEntry, column: int) -> str:
        if column == STATE:
            return state_label(self.shown_status(entry))
        if column == ORDER:
            return entry.reference or "(draft)"
        if column == CUSTOMER:
            return entry.customer_name
        if column == PO:
            return entry.po_number
        if column == LINES:
            return f"{entry.line_count:,}"
        if column == TOTAL:
            return amount(entry)
        if column == WHEN:
            return moment(entry.when)
        return note(entry)
