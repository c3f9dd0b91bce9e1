"""The customer picker: find one of the rep's accounts and see whether it can buy on terms.

Credit figures are the office's as of the last sync; a held account gets a banner a rep cannot
miss, because an order written for it goes to approval instead of the warehouse, and whatever
else is wrong (overdue, credit short or used up) is said in words under it, with the time of
the sync the figures come from. Prospects written on this laptop are marked as such.
"""

from __future__ import annotations

from decimal import Decimal

from repapp.core.credit import credit_warnings
from repapp.core.money import Money
from repapp.models import Customer
from repapp.services.order_desk import OrderDesk
from repapp.sync import state
from repapp.ui.desk_status import moment_text
from repapp.ui.qt import (
    QColor,
    QFont,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRect,
    QSize,
    QStyle,
    QStyledItemDelegate,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from repapp.ui.tasks import TaskManager

DEBOUNCE_MS = 150
_ACCOUNT = Qt.ItemDataRole.UserRole
BANNER_STYLE = """
QLabel#credit_warning {
    background: #fff4e5; color: #5f2b00; border: 1px solid #e8a33d; border-radius: 4px;
    padding: 6px;
}
QLabel#credit_warning[prospect="true"] {
    background: #e8f0fe; color: #173a7a; border-color: #7aa0e0;
}
"""


def _tag(customer: Customer) -> tuple[str, str, str]:
    """The word flagged beside an account's name, its colour and what it means ("" when none)."""
    if customer.prospect:
        return "PROSPECT", "#1a56b8", "Prospect written on this laptop: no account yet"
    if customer.credit_hold:
        return "HOLD", "#b3261e", "On credit hold: orders go to the office for approval"
    return "", "", ""


def read_accounts(desk: OrderDesk, words: str) -> tuple[list[Customer], str]:
    """The accounts matching `words`, and when their figures were last synced (database thread)."""
    customers = desk.customers(words)
    with desk.store.reading() as session:
        return customers, state.get(session, state.AS_OF)


class AccountDelegate(QStyledItemDelegate):
    """Two lines per account: the name, then account number and city in grey; held ones flagged."""

    def sizeHint(self, option, index):  # type: ignore[no-untyped-def]
        return QSize(1, option.fontMetrics.height() * 2 + 12)  # the list gives it its width

    def paint(self, painter, option, index):  # type: ignore[no-untyped-def]
        customer: Customer = index.data(_ACCOUNT)
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text = palette.highlightedText().color() if selected else palette.text().color()
        box = option.rect.adjusted(8, 5, -8, -5)
        line = option.fontMetrics.height()
        painter.save()
        name_font = QFont(option.font)
        name_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(name_font)
        painter.setPen(text)
        tag, colour, _meaning = _tag(customer)
        tag_width = option.fontMetrics.horizontalAdvance(tag) + 6 if tag else 0
        name_box = QRect(box.left(), box.top(), box.width() - tag_width, line)
        painter.drawText(
            name_box,
            Qt.AlignmentFlag.AlignLeft,
            painter.fontMetrics().elidedText(
                customer.name, Qt.TextElideMode.ElideRight, name_box.width()
            ),
        )
        painter.setFont(option.font)
        painter.setPen(text if selected else QColor("#607d8b"))
        second = QRect(box.left(), box.top() + line + 2, box.width(), line)
        painter.drawText(
            second, Qt.AlignmentFlag.AlignLeft, f"{customer.account_number} · {customer.city}"
        )
        if tag:
            painter.setPen(QColor("white") if selected else QColor(colour))
            painter.drawText(
                QRect(box.right() - tag_width, box.top(), tag_width, line),
                Qt.AlignmentFlag.AlignRight,
                tag,
            )
        painter.restore()


class CustomerPanel(QWidget):
    customer_selected = Signal(object)  # Customer | None
    new_order_requested = Signal(object)  # Customer
    reorder_requested = Signal(object)  # Customer

    def __init__(self, tasks: TaskManager, desk: OrderDesk, parent: QWidget | None = None):
        super().__init__(parent)
        self._tasks, self._desk = tasks, desk
        self._wanted: str | None = None  # an account to select once a search has listed it
        self._as_of = ""  # when the credit figures were synced
        self.search = QLineEdit(placeholderText="Find a customer: name, account, city")
        self.search.setClearButtonEnabled(True)
        self.accounts = QListWidget()
        self.accounts.setObjectName("accounts")
        self.accounts.setItemDelegate(AccountDelegate(self.accounts))
        self.accounts.setUniformItemSizes(True)
        self.accounts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.hold_banner = QLabel("CREDIT HOLD", objectName="credit_hold")
        self.hold_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hold_banner.setToolTip("Orders for this account go to the office for approval.")
        self.hold_banner.hide()
        self.credit_warning = QLabel(objectName="credit_warning", wordWrap=True)
        self.credit_warning.setStyleSheet(BANNER_STYLE)
        self.credit_warning.hide()
        self.new_order = QPushButton("New order")
        self.new_order.setObjectName("new_order")
        self.new_order.setEnabled(False)
        self.reorder = QPushButton("Reorder…")
        self.reorder.setObjectName("reorder")
        self.reorder.setToolTip("Copy one of this account's past orders into a new order")
        self.reorder.setEnabled(False)
        self.figures = {
            name: QLabel()
            for name in (
                "terms",
                "prices",
                "ship_to",
                "buyer",
                "credit_limit",
                "open_balance",
                "available",
                "overdue",
            )
        }
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(self._timer.start)
        self.accounts.currentItemChanged.connect(self._show_selected)
        self.new_order.clicked.connect(self._request_new_order)
        self.reorder.clicked.connect(self._request_reorder)
        self._lay_out()

    def _lay_out(self) -> None:
        title = QLabel("Customers", objectName="panel_title")
        details = QFrame(objectName="customer_details")
        form = QFormLayout(details)
        form.setContentsMargins(8, 6, 8, 6)
        for label, name in (
            ("Terms", "terms"),
            ("Prices", "prices"),
            ("Ship to", "ship_to"),
            ("Buyer", "buyer"),
            ("Credit limit", "credit_limit"),
            ("Open balance", "open_balance"),
            ("Available credit", "available"),
            ("Overdue", "overdue"),
        ):
            figure = self.figures[name]
            figure.setAlignment(Qt.AlignmentFlag.AlignRight)
            form.addRow(label, figure)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            title,
            self.search,
            self.accounts,
            self.hold_banner,
            self.credit_warning,
            details,
        ):
            layout.addWidget(widget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_order, 2)
        buttons.addWidget(self.reorder, 1)
        layout.addLayout(buttons)
        layout.setStretch(2, 1)

    # -- reading accounts --------------------------------------------------------------------
    def reload(self) -> None:
        """Read the accounts matching the search off the GUI thread."""
        words = self.search.text()
        self._tasks.run_in_db(lambda: read_accounts(self._desk, words), self._fill)

    def _fill(self, found: tuple[list[Customer], str]) -> None:
        customers, self._as_of = found
        current = self.selected()
        keep = self._wanted or (current.account_number if current else None)
        self.accounts.blockSignals(True)  # a refill is not the rep choosing someone else
        self.accounts.clear()
        for customer in customers:
            item = QListWidgetItem(f"{customer.name}\n{customer.account_number} · {customer.city}")
            item.setData(_ACCOUNT, customer)
            item.setToolTip(_tag(customer)[2])
            self.accounts.addItem(item)
            if customer.account_number == keep:
                self.accounts.setCurrentItem(item)
                self._wanted = None
        self.accounts.blockSignals(False)
        self._show_selected(self.accounts.currentItem())
        if self._wanted is not None and self.search.text() != self._wanted:
            self.search.setText(self._wanted)  # not among the accounts listed: look it up

    def selected(self) -> Customer | None:
        item = self.accounts.currentItem()
        return item.data(_ACCOUNT) if item is not None else None

    def select_account(self, account_number: str) -> bool:
        for row in range(self.accounts.count()):
            item = self.accounts.item(row)
            if item.data(_ACCOUNT).account_number == account_number:
                self.accounts.setCurrentItem(item)
                self.accounts.scrollToItem(item)
                return True
        return False

    def show_new_account(self, account_number: str) -> None:
        """Read the accounts again and select one just written (a prospect)."""
        self._wanted = account_number
        self.reload()

    def show_account(self, account_number: str) -> None:
        """Select the account; if the list does not hold it (a search, the first 200 only),
        search for it so that it does."""
        if not self.select_account(account_number):
            self._wanted = account_number
            self.search.setText(account_number)

    # -- showing one account -----------------------------------------------------------------
    def _show_selected(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        customer: Customer | None = item.data(_ACCOUNT) if item is not None else None
        self.new_order.setEnabled(customer is not None)
        self.reorder.setEnabled(customer is not None)
        self.hold_banner.setVisible(bool(customer and customer.credit_hold))
        self._show_warnings(customer)
        if customer is None:
            for figure in self.figures.values():
                figure.clear()
                figure.setToolTip("")
        else:

            def money(amount: Decimal) -> str:
                return str(Money(amount, customer.currency))

            self.figures["terms"].setText(customer.terms or "—")
            self._show_people_and_places(customer)
            self.figures["credit_limit"].setText(money(customer.credit_limit))
            self.figures["open_balance"].setText(money(customer.open_balance))
            available = self.figures["available"]
            available.setText(money(customer.available_credit))
            self._flag(available, customer.available_credit <= 0 and not customer.prospect)
            overdue = self.figures["overdue"]
            overdue.setText(money(customer.overdue_amount))
            self._flag(overdue, customer.overdue_amount > 0)
        self.customer_selected.emit(customer)

    @staticmethod
    def _flag(label: QLabel, short: bool) -> None:
        label.setProperty("short", short)
        label.style().polish(label)  # re-apply the stylesheet for the new property

    def _show_warnings(self, customer: Customer | None) -> None:
        """What is wrong with the account's credit, in words, as of the last sync."""
        banner = self.credit_warning
        banner.setProperty("prospect", bool(customer and customer.prospect))
        banner.style().polish(banner)
        if customer is None:
            banner.hide()
            return
        if customer.prospect:
            banner.setText(
                "Prospect written on this laptop: no account yet. Its orders go to the office, "
                "which opens the account."
            )
            banner.show()
            return
        warnings = credit_warnings(
            customer.credit_limit,
            customer.open_balance,
            customer.overdue_amount,
            customer.credit_hold,
            customer.currency,
        )
        when = f"as of {moment_text(self._as_of)}" if self._as_of else "not synced yet"
        banner.setText(f"Credit {when}:\n" + "\n".join(f"• {w}" for w in warnings))
        banner.setVisible(bool(warnings))

    def _show_people_and_places(self, customer: Customer) -> None:
        self.figures["prices"].setText(customer.price_list_code or "List prices")
        places = customer.ship_to_addresses
        ship_to = self.figures["ship_to"]
        default = next((p for p in places if p.get("is_default")), places[0] if places else None)
        extra = f" +{len(places) - 1}" if len(places) > 1 else ""
        ship_to.setText(f"{default['city']}{extra}" if default else "Bill-to address")
        ship_to.setToolTip(
            "\n".join(
                f"{p['code']}: {p['name']}, {p['street']}, {p['city']} {p['region']} {p['postcode']}"
                + (" (default)" if p.get("is_default") else "")
                for p in places
            )
        )
        people = customer.people
        buyer = self.figures["buyer"]
        buyer.setText(people[0]["name"] if people else customer.contact_name or "—")
        buyer.setToolTip(
            "\n".join(
                f"{p['name']} ({p['role']}) {p['email']} {p['phone']}".strip() for p in people
            )
        )

    def _request_new_order(self) -> None:
        customer = self.selected()
        if customer is not None:
            self.new_order_requested.emit(customer)

    def _request_reorder(self) -> None:
        customer = self.selected()
        if customer is not None:
            self.reorder_requested.emit(customer)
