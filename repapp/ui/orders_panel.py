"""The Orders page: every order on this laptop with its state, found by words or by state.

The selected order's reasons are shown in full beside the list (a held order's reasons are what
the rep tells the buyer). A draft opens in the order editor; a held or rejected order is revised
into a new draft, which opens there too. Reads and revisions run on the database thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from repapp.services.order_book import (
    ATTENTION,
    STATE_LABELS,
    BookEntry,
    Found,
    OrderBook,
    Revision,
    state_label,
)
from repapp.services.order_desk import OrderDeskError, OrderView
from repapp.ui.orders_model import (
    BADGE_ROLE,
    NOTE,
    STATE,
    OrdersModel,
    amount,
    badge_color,
    moment,
)
from repapp.ui.qt import (
    QAbstractItemView,
    QBrush,
    QColor,
    QComboBox,
    QEvent,
    QFont,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QHideEvent,
    QLabel,
    QLineEdit,
    QModelIndex,
    QObject,
    QPainter,
    QPushButton,
    QScrollArea,
    QShowEvent,
    QStyle,
    QStyledItemDelegate,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from repapp.ui.tasks import TaskManager

DEBOUNCE_MS = 150
ALL = "all"
NEEDS_ATTENTION = "attention"
# The filter lists these first, in the order an order goes through them; other states follow.
STATE_ORDER = tuple(STATE_LABELS)
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)

PANEL_STYLE = """
QFrame#order_details { border: 1px solid palette(mid); border-radius: 4px; }
QLabel#details_title { font-size: 12pt; font-weight: 600; }
QLabel#details_badge { color: white; font-weight: 700; padding: 3px 10px; border-radius: 9px; }
QLabel#reasons_title { font-weight: 600; padding-top: 6px; }
QLabel#details_reasons { color: #4e342e; }
QLabel#orders_message { color: #b3261e; font-weight: 600; }
QLabel#orders_count { color: #607d8b; }
"""


@dataclass(frozen=True)
class OpenedDraft:
    """A draft for the order editor, with what to tell the rep about it."""

    view: OrderView
    headline: str  # for the status bar
    notes: list[str] = field(default_factory=list)  # beside the lines: what changed on the way


def attention_title(counts: dict[str, int]) -> str:
    """The Orders tab's title: how many orders the office held or refused."""
    waiting = sum(counts.get(status, 0) for status in ATTENTION)
    return (
        f"Orders · {waiting} need{'s' if waiting == 1 else ''} attention" if waiting else "Orders"
    )


class BadgeDelegate(QStyledItemDelegate):
    """The state as a colored pill, readable at arm's length across a booth."""

    def paint(self, painter, option, index):  # type: ignore[no-untyped-def]
        self.initStyleOption(option, index)
        text, option.text = option.text, ""
        style = option.widget.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        color = index.data(BADGE_ROLE)
        if not text or color is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(option.font)
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        height = metrics.height() + 4
        width = min(metrics.horizontalAdvance(text) + 16, option.rect.width() - 8)
        pill = option.rect.adjusted(4, 0, 0, 0)
        pill.setTop(option.rect.center().y() - height // 2)
        pill.setHeight(height)
        pill.setWidth(width)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(color))
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setPen(QColor("white"))
        painter.drawText(
            pill,
            Qt.AlignmentFlag.AlignCenter,
            metrics.elidedText(text, Qt.TextElideMode.ElideRight, width - 8),
        )
        painter.restore()


