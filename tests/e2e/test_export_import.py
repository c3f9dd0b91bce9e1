"""Orders carried from a laptop that cannot get online to one that can, through a file, and both
laptops syncing afterwards: the real server (SQLite and PostgreSQL) keeps every order once."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from repapp.models import Customer
from repapp.server_process import ServerProcess
from repapp.services.order_transfer import export_unsent, import_orders
from repapp.services.workspace import Workspace

PROSPECT = "NEW-A-0001"


@pytest.fixture
def laptops(demo_server: ServerProcess, tmp_path: Path) -> Iterator[tuple[Workspace, Workspace]]:
    """The rep's two laptops, each signed in (two devices) and synced once."""
    pair = []
    for name in ("a", "b"):
        workspace = Workspace.open(tmp_path / name / "rep.db")
        workspace.sign_in(demo_server.url, "rep", "demo")
        workspace.sync()
        pair.append(workspace)
    yield pair[0], pair[1]
    for workspace in pair:
        workspace.close()


def write_orders(laptop: Workspace) -> list[str]:
    desk = laptop.desk
    accounts = [c for c in desk.customers() if not c.credit_hold and c.available_credit > 5000]
    with laptop.store.transaction() as session:
        session.add(
            Customer(
                account_number=PROSPECT,
                name="Pop-up Gallery",
                city="Denver",
                prospect=True,
                credit_limit=Decimal(0),
                open_balance=Decimal(0),
            )
        )
    uuids = []
    for account, words in (
        (accounts[0].account_number, "mug"),
        (accounts[1].account_number, "candle"),
        (PROSPECT, "vase"),
    ):
        uuid = desk.start_order(account)
        for hit in laptop.catalog.search(words, limit=2):
            desk.add_product(uuid, hit.sku)
        uuids.append(desk.finish(uuid).uuid)
    return uuids


def verdicts(laptop: Workspace, uuids: list[str]) -> list[tuple[str, str | None]]:
    return [(view.status, view.order_number) for view in map(laptop.desk.view, uuids)]


def test_orders_carried_by_file_reach_the_server_once(
    laptops: tuple[Workspace, Workspace], server_db_url: str, tmp_path: Path
) -> None:
    laptop_a, laptop_b = laptops
    uuids = write_orders(laptop_a)
    file = tmp_path / "usb" / "unsent.json"
    file.parent.mkdir()
    assert export_unsent(laptop_a.store, file).orders == 3

    first = import_orders(laptop_b.store, file)
    assert len(first.added) == 3 and first.accounts_added == [PROSPECT]
    second = import_orders(laptop_b.store, file)
    assert second.added == [] and len(second.skipped) == 3
    assert laptop_b.desk.unsent_count() == 3

    from_b = laptop_b.sync()
    assert from_b.pushed == 3
    assert from_b.verdicts == {
        "accepted": 2,
        "needs_approval": 1,
    }  # the prospect waits for the office
    on_b = verdicts(laptop_b, uuids)
    assert [status for status, _ in on_b] == ["accepted", "accepted", "needs_approval"]
    assert all(number and number.startswith("SO-") for _, number in on_b[:2])

    from_a = laptop_a.sync()  # A got online after all: the same orders, the same answers
    assert from_a.pushed == 3 and from_a.verdicts == from_b.verdicts
    assert verdicts(laptop_a, uuids) == on_b
    assert laptop_a.desk.unsent_count() == 0 and laptop_b.desk.unsent_count() == 0

    server = create_engine(server_db_url)
    try:
        with server.connect() as connection:
            stored = connection.execute(
                text("SELECT order_uuid, count(*) FROM orders GROUP BY order_uuid")
            ).all()
            devices = connection.execute(
                text("SELECT count(DISTINCT device_id) FROM push_receipts")
            ).scalar()
    finally:
        server.dispose()
    # every order once (the demo's past orders from last season are there too, untouched)
    assert all(count == 1 for _, count in stored)
    assert set(uuids) <= {uuid for uuid, _ in stored}
    assert devices == 2  # both laptops pushed them
