"""The TaskManager: one database thread in order, results on the GUI thread, errors not lost."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from repapp.ui.tasks import TaskManager


def test_database_work_runs_in_order_on_one_thread(qtbot: QtBot, tasks: TaskManager) -> None:
    ran_on: list[str] = []
    results: list[int] = []
    for n in range(20):
        tasks.run_in_db(
            lambda n=n: ran_on.append(threading.current_thread().name) or n, results.append
        )
    assert tasks.pending == 20
    with qtbot.waitSignal(tasks.idle):
        pass
    assert results == list(range(20))
    assert len(set(ran_on)) == 1 and ran_on[0].startswith("repapp-db")


def test_results_arrive_on_the_gui_thread(qtbot: QtBot, tasks: TaskManager) -> None:
    seen: list[threading.Thread] = []
    tasks.run_in_net(lambda: 42, lambda _: seen.append(threading.current_thread()))
    assert seen == []  # never inside the call that scheduled it
    qtbot.waitUntil(lambda: tasks.pending == 0)
    assert seen == [threading.main_thread()]


def test_an_error_goes_to_on_error(qtbot: QtBot, tasks: TaskManager) -> None:
    errors: list[Exception] = []
    tasks.run_in_db(lambda: 1 / 0, lambda _: None, errors.append)
    qtbot.waitUntil(lambda: tasks.pending == 0)
    assert isinstance(errors[0], ZeroDivisionError)


def test_an_error_nobody_handles_is_raised_on_the_gui_thread(
    qtbot: QtBot, tasks: TaskManager
) -> None:
    with qtbot.captureExceptions() as raised:
        tasks.run_in_db(lambda: 1 / 0)
        qtbot.waitUntil(lambda: tasks.pending == 0)
    assert [type(error) for _, error, _ in raised] == [ZeroDivisionError]


def test_progress_from_a_worker_reaches_the_gui_thread(qtbot: QtBot, tasks: TaskManager) -> None:
    progress: list[tuple[str, bool]] = []

    def work() -> None:
        for step in ("pulling", "sending orders"):
            tasks.call_in_gui(
                lambda s: progress.append(
                    (s, threading.current_thread() is threading.main_thread())
                ),
                step,
            )

    tasks.run_in_net(work)
    qtbot.waitUntil(lambda: len(progress) == 2)
    assert progress == [("pulling", True), ("sending orders", True)]


def test_shutdown_waits_for_running_work_and_refuses_more(tasks: TaskManager) -> None:
    started, release = threading.Event(), threading.Event()
    finished: list[bool] = []

    def slow() -> None:
        started.set()
        release.wait(5)
        finished.append(True)

    tasks.run_in_db(slow)
    started.wait(5)
    opener = threading.Timer(0.05, release.set)
    opener.start()
    tasks.shutdown()
    opener.join()
    assert finished == [True]
    assert tasks.closing
    assert tasks.run_in_db(lambda: None).cancelled()  # a late timer's work is refused quietly
