"""`repapp demo`: a server with demo data on a loopback port, and the app signed in as the demo rep.

`--headless` (chosen by itself when there is no display) runs a scripted walkthrough instead:
pull, go offline, write four orders (one signed, one with a ship window, one for an account on hold,
one for a prospect met at the booth), print their confirmations, come back online, push, pull the
verdicts, and report. The last line printed is one JSON object.
"""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from repapp.server_process import ServerProcess
from repapp.services.confirmations import save_confirmation
from repapp.services.prospects import ProspectDetails, Prospects
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


def _signature_png() -> bytes:
    """A buyer's scribble, drawn as the signature pad would store it."""
    from PIL import Image, ImageDraw

    picture = Image.new("L", (450, 150), 255)
    pen = ImageDraw.Draw(picture)
    points = [(30 + x * 6, 90 - (20 if x % 4 < 2 else -10) - x % 3 * 4) for x in range(60)]
    pen.line(points, fill=20, width=4, joint="curve")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def _write_orders(workspace: Workspace, say: Any) -> list[str]:
    """Four orders a rep might write at a booth: a signed one, a discounted one shipping next
    month, one for an account on credit hold, one for a prospect who has no account yet."""
    desk, catalog = workspace.desk, workspace.catalog
    customers = desk.customers()
    held = next(c for c in customers if c.credit_hold)
    healthy = [c for c in customers if not c.credit_hold and c.available_credit > 2000]
    prospect = Prospects(workspace.store).create(
        ProspectDetails(
            name="Café Lumière",
            city="Montréal",
            region="QC",
            country="CA",
            contact_name="Zélie François",
            email="achat@lumiere.example",
        )
    )
    plans = [
        (healthy[0], "mug", None),
        (healthy[1], "candle", Decimal("5")),
        (held, "notebook", None),
        (prospect, "vase", None),
    ]
    written = []
    for customer, words, discount in plans:
        uuid = desk.start_order(customer.account_number)
        for hit in catalog.search(words, limit=3):
            desk.add_product(uuid, hit.sku)
        if discount is not None:
            desk.set_discount(uuid, 1, discount)
            next_month = date.today() + timedelta(days=30)
            desk.set_ship_window(uuid, next_month, next_month + timedelta(days=14))
        if not written:
            desk.set_signature(uuid, _signature_png(), "Ava Brooks")
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