class OrdersPanel(QWidget):
    draft_opened = Signal(object)  # OpenedDraft: show it in the order editor
    counts_changed = Signal(dict)  # orders per state, after each read

    def __init__(self, tasks: TaskManager, book: OrderBook, parent: QWidget | None = None):
        super().__init__(parent)
        self._tasks, self._book = tasks, book
        self._reading = False
        self._read_again = False
        self._shown: str | None = None  # the order whose details are shown
        self.model = OrdersModel(self)
        self.search = QLineEdit(
            placeholderText="Find an order: reference, order number, customer, PO, state"
        )
        self.search.setObjectName("orders_search")
        self.search.setClearButtonEnabled(True)
        self.states = QComboBox(objectName="orders_states")
        self.states.setToolTip("Only orders in this state")
        self.states.setMinimumWidth(210)
        self.count = QLabel(objectName="orders_count")
        self.table = QTableView(objectName="orders")
        self.details_title = QLabel(objectName="details_title", wordWrap=True)
        self.badge = QLabel(objectName="details_badge")
        self.facts = QLabel(objectName="details_facts", wordWrap=True)
        self.reasons_title = QLabel("Why", objectName="reasons_title")
        self.reasons = QLabel(objectName="details_reasons", wordWrap=True)
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reasons.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.open_draft = QPushButton("Open draft", objectName="open_draft")
        self.open_draft.setToolTip("Carry on writing this draft in the order editor (Ctrl+E)")
        self.revise = QPushButton("Revise", objectName="revise")
        self.revise.setToolTip(
            "Write this held or rejected order again as a new draft, at today's prices (Ctrl+Shift+V)"
        )
        self.message = QLabel(objectName="orders_message", wordWrap=True)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._timer.start)
        self.states.activated.connect(lambda _index: self.refresh())
        self.open_draft.clicked.connect(self.open_selected)
        self.revise.clicked.connect(self.revise_selected)
        self.table.doubleClicked.connect(lambda _index: self.act_on_selected())
        self.search.installEventFilter(self)
        self.table.installEventFilter(self)
        self._set_up_table()
        self._lay_out()
        self.setStyleSheet(PANEL_STYLE)
        self._fill_states({})
        self._show_details(None)

    def _set_up_table(self) -> None:
        table = self.table
        table.setModel(self.model)
        table.setItemDelegateForColumn(STATE, BadgeDelegate(table))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(28)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((132, 96, 170, 80, 48, 104, 88)):
            table.setColumnWidth(column, width)
        table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_details(self._entry_at(current))
        )

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.states)
        top.addWidget(self.count)
        details = QFrame(objectName="order_details")
        side = QVBoxLayout(details)
        side.setContentsMargins(10, 8, 10, 8)
        badge_row = QHBoxLayout()
        badge_row.addWidget(self.badge)
        badge_row.addStretch(1)
        side.addWidget(self.details_title)
        side.addLayout(badge_row)
        side.addWidget(self.facts)
        side.addWidget(self.reasons_title)
        reasons = QScrollArea(objectName="reasons_scroll")
        reasons.setWidget(self.reasons)
        reasons.setWidgetResizable(True)
        reasons.setFrameShape(QFrame.Shape.NoFrame)
        side.addWidget(reasons, 1)
        side.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_draft)
        buttons.addWidget(self.revise)
        side.addLayout(buttons)
        details.setFixedWidth(330)
        body = QHBoxLayout()
        body.addWidget(self.table, 1)
        body.addWidget(details)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(QLabel("Orders on this laptop", objectName="panel_title"))
        layout.addLayout(top)
        layout.addLayout(body, 1)
        QWidget.setTabOrder(self.search, self.states)
        QWidget.setTabOrder(self.states, self.table)
        QWidget.setTabOrder(self.table, self.open_draft)
        QWidget.setTabOrder(self.open_draft, self.revise)

    # -- reading -----------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # an order may have been finished or answered since
        self.search.setFocus()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.message.clear()

    def refresh(self) -> None:
        """Read the orders matching the search and state off the GUI thread (one read at a time;
        a change meanwhile reads once more when it is done)."""
        self._timer.stop()
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        words, states = self.search.text(), self._chosen_states()
        book = self._book
        self._tasks.run_in_db(
            lambda: (book.find(words, states), book.state_counts()), self._fill, self._read_failed
        )

    def _chosen_states(self) -> tuple[str, ...] | None:
        key = self.states.currentData()
        if key in (None, ALL):
            return None
        return ATTENTION if key == NEEDS_ATTENTION else (key,)

    def _fill(self, read: tuple[Found, dict[str, int]]) -> None:
        self._reading = False
        if self._read_again:
            self._read_again = False
            self.refresh()
            return
        found, counts = read
        current = self.selected()
        keep = current.uuid if current else None
        self.model.set_entries(found.entries)  # the selection goes with the old rows
        shown = len(found.entries)
        self.count.setText(
            f"{found.matching:,} order{'' if found.matching == 1 else 's'}"
            if shown == found.matching
            else f"latest {shown:,} of {found.matching:,}: search to find older ones"
        )
        self._fill_states(counts)
        row = self.model.row_of(keep) if keep else None  # the same order stays selected
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(row or 0, 0))
        else:
            self._show_details(None)
        self.counts_changed.emit(counts)

    def _read_failed(self, error: Exception) -> None:
        self._reading = False
        raise error

    def _fill_states(self, counts: dict[str, int]) -> None:
        """The state filter: all, the ones needing attention, then each state on the laptop."""
        chosen = self.states.currentData() or ALL
        present = sorted(
            set(counts) | ({chosen} - {ALL, NEEDS_ATTENTION}),
            key=lambda s: (STATE_ORDER.index(s) if s in STATE_ORDER else len(STATE_ORDER), s),
        )
        options = [
            (ALL, f"All states ({sum(counts.values()):,})"),
            (NEEDS_ATTENTION, f"Needs attention ({sum(counts.get(s, 0) for s in ATTENTION):,})"),
        ] + [(status, f"{state_label(status)} ({counts.get(status, 0):,})") for status in present]
        self.states.blockSignals(True)
        self.states.clear()
        for key, text in options:
            self.states.addItem(text, key)
        self.states.setCurrentIndex(max(self.states.findData(chosen), 0))
        self.states.blockSignals(False)

    def set_sending(self, sending: bool) -> None:
        self.model.set_sending(sending)
        self._show_details(self.selected())

    # -- the selected order ------------------------------------------------------------------
    def _entry_at(self, index: QModelIndex) -> BookEntry | None:
        return self.model.entry(index.row()) if index.isValid() else None

    def selected(self) -> BookEntry | None:
        return self._entry_at(self.table.currentIndex())

    def _show_details(self, entry: BookEntry | None) -> None:
        uuid = entry.uuid if entry else None
        if uuid != self._shown:  # a refusal stays beside the order it was about
            self.message.clear()
            self._shown = uuid
        self.open_draft.setEnabled(bool(entry and entry.can_open))
        self.revise.setEnabled(bool(entry and entry.can_revise))
        if entry is None:
            self.details_title.setText("No order selected")
            self.badge.hide()
            self.facts.clear()
            self.reasons.clear()
            self.reasons_title.hide()
            return
        status = self.model.shown_status(entry)
        self.details_title.setText(f"{entry.reference or 'Draft'} · {entry.customer_name}")
        self.badge.setText(state_label(status))
        self.badge.setStyleSheet(f"background: {badge_color(status)};")
        self.badge.show()
        self.facts.setText("\n".join(_facts(entry)))
        self.reasons.setText("\n".join(f"• {reason}" for reason in entry.reasons))
        self.reasons_title.setVisible(bool(entry.reasons))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()  # type: ignore[attr-defined]
        if key in _ENTER:
            self.act_on_selected()
            return True
        if watched is self.search and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            row = self.table.currentIndex().row() + (1 if key == Qt.Key.Key_Down else -1)
            if 0 <= row < self.model.rowCount():
                self.table.setCurrentIndex(self.model.index(row, 0))
            return True
        return False

    # -- acting on it ------------------------------------------------------------------------
    def act_on_selected(self) -> None:
        """Enter or a double click: open a draft, or the revision being written of a held or
        rejected order. A new revision is only ever started by Revise, never by a stray Enter."""
        entry = self.selected()
        if entry is None:
            return
        if entry.can_open:
            self.open_selected()
        elif entry.revised_by and entry.revised_by_ref is None:
            self.revise_selected()  # opens the open revision; writes nothing
        elif entry.can_revise:
            self.message.setText(
                f"Revise (Ctrl+Shift+V) writes {entry.reference} again as a new draft, to fix and send."
            )

    def open_selected(self) -> None:
        entry = self.selected()
        if entry is None:
            self.message.setText("Choose an order first.")
            return
        if not entry.can_open:
            self.message.setText(
                f"{entry.reference} is {state_label(entry.status).lower()}: only a draft opens "
                "for writing" + (" (Revise writes it again)." if entry.can_revise else ".")
            )
            return
        desk, lines = self._book.desk, entry.line_count
        headline = (
            f"Your draft for {entry.customer_name} is open "
            f"({lines} line{'' if lines == 1 else 's'}), as last saved."
        )
        self._tasks.run_in_db(
            lambda: desk.view(entry.uuid),
            lambda view: self.draft_opened.emit(OpenedDraft(view, headline)),
            self._refused,
        )

    def revise_selected(self) -> None:
        entry = self.selected()
        if entry is None:
            self.message.setText("Choose an order first.")
            return
        book = self._book

        def revise() -> tuple[Revision, OrderView]:
            revision = book.revise(entry.uuid)
            return revision, book.desk.view(revision.uuid)

        self._tasks.run_in_db(revise, self._revised, self._refused)

    def _revised(self, made: tuple[Revision, OrderView]) -> None:
        revision, view = made
        headline = revision.summary.splitlines()[0]
        self.refresh()  # the old order now shows its revision
        self.draft_opened.emit(
            OpenedDraft(view, headline, [*revision.left_off, *revision.repriced])
        )

    def _refused(self, error: Exception) -> None:
        if not isinstance(error, OrderDeskError):
            raise error
        self.message.setText(f"Not done: {error}")
        self.refresh()  # what was shown may be out of date


def _facts(entry: BookEntry) -> list[str]:
    lines = entry.line_count
    facts = [
        f"{entry.customer_account} · {lines} line{'' if lines == 1 else 's'} · {amount(entry)}",
        ("Finished " + moment(entry.finished_at))
        if entry.finished_at
        else ("Last changed " + moment(entry.updated_at)),
    ]
    if entry.po_number:
        facts.append(f"PO {entry.po_number}")
    if entry.order_number and entry.provisional_ref:
        facts.append(f"Order {entry.order_number} (written as {entry.provisional_ref})")
    if entry.backordered_lines:
        count = entry.backordered_lines
        facts.append(f"{count} line{'' if count == 1 else 's'} backordered")
    if entry.revises_ref:
        facts.append(f"Revision {entry.revision} of {entry.revises_ref}")
    if entry.revised_by_ref:
        facts.append(f"Revised → {entry.revised_by_ref}")
    elif entry.revised_by:
        facts.append("A revision is being written: Revise opens it")
    return facts
