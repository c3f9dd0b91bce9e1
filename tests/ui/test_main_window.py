"""The main window driven like a rep drives it: typing, scanning, editing, finishing, syncing."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import text

from repapp.models.orders import DRAFT, QUEUED
from repapp.server_process import free_port
from repapp.services.workspace import Workspace
from repapp.ui.catalog_model import NAME, PRICE, PRICING, THUMBNAIL
from repapp.ui.main_window import MainWindow
from repapp.ui.order_model import LINE_TOTAL, QTY
from repapp.ui.qt import QApplication, Qt
from repapp.ui.sign_in import SignInDialog
from repapp.ui.tasks import TaskManager
from server.demo_images import swatch_png
from tests import sample_store
from tests.sample_store import MUG_BARCODE


def choose_customer(qtbot: QtBot, window: MainWindow, account: str) -> None:
    assert window.customers.select_account(account)
    qtbot.waitUntil(lambda: window.customers.selected() is not None)


def scan(qtbot: QtBot, window: MainWindow, code: str) -> None:
    """A USB scanner: the digits and Enter, as fast as key events go."""
    qtbot.keyClicks(window.catalog.scan, code)
    qtbot.keyClick(window.catalog.scan, Qt.Key.Key_Return)


def skus(window: MainWindow) -> list[str]:
    model = window.catalog.model
    return [model.hit(row).sku for row in range(model.rowCount())]


def order_lines(window: MainWindow) -> list[tuple[str, int]]:
    model = window.order.model
    return [(model.line(row).sku, model.line(row).quantity) for row in range(model.rowCount())]


def test_window_shows_rep_stock_time_and_unsent_orders(window: MainWindow) -> None:
    assert window.windowTitle() == "Dana Whitfield"
    assert window.stock_as_of.text().startswith("Stock as of 14 Mar")
    assert window.unsent.text() == "All orders sent"
    assert window.catalog.model.rowCount() == 200  # one page, not the whole catalog


def test_typing_in_search_shows_matching_products(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.catalog.search, "cafe")  # no accent typed, still found
    qtbot.waitUntil(lambda: skus(window) == ["MUG-1"])
    window.catalog.search.clear()
    window.catalog.search.insert(
        "crème brû"
    )  # as an input method commits it: QTest types ASCII only
    qtbot.waitUntil(lambda: skus(window) == ["VASE-2"])
    assert window.catalog.table.currentIndex().row() == 0  # Enter would add it


def test_enter_in_search_adds_the_highlighted_product(qtbot: QtBot, window: MainWindow) -> None:
    choose_customer(qtbot, window, "C1001")
    qtbot.keyClicks(window.catalog.search, "cafe mug")
    qtbot.waitUntil(lambda: skus(window) == ["MUG-1"])
    qtbot.keyClick(window.catalog.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: order_lines(window) == [("MUG-1", 6)])


def test_scanning_a_barcode_twice_adds_a_line_then_a_case(qtbot: QtBot, window: MainWindow) -> None:
    choose_customer(qtbot, window, "C1001")
    scan(qtbot, window, MUG_BARCODE)
    qtbot.waitUntil(lambda: order_lines(window) == [("MUG-1", 6)])
    assert window.catalog.scan.text() == ""  # ready for the next scan
    scan(qtbot, window, MUG_BARCODE)
    qtbot.waitUntil(lambda: order_lines(window) == [("MUG-1", 12)])


def test_fast_scans_before_the_order_exists_land_on_one_order(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    choose_customer(qtbot, window, "C1001")
    for code in (MUG_BARCODE, "036000291452", MUG_BARCODE):
        scan(qtbot, window, code)
    qtbot.waitUntil(lambda: order_lines(window) == [("MUG-1", 12), ("VASE-2", 1)])
    assert len(workspace.desk.orders((DRAFT,))) == 1


def test_a_typed_sku_is_added_like_a_barcode(qtbot: QtBot, window: MainWindow) -> None:
    choose_customer(qtbot, window, "C1001")
    scan(qtbot, window, "vase-2")
    qtbot.waitUntil(lambda: order_lines(window) == [("VASE-2", 1)])


def test_an_unknown_code_adds_nothing_and_says_so(
    qtbot: QtBot, window: MainWindow, tasks: TaskManager
) -> None:
    choose_customer(qtbot, window, "C1001")
    scan(qtbot, window, MUG_BARCODE)
    qtbot.waitUntil(lambda: order_lines(window) == [("MUG-1", 6)])
    for code in ("4006381333930", "400638133393", "4006381333948"):  # wrong digit, prefix, retired
        scan(qtbot, window, code)
        qtbot.waitUntil(lambda c=code: c in window.statusBar().currentMessage())
        assert "nothing was added" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: tasks.pending == 0)
    assert order_lines(window) == [("MUG-1", 6)]


def test_the_category_filter_narrows_search_to_a_branch_of_the_tree(
    qtbot: QtBot, window: MainWindow
) -> None:
    combo = window.catalog.category
    qtbot.waitUntil(lambda: combo.count() == 6)  # "All categories" and five categories
    assert [combo.itemText(i) for i in range(combo.count())][:3] == [
        "All categories",
        "Home Decor",
        "    Candles",
    ]
    vases = {
        hit.sku for hit in window.workspace.catalog.search("", 1000, category_id=sample_store.VASES)
    }
    assert "VASE-2" in vases and len(vases) > 1
    combo.setCurrentIndex(combo.findData(sample_store.VASES))
    qtbot.waitUntil(lambda: set(skus(window)) == vases)
    qtbot.keyClicks(window.catalog.search, "mug")  # mugs are not vases
    qtbot.waitUntil(lambda: window.catalog.model.rowCount() == 0)
    combo.setCurrentIndex(combo.findData(sample_store.KITCHEN))  # the parent: mugs are under it
    qtbot.waitUntil(lambda: skus(window) == ["MUG-1"])


def price_cells(window: MainWindow, sku: str) -> tuple[str, str]:
    model = window.catalog.model
    row = skus(window).index(sku)
    return model.index(row, PRICE).data(), model.index(row, PRICING).data()


def test_catalog_prices_are_the_chosen_customers_with_their_reason(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.keyClicks(window.catalog.search, "mug")
    qtbot.waitUntil(lambda: skus(window) == ["MUG-1"])
    assert price_cells(window, "MUG-1") == ("3.35", "List price")  # nobody chosen yet
    choose_customer(qtbot, window, "C1001")
    qtbot.waitUntil(lambda: price_cells(window, "MUG-1") == ("3.10", "Tier B"))
    choose_customer(qtbot, window, "C1003")
    qtbot.waitUntil(lambda: price_cells(window, "MUG-1")[1].startswith("Contract K-17"))
    assert price_cells(window, "MUG-1")[0] == "2.75"
    window.catalog.search.clear()
    qtbot.keyClicks(window.catalog.search, "ramekin")
    qtbot.waitUntil(lambda: skus(window) == ["VASE-2"])
    price, why = price_cells(window, "VASE-2")
    assert price == "17.99" and why.startswith("Show special -10% until")  # 19.99 less 10 %
    assert "Regular price USD 19.99" in window.catalog.model.index(0, PRICE).data(
        Qt.ItemDataRole.ToolTipRole
    )


def test_scanning_without_a_customer_asks_for_one(qtbot: QtBot, window: MainWindow) -> None:
    scan(qtbot, window, MUG_BARCODE)
    qtbot.waitUntil(lambda: "Choose a customer" in window.statusBar().currentMessage())
    assert order_lines(window) == []


def test_customer_details_and_totals_follow_the_order(qtbot: QtBot, window: MainWindow) -> None:
    choose_customer(qtbot, window, "C1001")
    figures = window.customers.figures
    assert figures["terms"].text() == "Net 30"
    assert figures["available"].text() == "USD 3,799.50"
    assert not window.customers.hold_banner.isVisible()
    assert not window.order.finish.isEnabled()
    scan(qtbot, window, MUG_BARCODE)  # 6 x 3.10, the account's Tier B price
    scan(qtbot, window, "036000291452")  # 1 x 16.65, Tier B 18.50 less the show special
    qtbot.waitUntil(lambda: len(order_lines(window)) == 2)
    assert window.order.customer.text().startswith("Zoë's Gift Shop")
    assert window.order.subtotal.text() == "USD 35.25"
    assert window.order.total.text() == "USD 35.25"
    assert window.order.finish.isEnabled()


def test_editing_a_quantity_in_the_table_reprices(qtbot: QtBot, window: MainWindow) -> None:
    choose_customer(qtbot, window, "C1001")
    scan(qtbot, window, MUG_BARCODE)
    qtbot.waitUntil(lambda: order_lines(window) == [("MUG-1", 6)])
    table, model = window.order.lines, window.order.model
    index = model.index(0, QTY)
    table.setCurrentIndex(index)
    table.edit(index)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "24")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: order_lines(window) == [("MUG-1", 24)])
    assert model.index(0, LINE_TOTAL).data() == "74.40"  # 24 x 3.10
    assert window.order.total.text() == "USD 74.40"


def test_delete_removes_the_highlighted_line(qtbot: QtBot, window: MainWindow) -> None:
    choose_customer(qtbot, window, "C1001")
    scan(qtbot, window, MUG_BARCODE)
    scan(qtbot, window, "036000291452")
    qtbot.waitUntil(lambda: len(order_lines(window)) == 2)
    window.order.lines.setCurrentIndex(window.order.model.index(0, 0))
    qtbot.keyClick(window.order.lines, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: order_lines(window) == [("VASE-2", 1)])


def test_scrolling_to_the_end_fetches_the_next_page(qtbot: QtBot, window: MainWindow) -> None:
    assert window.catalog.model.rowCount() == 200
    window.catalog.table.scrollToBottom()
    qtbot.waitUntil(lambda: window.catalog.model.rowCount() == 400)


def test_finish_writes_the_order_and_shows_its_reference(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    choose_customer(qtbot, window, "C1001")
    scan(qtbot, window, MUG_BARCODE)
    qtbot.waitUntil(lambda: window.order.finish.isEnabled())
    qtbot.keyClicks(window.order.po_number, "PO-4471")
    qtbot.mouseClick(window.order.finish, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "D001-" in window.statusBar().currentMessage())
    [order] = workspace.desk.orders((QUEUED,))
    assert order.provisional_ref in window.statusBar().currentMessage()
    assert order.po_number == "PO-4471"
    assert order.totals.net.amount == Decimal("18.60")
    assert order_lines(window) == []
    qtbot.waitUntil(lambda: window.unsent.text() == "1 order to send")


def test_finish_pressed_twice_finishes_once_and_reports_no_error(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, tasks: TaskManager
) -> None:
    choose_customer(qtbot, window, "C1001")
    scan(qtbot, window, MUG_BARCODE)
    qtbot.waitUntil(lambda: window.order.finish.isEnabled())
    qtbot.keyClicks(window.order.notes, "Dock B")  # its save is still waiting for a pause
    for _ in range(2):  # both presses before the first finish is back
        qtbot.mouseClick(window.order.finish, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "D001-" in window.statusBar().currentMessage())
    qtbot.waitUntil(lambda: tasks.pending == 0)
    assert "finished for Zoë's Gift Shop" in window.statusBar().currentMessage()
    assert window.order.message.text() == ""
    [order] = workspace.desk.orders((QUEUED,))
    assert order.notes == "Dock B"


def test_an_order_that_breaks_the_rules_is_not_finished(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    choose_customer(qtbot, window, "C1001")
    scan(qtbot, window, MUG_BARCODE)
    qtbot.waitUntil(lambda: order_lines(window) == [("MUG-1", 6)])
    window.order.model.setData(window.order.model.index(0, QTY), 5)  # not a whole case
    qtbot.waitUntil(lambda: "multiples of 6" in window.order.problems.text())
    qtbot.mouseClick(window.order.finish, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Not finished" in window.order.message.text())
    assert "MUG-1: ordered in multiples of 6; 5 is not a multiple" in window.order.message.text()
    assert workspace.desk.orders((QUEUED,)) == []
    assert workspace.desk.unsent_count() == 0


def test_an_empty_order_cannot_be_finished(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    choose_customer(qtbot, window, "C1003")
    qtbot.mouseClick(window.customers.new_order, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.order.view is not None)
    assert not window.order.finish.isEnabled()
    assert "the order has no lines" in window.order.problems.text()
    window.finish_order()  # even asked directly (a shortcut), the desk refuses it
    qtbot.waitUntil(lambda: "no lines" in window.order.message.text())
    assert workspace.desk.orders((QUEUED,)) == []


def test_a_held_account_shows_the_credit_hold_banner(qtbot: QtBot, window: MainWindow) -> None:
    choose_customer(qtbot, window, "C1002")
    assert window.customers.hold_banner.isVisible()
    assert window.customers.hold_banner.text() == "CREDIT HOLD"
    assert window.customers.figures["available"].text() == "USD -150.00"
    choose_customer(qtbot, window, "C1001")
    assert not window.customers.hold_banner.isVisible()


def test_customer_search_narrows_the_accounts(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.customers.search, "bozeman")
    qtbot.waitUntil(lambda: window.customers.accounts.count() == 1)
    assert window.customers.accounts.item(0).text().startswith("Juniper General Store")


def test_ctrl_f_goes_to_the_catalog_search(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    window.customers.search.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.catalog.search.hasFocus())


def open_sign_in(qtbot: QtBot, window: MainWindow) -> SignInDialog:
    window.sync_action.trigger()
    qtbot.waitUntil(lambda: window.sync.dialog is not None and window.sync.dialog.isVisible())
    dialog = window.sync.dialog
    assert isinstance(dialog, SignInDialog)
    return dialog


def test_sync_before_sign_in_asks_to_sign_in_and_reports_failure(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    assert workspace.client is None
    dialog = open_sign_in(qtbot, window)
    nobody_there = f"http://127.0.0.1:{free_port()}"
    dialog.server_url.setText(nobody_there)
    dialog.username.setText("rep")
    dialog.password.setText("demo")
    dialog.accept()
    qtbot.waitUntil(
        lambda: "Could not sign in" in window.statusBar().currentMessage(), timeout=10_000
    )
    assert f"cannot reach the server at {nobody_there}" in window.statusBar().currentMessage()
    assert window.sync_action.isEnabled()  # the rep can try again


def test_cancelling_sign_in_changes_nothing(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, tasks: TaskManager
) -> None:
    dialog = open_sign_in(qtbot, window)
    dialog.reject()
    qtbot.waitUntil(lambda: window.sync.dialog is None)
    assert tasks.pending == 0
    assert workspace.client is None


RUN_APP = """
import sys
from pathlib import Path
from repapp.services.workspace import Workspace
from repapp.ui.app import run_app
from repapp.ui.main_window import MainWindow
from repapp.ui.qt import QApplication, QTimer

