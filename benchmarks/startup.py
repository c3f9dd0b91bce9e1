"""Startup: from process start to the main window shown, against a bare PySide6 window.

Each repetition starts a fresh Python process (offscreen Qt) and times it from the parent, from
just before the process is created until the child says the window is up. The bare window pays
for Python and Qt; the difference is RepApp's own cost: importing the app, opening (and checking
the migrations of) a database of about 2,000 products, and building the window. `ready` also
waits for the first catalog page and the customer list, which arrive off the GUI thread.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PRODUCTS = 2000
TIMEOUT_S = 60

MAIN_WINDOW = """
import sys
from pathlib import Path
from repapp.services.workspace import Workspace
from repapp.ui.app import create_application
from repapp.ui.main_window import MainWindow
from repapp.ui.qt import QTimer
from repapp.ui.tasks import TaskManager

workspace = Workspace.open(Path(sys.argv[1]))
app = create_application(sys.argv[:1])
tasks = TaskManager()
window = MainWindow(workspace, tasks)
window.show()

def ready():
    if window.catalog.model.rowCount() and window.customers.accounts.count() and not tasks.pending:
        print("ready", flush=True)
        app.quit()
    else:
        QTimer.singleShot(1, ready)

QTimer.singleShot(0, lambda: (print("shown", flush=True), ready()))
app.exec()
tasks.shutdown()
workspace.close()
"""

BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
window.show()
QTimer.singleShot(0, lambda: (print("shown", flush=True), print("ready", flush=True), app.quit()))
app.exec()
"""


def build_database(path: Path, products: int = PRODUCTS) -> None:
    """A rep's database after a first sync: catalog, 50 accounts, this device's number."""
    from repapp.models import Customer, Product
    from repapp.models.db import LocalStore
    from repapp.sync import state

    store = LocalStore(path)
    with store.transaction() as session:
        session.add_all(
            Product(
                sku=f"SKU-{10000 + n}",
                name=f"{('Rustic', 'Nordic', 'Café', 'Crème')[n % 4]} candle no. {n}",
                brand=("Fernhill", "Nordlys", "Oak & Ivy")[n % 3],
                case_pack=(1, 6, 12)[n % 3],
                min_qty=(1, 6, 12)[n % 3],
                list_price=Decimal(150 + n) / 100,
                currency="USD",
                barcodes=str(4006381000000 + n),
                available=n % 400,
            )
            for n in range(products)
        )
        session.add_all(
            Customer(
                account_number=f"C{1001 + n}",
                name=f"Shop {n}",
                city="Portland",
                credit_limit=Decimal(5000),
                open_balance=Decimal(n * 10),
            )
            for n in range(50)
        )
        state.put(session, state.DEVICE_PREFIX, "D001")
        state.put(session, state.FULL_NAME, "Benchmark Rep")
    store.close()


def time_window(code: str, *args: str) -> tuple[float, float]:
    """Milliseconds from process creation to 'shown' and to 'ready'."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    marks: dict[str, float] = {}
    assert child.stdout is not None
    for line in child.stdout:
        marks[line.strip()] = (time.perf_counter() - started) * 1000
    _, errors = child.communicate(timeout=TIMEOUT_S)
    if child.returncode != 0 or not {"shown", "ready"} <= marks.keys():
        raise RuntimeError(f"the window did not start (exit {child.returncode}):\n{errors}")
    return marks["shown"], marks["ready"]


def run(quick: bool) -> dict[str, Any]:
    repetitions = 3 if quick else 9
    with tempfile.TemporaryDirectory(prefix="repapp-bench-") as folder:
        database = Path(folder) / "rep.db"
        build_database(database)
        time_window(MAIN_WINDOW, str(database))  # warm the disk cache and .pyc files
        time_window(BARE_WINDOW)
        main, bare = [], []
        for _ in range(repetitions):  # interleaved, so drift in the machine hits both alike
            main.append(time_window(MAIN_WINDOW, str(database)))
            bare.append(time_window(BARE_WINDOW))
    main_ms = statistics.median(shown for shown, _ in main)
    bare_ms = statistics.median(shown for shown, _ in bare)
    return {
        "benchmark": "startup",
        "repetitions": repetitions,
        "products": PRODUCTS,
        "main_window_ms": round(main_ms, 1),
        "main_window_ready_ms": round(statistics.median(ready for _, ready in main), 1),
        "bare_window_ms": round(bare_ms, 1),
        "ratio": round(main_ms / bare_ms, 2),
    }
