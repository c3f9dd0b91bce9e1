"""The order-writing window: customers on the left, catalog above the order, sync in the toolbar.

The window wires the panels to the workspace. Every read and write of the local database goes
through `TaskManager.run_in_db`, every sync through `run_in_net`; panels show what comes back.
Only one order is open at a time; it is saved line by line by the desk, so closing the window
(or a crash) never loses it, and the next start reopens the draft changed last.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from repapp.models import Customer
from repapp.services.confirmations import save_confirmation
from repapp.services.order_book import OrderBook
from repapp.services.order_desk import OrderDeskError, OrderNotReady, OrderView
from repapp.services.prospects import Prospects
from repapp.services.reorder import Reorder, Reordered
from repapp.services.workspace import Workspace
from repapp.ui.catalog_panel import CatalogPanel
from repapp.ui.customer_panel import CustomerPanel
from repapp.ui.desk_status import DeskStatus, read_desk_status, stock_label
from repapp.ui.finished_dialog import FinishedDialog
from repapp.ui.keyboard_wedge import KeyboardWedge
from repapp.ui.order_panel import OrderPanel
from repapp.ui.order_signature import SignatureControl
from repapp.ui.orders_panel import OpenedDraft, OrdersPanel, attention_title
from repapp.ui.pages import ANY_PAGE, DESK_PAGE, ORDERS_PAGE
from repapp.ui.prospect_dialog import ProspectDialog
from repapp.ui.qt import (
    QAction,
    QApplication,
    QCloseEvent,
    QKeySequence,
    QLabel,
    QMainWindow,
    QSplitter,
    QStyle,
    Qt,
    QTabWidget,
    QToolBar,
    QWidget,
)
from repapp.ui.quit_guard import QuitGuard
from repapp.ui.reorder_dialog import ReorderDialog
from repapp.ui.shortcuts_dialog import ShortcutsDialog
from repapp.ui.show_status import ShowStatus
from repapp.ui.style import STYLE_SHEET
from repapp.ui.sync_actions import add_sync_actions
from repapp.ui.sync_control import SyncControl
from repapp.ui.tasks import TaskManager
from repapp.ui.transfer_control import TransferControl

OrderChange = Callable[[str], OrderView]  # runs on the database thread with the order's uuid


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace, tasks: TaskManager, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace, self.tasks = workspace, tasks
        self._desk = workspace.desk
        self._order_uuid: str | None = None
        self._starting_order = False
        self._finishing = False
        # Scans that came while the order was being started, with the SKU each one adds.
        self._after_start: list[tuple[OrderChange, str]] = []
        self.customers = CustomerPanel(tasks, workspace.desk)
        self.catalog = CatalogPanel(
            tasks, workspace.catalog, workspace.desk.prices, workspace.images
        )
        self.order = OrderPanel()
        self.signing = SignatureControl(self.order, tasks, workspace.desk, self)
        self.orders = OrdersPanel(tasks, OrderBook(workspace.desk))
        self.wedge = KeyboardWedge(self, self.catalog.scan)  # a scan lands wherever the focus is
        self.sync = SyncControl(workspace, tasks, self)
        self.quit_guard = QuitGuard(self, tasks, workspace.desk)
        self.transfer = TransferControl(workspace, tasks, self)
        self.shortcuts: ShortcutsDialog | None = None
        self.finished_dialog: FinishedDialog | None = None
        self.stock_as_of = QLabel(objectName="stock_as_of")
        self.unsent = QLabel(objectName="unsent")
        self.setWindowTitle("RepApp")
        self.setStyleSheet(STYLE_SHEET)
        self._lay_out()
        self.show_status = ShowStatus(self, workspace, tasks, self.sync)  # online, ready, auto-sync
        self._add_actions()
        self._connect()
        self.resize(1280, 800)
        # First reads: they run on the database thread and fill the window as they arrive.
        self.refresh_status()
        self.customers.reload()
        self.catalog.start()
        self.orders.refresh()  # for the Orders tab's count of orders needing attention
        self._reopen_last_draft()
        self.show_status.start()

    def _lay_out(self) -> None:
        work = QSplitter(Qt.Orientation.Vertical)
        work.addWidget(self.catalog)
        work.addWidget(self.order)
        work.setSizes([360, 420])
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(self.customers)
        main.addWidget(work)
        main.setStretchFactor(1, 1)
        main.setSizes([280, 1000])
        for splitter in (main, work):
            splitter.setChildrenCollapsible(False)
        main.setContentsMargins(8, 4, 8, 4)
        self.desk_page = main
        self.pages = QTabWidget(objectName="pages", documentMode=True)
        self.pages.addTab(main, "Order desk")
        self.pages.addTab(self.orders, "Orders")
        self.setCentralWidget(self.pages)
        self.statusBar().addPermanentWidget(self.stock_as_of)
        self.statusBar().addPermanentWidget(self.unsent)
        QWidget.setTabOrder(self.customers.search, self.customers.accounts)
        for before, after in (
            (self.customers.accounts, self.customers.new_order),
            (self.customers.new_order, self.catalog.search),
            (self.catalog.search, self.catalog.scan),
            (self.catalog.scan, self.catalog.table),
            (self.catalog.table, self.order.lines),
            (self.order.lines, self.order.ship_from),
            (self.order.ship_from, self.order.ship_until),
            (self.order.ship_until, self.order.sign),
            (self.order.sign, self.order.po_number),
            (self.order.po_number, self.order.notes),
            (self.order.notes, self.order.finish),
        ):
            QWidget.setTabOrder(before, after)

    def _add_actions(self) -> None:
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        icon = self.style().standardIcon
        self.sync_action = self._action("Sync", "F5", self.sync.start, toolbar, ANY_PAGE)
        self.sync_action.setIcon(icon(QStyle.StandardPixmap.SP_BrowserReload))
        self.sync_action.setToolTip("Send finished orders; get catalog, stock and accounts (F5)")
        new_order = self._action("New order", "Ctrl+N", self.customers.new_order.click, toolbar)
        new_order.setIcon(icon(QStyle.StandardPixmap.SP_FileIcon))
        self.pictures_action = self._action(
            "Download pictures", "Ctrl+Shift+P", self.sync.download_pictures, toolbar, ANY_PAGE
        )
        self.pictures_action.setIcon(icon(QStyle.StandardPixmap.SP_ArrowDown))
        self.pictures_action.setToolTip(
            "Fetch every product picture now, so the catalog shows them offline at the show"
        )
        # Keyboard only: a rep at a booth keeps both hands on the keyboard and scanner.
        self._action("Find product", "Ctrl+F", self.catalog.focus_search)
        self._action("Scan", "Ctrl+B", self.catalog.scan.setFocus)
        self._action("Find customer", "Ctrl+Shift+F", self.customers.search.setFocus)
        prospect = self._action("New prospect…", "Ctrl+Shift+N", self.new_prospect, toolbar)
        prospect.setIcon(icon(QStyle.StandardPixmap.SP_FileDialogNewFolder))
        prospect.setToolTip("A buyer with no account yet: type the form or scan their badge")
        self._action("Reorder…", "Ctrl+R", self.customers.reorder.click).setToolTip(
            "Copy one of the account's past orders into a new order, at today's prices"
        )
        self._action("Finish order", "Ctrl+Return", self.order.finish.click)
        self._action("Signature…", "Ctrl+G", self.signing.open).setToolTip(
            "The buyer signs the order on screen: finger, pen or mouse"
        )
        self._action("Ship window", "Ctrl+D", self.order.ship_from.setFocus).setToolTip(
            "When the buyer wants the goods; a line's own date is in the Ships column"
        )
        orders = self._action("Orders", "Ctrl+O", self.toggle_orders, toolbar, ANY_PAGE)
        orders.setIcon(icon(QStyle.StandardPixmap.SP_FileDialogDetailedView))
        orders.setToolTip("Every order on this laptop and its state; again: back to the order desk")
        self._action("Open draft", "Ctrl+E", self.orders.open_selected, page=ORDERS_PAGE)
        self._action("Revise order", "Ctrl+Shift+V", self.orders.revise_selected, page=ORDERS_PAGE)
        self._action("Keyboard shortcuts", "F1", self.show_shortcuts, page=ANY_PAGE)
        self._action("Quit", "Ctrl+Q", self.close, page=ANY_PAGE)
        self.stop_action = add_sync_actions(self, toolbar)  # stop, sign out, export, ...

    def _action(
        self,
        text: str,
        keys: str,
        slot: Callable[[], object],
        toolbar: QToolBar | None = None,
        page: str = DESK_PAGE,
    ) -> QAction:
        """An action of the order desk page (by default), of the Orders page, or of any page:
        triggered from another page, it brings its own page forward first."""
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)

        def trigger() -> None:
            self._show_page(page)
            slot()

        action.triggered.connect(trigger)
        (toolbar or self).addAction(action)
        return action

    def _connect(self) -> None:
        self.customers.new_order_requested.connect(self._new_order)
        self.customers.reorder_requested.connect(self.reorder)
        self.catalog.product_chosen.connect(self.add_product)
        self.customers.customer_selected.connect(
            lambda customer: self.catalog.set_buyer(customer.account_number if customer else None)
        )
        self.catalog.code_unknown.connect(self._code_unknown)
        self.wedge.scanned.connect(self.catalog.scan_code)
        self.order.quantity_changed.connect(self._quantity_changed)
        self.order.details_changed.connect(self._details_changed)
        self.order.edit_requested.connect(
            lambda edit: self._change_order(partial(edit, self._desk))
        )
        self.order.finish_requested.connect(self.finish_order)
        self.sync.message.connect(self.statusBar().showMessage)
        self.sync.busy_changed.connect(self._sync_busy)
        self.sync.pictures_done.connect(lambda _summary: self.catalog.model.forget_thumbnails())
        self.sync.signed_in.connect(self._show_rep)
        self.sync.synced.connect(self._after_sync)
        self.transfer.message.connect(self.statusBar().showMessage)
        self.transfer.imported.connect(
            lambda _summary: (self.refresh_status(), self.customers.reload())
        )
        self.sync.synced.connect(lambda _summary: self.orders.refresh())
        self.sync.busy_changed.connect(self.orders.set_sending)
        self.orders.draft_opened.connect(self._open_draft)
        self.orders.counts_changed.connect(
            lambda counts: self.pages.setTabText(1, attention_title(counts))
        )

    def _show_page(self, page: str) -> None:
        if page != ANY_PAGE:
            self.pages.setCurrentWidget(self.orders if page == ORDERS_PAGE else self.desk_page)

    def toggle_orders(self) -> None:
        """Ctrl+O: the Orders page, and back to the order desk."""
        on_orders = self.pages.currentWidget() is self.orders
        self.pages.setCurrentWidget(self.desk_page if on_orders else self.orders)

    def show_shortcuts(self) -> ShortcutsDialog:
        """Every action's keys, read from the actions: a new action is listed by itself."""
        if self.shortcuts is None:
            actions = [a for a in self.findChildren(QAction) if not a.shortcut().isEmpty()]
            dialog = ShortcutsDialog(actions, self)
            dialog.finished.connect(lambda: self._shortcuts_closed(dialog))
            self.shortcuts = dialog
        self.shortcuts.open()  # window-modal and non-blocking: never exec()
        return self.shortcuts

    def _shortcuts_closed(self, dialog: ShortcutsDialog) -> None:
        dialog.deleteLater()
        if self.shortcuts is dialog:
            self.shortcuts = None

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.quit_guard.allows_close():
            event.ignore()  # unsent orders are counted first; the guard closes again when clear

    def _sync_busy(self, busy: bool) -> None:
        self.sync_action.setEnabled(not busy)
        self.pictures_action.setEnabled(not busy)

    # -- status ------------------------------------------------------------------------------
    def refresh_status(self) -> None:
        self.tasks.run_in_db(lambda: read_desk_status(self.workspace), self._show_status)

    def _show_status(self, status: DeskStatus) -> None:
        self._show_rep(status.rep_name)
        self.stock_as_of.setText(stock_label(status.stock_as_of))
        self.unsent.setText(
            "All orders sent"
            if status.unsent == 0
            else f"{status.unsent} order{'s' if status.unsent != 1 else ''} to send"
        )
        self.sync.server_url = self.sync.server_url or status.server_url
        self.sync.username = self.sync.username or status.username

    def _show_rep(self, rep_name: str) -> None:
        # Qt adds the application's display name: the title bar reads "Dana Whitfield — RepApp".
        self.setWindowTitle(rep_name or "not signed in")

    def _after_sync(self, _summary: object) -> None:
        """Stock, accounts and order statuses may all have changed."""
        self.refresh_status()
        self.customers.reload()
        self.catalog.reload_categories()
        self.catalog.model.refresh()
        if self._order_uuid is not None:
            uuid = self._order_uuid
            self.tasks.run_in_db(lambda: self._desk.view(uuid), self._show_order)

    def tell(self, text: str, beep: bool = False) -> None:
        self.statusBar().showMessage(text)
        if beep:  # a scanning rep is looking at the product, not at the screen
            QApplication.beep()

    # -- the order ---------------------------------------------------------------------------
    def add_product(self, sku: str) -> None:
        self._change_order(lambda uuid: self._desk.add_product(uuid, sku), added=sku)

    def _code_unknown(self, why: str) -> None:
        self.tell(f"{why}: nothing was added.", beep=True)

    def _quantity_changed(self, line_no: int, quantity: int) -> None:
        self._change_order(lambda uuid: self._desk.set_quantity(uuid, line_no, quantity))

    def _details_changed(self, po_number: str, notes: str) -> None:
        self._change_order(lambda uuid: self._desk.set_details(uuid, po_number, notes))

    def _reopen_last_draft(self) -> None:
        """Pick up where the rep stopped, after a quit or a crash: every change was saved."""
        self.tasks.run_in_db(self._desk.latest_draft, self._reopen)

    def _reopen(self, view: OrderView | None) -> None:
        if view is None or self._order_uuid is not None or self._starting_order:
            return  # no draft, or the rep has already started writing another order
        self._show_order(view)
        self.customers.show_account(view.customer_account)
        lines = f"{len(view.lines)} line{'' if len(view.lines) == 1 else 's'}"
        self.tell(f"Your draft for {view.customer_name} is open again ({lines}), as last saved.")

    def _open_draft(self, opened: OpenedDraft) -> None:
        """A draft chosen on the Orders page, or a revision just made, goes into the editor."""
        if self._starting_order or self._finishing:
            self.tell("Not opened: the order on screen is still being saved. Try again.", beep=True)
            return
        self._show_order(opened.view)
        self.order.show_message("\n".join(f"• {note}" for note in opened.notes))
        self.customers.show_account(opened.view.customer_account)
        self._show_page(DESK_PAGE)
        self.tell(opened.headline)

    def _new_order(self, customer: Customer) -> None:
        self._start_order(customer.account_number)

    def new_prospect(self) -> ProspectDialog:
        dialog = ProspectDialog(self.tasks, Prospects(self.workspace.store), self)
        dialog.created.connect(self._prospect_created)
        dialog.open()
        return dialog

    def _prospect_created(self, customer: Customer) -> None:
        self.customers.show_new_account(customer.account_number)
        self.tell(
            f"Prospect {customer.name} saved as {customer.account_number}: New order (Ctrl+N) to write its order."
        )

    def reorder(self, customer: Customer) -> ReorderDialog:
        dialog = ReorderDialog(self.tasks, Reorder(self._desk), customer, self)
        dialog.copied.connect(self._reordered)
        dialog.open()
        return dialog

    def _reordered(self, result: Reordered) -> None:
        shown = self.order.view
        if shown is not None and shown.editable and not shown.lines:
            self.tasks.run_in_db(partial(self._desk.discard, shown.uuid))  # untouched: not kept
        self._show_order(result.order)
        self.order.show_message(result.summary() if result.skipped or result.changed else "")
        self.tell(result.summary().splitlines()[0])

    def _change_order(self, change: OrderChange, added: str = "") -> None:
        """Apply a change to the open order, starting one for the chosen customer if needed."""
        if self._starting_order:
            self._after_start.append((change, added))
        elif self._order_uuid is not None:
            uuid = self._order_uuid
            shown = partial(self._show_order, added=added)
            self.tasks.run_in_db(lambda: change(uuid), shown, self._order_refused)
        elif (customer := self.customers.selected()) is not None:
            self._after_start.append((change, added))
            self._start_order(customer.account_number)
        else:
            self.tell("Choose a customer first: nothing was added.", beep=True)

    def _start_order(self, account_number: str) -> None:
        view = self.order.view
        empty = view.uuid if view is not None and view.editable and not view.lines else None

        def start() -> OrderView:
            if empty is not None:
                self._desk.discard(empty)  # an untouched draft is not worth keeping
            return self._desk.view(self._desk.start_order(account_number))

        self._starting_order = True
        self.tasks.run_in_db(start, self._order_started, self._start_refused)

    def _order_started(self, view: OrderView) -> None:
        self._starting_order = False
        self._show_order(view)
        waiting, self._after_start = self._after_start, []
        for change, added in waiting:
            self._change_order(change, added)

    def _start_refused(self, error: Exception) -> None:
        self._starting_order = False
        self._after_start = []
        self._order_refused(error)

    def _show_order(self, view: OrderView, added: str = "") -> None:
        self._order_uuid = view.uuid if view.editable else None
        self.order.show_order(view)
        row = next((row for row, line in enumerate(view.lines) if line.sku == added), None)
        if row is not None:  # the scanning rep's confirmation, readable at a glance
            line = view.lines[row]
            self.order.lines.doItemsLayout()  # a row just added has no place to scroll to yet
            self.order.lines.scrollTo(self.order.model.index(row, 0))  # on a long order too
            self.tell(f"Added {line.sku} {line.description}: {line.quantity} on the order")

    def _order_refused(self, error: Exception) -> None:
        if not isinstance(error, OrderDeskError):
            raise error
        self.order.show_message(str(error))
        self.tell(f"Not done: {error}", beep=True)

    def finish_order(self) -> None:
        if self._order_uuid is None or self._finishing:
            return  # a second Ctrl+Return (or click) while the first is at work finishes nothing
        self._finishing = True
        uuid = self._order_uuid
        po_number, notes = self.order.take_details()
        pending = self.order.take_pending_edits()

        def finish() -> OrderView:
            self._desk.set_details(uuid, po_number, notes)  # what is on screen is what is sent
            for edit in pending:
                edit(self._desk, uuid)
            return self._desk.finish(uuid)

        self.tasks.run_in_db(finish, self._finished, self._finish_refused)

    def _finished(self, view: OrderView) -> None:
        self._finishing = False
        self._order_uuid = None
        self.order.show_order(None)
        self.order.show_message("")
        self.tell(
            f"Order {view.provisional_ref} finished for {view.customer_name}: "
            f"{view.totals.total}, queued to send."
        )
        self.refresh_status()
        store, folder = self.workspace.store, self.workspace.confirmations
        self.tasks.run_in_db(
            lambda: save_confirmation(store, view.uuid, folder),
            lambda pdf: self._offer_confirmation(view, pdf),
            lambda error: self._offer_confirmation(view, None, str(error)),
        )

    def _offer_confirmation(self, view: OrderView, pdf: Path | None, problem: str = "") -> None:
        """The order is safe whatever happens here: a PDF that fails is only a message."""
        if self.finished_dialog is not None:
            self.finished_dialog.close()  # one at a time: the newest order's
        dialog = FinishedDialog(view, pdf, problem, self)
        dialog.finished.connect(lambda: self._finished_closed(dialog))
        self.finished_dialog = dialog
        dialog.show()  # not modal: the rep may go straight on to the next buyer

    def _finished_closed(self, dialog: FinishedDialog) -> None:
        dialog.deleteLater()
        if self.finished_dialog is dialog:
            self.finished_dialog = None

    def _finish_refused(self, error: Exception) -> None:
        self._finishing = False
        if isinstance(error, OrderNotReady):
            self.order.show_message(
                "Not finished yet:\n" + "\n".join(f"• {p}" for p in error.problems)
            )
            self.tell("The order is not finished: see what to fix beside the lines.", beep=True)
        else:
            self._order_refused(error)
