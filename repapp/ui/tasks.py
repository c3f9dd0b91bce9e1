"""Background work for the GUI: database work on one thread, network work on a small pool.

All database work shares ONE worker thread, so SQLite only ever sees one writer from the app and
a search never races an edit of the same order. Network calls get their own pool, so a slow
show-floor Wi-Fi never holds up a search. Results come back to the GUI thread through a queued
Qt signal: callbacks run on the GUI thread and may touch widgets; the work functions never do.

An error with no `on_error` is re-raised on the GUI thread, where the app's one error handler
(installed by `app.py`) shows it; under pytest-qt it fails the test instead of vanishing.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from repapp.ui.qt import QObject, Qt, Signal

T = TypeVar("T")
OnDone = Callable[[Any], None]
OnError = Callable[[Exception], None]


class TaskManager(QObject):
    idle = Signal()  # the last pending task's callback has run
    _deliver = Signal(object)  # a callable to run on the GUI thread

    def __init__(self, net_workers: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="repapp-db")
        self._net = ThreadPoolExecutor(max_workers=net_workers, thread_name_prefix="repapp-net")
        self._pending = 0
        self._closing = False
        # Queued even when emitted from the GUI thread: a callback never runs inside the
        # run_in_* call that scheduled it, whatever the timing.
        self._deliver.connect(self._run_on_gui, Qt.ConnectionType.QueuedConnection)

    @property
    def pending(self) -> int:
        """Tasks submitted whose callbacks have not run yet (tests wait for 0)."""
        return self._pending

    @property
    def closing(self) -> bool:
        """True once shutdown has begun; long work (a sync) polls it to stop early."""
        return self._closing

    def run_in_db(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: OnError | None = None,
    ) -> Future[T]:
        return self._submit(self._db, work, on_done, on_error)

    def run_in_net(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: OnError | None = None,
    ) -> Future[T]:
        return self._submit(self._net, work, on_done, on_error)

    def call_in_gui(self, function: Callable[..., None], *args: Any) -> None:
        """Run `function(*args)` on the GUI thread soon; safe to call from a worker (progress)."""
        if not self._closing:
            self._deliver.emit(partial(function, *args))

    def shutdown(self) -> None:
        """Drop queued work, wait for running work; from now on work is refused, callbacks skipped."""
        self._closing = True
        self._db.shutdown(wait=True, cancel_futures=True)
        self._net.shutdown(wait=True, cancel_futures=True)

    def _submit(
        self,
        executor: ThreadPoolExecutor,
        work: Callable[[], T],
        on_done: Callable[[T], None] | None,
        on_error: OnError | None,
    ) -> Future[T]:
        if self._closing:
            # A debounce timer may still fire while the window closes: refuse quietly.
            refused: Future[T] = Future()
            refused.cancel()
            return refused
        self._pending += 1
        future = executor.submit(work)
        future.add_done_callback(
            lambda finished: self._deliver.emit(partial(self._finish, finished, on_done, on_error))
        )
        return future

    def _finish(self, future: Future[T], on_done: OnDone | None, on_error: OnError | None) -> None:
        self._pending -= 1
        try:
            error = future.exception()
            if error is None:
                if on_done is not None:
                    on_done(future.result())
            elif on_error is not None and isinstance(error, Exception):
                on_error(error)
            else:
                raise error
        finally:
            if self._pending == 0:
                self.idle.emit()

    def _run_on_gui(self, function: Callable[[], None]) -> None:
        if not self._closing:  # the window may already be gone
            function()
