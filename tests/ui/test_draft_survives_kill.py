"""A real RepApp process killed with SIGKILL while the rep writes loses at most the edit in flight,
and the next start opens that draft again exactly as it was saved."""

from __future__ import annotations

import json
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from repapp.models.orders import DRAFT
from repapp.services.workspace import Workspace
from tests import sample_orders, sample_store
from tests.sample_store import MUG_BARCODE

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("app_driver.py")
ROUNDS = 3
State = dict[str, Any]


class AppProcess:
    """app_driver.py in its own process; its JSON lines read with a deadline, never a hang.
    Used as a context manager: a failing test leaves no app running behind it."""

    def __init__(self, database: Path, edits: list[list[str]], errors: Path) -> None:
        self.errors = errors
        with errors.open("w") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, str(DRIVER), str(database), json.dumps(edits)],
                cwd=ROOT,
                env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)},
                stdout=subprocess.PIPE,
                stderr=stderr,
            )
        assert self.process.stdout is not None
        self._out = self.process.stdout.fileno()
        self._buffer = b""

    def __enter__(self) -> AppProcess:
        return self

    def __exit__(self, *_: object) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)
        assert self.process.stdout is not None
        self.process.stdout.close()

    def next_report(self, timeout: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            ready, _, _ = select.select([self._out], [], [], max(deadline - time.monotonic(), 0))
            chunk = os.read(self._out, 65536) if ready else b""
            assert chunk, f"no report from the app; its stderr:\n{self.errors.read_text()}"
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def kill(self) -> list[dict[str, Any]]:
        """SIGKILL: no handler, no cleanup, no flush. Returns what it reported before dying."""
        self.process.kill()
        self.process.wait(timeout=30)
        assert self.process.stdout is not None
        rest = self._buffer + self.process.stdout.read()
        return [json.loads(line) for line in rest.splitlines()]

    def stop(self) -> int:
        """SIGTERM, as a logout or shutdown sends it; returns the exit code."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=30)


def edits_for(round_no: int, count: int = 40) -> list[list[str]]:
    """A rep's edits: scan a case, a new PO number, one more of a line, a few words of notes."""
    kinds = [
        lambda n: ["scan", MUG_BARCODE],
        lambda n: ["po", f"PO-{round_no}.{n}"],
        lambda n: ["more", "VASE-2"],
        lambda n: ["notes", f" +{round_no}.{n}"],
    ]
    return [kinds[n % len(kinds)](n) for n in range(count)]


def after(state: State, edits: list[list[str]]) -> State:
    """What the draft holds after `edits` were saved on top of `state`."""
    result = {**state, "lines": [list(line) for line in state["lines"]]}
    quantities = {line[0]: line for line in result["lines"]}
    for kind, argument in edits:
        if kind == "scan":  # MUG-1 is sold by the case of 6
            quantities["MUG-1"][1] += 6
        elif kind == "more":
            quantities[argument][1] += 1
        elif kind == "po":
            result["po_number"] = argument
        else:
            result["notes"] += argument
    return result


def saved_state(database: Path, uuid: str) -> State:
    """The draft as the file holds it, read by a new connection as a restarted app reads it."""
    workspace = Workspace.open(database)
    try:
        desk = workspace.desk
        latest = desk.latest_draft()
        assert latest is not None and latest.uuid == uuid
        assert len(desk.orders((DRAFT,))) == 2 and desk.unsent_count() == 1
        return {
            "customer": latest.customer_account,
            "order": latest.uuid,
            "lines": [[line.sku, line.quantity] for line in latest.lines],
            "po_number": latest.po_number,
            "notes": latest.notes,
        }
    finally:
        workspace.close()


def check_file(database: Path) -> None:
    """The file is whole, and every line row was written whole: quantity and price together."""
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        for sku, quantity, unit_price, line_total in connection.execute(
            "SELECT sku, quantity, unit_price, line_total FROM order_lines"
        ):
            assert Decimal(str(line_total)) == quantity * Decimal(str(unit_price)), sku
    connection.close()


def test_kill_9_mid_edit_loses_at_most_the_edit_in_flight_and_the_draft_reopens(
    tmp_path: Path,
) -> None:
    """Design: the test prepares the rep's database with the order desk (an older draft, the
    draft changed last, an order finished since), then starts the real app on it, ROUNDS times.
    Each time, `app_driver.py` runs `repapp.cli.main` in a child process and reports what the
    window shows once it is up: that must be exactly the draft the file holds (customer
    selected, lines, PO number, notes), which proves the restart reopens it. The driver then edits
    the draft through the widgets, as a rep would, so each edit goes through the app's own
    autosave (window -> database thread -> desk -> commit), and reports each edit once the desk's
    committed view of it is on screen. After a random number of saved edits and a random few
    milliseconds more (so the kill lands anywhere: typing, waiting for the database thread, inside
    a transaction, between commit and report) the test sends SIGKILL. Then the file must pass
    SQLite's integrity check, every line row must be whole (its total is its quantity times its
    price: MUG-1 crosses a volume break on the way, so prices change mid-run), and the draft must
    equal the state after the last reported edit, or after one edit more: the one in flight, which
    may have committed just before the kill. Anything reported saved is never lost. The last start
    is stopped with SIGTERM, as a logout does: with an unsent order waiting it still quits at once
    (no question), with exit code 0. The random seed is in every failure message."""
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    database = tmp_path / "rep.db"
    workspace = Workspace.open(database)
    sample_store.fill(workspace.store, generated=40)
    draft = sample_orders.write(workspace.store)
    workspace.close()

    for round_no in range(1, ROUNDS + 1):
        saved = saved_state(database, draft)
        edits = edits_for(round_no)
        with AppProcess(database, edits, tmp_path / f"stderr-{round_no}.txt") as app:
            assert app.next_report() == {"shown": saved}, f"seed {seed}, round {round_no}"
            kill_after = rng.randint(1, 9)
            for n in range(1, kill_after + 1):
                assert app.next_report() == {"saved": n}, f"seed {seed}, round {round_no}"
            time.sleep(rng.uniform(0, 0.04))  # the random moment: somewhere in the next edit
            reported = kill_after + sum(1 for line in app.kill() if "saved" in line)
        check_file(database)
        survived = saved_state(database, draft)
        allowed = [after(saved, edits[:reported]), after(saved, edits[: reported + 1])]
        assert survived in allowed, (
            f"seed {seed}, round {round_no}: {reported} edits reported saved"
        )
        assert "Traceback" not in app.errors.read_text()

    with AppProcess(database, [], tmp_path / "stderr-last.txt") as app:
        assert app.next_report() == {"shown": saved_state(database, draft)}, f"seed {seed}"
        assert app.stop() == 0, app.errors.read_text()
    assert "Traceback" not in app.errors.read_text()
