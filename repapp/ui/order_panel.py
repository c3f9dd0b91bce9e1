"""The order being written: its lines, ship window, PO number, notes, signature, totals, and what
still stops it finishing.

The panel only shows an `OrderView` and reports what the rep did (a quantity, a discount, a ship
date, the details, Finish); the main window takes those to the order desk off the GUI thread and
hands back the new view. Edits beyond quantity and details travel as `OrderEdit`s: a function of
the desk and the order's uuid that the window runs on the database thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from repapp.core.money import Money
from repapp.services.order_desk import OrderDesk, OrderView, StoredSignature
from repapp.services.order_terms import percent_text
from repapp.ui.day_edit import DayEdit
from repapp.ui.order_editors import (
    DiscountDelegate,
    OrderLineDelegate,
    QuantityDelegate,
    ShipDateDelegate,
)
from repapp.ui.order_model import (
    DESCRIPTION,
    DISCOUNT,
    LINE_TOTAL,
    QTY,
    SHIPS,
    SKU,
    UNIT_PRICE,
    OrderLinesModel,
)
from repapp.ui.qt import (
    QAbstractItemView,
    QByteArray,
    QEvent,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QObject,
    QPixmap,
    QPlainTextEdit,
    QPushButton,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)

NOTES_SAVE_MS = 600  # notes are saved once the rep pauses, not on every keystroke
OrderEdit = Callable[[OrderDesk, str], OrderView]  # run by the window on the database thread
THUMBNAIL_SIZE = (150, 50)


class OrderPanel(QWidget):
    quantity_changed = Signal(int, int)  # line_no, quantity
    details_changed = Signal(str, str)  # PO number, notes
    edit_requested = Signal(object)  # an OrderEdit
    signature_wanted = Signal(str)  # the order shown is signed: its picture, please
    finish_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.view: OrderView | None = None
        self.model = OrderLinesModel(
            self.quantity_changed.emit,
            self,
            on_discount=lambda line_no, percent: self.request_edit(
                lambda desk, uuid: desk.set_discount(uuid, line_no, percent)
            ),
            on_ship_date=lambda line_no, day: self.request_edit(
                lambda desk, uuid: desk.set_line_ship_date(uuid, line_no, day)
            ),
        )
        self.customer = QLabel(objectName="order_customer")
        self.state = QLabel(objectName="order_state")
        self.lines = QTableView(objectName="order_lines")
        self.ship_from, self.ship_until = DayEdit("not set"), DayEdit("not set")
        self.ship_from.setObjectName("ship_from")
        self.ship_until.setObjectName("ship_until")
        self.sign = QPushButton("Signature…", objectName="sign")
        self.signature = QLabel(objectName="signature_thumbnail")
        self.signed_by = QLabel(objectName="signed_by")
        self.signature_png: bytes | None = None
        self._signature_shown: tuple[str, datetime | None] | None = None  # (uuid, signed at)
        self.po_number = QLineEdit(placeholderText="Buyer's PO number", maxLength=60)
        self.notes = QPlainTextEdit(placeholderText="Notes: delivery instructions")
        self.subtotal, self.discount, self.total = QLabel(), QLabel(), QLabel(objectName="total")
        self.net, self.tax = QLabel(objectName="net"), QLabel(objectName="tax")
        self.tax_caption = QLabel("Tax")
        self.net_caption = QLabel("Net")
        self.problems = QLabel(objectName="problems", wordWrap=True)
        self.message = QLabel(objectName="order_message", wordWrap=True)
        self.finish = QPushButton("Finish order", objectName="finish")
        self._notes_timer = QTimer(self, singleShot=True, interval=NOTES_SAVE_MS)
        self._notes_timer.timeout.connect(self._details_edited)
        self._window_timer = QTimer(self, singleShot=True, interval=NOTES_SAVE_MS)
        self._window_timer.timeout.connect(self._ship_window_edited)
        self.po_number.editingFinished.connect(self._details_edited)
        self.notes.textChanged.connect(self._notes_timer.start)
        for edit in (self.ship_from, self.ship_until):
            edit.editingFinished.connect(self._ship_window_edited)
            edit.dateChanged.connect(self._window_timer.start)  # a calendar pick, arrows
            edit.setToolTip(
                "When the buyer wants the goods; either end may stay open. Delete: no date"
            )
        self.finish.clicked.connect(self.finish_requested)
        self.lines.installEventFilter(self)  # Delete removes the highlighted line
        self._set_up_lines()
        self._lay_out()
        self.show_order(None)

    def _set_up_lines(self) -> None:
        table = self.lines
        table.setModel(self.model)
        table.setItemDelegate(OrderLineDelegate(table))
        table.setItemDelegateForColumn(QTY, QuantityDelegate(table))
        table.setItemDelegateForColumn(DISCOUNT, DiscountDelegate(table))
        table.setItemDelegateForColumn(SHIPS, ShipDateDelegate(table))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(26)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        widths = {SHIPS: 110, SKU: 96, QTY: 60, UNIT_PRICE: 80, DISCOUNT: 64, LINE_TOTAL: 90}
        for column, width in widths.items():
            table.setColumnWidth(column, width)

    def _lay_out(self) -> None:
        totals = QGridLayout()
        rows = (
            (QLabel("Subtotal"), self.subtotal),
            (QLabel("Discounts"), self.discount),
            (self.net_caption, self.net),
            (self.tax_caption, self.tax),
            (QLabel("Total", objectName="total_caption"), self.total),
        )
        for row, (caption, value) in enumerate(rows):
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
        layout.addLayout(self._terms_strip())
        layout.addLayout(body)

    def _terms_strip(self) -> QHBoxLayout:
        """Above the lines: the order's ship window, and who signed it."""
        strip = QHBoxLayout()
        caption = QLabel("Ship window")
        caption.setBuddy(self.ship_from)
        strip.addWidget(caption)
        strip.addWidget(self.ship_from)
        strip.addWidget(QLabel("to"))
        strip.addWidget(self.ship_until)
        strip.addStretch(1)
        self.signature.setFixedSize(*THUMBNAIL_SIZE)
        self.signature.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.signature.setFrameShape(QFrame.Shape.StyledPanel)
        strip.addWidget(self.signed_by)
        strip.addWidget(self.signature)
        self.sign.setToolTip("The buyer signs the order: finger, pen or mouse (Ctrl+G)")
        strip.addWidget(self.sign)
        return strip

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
        self.model.set_lines(
            view.lines if view else [],
            editable,
            ship_window=(view.ship_from, view.ship_until) if view else (None, None),
            discount_limit=view.discount_limit if view else None,
        )
        if switching:  # on the same order the fields hold what the rep is typing
            self._set_details(view)
        self.message.clear()  # the last edit went through: an older refusal is stale
        for field in (self.po_number, self.notes, self.ship_from, self.ship_until, self.sign):
            field.setEnabled(editable)
        self.finish.setEnabled(editable and bool(view and view.lines))
        self.state.setText("Draft: every change is saved" if editable else "")
        self._show_signed(view)
        if view is None:
            self.customer.setText("No order open: choose a customer, then New order or scan.")
            for label in (self.subtotal, self.discount, self.net, self.tax, self.total):
                label.clear()
            self.problems.clear()
            return
        self.customer.setText(f"{view.customer_name}  ·  {view.customer_account}")
        self._show_totals(view)
        self.problems.setText(
            "To fix before finishing:\n" + "\n".join(f"• {p}" for p in view.problems)
            if view.problems
            else ""
        )

    def _show_totals(self, view: OrderView) -> None:
        """In the order's currency; tax (and the net it is on) only where the account has it."""
        totals = view.totals
        self.subtotal.setText(str(totals.gross))
        self.discount.setText(str(Money(-totals.discount.amount, totals.currency)))
        taxed = totals.tax is not None
        for widget in (self.net_caption, self.net, self.tax_caption, self.tax):
            widget.setVisible(taxed)
        self.net.setText(str(totals.net))
        self.tax_caption.setText(f"Tax {percent_text(totals.tax_percent)}")
        self.tax.setText(str(totals.tax) if totals.tax is not None else "")
        self.total.setText(str(totals.total))

    def _show_signed(self, view: OrderView | None) -> None:
        """Who signed; the picture is asked for when the signature shown is not this one."""
        if view is None or view.signed_by is None:
            self._signature_shown, self.signature_png = None, None
            self.signature.clear()
            self.signature.setText("Not signed")
            self.signed_by.clear()
            return
        self.signed_by.setText(f"Signed by {view.signed_by}")
        if self._signature_shown != (view.uuid, view.signed_at):
            self._signature_shown = (view.uuid, view.signed_at)
            self.signature_wanted.emit(view.uuid)

    def show_signature(self, uuid: str, stored: StoredSignature | None) -> None:
        """The signature's picture, read for order `uuid` (ignored if another order is shown)."""
        if self.view is None or self.view.uuid != uuid:
            return
        self.signature_png = stored.png if stored else None
        pixmap = QPixmap()
        if stored is None or not pixmap.loadFromData(QByteArray(stored.png)):
            self.signature.setText("Not signed")
            return
        self.signature.setPixmap(
            pixmap.scaled(
                *THUMBNAIL_SIZE,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def request_edit(self, edit: OrderEdit) -> None:
        """Ask the window to apply `edit` to the order on screen."""
        self.edit_requested.emit(edit)

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

    def ship_window(self) -> tuple[date | None, date | None]:
        return self.ship_from.day(), self.ship_until.day()

    def take_pending_edits(self) -> list[OrderEdit]:
        """Edits on screen not saved yet (a ship window still being picked), for Finish to
        apply first: what is on screen is what is sent."""
        self._window_timer.stop()
        edit = self._ship_window_edit()
        return [edit] if edit is not None else []

    def _set_details(self, view: OrderView | None) -> None:
        fields = (self.po_number, self.notes, self.ship_from, self.ship_until)
        for field in fields:
            field.blockSignals(True)  # showing saved details is not an edit to save back
        self.po_number.setText(view.po_number if view else "")
        self.notes.setPlainText(view.notes if view else "")
        self.ship_from.set_day(view.ship_from if view else None)
        self.ship_until.set_day(view.ship_until if view else None)
        for field in fields:
            field.blockSignals(False)

    def _ship_window_edit(self) -> OrderEdit | None:
        if self.view is None or not self.view.editable:
            return None
        ship_from, ship_until = self.ship_window()
        if (ship_from, ship_until) == (self.view.ship_from, self.view.ship_until):
            return None
        return lambda desk, uuid: desk.set_ship_window(uuid, ship_from, ship_until)

    def _ship_window_edited(self) -> None:
        self._window_timer.stop()
        edit = self._ship_window_edit()
        if edit is not None:
            self.request_edit(edit)

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
