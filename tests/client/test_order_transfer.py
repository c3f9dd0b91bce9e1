"""Unsent orders exported from one laptop's database file and imported into another's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from repapp.models import Customer, Order, OrderSignature, OutboxEntry
from repapp.services.order_transfer import (
    FORMAT,
    FORMAT_VERSION,
    TransferError,
    export_unsent,
    import_orders,
)
from repapp.services.workspace import Workspace
from repapp.sync import state
from tests import sample_store

PNG = b"\x89PNG\r\n\x1a\n" + b"a buyer's scrawl"
PROSPECT = "NEW-D001-0001"


@pytest.fixture
def laptop_b(tmp_path: Path) -> Iterator[Workspace]:
    """The colleague's laptop: the same accounts, its own device number and outbox."""
    ws = Workspace.open(tmp_path / "b" / "rep.db")
    sample_store.fill(ws.store)
    with ws.store.transaction() as session:
        state.put(session, state.DEVICE_PREFIX, "D002")
        state.put(session, state.DEVICE_ID, "dev-2")
    yield ws
    ws.close()


def finish(workspace: Workspace, account: str, *skus: str, signed_by: str = "") -> str:
    desk = workspace.desk
    uuid = desk.start_order(account)
    for sku in skus:
        desk.add_product(uuid, sku)
    desk.set_details(uuid, "PO-77", "ship after the show")
    if signed_by:
        with workspace.store.transaction() as session:
            session.add(
                OrderSignature(
                    order_uuid=uuid, png=PNG, signed_by=signed_by, signed_at=desk.clock()
                )
            )
    return desk.finish(uuid).uuid


def add_prospect(workspace: Workspace) -> None:
    with workspace.store.transaction() as session:
        session.add(
            Customer(
                account_number=PROSPECT,
                name="Pop-up Gallery",
                city="Denver",
                email="hello@popup.example",
                prospect=True,
                credit_limit=Decimal(0),
                open_balance=Decimal(0),
            )
        )


def outbox(workspace: Workspace) -> list[tuple[int, str, str, str]]:
    with workspace.store.reading() as session:
        return [
            (row.seq, row.order_uuid, row.payload, row.payload_hash)
            for row in session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))
        ]


def order_count(workspace: Workspace) -> int:
    with workspace.store.reading() as session:
        return session.scalar(select(func.count()).select_from(Order)) or 0


def test_orders_go_to_another_laptop_once_with_their_payloads(
    workspace: Workspace, laptop_b: Workspace, tmp_path: Path
) -> None:
    laptop_a = workspace
    add_prospect(laptop_a)
    signed = finish(laptop_a, "C1001", "MUG-1", "VASE-2", signed_by="Zoë Park")
    plain = finish(laptop_a, "C1003", "MUG-1")
    prospect = finish(laptop_a, PROSPECT, "VASE-2")
    finish(laptop_b, "C1003", "VASE-2")  # B has an order of its own waiting: seq 1
    sent_from_a = outbox(laptop_a)

    file = tmp_path / "stick" / "orders.json"
    file.parent.mkdir()
    exported = export_unsent(laptop_a.store, file)
    assert exported.orders == 3
    assert exported.references == ["D001-00001", "D001-00002", "D001-00003"]
    document = json.loads(file.read_text(encoding="utf-8"))
    assert (document["format"], document["version"]) == (FORMAT, FORMAT_VERSION)
    assert document["device_prefix"] == "D001" and document["exported_at"]
    assert [
        (o["seq"], o["order_uuid"], o["payload"], o["payload_hash"]) for o in document["orders"]
    ] == sent_from_a
    assert document["orders"][0]["customer"]["name"] == "Zoë's Gift Shop"
    assert [line["sku"] for line in document["orders"][0]["lines"]] == ["MUG-1", "VASE-2"]
    assert not list(file.parent.glob("*.part"))
    assert outbox(laptop_a) == sent_from_a  # exporting sends nothing and removes nothing

    summary = import_orders(laptop_b.store, file)
    assert summary.added == ["D001-00001", "D001-00002", "D001-00003"]
    assert summary.skipped == [] and summary.accounts_added == [PROSPECT]
    assert summary.describe() == "Imported 3 orders from D001; 1 new account"
    on_b = outbox(laptop_b)
    # B's own next sequence numbers; A's payloads and hashes, untouched.
    assert [seq for seq, *_ in on_b] == [1, 2, 3, 4]
    assert [entry[1:] for entry in on_b[1:]] == [entry[1:] for entry in sent_from_a]
    for uuid in (signed, plain, prospect):
        on_a, shown = laptop_a.desk.view(uuid), laptop_b.desk.view(uuid)
        assert shown == on_a  # status queued, customer, lines, totals, reference: all the same
    assert laptop_b.desk.view(signed).status == "queued"
    assert laptop_b.desk.view(prospect).prospect
    with laptop_b.store.reading() as session:
        signature = session.get(OrderSignature, signed)
        assert signature is not None and (signature.png, signature.signed_by) == (PNG, "Zoë Park")
        new = session.get(Customer, PROSPECT)
        assert new is not None and new.prospect and new.assigned
        assert (new.name, new.city, new.email) == (
            "Pop-up Gallery",
            "Denver",
            "hello@popup.example",
        )
    assert laptop_b.desk.unsent_count() == 4

    again = import_orders(laptop_b.store, file)
    assert again.added == [] and again.skipped == ["D001-00001", "D001-00002", "D001-00003"]
    assert again.describe() == "Imported 0 orders from D001 (3 already on this laptop)"
    assert outbox(laptop_b) == on_b
    assert laptop_b.setting(state.NEXT_SEQ) == "5"


