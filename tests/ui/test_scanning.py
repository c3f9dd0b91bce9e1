"""A USB barcode scanner at the order desk, typing into the window as a keyboard does.

Keys go in through the window's QWindow (`QTest.keyClick(window.windowHandle(), ...)`), the way the
keyboard and a scanner reach the app: Qt hands them to whichever widget has the focus, shortcuts
work, and nothing waits between keys, so a burst is as fast as a scanner's or faster (Qt still
runs the event loop once after each key, as it does between a real scanner's keys). The sound
device cannot play here: `QApplication.beep` is replaced by a counter, the one stand-in.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from repapp.core.barcodes import is_valid_gtin, make_gtin13
from repapp.models.orders import DRAFT
from repapp.services.workspace import Workspace
from repapp.ui.keyboard_wedge import GAP_MS
from repapp.ui.main_window import MainWindow
from repapp.ui.order_model import QTY
from repapp.ui.qt import QApplication, Qt, QWidget
from repapp.ui.tasks import TaskManager
from tests.sample_store import MUG_BARCODE

VASE_BARCODE = "036000291452"
NOT_IN_CATALOG = "5901234123457"  # a valid EAN-13 that no product here has


def gen_barcode(index: int) -> str:
    """The barcode of the sample store's generated product GEN-{10000 + index}."""
    return make_gtin13(f"{614141000000 + index}")


@pytest.fixture
def beeps(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    heard: list[int] = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: heard.append(1)))
    return heard


@pytest.fixture
def desk(open_window: Callable[[], MainWindow], workspace: Workspace, qtbot: QtBot) -> MainWindow:
    """The window with account C1001 chosen and the keyboard's focus in the scan field (Ctrl+B).

    GEN-10001 is sold in cases of 12 but may be ordered in steps of 4 (its order increment), so a
    repeat scan that added a case instead of an increment would show."""
    with workspace.store.transaction() as session:
        session.execute(text("UPDATE products SET case_pack = 12 WHERE sku = 'GEN-10001'"))
    window = open_window()
    assert window.customers.select_account("C1001")
    qtbot.waitUntil(lambda: window.customers.selected() is not None)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.catalog.scan
    return window


def type_keys(window: MainWindow, keys: str, enter: bool = True, pause_ms: int = 0) -> None:
    """Type into whatever has the focus; pause_ms=0 is a scanner (no wait between keys)."""
    for key in keys:
        QTest.keyClick(window.windowHandle(), key)
        if pause_ms:
            QTest.qWait(pause_ms)
    if enter:
        QTest.keyClick(window.windowHandle(), Qt.Key.Key_Return)


def order_lines(window: MainWindow) -> list[tuple[str, int]]:
    model = window.order.model
    return [(model.line(row).sku, model.line(row).quantity) for row in range(model.rowCount())]


def saved_lines(workspace: Workspace) -> list[tuple[str, int]]:
    (draft,) = workspace.desk.orders((DRAFT,))
    return [(line.sku, line.quantity) for line in draft.lines]


def settle(qtbot: QtBot, tasks: TaskManager) -> None:
    """Every scan looked up, every change saved and shown."""
    qtbot.waitUntil(lambda: tasks.pending == 0)


TEN_SCANS = [
    MUG_BARCODE,  # MUG-1: minimum 6, in steps of 6
    gen_barcode(1),  # GEN-10001: minimum 4, steps of 4 (case of 12)
    VASE_BARCODE,  # VASE-2: singles
    MUG_BARCODE,
    gen_barcode(2),  # GEN-10002: cases of 12
    gen_barcode(1),
    gen_barcode(0),  # GEN-10000: singles
    MUG_BARCODE,
    gen_barcode(2),
    gen_barcode(1),
]
AFTER_TEN = [("MUG-1", 18), ("GEN-10001", 12), ("VASE-2", 1), ("GEN-10002", 24), ("GEN-10000", 1)]


@pytest.mark.parametrize("order_open", [False, True], ids=["order-not-started", "order-open"])
def test_ten_scans_typed_faster_than_the_database_answers_are_each_added_once(
    qtbot: QtBot, desk: MainWindow, tasks: TaskManager, workspace: Workspace, order_open: bool
) -> None:
    before: list[tuple[str, int]] = []
    if order_open:
        type_keys(desk, "VASE-2")  # a typed SKU starts the order
        settle(qtbot, tasks)
        before = order_lines(desk)
        assert before == [("VASE-2", 1)]
    # The database thread is busy (as with a sync writing a page): all ten scans are typed
    # before it answers the first one, and wait their turn.
    busy = threading.Event()
    tasks.run_in_db(busy.wait)
    for code in TEN_SCANS:
        type_keys(desk, code)
    # every scan waits its turn (the window may have a read of its own queued too)
    assert tasks.pending >= 1 + len(TEN_SCANS) and order_lines(desk) == before
    assert desk.catalog.scan.text() == ""
    busy.set()
    settle(qtbot, tasks)
    expected = AFTER_TEN
    if order_open:  # the vase was already on the order: the scan adds one more
        expected = [("VASE-2", 2)] + [line for line in AFTER_TEN if line[0] != "VASE-2"]
    assert order_lines(desk) == expected
    assert saved_lines(workspace) == expected  # saved as shown: none lost, none twice
    assert len(workspace.desk.orders((DRAFT,))) == 1
    assert desk.statusBar().currentMessage().startswith("Added GEN-10001")
    assert desk.order.total.text() == str(desk.order.view.totals.net)


