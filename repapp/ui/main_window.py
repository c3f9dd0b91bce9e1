"""The order-writing window: customers on the left, catalog above the order, sync in the toolbar.

The window wires the panels to the workspace. Every read and write of the local database goes
through `TaskManager.run_in_db`, every sync through `run_in_net`; panels show what comes back.
Only one order is open at a time; it is saved line by line by the desk, so closing the window
(or a crash) never loses it, and the next start reopens the draft changed last.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from repapp.models import Customer
from repapp.services.order_desk import OrderDeskError, OrderNotReady, OrderView
from repapp.services.workspace import Workspace
from repapp.ui.catalog_panel import CatalogPanel
from repapp.ui.customer_panel import CustomerPanel
from repapp.ui.desk_status import DeskStatus, read_desk_status, stock_label
from repapp.ui.keyboard_wedge import KeyboardWedge
from repapp.ui.order_panel import OrderPanel
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
    QToolBar,
    QWidget,
)
from repapp.ui.quit_guard import QuitGuard
from repapp.ui.shortcuts_dialog import ShortcutsDialog
from repapp.ui.style import STYLE_SHEET
from repapp.ui.sync_control import SyncControl
from repapp.ui.tasks import TaskManager

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
        self.wedge = KeyboardWedge(self, self.catalog.scan)  # a scan lands wherever the focus is
        self.sync = SyncControl(workspace, tasks, self)
        self.quit_guard = QuitGuard(self, tasks, workspace.desk)
        self.shortcuts: ShortcutsDialog | None = None
        self.stock_as_of = QLabel(objectName="stock_as_of")
        self.unsent = QLabel(objectName="unsent")
        self.setWindowTitle("RepApp")
        self.setStyleSheet(STYLE_SHEET)
        self._lay_out()
        self._add_actions()
        self._connect()
        self.resize(1280, 800)
        # First reads: they run on the database thread and fill the window as they arrive.
        self.refresh_status()
        self.customers.reload()
        self.catalog.start()
        self._reopen_last_draft()

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
        self.setCentralWidget(main)
        self.statusBar().addPermanentWidget(self.stock_as_of)
        self.statusBar().addPermanentWidget(self.unsent)
        QWidget.setTabOrder(self.customers.search, self.customers.accounts)
        for before, after in (
            (self.customers.accounts, self.customers.new_order),
            (self.customers.new_order, self.catalog.search),
            (self.catalog.search, self.catalog.scan),
            (self.catalog.scan, self.catalog.table),
            (self.catalog.table, self.order.lines),
            (self.order.lines, self.order.po_number),
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
        self.sync_action = self._action("Sync", "F5", self.sync.start, toolbar)
        self.sync_action.setIcon(icon(QStyle.StandardPixmap.SP_BrowserReload))
        self.sync_action.setToolTip("Send finished orders; get catalog, stock and accounts (F5)")
        new_order = self._action("New order", "Ctrl+N", self.customers.new_order.click, toolbar)
        new_order.setIcon(icon(QStyle.StandardPixmap.SP_FileIcon))
        self.pictures_action = self._action(
            "Download pictures", "Ctrl+Shift+P", self.sync.download_pictures, toolbar
        )
        self.pictures_action.setIcon(icon(QStyle.StandardPixmap.SP_ArrowDown))
        self.pictures_action.setToolTip(
            "Fetch every product picture now, so the catalog shows them offline at the show"
        )
        # Keyboard only: a rep at a booth keeps both hands on the keyboard and scanner.
        self._action("Find product", "Ctrl+F", self.catalog.focus_search)
        self._action("Scan", "Ctrl+B", self.catalog.scan.setFocus)
        self._action("Find customer", "Ctrl+Shift+F", self.customers.search.setFocus)
        self._action("Finish order", "Ctrl+Return", self.order.finish.click)
        self._action("Keyboard shortcuts", "F1", self.show_shortcuts)
        self._action("Quit", "Ctrl+Q", self.close)

    def _action(
        self, text: str, keys: str, slot: Callable[[], object], toolbar: QToolBar | None = None
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda: slot())
        (toolbar or self).addAction(action)
        return action

    def _connect(self) -> None:
        self.customers.new_order_requested.connect(self._new_order)
        self.catalog.product_chosen.connect(self.add_product)
        self.customers.customer_selected.connect(
            lambda customer: self.catalog.set_buyer(customer.account_number if customer else None)
        )
        self.catalog.code_unknown.connect(self._code_unknown)
        self.wedge.scanned.connect(self.catalog.scan_code)
        self.order.quantity_changed.connect(self._quantity_changed)
        self.order.details_changed.connect(self._details_changed)
        self.order.finish_requested.connect(self.finish_order)
        self.sync.message.connect(self.statusBar().showMessage)
        self.sync.busy_changed.connect(self._sync_busy)
        self.sync.pictures_done.connect(lambda _summary: self.catalog.model.forget_thumbnails())
        self.sync.signed_in.connect(self._show_rep)
        self.sync.synced.connect(self._after_sync)

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

    def _new_order(self, customer: Customer) -> None:
        self._start_order(customer.account_number)

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

        def finish() -> OrderView:
            self._desk.set_details(uuid, po_number, notes)  # what is on screen is what is sent
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

    def _finish_refused(self, error: Exception) -> None:
        self._finishing = False
        if isinstance(error, OrderNotReady):
            self.order.show_message(
                "Not finished yet:\n" + "\n".join(f"• {p}" for p in error.problems)
            )
            self.tell("The order is not finished: see what to fix beside the lines.", beep=True)
        else:
            self._order_refused(error)
