"""The order editor driven like a rep drives it: discounts typed into the lines, quantities stepped
by the order increment, a ship window and a line's own ship date, the buyer signing with the
mouse (and a finger, and a pen), and the running totals with tax, read back from the real SQLite
file where it matters."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from repapp.models import Customer, Product
from repapp.models.orders import QUEUED, OrderSignature
from repapp.services.workspace import Workspace
from repapp.sync import state
from repapp.ui.day_edit import DayEdit
from repapp.ui.main_window import MainWindow
from repapp.ui.order_editors import IncrementSpinBox
from repapp.ui.order_model import (
    DISCOUNT,
    LINE_TOTAL,
    QTY,
    SHIPMENT_START_ROLE,
    SHIPS,
    WITH_ORDER,
)
from repapp.ui.order_signature import SignatureDialog
from repapp.ui.qt import (
    QApplication,
    QByteArray,
    QColor,
    QDate,
    QEvent,
    QImage,
    QPoint,
    QPointF,
    QPointingDevice,
    Qt,
    QTabletEvent,
    QWidget,
)
from repapp.ui.signature_pad import SHEET_SIZE, InkCanvas
from repapp.ui.tasks import TaskManager
from tests.sample_store import MUG_BARCODE
from tests.ui.test_main_window import choose_customer, order_lines, scan

OpenWindow = Callable[[], MainWindow]
RAMEKIN_BARCODE = "036000291452"


def with_limit(workspace: Workspace, limit: str) -> None:
    with workspace.store.transaction() as session:
        state.put(session, state.MAX_DISCOUNT, limit)  # as the last sign-in left it


def order_with(qtbot: QtBot, window: MainWindow, *codes: str) -> None:
    choose_customer(qtbot, window, "C1001")
    for code in codes:
        scan(qtbot, window, code)
    qtbot.waitUntil(lambda: len(order_lines(window)) == len(codes))


def cell_editor(qtbot: QtBot, window: MainWindow, row: int, column: int) -> QWidget:
    """Opens the cell's editor as a rep does: the cell highlighted, then F2."""
    table = window.order.lines
    table.setFocus()
    table.setCurrentIndex(window.order.model.index(row, column))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not table
    return editor


def type_into_cell(qtbot: QtBot, window: MainWindow, row: int, column: int, text: str) -> None:
    editor = cell_editor(qtbot, window, row, column)
    editor.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def stored_line(workspace: Workspace, sku: str) -> tuple[Decimal, date | None]:
    [draft] = workspace.desk.orders(("draft",))
    line = next(line for line in draft.lines if line.sku == sku)
    return line.priced.discount_percent, line.ship_date


# -- discounts -------------------------------------------------------------------------------


def test_a_discount_typed_into_the_line_reprices_it_and_the_totals(
    qtbot: QtBot, workspace: Workspace, open_window: OpenWindow
) -> None:
    with_limit(workspace, "15.00")
    window = open_window()
    order_with(qtbot, window, MUG_BARCODE)  # 6 x 3.10 = 18.60
    model = window.order.model
    header_tip = model.headerData(DISCOUNT, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert header_tip == "Line discount in percent: your limit is 15%"
    assert model.index(0, DISCOUNT).data(Qt.ItemDataRole.ToolTipRole) == header_tip
    type_into_cell(qtbot, window, 0, DISCOUNT, "12.5")
    qtbot.waitUntil(lambda: model.index(0, DISCOUNT).data() == "12.5%")
    assert model.index(0, LINE_TOTAL).data() == "16.28"  # 18.60 less 2.325, rounded half-up
    assert window.order.discount.text() == "USD -2.32"  # gross less the rounded net
    assert window.order.total.text() == "USD 16.28"
    assert stored_line(workspace, "MUG-1")[0] == Decimal("12.5")


def test_a_discount_above_the_limit_is_refused_with_the_limit_named(
    qtbot: QtBot, workspace: Workspace, open_window: OpenWindow, tasks: TaskManager
) -> None:
    with_limit(workspace, "15.00")
    window = open_window()
    order_with(qtbot, window, MUG_BARCODE)
    type_into_cell(qtbot, window, 0, DISCOUNT, "10")
    qtbot.waitUntil(lambda: window.order.model.index(0, DISCOUNT).data() == "10%")
    type_into_cell(qtbot, window, 0, DISCOUNT, "20")
    qtbot.waitUntil(lambda: "limit" in window.order.message.text())
    assert window.order.message.text() == (
        "MUG-1: 20% is above your discount limit of 15%; the line keeps 10%"
    )
    assert "above your discount limit of 15%" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: tasks.pending == 0)
    model = window.order.model
    assert (model.index(0, DISCOUNT).data(), model.index(0, LINE_TOTAL).data()) == (
        "10%",
        "16.74",
    )
    assert stored_line(workspace, "MUG-1")[0] == Decimal("10")
    type_into_cell(qtbot, window, 0, DISCOUNT, "15")  # the next edit within it goes through
    qtbot.waitUntil(lambda: model.index(0, DISCOUNT).data() == "15%")
    assert window.order.message.text() == ""


