"""`repapp demo --headless` as a new user runs it: a real process, its report's last line is JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]


def test_headless_demo_walkthrough_ends_with_its_json_report(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    done = subprocess.run(
        [sys.executable, "-m", "repapp", "demo", "--out", str(tmp_path / "out")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["orders_written"] == 3 and report["orders_pushed"] == 3 and report["unsent"] == 0
    assert report["verdicts"] == {"accepted": 2, "needs_approval": 1}
    assert len(report["pdfs"]) == 3
    for pdf in report["pdfs"]:
        text = PdfReader(pdf).pages[0].extract_text()
        assert "ORDER CONFIRMATION" in text and "Dana Whitfield" in text
