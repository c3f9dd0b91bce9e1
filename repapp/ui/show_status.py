"""The status bar's side of syncing: online or offline, how long since the last sync, and whether
the laptop is ready for the show, and the watcher that syncs by itself when the server is back.

- "● Online" / "○ Offline" from the `OnlineWatch`; the tooltip says why and which server.
- "Synced 5 min ago", from the time the last sync finished; it ticks on by itself.
- "✓ Ready for the show" / "Not ready: pictures, stock" (`repapp.services.show_readiness`),
  read on the database thread at start and after each sync or picture download; in between, the
  stock check ages with the clock (`Readiness.at`). A click (or Ctrl+Shift+R) opens the details.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from repapp.services.show_readiness import STOCK_MAX_AGE, Readiness, age_text, read_readiness
from repapp.services.workspace import Workspace
from repapp.sync import state
from repapp.sync.reachability import Reachability
from repapp.ui.auto_sync import AutoSync
from repapp.ui.online_watch import OnlineWatch
from repapp.ui.qt import QLabel, QMainWindow, QObject, QTimer, QToolButton
from repapp.ui.readiness_dialog import AMBER, GREEN, ReadinessDialog, mark
from repapp.ui.sync_control import SyncControl
from repapp.ui.tasks import TaskManager

GREY = "#607d8b"
TICK_MS = 30_000  # the sync age and the stock's age


def online_text(found: Reachability | None, signed_in: bool) -> str:
    if found is None:
        return "Checking the connection…"
    if not found.online:
        return "○ Offline"
    if found.upgrade_required:
        return "● Online — update RepApp to sync"
    return "● Online" if signed_in else "● Online — sign in to sync"


def online_tip(found: Reachability | None, again_ms: int) -> str:
    if found is None:
        return "Asking the server whether it is there…"
    server = found.server_url or "no server named yet"
    if found.online:
        tip = f"The server at {server} answers."
        return tip + (f"\n{found.reason}" if found.reason else "")
    return (
        f"Offline: {found.reason}.\nServer: {server}\n"
        f"Orders wait safely on this laptop. Checking again every {again_ms // 1000} s."
    )


def sync_age_text(last_sync: datetime | None, now: datetime) -> str:
    return "Never synced" if last_sync is None else f"Synced {age_text(last_sync, now)}"


class ShowStatus(QObject):
    def __init__(
        self,
        window: QMainWindow,
        workspace: Workspace,
        tasks: TaskManager,
        sync: SyncControl,
        stock_max_age: timedelta = STOCK_MAX_AGE,
    ) -> None:
        super().__init__(window)
        self._window, self._workspace, self._tasks, self._sync = window, workspace, tasks, sync
        self.stock_max_age = stock_max_age
        self.readiness: Readiness | None = None
        self.dialog: ReadinessDialog | None = None
        self._stored_url = ""
        self.online = QLabel(online_text(None, False), objectName="online")
        self.sync_age = QLabel("", objectName="sync_age")
        self.ready = QToolButton(objectName="readiness", autoRaise=True)
        self.ready.setText("Ready for the show?")
        self.ready.clicked.connect(self.show_readiness)
        self.watch = OnlineWatch(tasks, self.server_url, parent=self)
        self.auto_sync = AutoSync(self.watch, sync, workspace, tasks)
        bar = window.statusBar()
        bar.insertPermanentWidget(0, self.online)
        bar.insertPermanentWidget(1, self.sync_age)
        bar.addPermanentWidget(self.ready)
        self._tick = QTimer(self, interval=TICK_MS)
        self._tick.timeout.connect(self.tick)
        self.watch.probed.connect(self._show_online)
        sync.signed_in.connect(lambda _name: self._show_online(self.watch.current))
        sync.signed_in.connect(lambda _name: self.watch.check_now())
        sync.signed_out.connect(lambda: self._show_online(self.watch.current))
        sync.failed.connect(lambda _error: self.watch.check_now())
        sync.synced.connect(lambda _summary: self.refresh())
        sync.pictures_done.connect(lambda _summary: self.refresh())

    def server_url(self) -> str:
        client = self._workspace.client
        return client.base_url if client is not None else self._sync.server_url or self._stored_url

    def start(self) -> None:
        """First reads: the server last signed in to (then the first probe), and readiness."""

        def stored() -> str:
            return self._workspace.setting(state.SERVER_URL)

        def known(url: str) -> None:
            self._stored_url = url
            self.watch.start()

        self._tasks.run_in_db(stored, known)
        self.refresh()
        self._tick.start()

    # -- online ------------------------------------------------------------------------------
    def _show_online(self, found: Reachability | None) -> None:
        self.online.setText(online_text(found, self._sync.has_token))
        self.online.setToolTip(online_tip(found, self.watch.offline_every_ms))
        colour = GREY if found is None else GREEN if found.online else AMBER
        self.online.setStyleSheet(f"color: {colour}; font-weight: 600;")

    # -- last sync and readiness ---------------------------------------------------------------
    def refresh(self) -> None:
        workspace, max_age = self._workspace, self.stock_max_age
        self._tasks.run_in_db(
            lambda: read_readiness(workspace.store, workspace.images, stock_max_age=max_age),
            self._show_readiness,
        )

    def _show_readiness(self, readiness: Readiness) -> None:
        self.readiness = readiness
        self._show_sync_age()
        self.ready.setText(readiness.headline())
        self.ready.setStyleSheet(
            f"QToolButton {{ color: {GREEN if readiness.ready else AMBER}; font-weight: 600; }}"
        )
        lines = [f"{mark(c.ok)} {c.name}: {c.detail}" for c in readiness.checks]
        self.ready.setToolTip("\n".join([*lines, readiness.last_sync_text(), "Click for details"]))
        if self.dialog is not None:
            self.dialog.show_readiness(readiness)

    def tick(self, now: datetime | None = None) -> None:
        """Time passes: the last sync and the stock count grow older (nothing is read)."""
        if self.readiness is not None:
            self._show_readiness(self.readiness.at(now or datetime.now(UTC)))

    def _show_sync_age(self) -> None:
        if self.readiness is not None:
            self.sync_age.setText(
                sync_age_text(self.readiness.last_sync, self.readiness.checked_at)
            )

    def show_readiness(self) -> ReadinessDialog | None:
        """The details, read afresh (window-modal, never exec())."""
        if self.readiness is None:
            return None
        if self.dialog is None:
            dialog = ReadinessDialog(self.readiness, self._window)
            dialog.sync_requested.connect(self._sync.start)
            dialog.pictures_requested.connect(self._sync.download_pictures)
            dialog.finished.connect(lambda: self._dialog_closed(dialog))
            self.dialog = dialog
        self.dialog.open()
        return self.dialog

    def _dialog_closed(self, dialog: ReadinessDialog) -> None:
        dialog.deleteLater()
        if self.dialog is dialog:
            self.dialog = None
