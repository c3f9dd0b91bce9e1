"""Fifty laptops push accepted orders for the same scarce SKUs at once, against a real server
process: stock is never oversold, every order gets exactly one verdict, and every ordered unit is
either allocated or backordered. Then the office receives stock and the reps see it."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from repapp.server_process import ServerProcess
from server.db import make_engine
from server.models import Allocation, Order, OrderLine, PushReceipt, Stock
from tests.server.stock_setup import make_scarce, order_payload, push_body

CLIENTS = 50


def _sign_in(url: str, user: str = "rep") -> tuple[dict[str, str], str]:
    body = httpx.post(
        f"{url}/sync/login", json={"username": user, "password": "demo"}, timeout=60
    ).json()
    return {"Authorization": f"Bearer {body['token']}"}, body["device_id"]


def _pull(url: str, headers: dict[str, str], cursor: int = 0) -> list[dict[str, Any]]:
    changes: list[dict[str, Any]] = []
    while True:
        page = httpx.post(
            f"{url}/sync/pull", json={"cursor": cursor, "limit": 5000}, headers=headers, timeout=60
        ).json()
        changes += page["changes"]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return changes


def test_fifty_clients_never_oversell(demo_server: ServerProcess, server_db_url: str) -> None:
    url = demo_server.url
    headers, _ = _sign_in(url)
    engine = make_engine(server_db_url)
    changes = _pull(url, headers)
    scarce = make_scarce(engine, changes, [[40, 25], [30, 10]])
    a, b = scarce.products
    cursor = max(c["version"] for c in changes)

    def client(n: int) -> list[dict[str, Any]]:
        mine, device = _sign_in(url)
        payload = order_payload(
            f"{n:08d}-0000-4000-8000-000000000001",
            scarce.account,
            [(a, n % 4 + 1), (b, 2)],
            ref=f"C{n}-1",
        )
        answer = httpx.post(
            f"{url}/sync/push", json=push_body(device, 1, payload), headers=mine, timeout=120
        )
        assert answer.status_code == 200, answer.text
        verdicts: list[dict[str, Any]] = answer.json()["verdicts"]
        return verdicts

    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(client, range(CLIENTS)))
    assert all(len(verdicts) == 1 for verdicts in results)
    assert all(v[0]["status"] == "accepted" for v in results), results
    ordered = {a["sku"]: sum(n % 4 + 1 for n in range(CLIENTS)), b["sku"]: 2 * CLIENTS}

    with Session(engine) as session:
        uuids = [v[0]["order_uuid"] for v in results]
        assert (
            session.scalar(
                select(func.count())
                .select_from(PushReceipt)
                .where(PushReceipt.order_uuid.in_(uuids))
            )
            == CLIENTS
        )
        for product, stock in ((a, 65), (b, 40)):
            rows = session.execute(
                select(Stock.on_hand, Stock.allocated).where(
                    Stock.product_id
                    == select(OrderLine.product_id)
                    .where(OrderLine.sku == product["sku"])
                    .limit(1)
                    .scalar_subquery()
                )
            ).all()
            assert all(0 <= allocated <= on_hand for on_hand, allocated in rows)
            assert sum(allocated for _, allocated in rows) == stock  # all of it, never more
            lines = (
                select(OrderLine.id)
                .join(Order)
                .where(Order.order_uuid.in_(uuids), OrderLine.sku == product["sku"])
            )
            allocated = session.scalar(
                select(func.sum(Allocation.quantity)).where(Allocation.order_line_id.in_(lines))
            )
            backordered = session.scalar(
                select(func.sum(OrderLine.backordered)).where(OrderLine.id.in_(lines))
            )
            assert allocated == stock
            assert allocated + backordered == ordered[product["sku"]]

    # A rep's pull: nothing left to sell, and their orders say which lines wait.
    after = _pull(url, headers, cursor)
    stock_rows = {c["key"]: c["data"] for c in after if c["entity"] == "stock"}
    assert stock_rows[a["sku"]]["available"] == 0 and stock_rows[b["sku"]]["available"] == 0
    orders = [c["data"] for c in after if c["entity"] == "order" and c["key"] in set(uuids)]
    assert len(orders) == CLIENTS
    waiting = [o for o in orders if any(line["backordered"] for line in o["lines"])]
    assert len(waiting) >= (ordered[b["sku"]] - 40) // 2  # B alone backorders 60 units

    # The office receives 30 of B at the second warehouse: the oldest backorders fill first.
    office, _ = _sign_in(url, "office")
    receipt = {"sku": b["sku"], "warehouse": scarce.warehouses[1], "quantity": 30, "reference": "X"}
    assert httpx.post(f"{url}/stock/receipts", json=receipt, headers=headers).status_code == 403
    answer = httpx.post(f"{url}/stock/receipts", json=receipt, headers=office, timeout=60)
    assert answer.status_code == 201, answer.text
    assert sum(answer.json()["filled"].values()) == 30
    with Session(engine) as session:
        waiting_b = session.execute(
            select(Order.received_at, Order.id, OrderLine.backordered)
            .join(OrderLine)
            .where(Order.order_uuid.in_(uuids), OrderLine.sku == b["sku"])
            .order_by(Order.received_at, Order.id)
        ).all()
        short = [row.backordered for row in waiting_b]
        assert sum(short) == ordered[b["sku"]] - 40 - 30
        # FIFO: the filled orders come first, the still-waiting ones last.
        assert short == sorted(short)
    engine.dispose()