# -- quantities ------------------------------------------------------------------------------


def test_the_quantity_steps_by_the_order_increment_not_the_case(
    qtbot: QtBot, workspace: Workspace, open_window: OpenWindow
) -> None:
    with workspace.store.transaction() as session:  # cases of 12, sold by the inner pack of 4
        product = session.scalars(select(Product).where(Product.sku == "VASE-2")).one()
        product.case_pack, product.order_increment, product.min_qty = 12, 4, 4
    window = open_window()
    order_with(qtbot, window, RAMEKIN_BARCODE)
    qtbot.waitUntil(lambda: order_lines(window) == [("VASE-2", 4)])
    editor = cell_editor(qtbot, window, 0, QTY)
    assert isinstance(editor, IncrementSpinBox) and editor.increment == 4
    qtbot.keyClick(editor, Qt.Key.Key_Up)
    qtbot.keyClick(editor, Qt.Key.Key_Up)
    assert editor.value() == 12
    editor.selectAll()
    qtbot.keyClicks(editor, "13")  # typed off the increment: Up goes to the next multiple
    qtbot.keyClick(editor, Qt.Key.Key_Up)
    assert editor.value() == 16
    qtbot.keyClick(editor, Qt.Key.Key_Down)
    assert editor.value() == 12
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: order_lines(window) == [("VASE-2", 12)])
    tip = window.order.model.index(0, QTY).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Ordered in multiples of 4 (case of 12)"


