"""A barcode scanner is a "keyboard wedge": it types a code's digits and Enter into whatever has
the focus. In the scan field that adds the product; anywhere else the digits would land in the PO
number, open a line's quantity editor (and set the quantity to the barcode), or make Enter add the
catalog's highlighted product: a wrong line on a customer's order.

`KeyboardWedge` watches the keys that reach the main window and tells the scanner from the rep by
speed: a scanner sends the digits a few milliseconds apart and Enter straight after; nobody types
eight digits and Enter at that pace. Digits that come at scanner speed are held back for a moment;
a burst of at least `MIN_DIGITS` digits ended by Enter is a scan, and goes to the scan field's
lookup instead of the focused widget. Anything else (a pause longer than `GAP_MS`, a letter,
Enter after a few digits, a click) hands the held keys on to the focused widget first, in order,
as if they had never been held: a digit the rep types reaches its field at most `GAP_MS` late.

Only keys delivered to the main window's own QWindow are watched: the keyboard and a scanner
come through there, dialogs have windows of their own, and the scan field gets its keys as usual.
"""

from __future__ import annotations

import time

from repapp.ui.qt import (
    QApplication,
    QEvent,
    QKeyEvent,
    QObject,
    Qt,
    QTimer,
    QWidget,
    QWindow,
    Signal,
)

GAP_MS = 40  # scanners send a key every 1-10 ms; a fast typist's digits are ~100 ms apart
MIN_DIGITS = 8  # the shortest barcode (EAN-8)
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_DIGITS = frozenset("0123456789")


class KeyboardWedge(QObject):
    scanned = Signal(str)  # a code the scanner typed while the focus was not in the scan field

    def __init__(self, window: QWidget, scan_field: QWidget) -> None:
        super().__init__(window)
        self._window, self._scan_field = window, scan_field
        self._handle: QWindow | None = None
        self._held: list[QKeyEvent] = []
        self._digits = ""
        self._last = 0.0
        self._replaying = False
        self._timer = QTimer(self, singleShot=True, interval=GAP_MS)
        self._timer.timeout.connect(self.release)
        window.installEventFilter(self)  # its QWindow exists once it is shown

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._window:
            if kind in (QEvent.Type.Show, QEvent.Type.WinIdChange):
                self._watch(self._window.windowHandle())
            return False
        if watched is not self._handle or self._replaying:
            return False
        if kind == QEvent.Type.KeyPress:
            return self._pressed(event)  # type: ignore[arg-type]
        if kind == QEvent.Type.KeyRelease and self._held and _is_digit(event):  # type: ignore[arg-type]
            self._hold(event)  # type: ignore[arg-type]
            return True
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.FocusOut):
            self.release()
        return False

    def _watch(self, handle: QWindow | None) -> None:
        if handle is not None and handle is not self._handle:
            if self._handle is not None:
                self._handle.removeEventFilter(self)
            self._handle = handle
            handle.installEventFilter(self)

    def _pressed(self, event: QKeyEvent) -> bool:
        now = time.monotonic()
        in_time = bool(self._held) and (now - self._last) * 1000 <= GAP_MS
        if _is_digit(event) and QApplication.focusWidget() is not self._scan_field:
            if self._held and not in_time:
                self.release()  # a slow digit: a person typing
            self._digits += event.text()
            self._last = now
            self._hold(event)
            return True
        if event.key() in _ENTER and in_time and len(self._digits) >= MIN_DIGITS:
            code = self._digits
            self._drop()
            self.scanned.emit(code)
            return True  # the focused widget never sees this Enter
        self.release()
        return False

    def _hold(self, event: QKeyEvent) -> None:
        self._held.append(
            QKeyEvent(
                event.type(),
                event.key(),
                event.modifiers(),
                event.text(),
                event.isAutoRepeat(),
                event.count(),
            )
        )
        self._timer.start()

    def _drop(self) -> None:
        self._timer.stop()
        self._held, self._digits = [], ""

    def release(self) -> None:
        """Hand the held keys to the focused widget, in the order they came."""
        held = self._held
        self._drop()
        self._replaying = True
        try:
            for event in held:
                target = QApplication.focusWidget() or self._window
                QApplication.sendEvent(target, event)
        finally:
            self._replaying = False


def _is_digit(event: QKeyEvent) -> bool:
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return (
        event.text() in _DIGITS
        and modifiers == Qt.KeyboardModifier.NoModifier
        and not event.isAutoRepeat()
    )