@pytest.mark.parametrize(
    "code, why",
    [
        (
            "4006381333930",
            "“4006381333930” is not a valid barcode (wrong check digit: misread or mistyped)",
        ),
        (NOT_IN_CATALOG, f"No product on sale has the barcode “{NOT_IN_CATALOG}”"),
        ("4006381333948", "No product on sale has the barcode “4006381333948”"),  # retired
        ("old-3", "OLD-3 Discontinued mug is no longer sold"),
        ("ZZ-404", "No product has the barcode or SKU “ZZ-404”"),
    ],
    ids=["misread-check-digit", "valid-gtin-not-here", "retired-barcode", "retired-sku", "junk"],
)
def test_a_code_that_adds_nothing_says_why_and_beeps_once(
    qtbot: QtBot,
    desk: MainWindow,
    tasks: TaskManager,
    workspace: Workspace,
    beeps: list[int],
    code: str,
    why: str,
) -> None:
    assert is_valid_gtin(NOT_IN_CATALOG)
    type_keys(desk, MUG_BARCODE)
    settle(qtbot, tasks)
    assert beeps == []
    type_keys(desk, code)
    settle(qtbot, tasks)
    message = desk.statusBar().currentMessage()
    assert message.startswith(why) and message.endswith("nothing was added.")
    assert beeps == [1]
    assert order_lines(desk) == [("MUG-1", 6)] == saved_lines(workspace)
    type_keys(desk, MUG_BARCODE)  # the next scan works as usual
    settle(qtbot, tasks)
    assert order_lines(desk) == [("MUG-1", 12)] and beeps == [1]


def test_unknown_codes_among_fast_scans_beep_each_and_add_nothing(
    qtbot: QtBot, desk: MainWindow, tasks: TaskManager, workspace: Workspace, beeps: list[int]
) -> None:
    for code in (MUG_BARCODE, NOT_IN_CATALOG, VASE_BARCODE, "4006381333930", MUG_BARCODE):
        type_keys(desk, code)
    settle(qtbot, tasks)
    assert order_lines(desk) == [("MUG-1", 12), ("VASE-2", 1)] == saved_lines(workspace)
    assert beeps == [1, 1]


@pytest.mark.parametrize("keys", ["  4006381333931  ", " mug-1\t"], ids=["barcode", "sku"])
def test_spaces_around_a_code_are_ignored(
    qtbot: QtBot, desk: MainWindow, tasks: TaskManager, beeps: list[int], keys: str
) -> None:
    desk.catalog.scan.insert(keys)  # a tab would move the focus on; an input method can add one
    QTest.keyClick(desk.windowHandle(), Qt.Key.Key_Enter)  # the keypad's Enter, as some send
    settle(qtbot, tasks)
    assert order_lines(desk) == [("MUG-1", 6)] and beeps == []


def test_typed_spaces_around_a_barcode_are_ignored(
    qtbot: QtBot, desk: MainWindow, tasks: TaskManager
) -> None:
    type_keys(desk, "  " + VASE_BARCODE + " ")
    settle(qtbot, tasks)
    assert order_lines(desk) == [("VASE-2", 1)]


# Where the keyboard's focus may be when the rep scans, and what that widget holds: a scan must
# add the product and leave the widget as it was (no digits in a field, no quantity changed).
FOCUS: dict[str, Callable[[MainWindow], QWidget]] = {
    "catalog-search": lambda w: w.catalog.search,
    "catalog-table": lambda w: w.catalog.table,
    "customer-search": lambda w: w.customers.search,
    "customer-list": lambda w: w.customers.accounts,
    "po-number": lambda w: w.order.po_number,
    "notes": lambda w: w.order.notes,
    "order-lines-qty": lambda w: w.order.lines,
}


def what_the_rep_sees(window: MainWindow) -> dict[str, object]:
    return {
        "search": window.catalog.search.text(),
        "highlighted": window.catalog.table.currentIndex().row(),
        "customer_search": window.customers.search.text(),
        "customer": window.customers.selected().account_number,
        "po": window.order.po_number.text(),
        "notes": window.order.notes.toPlainText(),
    }


