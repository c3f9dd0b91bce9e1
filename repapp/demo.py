"""`repapp demo`: a server with demo data on a loopback port, and the app signed in as the demo rep.

`--headless` (chosen by itself when there is no display) runs a scripted walkthrough instead:
pull, go offline, write three orders, print their confirmations, come back online, push, pull the
verdicts, and report. The last line printed is one JSON object.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from repapp.server_process import ServerProcess
from repapp.services.confirmations import save_confirmation
from repapp.services.workspace import Workspace

DEMO_USER, DEMO_PASSWORD = "rep", "demo"


def has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or (
        os.environ.get("QT_QPA_PLATFORM") == "offscreen"
    )


def start_demo_server(folder: Path, products: int = 2000) -> ServerProcess:
    server = ServerProcess(f"sqlite:///{folder / 'server.db'}", folder / "server.log")
    server.run_cli("demo-data", "--products", str(products))
    server.start()
    return server


def _write_orders(workspace: Workspace, say: Any) -> list[str]:
    """Three orders a rep might write at a booth: a plain one, a discounted one, one on credit hold."""
    desk, catalog = workspace.desk, workspace.catalog
    customers = desk.customers()
    held = next(c for c in customers if c.credit_hold)
    healthy = [c for c in customers if not c.credit_hold and c.available_credit > 2000]
    plans = [
        (healthy[0], "mug", None),
        (healthy[1], "candle", Decimal("5")),
        (held, "notebook", None),
    ]
    written = []
    for customer, words, discount in plans:
        uuid = desk.start_order(customer.account_number)
        for hit in catalog.search(words, limit=3):
            desk.add_product(uuid, hit.sku)
        if discount is not None:
            desk.set_discount(uuid, 1, discount)
        desk.set_details(
            uuid, po_number=f"PO-{len(written) + 101}", notes="Written at the demo booth."
        )
        order = desk.finish(uuid)
        say(
            f"  {order.provisional_ref}  {customer.name:<32} {len(order.lines)} lines  {order.totals.total}"
        )
        written.append(uuid)
    return written


def walkthrough(out: Path, folder: Path) -> dict[str, Any]:
    say = print
    out.mkdir(parents=True, exist_ok=True)
    server = start_demo_server(folder)
    workspace = Workspace.open(folder / "rep.db")
    try:
        say(
            f"server on {server.url}; signed in as {workspace.sign_in(server.url, DEMO_USER, DEMO_PASSWORD)}"
        )
        pulled = workspace.sync()
        say(f"pulled {pulled.pulled} changes (stock as of {pulled.as_of})")
        pictures = workspace.download_images()
        say(
            f"downloaded {pictures.downloaded} product pictures ({pictures.bytes:,} bytes) for the show"
        )
        server.stop()
        say("server stopped: writing orders offline")
        written = _write_orders(workspace, say)
        pdfs = [str(save_confirmation(workspace.store, uuid, out)) for uuid in written]
        say(f"wrote {len(pdfs)} confirmations into {out}")
        server.start()
        say("server back: syncing")
        summary = workspace.sync()
        verdicts = Counter(workspace.desk.view(uuid).status for uuid in written)
        for uuid in written:
            order = workspace.desk.view(uuid)
            reasons = "; ".join(order.reasons)
            say(
                f"  {order.provisional_ref} -> {order.status} {order.order_number or ''} {reasons}".rstrip()
            )
        return {
            "orders_written": len(written),
            "orders_pushed": summary.pushed,
            "verdicts": dict(verdicts),
            "unsent": workspace.desk.unsent_count(),
            "pictures": pictures.downloaded,
            "pdfs": pdfs,
        }
    finally:
        workspace.close()
        server.stop()


def run(headless: bool, out: Path | None) -> int:
    with tempfile.TemporaryDirectory(prefix="repapp-demo-") as temp:
        folder = Path(temp)
        if headless or not has_display():
            report = walkthrough(out or Path.cwd() / "demo-out", folder)
            print(json.dumps(report))
            return 0
        from repapp.ui.app import run_app

        server = start_demo_server(folder)
        workspace = Workspace.open(folder / "rep.db")
        try:
            workspace.sign_in(server.url, DEMO_USER, DEMO_PASSWORD)
            workspace.sync()
            workspace.download_images()
            print(
                f"demo server on {server.url} (users rep/demo, office/demo); close the window to stop"
            )
            return run_app(workspace, sys.argv[:1])
        finally:
            workspace.close()
            server.stop()
