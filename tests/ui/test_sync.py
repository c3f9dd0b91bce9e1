"""Sync from the window against a real server process on a loopback port, starting from nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from repapp.core.barcodes import make_gtin13
from repapp.server_process import ServerProcess
from repapp.services.workspace import Workspace
from repapp.ui.main_window import MainWindow
from repapp.ui.qt import Qt
from repapp.ui.tasks import TaskManager

SYNC_TIMEOUT_MS = 30_000


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    process = ServerProcess(f"sqlite:///{tmp_path / 'server.db'}", tmp_path / "server.log")
    process.run_cli("demo-data", "--products", "300")
    process.start()
    yield process
    process.stop()


@pytest.fixture
def new_laptop(qtbot: QtBot, tmp_path: Path, tasks: TaskManager) -> Iterator[MainWindow]:
    """The app on a laptop that has never synced: an empty database."""
    workspace = Workspace.open(tmp_path / "laptop.db")
    window = MainWindow(workspace, tasks)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.windowTitle() == "not signed in")
    yield window
    tasks.shutdown()
    workspace.close()


def message(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def test_sign_in_sync_write_an_order_and_send_it(
    qtbot: QtBot, new_laptop: MainWindow, server: ServerProcess
) -> None:
    window = new_laptop
    assert window.stock_as_of.text() == "Stock: not synced yet"
    window.sync_action.trigger()
    qtbot.waitUntil(lambda: window.sync.dialog is not None)
    dialog = window.sync.dialog
    dialog.server_url.setText(server.url)
    dialog.username.setText("rep")
    dialog.password.setText("demo")
    dialog.accept()
    qtbot.waitUntil(lambda: message(window).startswith("Synced:"), timeout=SYNC_TIMEOUT_MS)
    assert message(window).startswith("Synced: 0 orders sent, ")
    qtbot.waitUntil(lambda: window.windowTitle() == "Dana Whitfield")
    qtbot.waitUntil(lambda: window.customers.accounts.count() > 0)
    qtbot.waitUntil(lambda: window.catalog.model.rowCount() > 0)
    assert window.stock_as_of.text().startswith("Stock as of ")

    window.customers.accounts.setCurrentRow(0)
    qtbot.keyClicks(window.catalog.scan, make_gtin13("614141000000"))  # the demo's first product
    qtbot.keyClick(window.catalog.scan, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.order.finish.isEnabled())
    window.order.finish.click()
    qtbot.waitUntil(lambda: "queued to send" in message(window))
    qtbot.waitUntil(lambda: window.unsent.text() == "1 order to send")

    window.sync_action.trigger()  # signed in now: straight to sync
    qtbot.waitUntil(lambda: message(window).startswith("Synced:"), timeout=SYNC_TIMEOUT_MS)
    assert message(window).startswith("Synced: 1 order sent, ")
    qtbot.waitUntil(lambda: window.unsent.text() == "All orders sent")