def look():
    [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    if window.isVisible() and "Dana" in window.windowTitle():
        print(QApplication.applicationName(), window.windowTitle(), sep="|")
        QApplication.quit()
    else:
        QTimer.singleShot(10, look)

QTimer.singleShot(0, look)
workspace = Workspace.open(Path(sys.argv[1]))
sys.exit(run_app(workspace, sys.argv[:1]))
"""


def test_run_app_shows_the_window_and_exits_cleanly(workspace: Workspace) -> None:
    """The way `repapp` starts it, in its own process: app.exec() must not run inside pytest."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", RUN_APP, str(workspace.store.path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "RepApp|Dana Whitfield"
    assert "Traceback" not in done.stderr


def test_products_with_a_downloaded_picture_show_a_thumbnail(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    picture = swatch_png(181, 101, 60)
    sha = hashlib.sha256(picture).hexdigest()
    with workspace.store.transaction() as session:
        for sku in ("MUG-1", "VASE-2"):
            session.execute(
                text("UPDATE products SET images = :sha WHERE sku = :sku"), {"sha": sha, "sku": sku}
            )
    qtbot.keyClicks(window.catalog.search, "mug")
    qtbot.waitUntil(lambda: skus(window) == ["MUG-1"])
    decoration = Qt.ItemDataRole.DecorationRole
    assert window.catalog.model.index(0, NAME).data(decoration) is None  # not downloaded yet
    workspace.images.store(sha, picture)
    window.catalog.model.forget_thumbnails()
    thumbnail = window.catalog.model.index(0, NAME).data(decoration)
    assert thumbnail is not None and thumbnail.width() == THUMBNAIL
