"""Progress on stderr for large files: every 5% or 10,000 rows, whichever comes first."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, label: str, enabled: bool, stream: TextIO | None = None) -> None:
        self.label = label
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self._total = 0
        self._next = 0
        self._step = 0
        self._stage = ""

    def stage(self, name: str, total: int = 0) -> None:
        """Start a stage ("checking 200,000 rows"); `total` > 0 enables percentages."""
        self._stage, self._total = name, total
        self._step = max(1, min(10_000, total // 20)) if total else 10_000
        self._next = self._step
        elapsed = time.monotonic() - self.started
        self._say(f"{name}{f' {total:,} rows' if total else ''} (at {elapsed:.1f} s)")

    def advance(self, done: int) -> None:
        if not self.enabled or done < self._next:
            return
        self._next = (done // self._step + 1) * self._step
        percent = f" ({100 * done // self._total}%)" if self._total else ""
        self._say(f"{self._stage}: {done:,}{percent}")

    def finish(self) -> None:
        self._say(f"done in {time.monotonic() - self.started:.1f} s")

    def _say(self, message: str) -> None:
        if self.enabled:
            print(f"{self.label}: {message}", file=self.stream, flush=True)
