"""Watching for the server: a probe on the network pool every so often, never on the GUI thread.

Every `every_ms` while online, and more often (`offline_every_ms`) while offline, so a rep walking
back into Wi-Fi is seen within seconds. `changed` tells when the answer changes (online or offline,
or the reason why), `probed` tells every answer. One probe at a time; `check_now` asks for one at
once (after a failed sync, say), or right after the one in flight.
"""

from __future__ import annotations

from collections.abc import Callable

from repapp.sync.reachability import PROBE_TIMEOUT, Reachability, probe
from repapp.ui.qt import QObject, QTimer, Signal
from repapp.ui.tasks import TaskManager

EVERY_MS = 30_000
OFFLINE_EVERY_MS = 10_000


class OnlineWatch(QObject):
    changed = Signal(object)  # Reachability: online flipped, or the reason changed
    probed = Signal(object)  # Reachability: every answer

    def __init__(
        self,
        tasks: TaskManager,
        server_url: Callable[[], str],
        every_ms: int = EVERY_MS,
        offline_every_ms: int = OFFLINE_EVERY_MS,
        timeout: float = PROBE_TIMEOUT,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks, self._server_url = tasks, server_url
        self.every_ms, self.offline_every_ms, self.timeout = every_ms, offline_every_ms, timeout
        self.current: Reachability | None = None
        self.probes = 0  # answers so far
        self._probing = False
        self._again = False
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.check_now)

    @property
    def online(self) -> bool:
        return self.current is not None and self.current.online

    def start(self) -> None:
        self.check_now()

    def stop(self) -> None:
        self._timer.stop()

    def check_now(self) -> None:
        if self._probing:
            self._again = True  # the server may have changed since that probe was sent
            return
        self._probing, self._again = True, False
        self._timer.stop()
        url, timeout = self._server_url(), self.timeout
        self._tasks.run_in_net(lambda: probe(url, timeout), self._answered, self._broke)

    def _answered(self, found: Reachability) -> None:
        self._probing = False
        before, self.current = self.current, found
        self.probes += 1
        if before is None or (before.online, before.reason) != (found.online, found.reason):
            self.changed.emit(found)
        self.probed.emit(found)
        if self._again:
            self.check_now()
        else:
            self._timer.start(self.every_ms if found.online else self.offline_every_ms)

    def _broke(self, error: Exception) -> None:
        """A bug in probing, not a network answer: shown by the error handler, watching goes on."""
        self._probing = False
        self._timer.start(self.offline_every_ms)
        raise error
