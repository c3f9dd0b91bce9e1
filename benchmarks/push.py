"""Push: many laptops sending 20-line orders to a real server at once, on PostgreSQL and SQLite.

A small seeded catalog (`benchmarks.catalog_data`, 2,000 products) is loaded into a throwaway
server database and served by a real `repapp-server` process on a loopback port. The benchmark
rep's accounts get room on their credit, except one on credit hold; two SKUs are discontinued and
four are scarce (a few units per warehouse). Every order is 20 lines for one of the rep's
accounts, priced by the server's own rules (`PriceSheet`) the way the laptop prices it, so the
verdicts are what a show floor gives: mostly accepted; needs approval for the account on hold (and
any order above the large-order total); rejected for an order with a discontinued SKU. About a
third of the orders ask for a scarce SKU, so allocation runs out and lines are backordered.

- `orders_per_s_1`, `_8`, `_32`: devices (each its own sign-in, device and httpx client, in
  threads) push a FIXED NUMBER of orders per level (`--orders` per device), one order per push,
  one after the other; the figure is orders / wall-clock seconds from first push to last verdict.
- `raw_insert_orders_per_s`: the same order row and its 20 line rows inserted with plain SQL (no
  checks, no pricing, no allocation, one transaction per order, one connection) into the same
  database in the same run: the floor intake stands on. These rows are deleted afterwards.
- `oversold_units` (sum over stock rows of max(0, allocated - on_hand)) and `duplicate_orders`
  (orders sharing an order_uuid, pushed orders without exactly one order row, or entries with more
  than one verdict) are read from the database after the run; both must be 0.
- `verdicts`: the stored verdicts (push receipts) counted by status; `approval_reasons` says why
  the held ones wait.
- `server_cpu_per_wall`: the server process's CPU seconds over the pushing wall-clock seconds;
  near 1.0 means one busy core (the server is one Python process).

Generating the database and signing in are not timed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, delete, func, insert, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from benchmarks.catalog_data import BENCH_PASSWORD, BENCH_USER, Spec, generate

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
LEVELS = (1, 8, 32)
LINES = 20
TARGET_PG_8 = 100.0
CAPTURED_AT = "2026-11-23T10:00:00+00:00"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgres", "both"],
        help="where the server keeps its data (both; sqlite with --quick)",
    )
    parser.add_argument(
        "--orders", type=int, help="orders each device pushes per level (20; 2 with --quick)"
    )
    parser.add_argument("--products", type=int, help="catalog size (2,000; 400 with --quick)")


class _Catalog:
    """What the orders are made of: the rep's accounts, sellable, scarce and discontinued SKUs."""

    def __init__(self, url: str, seed: int) -> None:
        from server.db import make_engine
        from server.models import Customer, CustomerRep, Product, Stock, User

        self.rng = random.Random(seed)
        engine = make_engine(url)
        with Session(engine) as session, session.begin():
            rep = session.scalar(select(User).where(User.username == BENCH_USER))
            assert rep is not None
            ids = list(
                session.scalars(
                    select(CustomerRep.customer_id)
                    .where(CustomerRep.user_id == rep.id)
                    .order_by(CustomerRep.customer_id)
                )
            )
            session.execute(
                update(Customer)
                .where(Customer.id.in_(ids))
                .values(credit_limit=Decimal(10**9), credit_hold=False, open_balance=Decimal(0))
            )
            held = ids[len(ids) // 2]  # one account of the rep's is on credit hold
            session.execute(update(Customer).where(Customer.id == held).values(credit_hold=True))
            products = list(
                session.scalars(select(Product.id).where(Product.active).order_by(Product.id))
            )
            self.rng.shuffle(products)
            discontinued, scarce = products[:2], products[2:6]
            session.execute(
                update(Product).where(Product.id.in_(discontinued)).values(active=False)
            )
            # Plenty of everything else on hand, so backorders come from the scarce SKUs.
            session.execute(
                update(Stock)
                .where(Stock.product_id.not_in(scarce))
                .values(on_hand=Stock.on_hand + 100_000)
            )
            session.execute(
                update(Stock).where(Stock.product_id.in_(scarce)).values(on_hand=12, allocated=0)
            )
        from server.services.price_check import PriceSheet

        with Session(engine) as session:
            loaded = {
                p.id: p for p in session.scalars(select(Product).where(Product.id.in_(products)))
            }
            self.discontinued = [loaded[i] for i in discontinued]
            self.scarce = [loaded[i] for i in scarce]
            self.sellable = [loaded[i] for i in products[6:]]
            self.customers = list(session.scalars(select(Customer).where(Customer.id.in_(ids))))
            self.sheets = {c.id: PriceSheet.read(session, c, list(loaded)) for c in self.customers}
        engine.dispose()

    def order(self, number: int) -> tuple[Any, bool]:
        """One order's payload and whether a line of it is a discontinued SKU."""
        from repapp.core.money import Money
        from repapp.core.pricing import order_totals, price_line
        from repapp.sync.protocol import OrderLinePayload, OrderPayload

        rng = self.rng
        customer = rng.choice(self.customers)
        picked = rng.sample(self.sellable, LINES)
        if rng.random() < 0.35:
            picked[0] = rng.choice(self.scarce)
        discontinued = rng.random() < 0.03
        if discontinued:
            picked[-1] = rng.choice(self.discontinued)
        sheet = self.sheets[customer.id]
        lines, priced = [], []
        for product in picked:
            step = max(product.order_increment, 1)
            quantity = max(product.min_qty, step)
            quantity = -(-quantity // step) * step * rng.choice([1, 1, 2, 3])
            if product in self.discontinued:
                price = product.list_price
            else:
                price = sheet.resolve(product, quantity, date(2026, 11, 23)).unit_price.amount
            line = price_line(product.sku, Money(price, "USD"), quantity)
            priced.append(line)
            lines.append(
                OrderLinePayload(
                    sku=product.sku, quantity=quantity, unit_price=price, line_total=line.net.amount
                )
            )
        totals = order_totals(priced, "USD", customer.tax_percent)
        return (
            OrderPayload(
                order_uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                provisional_ref=f"B-{number}",
                customer_account=customer.account_number,
                currency="USD",
                captured_at=CAPTURED_AT,
                lines=lines,
                total=totals.total.amount,
                tax_percent=customer.tax_percent,
                tax=totals.tax.amount if totals.tax is not None else Decimal(0),
            ),
            discontinued,
        )


def _sign_in(client: httpx.Client) -> tuple[dict[str, str], str]:
    answer = client.post(
        "/sync/login", json={"username": BENCH_USER, "password": BENCH_PASSWORD}, timeout=60
    )
    answer.raise_for_status()
    body = answer.json()
    return {"Authorization": f"Bearer {body['token']}"}, body["device_id"]


def _push_level(
    url: str, payloads: list[Any], devices: int, pid: int
) -> tuple[float, float, list[str], str]:
    """Devices sign in (untimed), then push their share of the orders, one per request."""
    from repapp.sync.protocol import PushEntry, payload_hash

    clients = [httpx.Client(base_url=url, timeout=300) for _ in range(devices)]
    try:
        signed = [_sign_in(client) for client in clients]
        shares = [payloads[n::devices] for n in range(devices)]
        start = threading.Barrier(devices + 1)

        def device(n: int) -> list[str]:
            headers, device_id = signed[n]
            statuses = []
            start.wait()
            for seq, payload in enumerate(shares[n], start=1):
                entry = PushEntry(
                    seq=seq,
                    order_uuid=payload.order_uuid,
                    payload=payload,
                    payload_hash=payload_hash(payload),
                )
                body = {
                    "device_id": device_id,
                    "entries": [entry.model_dump(mode="json", exclude_unset=True)],
                }
                answer = clients[n].post("/sync/push", json=body, headers=headers)
                if answer.status_code != 200:
                    raise RuntimeError(f"push refused ({answer.status_code}): {answer.text}")
                statuses += [v["status"] for v in answer.json()["verdicts"]]
            return statuses

        with ThreadPoolExecutor(devices) as pool:
            futures = [pool.submit(device, n) for n in range(devices)]
            start.wait()
            began, cpu = time.perf_counter(), _cpu_s(pid)
            results = [future.result() for future in futures]
            seconds, cpu = time.perf_counter() - began, _cpu_s(pid) - cpu
        return seconds, cpu, [s for r in results for s in r], signed[0][1]
    finally:
        for client in clients:
            client.close()


def _raw_inserts(url: str, payloads: list[Any], device_id: str) -> float:
    """The same rows with plain SQL: an order and its 20 lines per transaction, no checks."""
    from server.db import make_engine
    from server.models import User

    engine = make_engine(url)
    with engine.connect() as connection:
        rep_id = connection.scalar(select(User.id).where(User.username == BENCH_USER))
    from server.models import Order, OrderLine

    # Core inserts on the mapped tables (their column types bind Decimal on SQLite too): the same
    # columns intake writes, with no pricing, checks, allocation, versions or receipts.
    order_sql = insert(Order).returning(Order.id)
    line_sql = insert(OrderLine)
    uuids = [f"raw-{uuid.uuid4()}"[:36] for _ in payloads]
    try:
        with engine.connect() as connection:
            began = time.perf_counter()
            for payload, raw_uuid in zip(payloads, uuids, strict=True):
                with connection.begin():
                    order_id = connection.execute(
                        order_sql,
                        {
                            "order_uuid": raw_uuid,
                            "provisional_ref": payload.provisional_ref,
                            "device_id": device_id,
                            "rep_id": rep_id,
                            "customer_account": payload.customer_account,
                            "status": "accepted",
                            "reasons": [],
                            "currency": "USD",
                            "total": payload.total,
                            "po_number": "",
                            "notes": "",
                            "tax_percent": payload.tax_percent,
                            "tax": payload.tax,
                            "signed_by": "",
                            "payload_hash": "raw",
                            "captured_at": payload.captured_at,
                            "received_at": datetime.now(UTC),
                            "version": 0,
                        },
                    ).scalar_one()
                    connection.execute(
                        line_sql,
                        [
                            {
                                "order_id": order_id,
                                "line_no": no,
                                "sku": line.sku,
                                "quantity": line.quantity,
                                "unit_price": line.unit_price,
                                "discount_percent": Decimal(0),
                                "line_total": line.line_total,
                                "problems": [],
                                "backordered": 0,
                            }
                            for no, line in enumerate(payload.lines, start=1)
                        ],
                    )
            seconds = time.perf_counter() - began
        with Session(engine) as session, session.begin():
            raw = select(Order.id).where(Order.order_uuid.in_(uuids))
            session.execute(delete(OrderLine).where(OrderLine.order_id.in_(raw)))
            session.execute(delete(Order).where(Order.order_uuid.in_(uuids)))
    finally:
        engine.dispose()
    return len(payloads) / seconds


def _audit(url: str, pushed: list[str]) -> dict[str, Any]:
    from server.db import make_engine
    from server.models import Order, OrderLine, PushReceipt, Stock

    engine = make_engine(url)
    try:
        with Session(engine) as session:
            oversold = session.scalar(
                select(func.coalesce(func.sum(Stock.allocated - Stock.on_hand), 0)).where(
                    Stock.allocated > Stock.on_hand
                )
            )
            shared_uuid = session.scalar(
                select(func.count()).select_from(
                    select(Order.order_uuid)
                    .group_by(Order.order_uuid)
                    .having(func.count() > 1)
                    .subquery()
                )
            )
            per_uuid = Counter(session.scalars(select(PushReceipt.order_uuid)))
            orders = Counter(session.scalars(select(Order.order_uuid)))
            verdicts = Counter(
                (v if isinstance(v, dict) else json.loads(v))["status"]
                for v in session.scalars(select(PushReceipt.verdict))
            )
            backordered = session.scalar(select(func.coalesce(func.sum(OrderLine.backordered), 0)))
            lines = session.scalar(select(func.count()).select_from(OrderLine))
            why = Counter(
                reason.split(":")[0]
                for reasons in session.scalars(
                    select(Order.reasons).where(Order.status == "needs_approval")
                )
                for reason in set(reasons if isinstance(reasons, list) else json.loads(reasons))
            )
    finally:
        engine.dispose()
    duplicates = (
        (shared_uuid or 0)
        + sum(1 for n in per_uuid.values() if n > 1)
        + sum(1 for u in pushed if orders[u] != 1 or per_uuid[u] != 1)
    )
    return {
        "oversold_units": int(oversold or 0),
        "duplicate_orders": int(duplicates),
        "verdicts": dict(sorted(verdicts.items())),
        "backordered_units": int(backordered or 0),
        "order_lines": int(lines or 0),
        "approval_reasons": dict(sorted(why.items())),
    }


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(url: str, folder: Path, products: int, per_device: int, label: str) -> dict[str, Any]:
    from repapp.server_process import ServerProcess

    generate(url, Spec.sized(products=products, customers=400))
    catalog = _Catalog(url, seed=7)
    levels: dict[int, list[Any]] = {}
    expected_rejected = 0
    number = 0
    for devices in LEVELS:
        levels[devices] = []
        for _ in range(devices * per_device):
            number += 1
            payload, discontinued = catalog.order(number)
            levels[devices].append(payload)
            expected_rejected += discontinued
    server = ServerProcess(url, folder / f"server-{label}.log")
    server.start(timeout=60)
    result: dict[str, Any] = {}
    statuses: Counter[str] = Counter()
    try:
        assert server.process is not None
        cpu, wall = 0.0, 0.0
        for devices, payloads in levels.items():
            seconds, used, got, device_id = _push_level(
                server.url, payloads, devices, server.process.pid
            )
            statuses.update(got)
            wall, cpu = wall + seconds, cpu + used
            result[f"orders_per_s_{devices}"] = round(len(payloads) / seconds, 1)
            result[f"orders_{devices}"] = len(payloads)
        # Server CPU while pushing (not signing in): near 1.0 of wall clock is one busy core.
        result["server_cpu_per_wall"] = round(cpu / wall, 2)
    finally:
        server.stop()
    raw = _raw_inserts(url, levels[LEVELS[-1]], device_id)
    result["raw_insert_orders_per_s"] = round(raw, 1)
    result["orders_per_s_1_vs_raw"] = round(result["orders_per_s_1"] / raw, 3)
    result["orders_per_s_8_vs_raw"] = round(result["orders_per_s_8"] / raw, 3)
    pushed = [p.order_uuid for payloads in levels.values() for p in payloads]
    result.update(_audit(url, pushed))
    result["answered"] = dict(sorted(statuses.items()))
    result["orders_with_discontinued_sku"] = expected_rejected
    return result


def _postgres_database() -> tuple[str, Any, str]:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"repapp_pushbench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    return url, admin, name


def report(result: dict[str, Any]) -> None:
    print(f"push: {LINES}-line orders, a fixed {result['orders_per_device']} orders per device")
    print(
        f"\n{'database':<10}{'1 dev':>9}{'8 dev':>9}{'32 dev':>9}{'raw SQL':>10}"
        f"{'8/raw':>8}{'oversold':>10}{'dupes':>7}  verdicts"
    )
    for kind in ("postgres", "sqlite"):
        if kind not in result:
            continue
        r = result[kind]
        print(
            f"{kind:<10}{r['orders_per_s_1']:>9}{r['orders_per_s_8']:>9}{r['orders_per_s_32']:>9}"
            f"{r['raw_insert_orders_per_s']:>10}{r['orders_per_s_8_vs_raw']:>8}"
            f"{r['oversold_units']:>10}{r['duplicate_orders']:>7}  {r['verdicts']}"
        )
    if "postgres" in result:
        figure = result["postgres"]["orders_per_s_8"]
        verdict = "met" if figure >= TARGET_PG_8 else "MISSED"
        print(f"\ntarget: >= {TARGET_PG_8:g} orders/s at 8 devices on PostgreSQL: {verdict}")
    print("(orders/s; one order per push; the machine may be shared, so figures vary)")


def run(
    quick: bool,
    database: str | None = None,
    orders: int | None = None,
    products: int | None = None,
) -> dict[str, Any]:
    kinds = {"sqlite": ["sqlite"], "postgres": ["postgres"], "both": ["postgres", "sqlite"]}[
        database or ("sqlite" if quick else "both")
    ]
    per_device = orders or (2 if quick else 20)
    size = products or (400 if quick else 2000)
    result: dict[str, Any] = {"benchmark": "push", "orders_per_device": per_device}
    with tempfile.TemporaryDirectory(prefix="repapp-push-") as tmp:
        folder = Path(tmp)
        for kind in kinds:
            if kind == "sqlite":
                url = f"sqlite:///{folder / 'server.db'}"
                result[kind] = measure(url, folder, size, per_device, kind)
            else:
                url, admin, name = _postgres_database()
                try:
                    result[kind] = measure(url, folder, size, per_device, kind)
                finally:
                    with admin.connect() as connection:
                        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                    admin.dispose()
    result["target_orders_per_s_8_postgres"] = TARGET_PG_8
    report(result)
    return result