@pytest.mark.parametrize("focus", FOCUS)
def test_a_scan_while_another_widget_has_the_focus_adds_the_product_and_nothing_else(
    qtbot: QtBot, desk: MainWindow, tasks: TaskManager, workspace: Workspace, focus: str
) -> None:
    type_keys(desk, VASE_BARCODE)
    settle(qtbot, tasks)
    qtbot.keyClicks(desk.catalog.search, "planter")  # another product is highlighted
    qtbot.waitUntil(lambda: desk.catalog.model.words == "planter" and not tasks.pending)
    widget = FOCUS[focus](desk)
    if focus == "order-lines-qty":  # typing a digit here would open the quantity editor
        desk.order.lines.setCurrentIndex(desk.order.model.index(0, QTY))
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    seen = what_the_rep_sees(desk)
    type_keys(desk, MUG_BARCODE)
    settle(qtbot, tasks)
    assert order_lines(desk) == [("VASE-2", 1), ("MUG-1", 6)] == saved_lines(workspace)
    assert what_the_rep_sees(desk) == seen
    assert QApplication.focusWidget() is widget  # the rep's place is kept
    assert desk.order.lines.state() != desk.order.lines.State.EditingState


def test_a_scan_into_an_open_quantity_editor_leaves_the_quantity_alone(
    qtbot: QtBot, desk: MainWindow, tasks: TaskManager, workspace: Workspace
) -> None:
    type_keys(desk, VASE_BARCODE)
    settle(qtbot, tasks)
    table, index = desk.order.lines, desk.order.model.index(0, QTY)
    table.setCurrentIndex(index)
    table.edit(index)
    editor = QApplication.focusWidget()
    type_keys(desk, MUG_BARCODE)
    settle(qtbot, tasks)
    assert order_lines(desk) == [("VASE-2", 1), ("MUG-1", 6)] == saved_lines(workspace)
    assert QApplication.focusWidget() is editor and editor.value() == 1
    type_keys(desk, "3")  # the rep goes on typing the quantity
    qtbot.waitUntil(lambda: order_lines(desk)[0] == ("VASE-2", 3))


def test_a_person_typing_digits_still_reaches_the_field(
    qtbot: QtBot, desk: MainWindow, tasks: TaskManager, workspace: Workspace
) -> None:
    type_keys(desk, VASE_BARCODE)
    settle(qtbot, tasks)
    # A quantity typed at full speed: too few digits for a barcode, so they reach the editor
    # before its Enter does.
    table, index = desk.order.lines, desk.order.model.index(0, QTY)
    table.setCurrentIndex(index)
    table.setFocus()
    type_keys(desk, "24")
    settle(qtbot, tasks)
    qtbot.waitUntil(lambda: order_lines(desk) == [("VASE-2", 24)])
    # Digits with no Enter after them reach the field once the typing pauses.
    desk.order.po_number.setFocus()
    type_keys(desk, "4471", enter=False)
    qtbot.waitUntil(lambda: desk.order.po_number.text() == "4471")
    # A long number typed at a person's pace is a PO number, not a scan.
    desk.order.po_number.clear()
    type_keys(desk, "20261120", pause_ms=GAP_MS * 2)
    qtbot.waitUntil(lambda: workspace.desk.orders((DRAFT,))[0].po_number == "20261120")
    assert desk.order.po_number.text() == "20261120"
    assert order_lines(desk) == [("VASE-2", 24)] == saved_lines(workspace)


def test_enter_straight_after_typing_a_search_adds_from_its_results_not_the_last_ones(
    qtbot: QtBot, desk: MainWindow, tasks: TaskManager, workspace: Workspace
) -> None:
    search = desk.catalog.search
    search.setFocus()
    highlighted = desk.catalog.model.hit(desk.catalog.table.currentIndex().row()).sku
    assert highlighted != "MUG-1"
    type_keys(desk, "cafe mug")  # Enter before the search has even started
    settle(qtbot, tasks)
    assert order_lines(desk) == [("MUG-1", 6)] == saved_lines(workspace)
    # Enter, then more typing before the results came: the Enter was for words no longer there.
    search.clear()
    type_keys(desk, "ramekin")
    type_keys(desk, " blue", enter=False)
    settle(qtbot, tasks)
    qtbot.waitUntil(lambda: desk.catalog.model.words == "ramekin blue" and not tasks.pending)
    assert order_lines(desk) == [("MUG-1", 6)]


def test_the_scanned_line_is_scrolled_into_view_on_a_long_order(
    qtbot: QtBot, open_window: Callable[[], MainWindow], workspace: Workspace, tasks: TaskManager
) -> None:
    uuid = workspace.desk.start_order("C1001")
    for index in range(3, 60):
        workspace.desk.add_product(uuid, f"GEN-{10000 + index}")
    window = open_window()  # the draft is open again
    qtbot.waitUntil(lambda: window.order.model.rowCount() == 57)
    table = window.order.lines

    def in_sight(sku: str) -> bool:
        model = window.order.model
        row = next(r for r in range(model.rowCount()) if model.line(r).sku == sku)
        return table.viewport().rect().contains(table.visualRect(model.index(row, 0)))

    assert not in_sight("GEN-10059")
    window.catalog.scan_code(gen_barcode(1))  # a new line, at the bottom
    settle(qtbot, tasks)
    assert in_sight("GEN-10001") and order_lines(window)[-1] == ("GEN-10001", 4)
    window.catalog.scan_code(gen_barcode(3))  # the first line, out of sight now: one more
    settle(qtbot, tasks)
    assert in_sight("GEN-10003") and order_lines(window)[0] == ("GEN-10003", 2)