def test_an_account_this_laptop_never_pulled_is_kept_for_the_order_only(
    workspace: Workspace, laptop_b: Workspace, tmp_path: Path
) -> None:
    uuid = finish(workspace, "C1003", "MUG-1")
    file = tmp_path / "orders.json"
    export_unsent(workspace.store, file)
    with laptop_b.store.transaction() as session:
        session.execute(delete(Customer).where(Customer.account_number == "C1003"))
    summary = import_orders(laptop_b.store, file)
    assert summary.accounts_added == ["C1003"]
    assert laptop_b.desk.view(uuid).customer_name == "Juniper General Store"
    assert "C1003" not in [c.account_number for c in laptop_b.desk.customers()]  # not offered


def test_nothing_to_export_says_so_and_writes_nothing(workspace: Workspace, tmp_path: Path) -> None:
    file = tmp_path / "orders.json"
    with pytest.raises(TransferError, match="^No unsent orders to export: every finished"):
        export_unsent(workspace.store, file)
    assert not file.exists()


def exported_file(workspace: Workspace, tmp_path: Path) -> tuple[Path, dict]:
    finish(workspace, "C1001", "MUG-1")
    finish(workspace, "C1003", "VASE-2")
    file = tmp_path / "orders.json"
    export_unsent(workspace.store, file)
    return file, json.loads(file.read_text(encoding="utf-8"))


def tamper_payload(document: dict) -> None:
    payload = json.loads(document["orders"][1]["payload"])
    payload["lines"][0]["quantity"] += 1
    document["orders"][1]["payload"] = json.dumps(payload)


def tamper_shown_lines(document: dict) -> None:
    document["orders"][1]["lines"][0]["quantity"] = 99


def drop_hash(document: dict) -> None:
    del document["orders"][0]["payload_hash"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d.update(format="something-else"),
            "orders.json is not a RepApp export of orders.",
        ),
        (
            lambda d: d.update(version=FORMAT_VERSION + 1),
            "orders.json was written by a newer RepApp (format 2; this one reads up to 1). "
            "Install the latest RepApp to import it.",
        ),
        (
            tamper_payload,
            "orders.json is damaged: order 2 (D001-00002) does not match its checksum (the "
            "file was changed after it was exported). Nothing was imported.",
        ),
        (
            tamper_shown_lines,
            "orders.json is damaged: order 2 (D001-00002) as shown does not match the order as "
            "sent. Nothing was imported.",
        ),
        (drop_hash, "orders.json is damaged: order 1 (D001-00001), payload_hash: field required."),
        (
            lambda d: d["orders"].append(d["orders"][0]),
            "orders.json is damaged: order 3 (D001-00001) is in it twice.",
        ),
    ],
    ids=["not-an-export", "newer-format", "checksum", "shown-vs-sent", "missing-field", "twice"],
)
def test_a_bad_file_is_refused_with_what_is_wrong_and_changes_nothing(
    workspace: Workspace, laptop_b: Workspace, tmp_path: Path, change, message: str
) -> None:
    file, document = exported_file(workspace, tmp_path)
    change(document)
    file.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(TransferError) as refused:
        import_orders(laptop_b.store, file)
    assert str(refused.value) == message
    assert order_count(laptop_b) == 0 and outbox(laptop_b) == []


def test_not_json_at_all_is_refused(laptop_b: Workspace, tmp_path: Path) -> None:
    file = tmp_path / "holiday.jpg"
    file.write_bytes(b"\xff\xd8\xff\xe0 not json")
    with pytest.raises(
        TransferError, match=r"^holiday.jpg is not a RepApp export of orders \(not JSON\)\.$"
    ):
        import_orders(laptop_b.store, file)
    with pytest.raises(TransferError, match="^Could not read missing.json: "):
        import_orders(laptop_b.store, tmp_path / "missing.json")


def test_an_import_that_fails_halfway_adds_nothing(
    workspace: Workspace, laptop_b: Workspace, tmp_path: Path
) -> None:
    file, _document = exported_file(workspace, tmp_path)
    for account in ("C1001", "C1003", "C1001"):  # B's own seq 1, 2, 3
        finish(laptop_b, account, "MUG-1")
    with laptop_b.store.transaction() as session:  # seq 2 went; the counter is off by one
        session.execute(delete(OutboxEntry).where(OutboxEntry.seq == 2))
        state.put(session, state.NEXT_SEQ, 2)
    before = (order_count(laptop_b), outbox(laptop_b))
    with pytest.raises(IntegrityError):  # the second imported order collides with seq 3
        import_orders(laptop_b.store, file)
    assert (order_count(laptop_b), outbox(laptop_b)) == before  # not even the first one
    assert laptop_b.setting(state.NEXT_SEQ) == "2"


def test_importing_a_laptops_own_export_adds_nothing(workspace: Workspace, tmp_path: Path) -> None:
    file, _document = exported_file(workspace, tmp_path)
    before = outbox(workspace)
    summary = import_orders(workspace.store, file)
    assert summary.added == [] and summary.skipped == ["D001-00001", "D001-00002"]
    assert outbox(workspace) == before
