"""The Sync button's work: sign in when needed, then send orders and pull changes off the GUI thread.

Sync runs on the network pool, so a slow or dead connection never freezes the window; its progress
and its outcome come back as plain text for the status bar, and `stop()` ends it after the step
at work (a page written, a batch of orders answered). A `SyncError` is the rep's to read
(offline, a Wi-Fi sign-in page, refused), anything else is a bug and goes to the error handler.

One sync at a time (`busy`), whoever starts it: the rep (F5) or the laptop itself when the server
comes back (`start_automatic`, which never opens a dialog). Signing out forgets the token only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TypeVar

from repapp.services.workspace import Workspace
from repapp.sync import engine
from repapp.sync.client import NotSignedIn, SyncError
from repapp.sync.engine import SyncSummary
from repapp.sync.images import ImageSummary
from repapp.ui.qt import QObject, QWidget, Signal
from repapp.ui.quit_guard import SIGNING_OUT, LeaveGuard
from repapp.ui.sign_in import Credentials, SignInDialog
from repapp.ui.tasks import TaskManager

T = TypeVar("T")


def _count(number: int, thing: str) -> str:
    return f"{number:,} {thing}{'' if number == 1 else 's'}"


def describe(summary: SyncSummary, stopped: bool = False) -> str:
    """'Synced: 3 orders sent, 2,070 changes pulled (2 accepted, 1 needs approval)'."""
    text = (
        f"{'Sync stopped' if stopped else 'Synced'}: {_count(summary.pushed, 'order')} sent, "
        f"{_count(summary.pulled, 'change')} pulled"
    )
    if summary.verdicts:
        verdicts = ", ".join(
            f"{count} {status.replace('_', ' ')}"
            for status, count in sorted(summary.verdicts.items())
        )
        text += f" ({verdicts})"
    return text


class SyncControl(QObject):
    message = Signal(str)  # for the status bar
    busy_changed = Signal(bool)
    signed_in = Signal(str)  # the rep's full name
    signed_out = Signal()
    synced = Signal(object)  # SyncSummary
    failed = Signal(object)  # the SyncError a sync, sign-in or download ended with
    pictures_done = Signal(object)  # ImageSummary

    def __init__(self, workspace: Workspace, tasks: TaskManager, window: QWidget) -> None:
        super().__init__(window)
        self._workspace, self._tasks, self._window = workspace, tasks, window
        self.dialog: SignInDialog | None = None
        self.server_url = ""  # remembered from the last sign-in, to prefill the dialog
        self.username = ""
        self._busy = False
        self._automatic = False  # the sync at work was started by the laptop, not the rep
        self._stop_asked = False
        self._sign_out_when_idle = False

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def has_token(self) -> bool:
        """Signed in during this session (the token lives in memory only)."""
        return self._workspace.client is not None

    def start(self) -> None:
        """What the Sync button does."""
        if self._busy:
            return
        if self._workspace.client is None:
            self.ask_to_sign_in()
        else:
            self._sync()

    def start_automatic(self) -> bool:
        """A sync the laptop starts by itself: never a dialog, never a second sync at once."""
        if self._busy or self._workspace.client is None:
            return False
        self._sync(automatic=True)
        return True

    def stop(self) -> None:
        """Stop the sync (or download) at work after its current step; what is done stays done."""
        if self._busy and not self._stop_asked:
            self._stop_asked = True
            self.message.emit("Stopping after the current step…")

    def sign_out_asking(self, guard: LeaveGuard) -> None:
        """What "Sign out" does: asks first while orders (or drafts) wait, as quitting does."""
        if self._workspace.client is None:
            self.message.emit("Not signed in: there is nothing to sign out of.")
        else:
            guard.confirm(SIGNING_OUT, self.sign_out)

    def sign_out(self) -> None:
        """Forget the token; a sync at work is stopped first, and the token forgotten after."""
        if self._busy:
            self._sign_out_when_idle = True
            self.stop()
            return
        self._forget(end_session=True)
        self.message.emit(
            "Signed out. Your orders stay on this laptop; sign in again (F5) to sync."
        )
        self.signed_out.emit()

    def _forget(self, end_session: bool) -> None:
        """Forget the sign-in now; the server is told (to revoke the token) on the network thread."""
        client = self._workspace.sign_out()
        if client is None:
            return

        def end() -> bool:
            try:
                return client.end_session() if end_session else False
            finally:
                client.close()

        self._tasks.run_in_net(end, lambda _ended: None, lambda _error: None)

    def ask_to_sign_in(self) -> SignInDialog:
        if self.dialog is None:
            dialog = SignInDialog(self.server_url, self.username, self._window)
            dialog.accepted.connect(lambda: self._sign_in(dialog.credentials()))
            dialog.finished.connect(lambda: self._dialog_closed(dialog))
            self.dialog = dialog
        self.dialog.open()  # window-modal and non-blocking: never exec()
        return self.dialog

    def _dialog_closed(self, dialog: SignInDialog) -> None:
        dialog.deleteLater()  # the password does not linger in a hidden widget
        if self.dialog is dialog:
            self.dialog = None

    def _sign_in(self, credentials: Credentials) -> None:
        self._set_busy(True)
        self.server_url, self.username = credentials.server_url, credentials.username
        self.message.emit(f"Signing in to {credentials.server_url}…")
        self._tasks.run_in_net(
            lambda: self._workspace.sign_in(
                credentials.server_url, credentials.username, credentials.password
            ),
            self._signed_in,
            partial(self._failed, "Could not sign in"),
        )

    def _signed_in(self, full_name: str) -> None:
        self.signed_in.emit(full_name)
        self.message.emit(f"Signed in as {full_name}")
        self._sync()

    def _sync(self, automatic: bool = False) -> None:
        self._run_online(
            "Syncing by itself" if automatic else "Syncing",
            lambda progress, cancelled: self._workspace.sync(progress, cancelled),
            self._synced,
            "Sync failed",
        )
        self._automatic = automatic

    def _run_online(
        self,
        doing: str,
        work: Callable[[engine.Progress, Callable[[], bool]], T],
        done: Callable[[T], None],
        failure: str,
    ) -> None:
        """Network work with its progress in the status bar; one at a time (`busy`)."""
        self._set_busy(True)
        self._stop_asked = False
        self.message.emit(f"{doing}…")
        tasks = self._tasks

        def progress(what: str, count: int) -> None:  # called on the network thread
            if not self._stop_asked:
                tasks.call_in_gui(self.message.emit, f"{doing}: {what}, {count:,} so far…")

        def stopping() -> bool:  # polled on the network thread between steps
            return tasks.closing or self._stop_asked

        tasks.run_in_net(lambda: work(progress, stopping), done, partial(self._failed, failure))

    def download_pictures(self) -> None:
        """Fetch every product picture not on the laptop yet: before a show, on good Wi-Fi."""
        if self._busy:
            return
        if self._workspace.client is None:
            self.ask_to_sign_in()
            return
        self._run_online(
            "Downloading pictures",
            lambda progress, cancelled: self._workspace.download_images(progress, cancelled),
            self._pictures_done,
            "Pictures not downloaded",
        )

    def _pictures_done(self, summary: ImageSummary) -> None:
        self._set_busy(False)
        text = (
            f"Pictures: {summary.downloaded:,} downloaded, {summary.wanted:,} on this laptop in all"
        )
        if summary.failed:
            text += f"; {summary.failed:,} missing on the server"
        self.message.emit(text)
        self.pictures_done.emit(summary)
        self._after_idle()

    def _synced(self, summary: SyncSummary) -> None:
        stopped = self._stop_asked
        self._set_busy(False)
        self.message.emit(describe(summary, stopped))
        self.synced.emit(summary)
        self._after_idle()

    def _failed(self, what: str, error: Exception) -> None:
        automatic = self._automatic
        self._set_busy(False)
        if not isinstance(error, SyncError):
            self._after_idle()
            raise error
        self.message.emit(f"{what}: {error}")
        self.failed.emit(error)
        if isinstance(error, NotSignedIn):
            if automatic:  # no dialog out of the blue: the token is stale, so forget it
                self._forget(end_session=False)
                self.message.emit("Your sign-in has expired: sign in again (F5) to sync.")
                self.signed_out.emit()
            elif not self._sign_out_when_idle:
                self.ask_to_sign_in()
        self._after_idle()

    def _after_idle(self) -> None:
        if self._sign_out_when_idle:
            self._sign_out_when_idle = False
            self.sign_out()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        if not busy:
            self._automatic = False
        self.busy_changed.emit(busy)
