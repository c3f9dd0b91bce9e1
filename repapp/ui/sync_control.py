"""The Sync button's work: sign in when needed, then send orders and pull changes off the GUI thread.

Sync runs on the network pool, so a slow or dead connection never freezes the window; its progress
and its outcome come back as plain text for the status bar. A `SyncError` is the rep's to read
(offline, a Wi-Fi sign-in page, refused), anything else is a bug and goes to the error handler.
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
from repapp.ui.sign_in import Credentials, SignInDialog
from repapp.ui.tasks import TaskManager

T = TypeVar("T")


def _count(number: int, thing: str) -> str:
    return f"{number:,} {thing}{'' if number == 1 else 's'}"


def describe(summary: SyncSummary) -> str:
    """'Synced: 3 orders sent, 2,070 changes pulled (2 accepted, 1 needs approval)'."""
    text = (
        f"Synced: {_count(summary.pushed, 'order')} sent, {_count(summary.pulled, 'change')} pulled"
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
    synced = Signal(object)  # SyncSummary
    pictures_done = Signal(object)  # ImageSummary

    def __init__(self, workspace: Workspace, tasks: TaskManager, window: QWidget) -> None:
        super().__init__(window)
        self._workspace, self._tasks, self._window = workspace, tasks, window
        self.dialog: SignInDialog | None = None
        self.server_url = ""  # remembered from the last sign-in, to prefill the dialog
        self.username = ""
        self._busy = False

    @property
    def busy(self) -> bool:
        return self._busy

    def start(self) -> None:
        """What the Sync button does."""
        if self._busy:
            return
        if self._workspace.client is None:
            self.ask_to_sign_in()
        else:
            self._sync()

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

    def _sync(self) -> None:
        self._run_online(
            "Syncing",
            lambda progress, cancelled: self._workspace.sync(progress, cancelled),
            self._synced,
            "Sync failed",
        )

    def _run_online(
        self,
        doing: str,
        work: Callable[[engine.Progress, Callable[[], bool]], T],
        done: Callable[[T], None],
        failure: str,
    ) -> None:
        """Network work with its progress in the status bar; one at a time (`busy`)."""
        self._set_busy(True)
        self.message.emit(f"{doing}…")
        tasks = self._tasks

        def progress(what: str, count: int) -> None:  # called on the network thread
            tasks.call_in_gui(self.message.emit, f"{doing}: {what}, {count:,} so far…")

        tasks.run_in_net(
            lambda: work(progress, lambda: tasks.closing), done, partial(self._failed, failure)
        )

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

    def _synced(self, summary: SyncSummary) -> None:
        self._set_busy(False)
        self.message.emit(describe(summary))
        self.synced.emit(summary)

    def _failed(self, what: str, error: Exception) -> None:
        self._set_busy(False)
        if not isinstance(error, SyncError):
            raise error
        self.message.emit(f"{what}: {error}")
        if isinstance(error, NotSignedIn):
            self.ask_to_sign_in()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_changed.emit(busy)