def test_a_typed_quantity_below_the_minimum_is_named_beside_the_lines_and_stops_finish(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    order_with(qtbot, window, MUG_BARCODE)
    type_into_cell(qtbot, window, 0, QTY, "3")
    qtbot.waitUntil(lambda: order_lines(window) == [("MUG-1", 3)])
    assert "MUG-1: minimum order quantity is 6" in window.order.problems.text()
    qtbot.mouseClick(window.order.finish, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Not finished" in window.order.message.text())
    assert "• MUG-1: minimum order quantity is 6" in window.order.message.text()
    assert workspace.desk.orders((QUEUED,)) == []


# -- ship window and split deliveries -------------------------------------------------------


def months_ahead(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def test_the_ship_window_is_picked_with_the_keyboard_and_saved(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    order_with(qtbot, window, MUG_BARCODE)
    today = date.today()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # Ship window
    ship_from = window.order.ship_from
    qtbot.waitUntil(ship_from.hasFocus)
    assert ship_from.text() == "not set"
    qtbot.keyClick(ship_from, Qt.Key.Key_Up)  # from no date to today
    for _ in range(3):  # three days on
        qtbot.keyClick(ship_from, Qt.Key.Key_Up)
    until = window.order.ship_until
    until.setFocus()  # leaving the field saves it
    qtbot.keyClick(until, Qt.Key.Key_Up)
    qtbot.keyClick(until, Qt.Key.Key_Tab)  # Tab goes from the day to the month
    qtbot.keyClick(until, Qt.Key.Key_Up)  # a month on
    qtbot.keyClick(until, Qt.Key.Key_Return)
    expected = (today + timedelta(days=3), months_ahead(today, 1))
    qtbot.waitUntil(
        lambda: (
            window.order.view is not None
            and (window.order.view.ship_from, window.order.view.ship_until) == expected
        )
    )
    [draft] = workspace.desk.orders(("draft",))
    assert (draft.ship_from, draft.ship_until) == expected
    qtbot.keyClick(until, Qt.Key.Key_Delete)  # Delete: no end date
    qtbot.keyClick(until, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: workspace.desk.orders(("draft",))[0].ship_until is None)
    assert until.text() == "not set"


def test_a_window_that_ends_before_it_starts_is_refused_and_kept_on_screen(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    order_with(qtbot, window, MUG_BARCODE)
    today = date.today()
    window.order.ship_until.set_day(today + timedelta(days=2))
    window.order.ship_from.set_day(today + timedelta(days=9))
    window.order.ship_from.setFocus()
    qtbot.keyClick(window.order.ship_from, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "before it starts" in window.order.message.text())
    [draft] = workspace.desk.orders(("draft",))
    assert (draft.ship_from, draft.ship_until) == (None, None)
    assert window.order.ship_window() == (today + timedelta(days=9), today + timedelta(days=2))
    window.statusBar().clearMessage()
    qtbot.mouseClick(window.order.finish, Qt.MouseButton.LeftButton)  # what is on screen is sent
    qtbot.waitUntil(lambda: "before it starts" in window.statusBar().currentMessage())
    assert workspace.desk.orders((QUEUED,)) == []


def test_a_window_still_being_picked_when_finish_is_pressed_goes_with_the_order(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    order_with(qtbot, window, MUG_BARCODE)
    window.order.ship_from.setFocus()
    qtbot.keyClick(window.order.ship_from, Qt.Key.Key_Up)  # today; saved only after a pause
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "D001-" in window.statusBar().currentMessage())
    [order] = workspace.desk.orders((QUEUED,))
    assert order.ship_from == date.today()


def test_a_line_with_its_own_ship_date_is_shown_in_its_own_shipment(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    order_with(qtbot, window, RAMEKIN_BARCODE, MUG_BARCODE, "GEN-10001")
    model = window.order.model
    assert model.shipments() == [(WITH_ORDER, ["VASE-2", "MUG-1", "GEN-10001"])]
    editor = cell_editor(qtbot, window, 0, SHIPS)  # the ramekins ship later
    assert isinstance(editor, DayEdit) and editor.text() == WITH_ORDER
    for _ in range(41):  # today, then forty days on (across the month's end)
        qtbot.keyClick(editor, Qt.Key.Key_Up)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    later = date.today() + timedelta(days=40)
    later_name = f"{later.day} {later:%b %Y}"
    qtbot.waitUntil(lambda: len(model.shipments()) == 2)
    assert model.shipments() == [(WITH_ORDER, ["MUG-1", "GEN-10001"]), (later_name, ["VASE-2"])]
    assert [model.index(row, SHIPS).data() for row in range(3)] == [WITH_ORDER, "", later_name]
    assert [model.index(row, 0).data(SHIPMENT_START_ROLE) for row in range(3)] == [
        False,
        False,
        True,
    ]
    assert stored_line(workspace, "VASE-2")[1] == later
    # A rule is drawn above the new shipment: the row's top edge is dark, the row above is not.
    window.order.lines.clearSelection()
    shot = window.order.lines.viewport().grab().toImage()
    rule_y = window.order.lines.rowViewportPosition(2) + 1
    x = window.order.lines.columnViewportPosition(QTY) + 5
    assert QColor(shot.pixel(x, rule_y)).lightness() < 140
    assert QColor(shot.pixel(x, rule_y - 8)).lightness() > 200
    # A window that starts after the split date sorts the split delivery first.
    window.order.ship_from.set_day(date.today() + timedelta(days=50))
    window.order.ship_from.setFocus()
    qtbot.keyClick(window.order.ship_from, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.shipments()[0][0] == later_name)
    # Picked in the calendar (a tap, or Enter in it), the day is saved at once.
    editor = cell_editor(qtbot, window, 1, SHIPS)
    assert isinstance(editor, DayEdit)
    pick = date.today() + timedelta(days=5)
    editor.calendarWidget().setSelectedDate(QDate(pick.year, pick.month, pick.day))
    qtbot.keyClick(
        editor.calendarWidget().focusProxy() or editor.calendarWidget(), Qt.Key.Key_Return
    )
    qtbot.waitUntil(lambda: stored_line(workspace, "MUG-1")[1] == pick)
    qtbot.waitUntil(lambda: len(model.shipments()) == 3)
    # Delete in the editor: the line ships with the order again.
    editor = cell_editor(qtbot, window, 0, SHIPS)
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(model.shipments()) == 2)
    assert stored_line(workspace, "MUG-1")[1] is None


# -- signature -------------------------------------------------------------------------------


def sign_with_the_mouse(qtbot: QtBot, canvas: InkCanvas) -> None:
    """Two strokes across the sheet, as a hand on a mouse makes them."""
    sheet = canvas.sheet()
    for row in (0.35, 0.65):
        y = int(sheet.top() + sheet.height() * row)
        start = QPoint(int(sheet.left() + 20), y)
        qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
        for step in range(1, 41):
            x = int(sheet.left() + 20 + (sheet.width() - 40) * step / 40)
            wave = int(18 * ((-1) ** step))
            qtbot.mouseMove(canvas, QPoint(x, y + wave))
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(x, y))


def ink_pixels(png: bytes) -> int:
    image = QImage.fromData(QByteArray(png))
    assert not image.isNull() and image.size() == SHEET_SIZE
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if QColor(image.pixel(x, y)).lightness() < 128
    )


def open_signature(qtbot: QtBot, window: MainWindow) -> SignatureDialog:
    window.activateWindow()  # as the rep's click on it does, after an earlier dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.signing.dialog is not None and window.signing.dialog.isVisible())
    assert window.signing.dialog is not None
    return window.signing.dialog


def stored_signature(workspace: Workspace) -> OrderSignature | None:
    with workspace.store.reading() as session:
        return session.query(OrderSignature).one_or_none()


def test_the_buyer_signs_with_the_mouse_and_the_png_is_stored_then_cleared(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    order_with(qtbot, window, MUG_BARCODE)
    assert window.order.signature.text() == "Not signed"
    dialog = open_signature(qtbot, window)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    assert not dialog.save.isEnabled()  # nothing to save yet
    sign_with_the_mouse(qtbot, dialog.pad.canvas)
    assert len(dialog.pad.canvas.strokes) == 2
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)  # no name yet
    assert dialog.message.text() == "Type the name of the person signing."
    assert dialog.isVisible() and dialog.focusWidget() is dialog.pad.signed_by
    qtbot.keyClicks(dialog.pad.signed_by, "Ann Buyer")
    qtbot.keyClick(dialog.pad.signed_by, Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: window.order.signed_by.text() == "Signed by Ann Buyer")
    stored = stored_signature(workspace)
    assert stored is not None and stored.signed_by == "Ann Buyer"
    assert stored.png.startswith(b"\x89PNG\r\n\x1a\n")
    assert ink_pixels(stored.png) > 500  # two strokes across a 900 x 300 sheet
    qtbot.waitUntil(lambda: not window.order.signature.pixmap().isNull())
    # Opened again, it shows the stored signature; Clear and save removes it.
    dialog = open_signature(qtbot, window)
    assert dialog.pad.canvas.has_ink() and dialog.pad.name() == "Ann Buyer"
    qtbot.mouseClick(dialog.pad.clear_button, Qt.MouseButton.LeftButton)
    assert not dialog.pad.canvas.has_ink()
    assert dialog.save.text() == "Remove signature"
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.order.signature.text() == "Not signed")
    assert stored_signature(workspace) is None
    assert window.order.signed_by.text() == ""


def test_signing_needs_an_order_open(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.order.message.text() != "")
    assert window.order.message.text() == "Open or start an order before the buyer signs."
    assert window.signing.dialog is None and not window.order.sign.isEnabled()


def test_a_reopened_draft_shows_its_stored_signature(
    qtbot: QtBot, workspace: Workspace, open_window: OpenWindow
) -> None:
    canvas = InkCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(900, 300)
    canvas.show()
    sign_with_the_mouse(qtbot, canvas)
    png = canvas.to_png()
    uuid = workspace.desk.start_order("C1001")
    workspace.desk.add_product(uuid, "MUG-1")
    workspace.desk.set_signature(uuid, png, "Ann Buyer")
    window = open_window()
    qtbot.waitUntil(lambda: not window.order.signature.pixmap().isNull())
    assert window.order.signed_by.text() == "Signed by Ann Buyer"
    assert window.order.signature_png == png
    dialog = open_signature(qtbot, window)
    shown = dialog.pad.canvas.grab().toImage()
    sheet = dialog.pad.canvas.sheet().toRect()
    dark = sum(
        1
        for y in range(sheet.top(), sheet.bottom(), 3)
        for x in range(sheet.left(), sheet.right(), 3)
        if QColor(shown.pixel(x, y)).lightness() < 128
    )
    assert dark > 50
    dialog.reject()


def test_the_pad_takes_a_finger_and_a_pen(qtbot: QtBot) -> None:
    canvas = InkCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(600, 200)
    canvas.show()
    qtbot.waitExposed(canvas)
    finger = QTest.createTouchDevice()
    touch = QTest.touchEvent(canvas, finger)
    touch.press(0, QPoint(40, 100)).commit()
    for x in range(60, 400, 20):
        touch.move(0, QPoint(x, 100 + (x % 40))).commit()
    touch.release(0, QPoint(400, 100)).commit()
    assert len(canvas.strokes) == 1 and len(canvas.strokes[0]) > 10
    pen = QPointingDevice(
        "pen",
        2,
        QPointingDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QPointingDevice.Capability.Position | QPointingDevice.Capability.Pressure,
        1,
        3,
    )

    def tablet(kind: QEvent.Type, x: float, pressure: float) -> None:
        position = QPointF(x, 150)
        buttons = (
            Qt.MouseButton.NoButton
            if kind == QEvent.Type.TabletRelease
            else (Qt.MouseButton.LeftButton)
        )
        event = QTabletEvent(
            kind,
            pen,
            position,
            canvas.mapToGlobal(position),
            pressure,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            Qt.KeyboardModifier.NoModifier,
            Qt.MouseButton.LeftButton,
            buttons,
        )
        QApplication.sendEvent(canvas, event)

    tablet(QEvent.Type.TabletPress, 50, 0.2)
    for x in range(70, 500, 15):
        tablet(QEvent.Type.TabletMove, x, 0.2 + x / 700)
    tablet(QEvent.Type.TabletRelease, 500, 0.0)
    assert len(canvas.strokes) == 2
    pressures = [point[2] for point in canvas.strokes[1]]
    assert pressures[0] == 0.2 and max(pressures) > 0.8  # a firmer pen makes a fuller line
    assert ink_pixels(canvas.to_png()) > 300
    canvas.clear()
    assert not canvas.has_ink() and ink_pixels(canvas.to_png()) == 0


# -- totals ----------------------------------------------------------------------------------


def test_totals_show_tax_where_the_account_has_a_rate(
    qtbot: QtBot, workspace: Workspace, open_window: OpenWindow
) -> None:
    with workspace.store.transaction() as session:
        customer = session.get(Customer, "C1001")
        assert customer is not None
        customer.tax_percent = Decimal("8.25")
    window = open_window()
    order_with(qtbot, window, MUG_BARCODE, RAMEKIN_BARCODE)  # 18.60 + 16.65
    panel = window.order
    type_into_cell(qtbot, window, 0, DISCOUNT, "10")  # less 1.86
    qtbot.waitUntil(lambda: panel.discount.text() == "USD -1.86")
    assert panel.subtotal.text() == "USD 35.25"
    assert (panel.net_caption.isVisible(), panel.net.text()) == (True, "USD 33.39")
    assert (panel.tax_caption.text(), panel.tax.text()) == ("Tax 8.25%", "USD 2.75")
    assert panel.tax.isVisible()
    assert panel.total.text() == "USD 36.14"
    # An account without a rate: no tax line at all.
    choose_customer(qtbot, window, "C1003")
    qtbot.mouseClick(window.customers.new_order, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.view is not None and panel.view.customer_account == "C1003")
    scan(qtbot, window, RAMEKIN_BARCODE)
    qtbot.waitUntil(lambda: panel.total.text() == "USD 17.99")  # list 19.99 less the special
    assert not panel.tax.isVisible() and not panel.tax_caption.isVisible()


def test_tab_goes_from_the_lines_through_the_ship_window_and_signature_to_the_details(
    window: MainWindow,
) -> None:
    order = window.order
    fields: list[QWidget] = [order.ship_from, order.ship_until]

    def field_of(widget: QWidget) -> QWidget:  # a date edit's inner text box is the date edit
        return next((f for f in fields if f.isAncestorOf(widget)), widget)

    stops: list[QWidget] = []
    widget = order.lines.nextInFocusChain()
    while len(stops) < 6:
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible():
            stop = field_of(widget)
            if not stops or stops[-1] is not stop:
                stops.append(stop)
        widget = widget.nextInFocusChain()
    assert stops == [
        order.ship_from,
        order.ship_until,
        order.sign,
        order.po_number,
        order.notes,
        order.finish,
    ]
