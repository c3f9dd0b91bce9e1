"""End to end: the real server process on a loopback port (SQLite and PostgreSQL) and the real
client code, through pull -> offline order -> push -> verdict."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from repapp.models import OutboxEntry
from repapp.server_process import ServerProcess
from repapp.services.workspace import Workspace
from repapp.sync.client import ServerUnreachable
from repapp.sync.protocol import OrderPayload, PushEntry


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = Workspace.open(tmp_path / "laptop" / "rep.db")
    yield ws
    ws.close()


def write_order(workspace: Workspace, words: str) -> str:
    customer = next(
        c for c in workspace.desk.customers() if not c.credit_hold and c.available_credit > 5000
    )
    uuid = workspace.desk.start_order(customer.account_number)
    for hit in workspace.catalog.search(words, limit=2):
        workspace.desk.add_product(uuid, hit.sku)
    return uuid


def test_pull_order_offline_push_verdict(demo_server: ServerProcess, workspace: Workspace) -> None:
    workspace.sign_in(demo_server.url, "rep", "demo")
    pulled = workspace.sync()
    with workspace.store.reading() as session:
        counts = {
            table: session.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            for table in (
                "categories",
                "products",
                "stock_levels",
                "price_lists",
                "prices",
                "promotions",
                "customers",
            )
        }
    assert counts == {
        "categories": 30,
        "products": 300,
        "stock_levels": 300,
        "price_lists": 3,
        "prices": 3 * 300 * 3,  # three tiers, each a list price and two breaks per product
        "promotions": 3,
        "customers": 40,  # this rep's accounts only
    }
    assert pulled.pulled >= sum(counts.values())
    assert workspace.catalog.search("mug")

    demo_server.stop()
    uuid = write_order(workspace, "mug")
    finished = workspace.desk.finish(uuid)
    assert finished.status == "queued" and finished.provisional_ref.endswith("-00001")
    with pytest.raises(ServerUnreachable):
        workspace.sync()
    assert workspace.desk.view(uuid).status == "queued"  # nothing lost while offline
    assert workspace.desk.unsent_count() == 1

    demo_server.start()
    summary = workspace.sync()
    assert summary.pushed == 1 and summary.verdicts == {"accepted": 1}
    order = workspace.desk.view(uuid)
    assert order.status == "accepted" and order.order_number.startswith("SO-")
    assert workspace.desk.unsent_count() == 0


def test_the_same_push_sent_twice_yields_one_order(
    demo_server: ServerProcess, workspace: Workspace
) -> None:
    """A lost response: the client sends the same outbox entry again and gets the same answer."""
    workspace.sign_in(demo_server.url, "rep", "demo")
    workspace.sync()
    uuid = workspace.desk.finish(write_order(workspace, "candle")).uuid
    with workspace.store.reading() as session:
        row = session.get(OutboxEntry, 1)
        entry = PushEntry(
            seq=row.seq,
            order_uuid=row.order_uuid,
            payload=OrderPayload.model_validate(json.loads(row.payload)),
            payload_hash=row.payload_hash,
        )
    device_id = workspace.setting("device_id")
    first = workspace.client.push(device_id, [entry])  # the response that "got lost"
    assert workspace.desk.view(uuid).status == "queued"

    summary = workspace.sync()  # the client retries the same entry
    assert summary.verdicts == {"accepted": 1}
    assert workspace.desk.view(uuid).order_number == first.verdicts[0].order_number

    headers = {"Authorization": f"Bearer {workspace.client.token}"}
    changes = httpx.post(
        f"{demo_server.url}/sync/pull", json={"cursor": 0, "limit": 5000}, headers=headers
    ).json()["changes"]
    # The demo rep's history from last season's laptop (D000) comes too; this laptop's order once.
    orders = [c for c in changes if c["entity"] == "order"]
    assert [o["key"] for o in orders if not o["data"]["provisional_ref"].startswith("D000-")] == [
        uuid
    ]


def test_an_interrupted_pull_resumes_from_its_cursor(
    demo_server: ServerProcess, workspace: Workspace, tmp_path: Path
) -> None:
    from repapp.sync import engine

    workspace.sign_in(demo_server.url, "rep", "demo")
    pages: list[int] = []
    engine.pull(
        workspace.store,
        workspace.client,
        cancelled=lambda: len(pages) >= 2,
        progress=lambda _what, done: pages.append(done),
        page_size=100,
    )
    assert len(pages) == 2 and pages[-1] <= 200
    cursor = int(workspace.setting("cursor"))
    rest = engine.pull(workspace.store, workspace.client, page_size=100)
    assert int(workspace.setting("cursor")) > cursor

    # The resumed pull ends with what one uninterrupted pull gives, with nothing sent twice.
    whole = Workspace.open(tmp_path / "whole.db")
    try:
        whole.sign_in(demo_server.url, "rep", "demo")
        everything = engine.pull(whole.store, whole.client, page_size=1000)
        assert pages[-1] + rest.pulled == everything.pulled
        assert local_counts(workspace) == local_counts(whole)
    finally:
        whole.close()
    assert len(workspace.catalog.search("", limit=1000)) == 300


def local_counts(workspace: Workspace) -> dict[str, int]:
    tables = (
        "categories",
        "products",
        "stock_levels",
        "price_lists",
        "prices",
        "promotions",
        "customers",
        "contracts",
    )
    with workspace.store.reading() as session:
        return {t: session.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}
