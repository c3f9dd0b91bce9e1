"""A rep at the keyboard of a real RepApp process, for the test that kills it (kill -9).

`python app_driver.py DATABASE EDITS` starts RepApp the way `repapp --database DATABASE` does
(`repapp.cli.main`: the real workspace, window, database thread and event loop); the driver only
looks at the window and types into it, as a rep would. It prints one JSON object per line:

- `{"shown": {...}}` once the window is up and its first reads are done: the customer selected,
  the order open, its lines, PO number and notes, as the widgets show them;
- then, for each edit in EDITS (a JSON list of `[kind, argument]`), made with key events into the
  widgets, `{"saved": n}` once edit n is on screen as the desk's view of the order, which the
  desk hands back only after the edit's transaction has committed.

Edits: `["scan", CODE]` types a code into the scan field and Enter; `["more", SKU]` sets that
line's quantity one higher, as the quantity editor does; `["po", TEXT]` types a PO number and
Enter; `["notes", TEXT]` types TEXT at the end of the notes (saved when the rep pauses). After the
last edit the driver waits: the test kills it or stops it with a signal.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from PySide6.QtTest import QTest

from repapp import cli
from repapp.ui.app import create_application
from repapp.ui.main_window import MainWindow
from repapp.ui.order_model import QTY
from repapp.ui.qt import QApplication, Qt, QTextCursor, QTimer

POLL_MS = 5


def report(**what: Any) -> None:
    print(json.dumps(what), flush=True)


def main_window() -> MainWindow | None:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    return found[0] if found else None


def on_screen(window: MainWindow) -> dict[str, Any]:
    model, customer, view = window.order.model, window.customers.selected(), window.order.view
    return {
        "customer": customer.account_number if customer else None,
        "order": view.uuid if view else None,
        "lines": [[model.line(r).sku, model.line(r).quantity] for r in range(model.rowCount())],
        "po_number": window.order.po_number.text(),
        "notes": window.order.notes.toPlainText(),
    }


def make(window: MainWindow, kind: str, argument: str) -> None:
    order = window.order
    if kind == "scan":
        QTest.keyClicks(window.catalog.scan, argument)
        QTest.keyClick(window.catalog.scan, Qt.Key.Key_Return)
    elif kind == "more":
        row = next(r for r in range(order.model.rowCount()) if order.model.line(r).sku == argument)
        order.model.setData(order.model.index(row, QTY), order.model.line(row).quantity + 1)
    elif kind == "po":
        order.po_number.selectAll()
        QTest.keyClicks(order.po_number, argument)
        QTest.keyClick(order.po_number, Qt.Key.Key_Return)
    elif kind == "notes":
        order.notes.moveCursor(QTextCursor.MoveOperation.End)
        QTest.keyClicks(order.notes, argument)
    else:
        raise ValueError(f"unknown edit {kind!r}")


class Rep:
    def __init__(self, edits: list[list[str]]) -> None:
        self.edits = edits
        self.done = 0

    def wait_for_window(self) -> None:
        window = main_window()
        if (
            window is not None
            and window.isVisible()
            and window.catalog.model.rowCount() > 0
            and window.customers.accounts.count() > 0
            and window.tasks.pending == 0
        ):
            report(shown=on_screen(window))
            self.next_edit(window)
        else:
            QTimer.singleShot(POLL_MS, self.wait_for_window)

    def next_edit(self, window: MainWindow) -> None:
        if self.done == len(self.edits):
            return
        before = window.order.view
        kind, argument = self.edits[self.done]
        make(window, kind, argument)
        self.wait_until_saved(window, before)

    def wait_until_saved(self, window: MainWindow, before: object) -> None:
        if window.order.view is not before and window.tasks.pending == 0:
            self.done += 1
            report(saved=self.done)
            self.next_edit(window)
        else:
            QTimer.singleShot(POLL_MS, lambda: self.wait_until_saved(window, before))


if __name__ == "__main__":
    database, edits = sys.argv[1], json.loads(sys.argv[2])
    create_application(sys.argv[:1])  # run_app uses this one; the timer needs it first
    rep = Rep(edits)  # kept: a timer holds its bound method weakly
    QTimer.singleShot(0, rep.wait_for_window)
    sys.exit(cli.main(["--database", database]))
