"""The desktop app (PySide6). The only package of RepApp that imports Qt, and only through `qt.py`."""
