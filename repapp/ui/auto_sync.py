"""Sync by itself when the server answers: orders go out as soon as there is a connection.

On each answer of the `OnlineWatch` that says online, while the rep is signed in and no sync is at
work, the laptop reads (on the database thread) how many orders wait and when it last synced, and
starts a sync when an order waits or the last sync is older than `every`. A sync that failed is not
tried again by itself for `retry_after`, unless the laptop went offline and came back since.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from repapp.services.show_readiness import parse_time
from repapp.services.workspace import Workspace
from repapp.sync import state
from repapp.sync.reachability import Reachability
from repapp.ui.online_watch import OnlineWatch
from repapp.ui.qt import QObject
from repapp.ui.sync_control import SyncControl
from repapp.ui.tasks import TaskManager

EVERY = timedelta(minutes=30)
RETRY_AFTER = timedelta(minutes=2)


def sync_due(unsent: int, last_sync: datetime | None, now: datetime, every: timedelta) -> bool:
    return unsent > 0 or last_sync is None or now - last_sync >= every


class AutoSync(QObject):
    def __init__(
        self,
        watch: OnlineWatch,
        sync: SyncControl,
        workspace: Workspace,
        tasks: TaskManager,
        every: timedelta = EVERY,
        retry_after: timedelta = RETRY_AFTER,
    ) -> None:
        super().__init__(sync)
        self._sync, self._workspace, self._tasks = sync, workspace, tasks
        self.every, self.retry_after = every, retry_after
        self.started = 0  # syncs started by the laptop itself
        self._reading = False
        self._back_online = True
        self._failed_at: datetime | None = None
        watch.probed.connect(self._probed)
        sync.failed.connect(self._sync_failed)

    def _probed(self, found: Reachability) -> None:
        if not found.online or found.upgrade_required:
            self._back_online = True
            return
        back, self._back_online = self._back_online, False
        failed_lately = (
            self._failed_at is not None and datetime.now(UTC) - self._failed_at < self.retry_after
        )
        if (
            self._reading
            or self._sync.busy
            or not self._sync.has_token
            or (failed_lately and not back)
        ):
            return
        self._reading = True
        self._tasks.run_in_db(self._read, self._decide, self._read_failed)

    def _read(self) -> tuple[int, datetime | None]:
        unsent = self._workspace.desk.unsent_count()
        return unsent, parse_time(self._workspace.setting(state.LAST_SYNC))

    def _decide(self, found: tuple[int, datetime | None]) -> None:
        self._reading = False
        unsent, last_sync = found
        if sync_due(unsent, last_sync, datetime.now(UTC), self.every) and (
            self._sync.start_automatic()
        ):
            self.started += 1
            self._failed_at = None

    def _read_failed(self, error: Exception) -> None:
        self._reading = False
        raise error

    def _sync_failed(self, _error: Exception) -> None:
        self._failed_at = datetime.now(UTC)
