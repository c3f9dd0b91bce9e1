"""The status bar as a rep feels sync: a real server process started and stopped, a captive portal
and a silent server on its port, a sync that starts by itself, signing out, stopping a sync."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, text

from repapp.server_process import ServerProcess
from repapp.services.workspace import Workspace
from repapp.sync import state
from repapp.sync.protocol import MetaAction, MetaResponse
from repapp.sync.reachability import Reachability
from repapp.ui.main_window import MainWindow
from repapp.ui.qt import QApplication, QMessageBox, Qt, QTimer
from repapp.ui.show_status import online_text, online_tip
from repapp.ui.tasks import TaskManager
from tests.fake_networks import BlackHole, CaptivePortal

SYNC_MS = 60_000
FAST_MS = 150  # how often the tests' windows ask for the server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    """A real server with the demo data, not started yet."""
    process = ServerProcess(f"sqlite:///{tmp_path / 'server.db'}", tmp_path / "server.log")
    process.run_cli("demo-data", "--products", "300")
    yield process
    process.stop()


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Workspace]:
    workspace = Workspace.open(tmp_path / "laptop" / "rep.db")
    yield workspace
    workspace.close()


@pytest.fixture
def open_laptop(
    qtbot: QtBot, laptop: Workspace, tasks: TaskManager
) -> Iterator[Callable[[], MainWindow]]:
    """The app over `laptop`, asking for the server every FAST_MS."""

    def open_it() -> MainWindow:
        window = MainWindow(laptop, tasks)
        qtbot.addWidget(window)
        watch = window.show_status.watch
        watch.every_ms = watch.offline_every_ms = FAST_MS
        window.show()
        qtbot.waitUntil(lambda: watch.probes > 0)
        watch.check_now()  # the first wait was a long one
        return window

    yield open_it
    tasks.shutdown()


def signed_in_and_synced(laptop: Workspace, server: ServerProcess) -> None:
    """The rep signed in this morning and synced; the token is still in memory."""
    laptop.sign_in(server.url, "rep", "demo")
    laptop.sync()


def finish_an_order(laptop: Workspace) -> str:
    desk = laptop.desk
    account = next(c for c in desk.customers() if not c.credit_hold and c.available_credit > 500)
    uuid = desk.start_order(account.account_number)
    desk.add_product(uuid, laptop.catalog.search("mug", limit=1)[0].sku)
    return desk.finish(uuid).uuid


def online(window: MainWindow) -> str:
    return window.show_status.online.text()


def tip(window: MainWindow) -> str:
    return window.show_status.online.toolTip()


def message(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def test_online_when_the_server_starts_offline_when_it_stops_or_a_portal_answers(
    qtbot: QtBot, open_laptop: Callable[[], MainWindow], laptop: Workspace, server: ServerProcess
) -> None:
    with laptop.store.transaction() as session:  # signed in on an earlier day: not this session
        state.put(session, state.SERVER_URL, server.url)
    window = open_laptop()
    qtbot.waitUntil(lambda: online(window) == "○ Offline")
    assert tip(window).startswith("Offline: cannot connect")
    assert f"Server: {server.url}" in tip(window)

    server.start()
    qtbot.waitUntil(lambda: online(window) == "● Online — sign in to sync", timeout=10_000)
    assert tip(window) == f"The server at {server.url} answers."
    assert window.show_status.auto_sync.started == 0  # no token: nothing starts by itself

    server.stop()
    qtbot.waitUntil(lambda: online(window) == "○ Offline", timeout=10_000)

    with CaptivePortal(port=server.port) as portal:  # the hotel Wi-Fi took over
        qtbot.waitUntil(lambda: "web page" in tip(window), timeout=10_000)
        assert online(window) == "○ Offline" and portal.requests > 0
        assert tip(window).startswith(
            "Offline: the network answered with a web page (a Wi-Fi sign-in page?)."
        )
    with CaptivePortal(port=server.port, redirect=True):
        qtbot.waitUntil(lambda: "/login?next=x" in tip(window), timeout=10_000)
        assert online(window) == "○ Offline"


def test_a_silent_server_never_freezes_the_window(
    qtbot: QtBot, open_laptop: Callable[[], MainWindow], laptop: Workspace
) -> None:
    with BlackHole() as hole:
        with laptop.store.transaction() as session:
            state.put(session, state.SERVER_URL, hole.url)
        window = open_laptop()
        watch = window.show_status.watch
        ticks: list[float] = []
        clock = QTimer(interval=20)
        clock.timeout.connect(lambda: ticks.append(time.monotonic()))
        asked_before = watch.probes
        clock.start()
        qtbot.waitUntil(lambda: watch.probes > asked_before, timeout=10_000)  # a whole probe
        clock.stop()
        assert "no answer within 2 s" in tip(window)
    assert online(window) == "○ Offline"
    assert len(ticks) > 40  # the event loop ran all along the two-second probe
    assert max(b - a for a, b in zip(ticks, ticks[1:], strict=False)) < 0.5


def test_orders_written_offline_go_out_by_themselves_when_the_server_is_back(
    qtbot: QtBot, open_laptop: Callable[[], MainWindow], laptop: Workspace, server: ServerProcess
) -> None:
    server.start()
    signed_in_and_synced(laptop, server)
    server.stop()
    window = open_laptop()
    qtbot.waitUntil(lambda: online(window) == "○ Offline")
    finish_an_order(laptop)
    finish_an_order(laptop)
    window.refresh_status()
    qtbot.waitUntil(lambda: window.unsent.text() == "2 orders to send")
    qtbot.waitUntil(lambda: window.show_status.sync_age.text() == "Synced just now")
    assert window.show_status.auto_sync.started == 0

    server.start()
    qtbot.waitUntil(lambda: online(window) == "● Online", timeout=10_000)
    qtbot.waitUntil(lambda: window.unsent.text() == "All orders sent", timeout=SYNC_MS)
    assert message(window).startswith("Synced: 2 orders sent, ")
    assert window.show_status.auto_sync.started == 1
    qtbot.wait(5 * FAST_MS)  # more answers from the server: nothing waits, so no more syncs
    assert window.show_status.auto_sync.started == 1 and not window.sync.busy


def test_never_two_syncs_at_once(
    qtbot: QtBot, open_laptop: Callable[[], MainWindow], laptop: Workspace, server: ServerProcess
) -> None:
    server.start()
    signed_in_and_synced(laptop, server)
    window = open_laptop()
    qtbot.waitUntil(lambda: online(window) == "● Online")
    started: list[bool] = []
    window.sync.busy_changed.connect(lambda busy: busy and started.append(busy))
    finish_an_order(laptop)  # the laptop will want to send it at its next probe...
    window.sync_action.trigger()  # ...and the rep presses F5 first
    assert window.sync.busy and not window.sync.start_automatic()
    asked_before = window.show_status.watch.probes
    qtbot.waitUntil(lambda: window.show_status.watch.probes > asked_before + 2, timeout=SYNC_MS)
    qtbot.waitUntil(lambda: not window.sync.busy, timeout=SYNC_MS)
    window.refresh_status()
    qtbot.waitUntil(lambda: window.unsent.text() == "All orders sent")
    qtbot.wait(5 * FAST_MS)
    assert started == [True]  # one sync in all: the rep's
    assert window.show_status.auto_sync.started == 0


def test_online_but_signed_out_says_so_and_syncs_nothing(
    qtbot: QtBot, open_laptop: Callable[[], MainWindow], laptop: Workspace, server: ServerProcess
) -> None:
    server.start()
    signed_in_and_synced(laptop, server)
    finish_an_order(laptop)
    signed_out = laptop.sign_out()  # the app was restarted: the token is gone
    assert signed_out is not None
    signed_out.close()
    window = open_laptop()
    qtbot.waitUntil(lambda: online(window) == "● Online — sign in to sync")
    qtbot.wait(5 * FAST_MS)
    assert window.show_status.auto_sync.started == 0
    assert window.unsent.text() == "1 order to send" and window.sync.dialog is None


def press_sign_out(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(
        window,
        Qt.Key.Key_L,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )


def sign_out_question(qtbot: QtBot, window: MainWindow) -> QMessageBox:
    press_sign_out(qtbot, window)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    question = QApplication.activeModalWidget()
    assert isinstance(question, QMessageBox) and question is window.quit_guard.question
    return question


def test_signing_out_with_unsent_orders_asks_first(
    qtbot: QtBot, open_laptop: Callable[[], MainWindow], laptop: Workspace, server: ServerProcess
) -> None:
    server.start()
    signed_in_and_synced(laptop, server)
    server.stop()  # offline: the order stays unsent
    finish_an_order(laptop)
    draft = laptop.desk.start_order(laptop.desk.customers()[0].account_number)
    laptop.desk.add_product(draft, laptop.catalog.search("vase", limit=1)[0].sku)
    window = open_laptop()

    question = sign_out_question(qtbot, window)
    assert question.objectName() == "sign_out_question"
    assert question.windowTitle() == "Sign out?"
    assert question.text() == (
        "1 order has not been sent yet. It is safe on this laptop and will be sent at the next "
        "sync. Sign out anyway?"
    )
    assert question.informativeText() == (
        "1 draft is not finished either: it is saved, but it is not sent until you finish it."
    )
    assert question.defaultButton() is question.button(QMessageBox.StandardButton.No)
    question.button(QMessageBox.StandardButton.No).click()
    qtbot.waitUntil(lambda: window.quit_guard.question is None)
    assert window.sync.has_token  # still signed in

    question = sign_out_question(qtbot, window)
    question.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: not window.sync.has_token)
    assert message(window).startswith("Signed out. Your orders stay on this laptop")
    assert laptop.desk.unsent_count() == 1  # nothing lost

    press_sign_out(qtbot, window)  # signed out already: nothing to ask
    assert message(window) == "Not signed in: there is nothing to sign out of."
    assert window.quit_guard.question is None


def test_signing_out_with_only_a_draft_asks_about_the_draft(
    qtbot: QtBot, open_laptop: Callable[[], MainWindow], laptop: Workspace, server: ServerProcess
) -> None:
    server.start()
    signed_in_and_synced(laptop, server)
    server.stop()
    draft = laptop.desk.start_order(laptop.desk.customers()[0].account_number)
    laptop.desk.add_product(draft, laptop.catalog.search("vase", limit=1)[0].sku)
    window = open_laptop()
    question = sign_out_question(qtbot, window)
    assert question.text() == (
        "1 draft is not finished: it is saved, but it is not sent until you finish it. "
        "Sign out anyway?"
    )
    assert question.informativeText() == ""
    question.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: not window.sync.has_token)


def test_signing_out_with_nothing_waiting_is_at_once_and_the_status_says_sign_in(
    qtbot: QtBot, open_laptop: Callable[[], MainWindow], laptop: Workspace, server: ServerProcess
) -> None:
    server.start()
    signed_in_and_synced(laptop, server)
    assert laptop.client is not None
    token = laptop.client.token
    window = open_laptop()
    qtbot.waitUntil(lambda: online(window) == "● Online")
    press_sign_out(qtbot, window)
    qtbot.waitUntil(lambda: not window.sync.has_token)
    assert window.quit_guard.question is None
    assert online(window) == "● Online — sign in to sync"
    # The server was told: the token is revoked there too, not only forgotten here.
    headers = {"Authorization": f"Bearer {token}"}

    def revoked() -> bool:
        answer = httpx.post(f"{server.url}/sync/pull", json={"cursor": 0}, headers=headers)
        return answer.status_code == 401

    qtbot.waitUntil(revoked)


def test_stop_ends_a_long_sync_after_the_page_at_work(
    qtbot: QtBot, open_laptop: Callable[[], MainWindow], laptop: Workspace, tmp_path: Path
) -> None:
    big = ServerProcess(f"sqlite:///{tmp_path / 'big.db'}", tmp_path / "big.log")
    big.run_cli("demo-data", "--products", "3000")  # about seven pages of changes
    big.start()
    try:
        laptop.sign_in(big.url, "rep", "demo")
        window = open_laptop()
        window.sync_action.trigger()
        qtbot.waitUntil(lambda: "pulling" in message(window), timeout=SYNC_MS)
        assert window.stop_action.isEnabled()
        qtbot.keyClick(window, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
        qtbot.waitUntil(lambda: not window.sync.busy, timeout=SYNC_MS)
        assert message(window).startswith("Sync stopped: 0 orders sent, ")
        assert not window.stop_action.isEnabled() and window.sync_action.isEnabled()
        assert laptop.setting(state.LAST_SYNC) == ""  # a stopped sync is not a sync
        stopped_at = int(laptop.setting(state.CURSOR))
        assert stopped_at > 0

        window.sync_action.trigger()  # picks up where it stopped
        qtbot.waitUntil(lambda: message(window).startswith("Synced: "), timeout=SYNC_MS)
        assert int(laptop.setting(state.CURSOR)) > stopped_at
        assert laptop.setting(state.LAST_SYNC) != ""
    finally:
        big.stop()


def test_ready_for_the_show_once_the_pictures_are_here(
    qtbot: QtBot, open_laptop: Callable[[], MainWindow], laptop: Workspace, server: ServerProcess
) -> None:
    server.start()
    signed_in_and_synced(laptop, server)
    window = open_laptop()
    status = window.show_status
    qtbot.waitUntil(lambda: status.ready.text() == "Not ready: pictures")
    assert status.sync_age.text() == "Synced just now"
    assert "✓ Catalog: 300 products on this laptop." in status.ready.toolTip()
    assert "✗ Pictures: " in status.ready.toolTip()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(
        window,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: status.dialog is not None and status.dialog.isVisible())
    dialog = status.dialog
    assert dialog.headline.text() == "Not ready: pictures"
    rows = dialog.check_texts()
    assert rows[0] == "✓ Catalog: 300 products on this laptop."
    assert rows[1] == "✓ Prices: Prices for all 3 price lists of your accounts."
    assert re.fullmatch(
        r"✗ Pictures: None of the \d+ pictures is on this laptop yet: "
        r"Download pictures \(Ctrl\+Shift\+P\)\.",
        rows[2],
    )
    assert rows[3] == "✓ Stock: Stock counted just now."
    assert dialog.last_sync.text() == "Last synced just now"
    assert dialog.download.isEnabled()
    qtbot.mouseClick(dialog.download, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: status.dialog is None)
    qtbot.waitUntil(lambda: message(window).startswith("Pictures: "), timeout=SYNC_MS)
    qtbot.waitUntil(lambda: status.ready.text() == "✓ Ready for the show")
    assert "✓ Pictures: All " in status.ready.toolTip()

    status.tick(datetime.now(UTC) + timedelta(days=2))  # the labels age by themselves
    assert status.sync_age.text() == "Synced 2 days ago"
    assert status.ready.text() == "Not ready: stock"
    assert "✗ Stock: Stock counted 2 days ago: sync" in status.ready.toolTip()


def test_an_expired_sign_in_found_by_an_automatic_sync_asks_nothing_and_says_so(
    qtbot: QtBot,
    open_laptop: Callable[[], MainWindow],
    laptop: Workspace,
    server: ServerProcess,
    tmp_path: Path,
) -> None:
    server.start()
    signed_in_and_synced(laptop, server)
    server.stop()
    finish_an_order(laptop)
    window = open_laptop()
    qtbot.waitUntil(lambda: online(window) == "○ Offline")
    office = create_engine(f"sqlite:///{tmp_path / 'server.db'}")  # overnight, tokens expire
    with office.begin() as connection:
        connection.execute(text("UPDATE tokens SET expires_at = '2000-01-01 00:00:00'"))
    office.dispose()

    server.start()
    qtbot.waitUntil(lambda: window.show_status.auto_sync.started == 1, timeout=10_000)
    qtbot.waitUntil(lambda: not window.sync.has_token, timeout=SYNC_MS)
    assert message(window) == "Your sign-in has expired: sign in again (F5) to sync."
    assert window.sync.dialog is None  # no dialog out of the blue
    qtbot.waitUntil(lambda: online(window) == "● Online — sign in to sync")
    qtbot.wait(5 * FAST_MS)
    assert window.show_status.auto_sync.started == 1
    assert window.unsent.text() == "1 order to send"


def test_a_server_that_wants_a_newer_app_is_online_but_syncs_nothing() -> None:
    meta = MetaResponse(
        server_version="9.0",
        protocol_min=9,
        protocol_max=9,
        action=MetaAction.UPGRADE_REQUIRED,
        message="This app is too old to sync: install the update.",
    )
    found = Reachability(True, meta.message, "http://orders.example", meta)
    assert online_text(found, signed_in=True) == "● Online — update RepApp to sync"
    assert online_tip(found, 10_000) == (
        "The server at http://orders.example answers.\n"
        "This app is too old to sync: install the update."
    )


def test_a_sync_that_failed_is_not_retried_at_every_probe(
    qtbot: QtBot, open_laptop: Callable[[], MainWindow], laptop: Workspace, server: ServerProcess
) -> None:
    server.start()
    signed_in_and_synced(laptop, server)
    with laptop.store.transaction() as session:  # a laptop restored from an odd backup
        state.put(session, state.NEXT_SEQ, 5)
    finish_an_order(laptop)  # seq 5: the server expects 1 and refuses
    window = open_laptop()
    auto = window.show_status.auto_sync
    qtbot.waitUntil(lambda: message(window).startswith("Sync failed: "), timeout=SYNC_MS)
    assert "expected sequence 1, got 5" in message(window)
    assert auto.started == 1
    asked = window.show_status.watch.probes
    qtbot.waitUntil(lambda: window.show_status.watch.probes > asked + 4, timeout=10_000)
    assert auto.started == 1 and online(window) == "● Online"  # online, and waiting it out

    auto.retry_after = timedelta(0)  # the wait is over
    qtbot.waitUntil(lambda: auto.started == 2, timeout=10_000)
