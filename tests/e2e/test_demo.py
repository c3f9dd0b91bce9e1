"""`repapp demo --headless` as a new user runs it: a real process, its report's last line is JSON."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
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
    assert report["orders_written"] == 4 and report["orders_pushed"] == 4 and report["unsent"] == 0
    assert report["verdicts"] == {"accepted": 2, "needs_approval": 2}  # credit hold, new account
    assert report["pictures"] > 0
    assert len(report["pdfs"]) == 4
    signed = PdfReader(report["pdfs"][0])
    assert "Buyer's signature: Ava Brooks" in signed.pages[0].extract_text()
    assert len(signed.pages[0].images) == 1
    assert "Ship window:" in PdfReader(report["pdfs"][1]).pages[0].extract_text()
    assert "new account, pending approval" in PdfReader(report["pdfs"][3]).pages[0].extract_text()
    for pdf in report["pdfs"]:
        text = PdfReader(pdf).pages[0].extract_text()
        assert "ORDER CONFIRMATION" in text and "Dana Whitfield" in text


def test_demo_app_stopped_by_a_signal_closes_cleanly_and_stops_its_server(tmp_path: Path) -> None:
    """A logout or `kill` must not leave the demo's server running with no one to stop it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    errors = tmp_path / "stderr.txt"
    with (
        errors.open("w") as stderr,
        subprocess.Popen(
            [sys.executable, "-m", "repapp", "demo"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        ) as app,
    ):
        try:
            assert app.stdout is not None
            banner = app.stdout.readline()  # printed once the window is about to show
            assert "close the window to stop" in banner, errors.read_text()
            server_url = banner.split()[3]
            assert httpx.get(f"{server_url}/health", timeout=5).status_code == 200
            time.sleep(1)  # let the event loop start
            app.send_signal(signal.SIGTERM)
            assert app.wait(timeout=30) == 0, errors.read_text()
        finally:
            if app.poll() is None:
                app.kill()
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{server_url}/health", timeout=2)
