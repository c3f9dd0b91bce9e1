"""Stock allocation at intake, backorders, and receipts that fill them oldest order first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from server.db import make_engine, make_session_factory
from server.imports.runner import run_import
from server.models import Allocation, Order, StockReceipt, Warehouse
from server.services.allocation import allocate, release
from server.services.receipts import receive_stock
from tests.server.conftest import sign_in
from tests.server.stock_setup import lines_of, make_scarce, order_payload, push_body, stock_of
from tests.server.test_imports import write_csv
from tests.server.test_sync_api import pull_everything


def _uuid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def _push(api: TestClient, device: str, seq: int, payload: Any) -> dict[str, Any]:
    answer = api.post("/sync/push", json=push_body(device, seq, payload))
    assert answer.status_code == 200, answer.text
    verdict: dict[str, Any] = answer.json()["verdicts"][0]
    return verdict


def _start(api: TestClient, server_db_url: str) -> tuple[Any, str, Any]:
    device = sign_in(api, "rep")["device_id"]
    changes, _ = pull_everything(api, limit=5000)
    engine = make_engine(server_db_url)
    return engine, device, make_scarce(engine, changes)


def _pull_since(api: TestClient, cursor: int) -> list[dict[str, Any]]:
    page = api.post("/sync/pull", json={"cursor": cursor, "limit": 5000}).json()
    assert not page["has_more"]
    changes: list[dict[str, Any]] = page["changes"]
    return changes


def test_allocation_splits_across_warehouses_and_backorders_the_shortfall(
    api: TestClient, server_db_url: str
) -> None:
    engine, device, scarce = _start(api, server_db_url)
    a, b = scarce.products
    first, second = scarce.warehouses[:2]
    payload = order_payload(_uuid(1), scarce.account, [(a, 7), (b, 10)])
    verdict = _push(api, device, 1, payload)
    assert verdict["status"] == "accepted", verdict
    with Session(engine) as session:
        # A: 5 from the first warehouse, 2 from the second; B: all 8 there are, 2 backordered.
        assert stock_of(session, a["sku"]) == {first: (5, 5), second: (3, 2)}
        assert stock_of(session, b["sku"]) == {first: (5, 5), second: (3, 3)}
        assert lines_of(session, _uuid(1)) == [(a["sku"], 7, 7, 0), (b["sku"], 10, 8, 2)]
        split = session.execute(
            select(Warehouse.code, Allocation.quantity)
            .join(Warehouse, Warehouse.id == Allocation.warehouse_id)
            .order_by(Allocation.id)
        ).all()
        assert [tuple(row) for row in split] == [(first, 5), (second, 2), (first, 5), (second, 3)]
    engine.dispose()


def test_an_order_held_for_approval_takes_no_stock(api: TestClient, server_db_url: str) -> None:
    engine, device, scarce = _start(api, server_db_url)
    a, _b = scarce.products
    held = order_payload(_uuid(2), scarce.account, [(a, 4)])
    held.lines[0].unit_price -= 1  # a price the server does not agree with: the office decides
    held.lines[0].line_total = held.lines[0].unit_price * 4
    held.total = held.lines[0].line_total
    verdict = _push(api, device, 1, held)
    assert verdict["status"] == "needs_approval", verdict
    with Session(engine) as session:
        assert all(allocated == 0 for _, allocated in stock_of(session, a["sku"]).values())
        assert lines_of(session, _uuid(2)) == [(a["sku"], 4, 0, 0)]
    engine.dispose()


def test_a_receipt_fills_backorders_oldest_order_first_and_reps_see_it(
    api: TestClient, server_db_url: str
) -> None:
    engine, device, scarce = _start(api, server_db_url)
    a, _b = scarce.products
    first = scarce.warehouses[0]
    # The first order takes all 8; the next two are backordered 4 and 3.
    for seq, quantity in ((1, 8), (2, 4), (3, 3)):
        payload = order_payload(_uuid(seq), scarce.account, [(a, quantity)], ref=f"T-{seq}")
        assert _push(api, device, seq, payload)["status"] == "accepted"
    cursor = max(c["version"] for c in pull_everything(api, limit=5000)[0])

    with Session(engine) as session, session.begin():
        result = receive_stock(session, a["sku"], first, 5, "PO-7781")
    # Five units: all four of the older order, one of the newer.
    assert sorted(result.filled.values()) == [1, 4] and result.available == 0
    with Session(engine) as session:
        assert lines_of(session, _uuid(2)) == [(a["sku"], 4, 4, 0)]
        assert lines_of(session, _uuid(3)) == [(a["sku"], 3, 1, 2)]
        assert stock_of(session, a["sku"])[first] == (10, 10)
        receipt = session.scalars(select(StockReceipt)).one()
        assert (receipt.quantity, receipt.reference) == (5, "PO-7781")
        assert session.scalar(
            select(Allocation.quantity).where(Allocation.receipt_id == receipt.id).limit(1)
        )

    changes = _pull_since(api, cursor)
    orders = {c["key"]: c["data"] for c in changes if c["entity"] == "order"}
    assert set(orders) == {_uuid(2), _uuid(3)}  # the first order did not change
    assert [line["backordered"] for line in orders[_uuid(2)]["lines"]] == [0]
    assert [line["backordered"] for line in orders[_uuid(3)]["lines"]] == [2]
    stock = {c["key"]: c["data"] for c in changes if c["entity"] == "stock"}
    assert list(stock) == [a["sku"]]

    # More than the backorders need: the rest is available to sell.
    with Session(engine) as session, session.begin():
        result = receive_stock(session, a["sku"], first, 6, "PO-7790")
    assert list(result.filled.values()) == [2] and result.available == 4
    changes = _pull_since(api, cursor)
    stock = {c["key"]: c["data"] for c in changes if c["entity"] == "stock"}
    assert stock[a["sku"]]["available"] == 4
    engine.dispose()


def test_receipts_endpoint_is_for_the_office(api: TestClient, server_db_url: str) -> None:
    engine, device, scarce = _start(api, server_db_url)
    a, _b = scarce.products
    payload = order_payload(_uuid(1), scarce.account, [(a, 10)])
    assert _push(api, device, 1, payload)["status"] == "accepted"
    receipt = {"sku": a["sku"], "warehouse": scarce.warehouses[1], "quantity": 3, "reference": "R1"}

    denied = api.post("/stock/receipts", json=receipt)  # still signed in as the rep
    assert denied.status_code == 403, denied.text
    with Session(engine) as session:
        assert session.scalars(select(StockReceipt)).first() is None

    sign_in(api, "office")
    answer = api.post("/stock/receipts", json=receipt)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["filled"] and sum(body["filled"].values()) == 2 and body["available"] == 1
    unknown = api.post("/stock/receipts", json={**receipt, "warehouse": "NOPE"})
    assert unknown.status_code == 422 and "unknown warehouse" in unknown.text
    with Session(engine) as session:
        assert lines_of(session, _uuid(1)) == [(a["sku"], 10, 10, 0)]
    engine.dispose()


def test_import_stock_with_a_received_column_is_a_receipt(
    api: TestClient, server_db_url: str, tmp_path: Path
) -> None:
    engine, device, scarce = _start(api, server_db_url)
    a, b = scarce.products
    first, second = scarce.warehouses[:2]
    payload = order_payload(_uuid(1), scarce.account, [(a, 12)])
    assert _push(api, device, 1, payload)["status"] == "accepted"  # 4 backordered
    factory = make_session_factory(engine)

    both = write_csv(
        tmp_path, "both.csv", [["sku", "warehouse", "on_hand", "received"], [a["sku"], first, 1, 1]]
    )
    assert run_import(factory, "stock", both, source="both.csv").problem_lines() == [
        "both.csv:1: a stock file either counts (on_hand) or receives (received), not both"
    ]
    rows = [
        ["sku", "warehouse", "received", "reference"],
        [a["sku"], second, "6", "ASN-1"],
        [b["sku"], "NORTH", "2", "ASN-1"],
    ]
    report = run_import(factory, "stock", write_csv(tmp_path, "in.csv", rows), source="in.csv")
    assert report.problem_lines() == [], report.problem_lines()
    assert "backordered units filled: 4" in report.notes and "new warehouses: NORTH" in report.notes
    with Session(engine) as session:
        assert lines_of(session, _uuid(1)) == [(a["sku"], 12, 12, 0)]
        assert stock_of(session, a["sku"]) == {first: (5, 5), second: (9, 7)}
        assert stock_of(session, b["sku"])["NORTH"] == (2, 0)
        assert session.scalars(select(StockReceipt.reference)).all() == ["ASN-1", "ASN-1"]

    # A stock take still sets the count, and leaves what orders hold alone.
    count = [["sku", "warehouse", "on_hand"], [a["sku"], second, "8"]]
    report = run_import(factory, "stock", write_csv(tmp_path, "count.csv", count), source="c")
    assert report.problem_lines() == []
    with Session(engine) as session:
        assert stock_of(session, a["sku"])[second] == (8, 7)
    engine.dispose()


def test_approval_allocates_later_and_release_gives_stock_back(
    api: TestClient, server_db_url: str
) -> None:
    engine, device, scarce = _start(api, server_db_url)
    a, b = scarce.products
    first, second = scarce.warehouses[:2]
    held = order_payload(_uuid(5), scarce.account, [(a, 6), (b, 9)])
    held.lines[0].unit_price -= 1  # the office must approve the price
    held.lines[0].line_total = held.lines[0].unit_price * 6
    held.total = held.lines[0].line_total + held.lines[1].line_total
    assert _push(api, device, 1, held)["status"] == "needs_approval"

    with Session(engine) as session, session.begin():  # what the approval flow does
        order = session.scalars(
            select(Order).where(Order.order_uuid == _uuid(5)).options(selectinload(Order.lines))
        ).one()
        order.status = "accepted"
        assert allocate(session, order) == 1  # B: 8 of 9
    with Session(engine) as session:
        assert lines_of(session, _uuid(5)) == [(a["sku"], 6, 6, 0), (b["sku"], 9, 8, 1)]
        assert stock_of(session, b["sku"]) == {first: (5, 5), second: (3, 3)}

    with Session(engine) as session, session.begin():  # e.g. the office cancels it
        order = session.scalars(select(Order).where(Order.order_uuid == _uuid(5))).one()
        release(session, order)
    with Session(engine) as session:
        assert lines_of(session, _uuid(5)) == [(a["sku"], 6, 0, 0), (b["sku"], 9, 0, 0)]
        assert stock_of(session, a["sku"]) == {first: (5, 0), second: (3, 0)}
        assert stock_of(session, b["sku"]) == {first: (5, 0), second: (3, 0)}
    engine.dispose()
