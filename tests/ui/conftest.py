"""UI fixtures: a real SQLite workspace with a catalog big enough to page, real widgets offscreen.

Every test that makes a TaskManager shuts it down in teardown, so no worker thread outlives it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from repapp.services.workspace import Workspace
from repapp.ui.main_window import MainWindow
from repapp.ui.tasks import TaskManager
from tests import sample_store

CATALOG_SIZE = 450  # more than two pages of 200


@pytest.fixture(autouse=True)
def _no_threads_left() -> Iterator[None]:
    """Fail a test that leaves a worker thread running (a TaskManager not shut down)."""
    before = set(threading.enumerate())
    yield
    left = [thread.name for thread in set(threading.enumerate()) - before if thread.is_alive()]
    assert not left, f"threads still running after the test: {left}"


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(tmp_path / "rep.db")
    sample_store.fill(ws.store, generated=CATALOG_SIZE - 2)
    yield ws
    ws.close()


@pytest.fixture
def tasks(qapp: object) -> Iterator[TaskManager]:
    manager = TaskManager()
    yield manager
    manager.shutdown()


@pytest.fixture
def open_window(
    qtbot: QtBot, workspace: Workspace, tasks: TaskManager
) -> Iterator[Callable[[], MainWindow]]:
    """Opens the main window (once the test has prepared the database) and waits until its
    first reads (status, accounts, catalog page, the draft to reopen) are done."""

    def open_main() -> MainWindow:
        main = MainWindow(workspace, tasks)
        qtbot.addWidget(main)
        main.show()
        qtbot.waitUntil(
            lambda: (
                main.catalog.model.rowCount() > 0
                and main.customers.accounts.count() > 0
                and tasks.pending == 0
            )
        )
        return main

    yield open_main
    tasks.shutdown()  # before the workspace closes: no worker may still use the database


@pytest.fixture
def window(open_window: Callable[[], MainWindow]) -> MainWindow:
    """The main window over the sample store, shown, with its first reads done."""
    return open_window()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform plugin cannot pass size hints to a window system it does not have
    # and says so as a warning whenever a window's minimum size changes; under a real display
    # the message does not exist. Every other Qt warning still fails the test.
    ignore = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints\(\)$")
    for item in items:
        if item.path.parent == Path(__file__).parent:
            item.add_marker(ignore)
