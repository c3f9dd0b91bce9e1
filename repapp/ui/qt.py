"""The one door to Qt: every other module in `repapp.ui` imports Qt names from here.

Keeping PySide6 behind one module means a binding upgrade (or a switch) is a change in one place,
and a grep for "PySide6" shows at once that nothing below the UI depends on Qt.
"""

# ruff: noqa: F401, F403
import ctypes
import sys

import PySide6
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import *
from PySide6.QtGui import *
from PySide6.QtWidgets import *


def _keep_singletons_alive() -> None:
    """Work around PySide6 6.12.0 on CPython 3.11: it drops references to None, True and False.

    Measured here: every void method (`QLineEdit.setText`), every Python override returning None
    (`QAbstractItemModel.data`), every `QTimer.singleShot` callback takes one reference from None,
    and every `Signal.emit()` / `connect()` one from True. 6.11.3 does not. On 3.12+ these objects
    are immortal so nothing happens; on 3.11 the count reaches zero within seconds of scrolling a
    table and the interpreter aborts ("deallocating None"). Giving them a reference count no app
    can use up makes them immortal the 3.12 way. pyproject.toml excludes 6.12.0; this stays for any
    later 6.12.x that a machine may carry until a release is shown to be fixed.
    """
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    if tuple(PySide6.__version_info__[:2]) != (6, 12):
        return
    for singleton in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt, first in PyObject
        refcount.value += 1 << 40


_keep_singletons_alive()
