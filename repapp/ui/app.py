"""Start the desktop app: the QApplication, the background workers, the window, one error handler."""

from __future__ import annotations

import signal
import sys
import traceback
from collections.abc import Sequence
from types import TracebackType

from repapp import __version__
from repapp.services.workspace import Workspace
from repapp.ui.main_window import MainWindow
from repapp.ui.qt import QApplication, QMessageBox, QTimer
from repapp.ui.tasks import TaskManager


def create_application(argv: Sequence[str]) -> QApplication:
    app = QApplication.instance() or QApplication(list(argv))
    # Names decide where Qt keeps settings and how the desktop groups the window.
    app.setApplicationName("RepApp")
    app.setOrganizationName("RepApp")
    app.setApplicationDisplayName("RepApp")
    app.setApplicationVersion(__version__)
    return app  # type: ignore[return-value]


def _show_unexpected_error(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """The one place an unexpected error ends up: printed in full, and told to the rep."""
    traceback.print_exception(kind, error, trace, file=sys.stderr)
    if QApplication.instance() is not None:
        QMessageBox.critical(
            QApplication.activeWindow(),
            "RepApp ran into a problem",
            f"{error}\n\nYour orders are saved. If this happens again, "
            "tell the office what you were doing.",
        )


def _quit_on_stop_signals(app: QApplication, window: MainWindow) -> QTimer:
    """Ctrl-C in a terminal or a `kill` (a logout, a shutdown) closes the app as the window would,
    without asking about unsent orders: the system has decided, and the orders are safe on disk.

    Python runs signal handlers only between bytecodes, and Qt's event loop is C++: the returned
    timer wakes the interpreter a few times a second so a pending signal is seen promptly.
    """

    def stop(*_: object) -> None:
        window.quit_guard.stand_down()
        app.quit()  # closes every window (the main one, any dialog), then ends the event loop

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, stop)
    heartbeat = QTimer(app)
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start(250)
    return heartbeat


def run_app(workspace: Workspace, argv: Sequence[str]) -> int:
    """Show the main window over `workspace` until the rep closes it; returns the exit code."""
    app = create_application(argv)
    tasks = TaskManager()
    window = MainWindow(workspace, tasks)
    previous_hook, sys.excepthook = sys.excepthook, _show_unexpected_error
    previous_handlers = {n: signal.getsignal(n) for n in (signal.SIGINT, signal.SIGTERM)}
    heartbeat = _quit_on_stop_signals(app, window)
    try:
        window.show()
        return app.exec()
    finally:
        heartbeat.stop()
        for number, handler in previous_handlers.items():
            signal.signal(number, handler)
        sys.excepthook = previous_hook
        tasks.shutdown()  # let running database work finish before the store is closed
        window.deleteLater()
