"""Applying pulled changes to the local store, a run of same-kind changes at a time.

A first sync brings hundreds of thousands of rows, so changes are written with one multi-row
upsert per run of the same entity and operation, not row by row through the ORM. Runs keep the
page's order, so a put followed by a delete of the same key ends deleted. Unknown entities (from a
newer server) are skipped.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, delete, select, tuple_, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from repapp.models import (
    Category,
    Contract,
    Customer,
    Order,
    PastOrder,
    Price,
    PriceList,
    Product,
    Promotion,
    StockLevel,
)
from repapp.sync.protocol import Change

Rows = list[dict[str, Any]]


ROWS_PER_STATEMENT = 500


@dataclass(frozen=True)
class _Upsert:
    """How one table's rows with these columns are upserted: SQL per row count, and parameters."""

    table: str
    names: tuple[str, ...]
    keys: tuple[str, ...]
    values: Callable[[dict[str, Any]], tuple[Any, ...]]
    converters: tuple[tuple[int, Callable[[Any], Any]], ...]  # (column index, bind processor)

    def parameters(self, rows: Rows) -> list[Any]:
        """Every row's values, in column order, one flat list (the statement's ? in order)."""
        flat: list[Any] = []
        if not self.converters:
            for row in rows:
                flat.extend(self.values(row))
            return flat
        for row in rows:
            values = list(self.values(row))
            for index, process in self.converters:
                values[index] = process(values[index])
            flat.extend(values)
        return flat


@lru_cache(maxsize=64)
def _plan(table: Table, names: tuple[str, ...], keys: tuple[str, ...]) -> _Upsert:
    getter = itemgetter(*names)
    values: Callable[[dict[str, Any]], tuple[Any, ...]] = (
        getter if len(names) > 1 else lambda row: (getter(row),)
    )
    dialect = sqlite.dialect()
    converters = tuple(
        (index, process)
        for index, name in enumerate(names)
        if (process := table.c[name].type.bind_processor(dialect)) is not None
    )
    return _Upsert(table.name, names, keys, values, converters)


@lru_cache(maxsize=256)
def _statement(plan: _Upsert, rows: int) -> str:
    columns = ", ".join(f'"{name}"' for name in plan.names)
    row = "(" + ", ".join("?" for _ in plan.names) + ")"
    changing = ", ".join(f'"{n}" = excluded."{n}"' for n in plan.names if n not in plan.keys)
    action = f"DO UPDATE SET {changing}" if changing else "DO NOTHING"
    conflict = ", ".join(f'"{key}"' for key in plan.keys)
    return (
        f'INSERT INTO "{plan.table}" ({columns}) VALUES {", ".join([row] * rows)} '
        f"ON CONFLICT ({conflict}) {action}"
    )


def _upsert(session: Session, table: Table, rows: Rows, keys: Sequence[str]) -> None:
    """Multi-row upserts: `INSERT ... VALUES (...), (...), ... ON CONFLICT DO UPDATE`.

    One statement per few hundred rows, not one per row: SQLite runs the products' FTS5 trigger
    inside each statement, and FTS5 writes its pending index to disk at every statement, so a
    row-at-a-time executemany left a one-row index segment per product and spent most of a first
    sync merging them. It also skips SQLAlchemy's per-row parameter processing; the columns' own
    bind processors (exact decimals as text) still convert each value.
    """
    names = tuple(c.name for c in table.columns if c.name in rows[0])
    plan = _plan(table, names, tuple(keys))
    connection = session.connection()
    per = max(1, min(ROWS_PER_STATEMENT, _max_variables(connection) // len(names)))
    for start in range(0, len(rows), per):
        part = rows[start : start + per]
        connection.exec_driver_sql(_statement(plan, len(part)), tuple(plan.parameters(part)))


def _max_variables(connection: Connection) -> int:
    driver = connection.connection.driver_connection
    if hasattr(driver, "getlimit"):  # Python 3.11+
        return int(driver.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return 999  # SQLite's limit before 3.32


def _products(session: Session, data: Rows) -> None:
    rows = [
        {
            **{k: v for k, v in d.items() if k not in ("barcodes", "images", "attributes")},
            "barcodes": " ".join(d["barcodes"]),
            "images": " ".join(d.get("images", [])),
            "attributes": json.dumps(d.get("attributes", {}), ensure_ascii=False),
        }
        for d in data
    ]
    _upsert(session, Product.__table__, rows, ["sku"])  # type: ignore[arg-type]


def _stock(session: Session, data: Rows) -> None:
    rows = [{"sku": d["sku"], "available": d["available"], "as_of": d["as_of"] or ""} for d in data]
    _upsert(session, StockLevel.__table__, rows, ["sku"])  # type: ignore[arg-type]


def _customers(session: Session, data: Rows) -> None:
    rows = [
        {
            **d,
            "ship_tos": json.dumps(d.get("ship_tos", []), ensure_ascii=False),
            "contacts": json.dumps(d.get("contacts", []), ensure_ascii=False),
            "assigned": True,
        }
        for d in data
    ]
    _upsert(session, Customer.__table__, rows, ["account_number"])  # type: ignore[arg-type]


def _backorders(order: Order, lines: list[dict[str, Any]]) -> None:
    """Copy the server's backordered units onto this laptop's lines. The server numbers the lines
    1, 2, ... in the order they were sent (this laptop's line order); a line whose SKU does not
    match is left alone. Servers before allocation send no `backordered`: nothing changes."""
    mine = sorted(order.lines, key=lambda line: line.line_no)
    for position, sent in enumerate(lines, start=1):
        if "backordered" not in sent:
            continue
        index = int(sent.get("line_no") or position) - 1
        if 0 <= index < len(mine) and mine[index].sku == sent["sku"]:
            mine[index].backordered = int(sent["backordered"])


def _orders(session: Session, data: Rows) -> None:
    """The server's answer updates orders written on this laptop; every order (from any laptop
    of this rep) is kept as the account's history to reorder from."""
    for d in data:
        order = session.get(Order, d["order_uuid"])
        if order is not None:
            order.status, order.order_number, order.reasons = (
                d["status"],
                d["order_number"],
                d["reasons"],
            )
            _backorders(order, d.get("lines") or [])
    history = [
        {
            "order_uuid": d["order_uuid"],
            "customer_account": d["customer_account"],
            "order_number": d["order_number"],
            "provisional_ref": d.get("provisional_ref") or "",
            "status": d["status"],
            "captured_at": d["captured_at"],
            "currency": d["currency"],
            "total": d["total"],
            "lines": json.dumps(d["lines"]),
        }
        for d in data
        if "lines" in d  # servers before order history sent only the verdict
    ]
    if history:
        _upsert(session, PastOrder.__table__, history, ["order_uuid"])  # type: ignore[arg-type]


def _plain(model: Any, keys: Sequence[str]) -> Callable[[Session, Rows], None]:
    return lambda session, rows: _upsert(session, model.__table__, rows, keys)


PUTS: dict[str, Callable[[Session, Rows], None]] = {
    "category": _plain(Category, ["id"]),
    "product": _products,
    "stock": _stock,
    "price_list": _plain(PriceList, ["code"]),
    "price": _plain(Price, ["list_code", "sku", "min_qty"]),
    "promotion": _plain(Promotion, ["code"]),
    "customer": _customers,
    "contract": _plain(Contract, ["account_number", "sku"]),
    "order": _orders,
}


def _delete(session: Session, entity: str, keys: list[str]) -> None:
    """Remove rows and what hangs off them (an account's contracts, a list's prices)."""
    if entity == "category":
        session.execute(delete(Category).where(Category.id.in_([int(k) for k in keys])))
    elif entity == "product":
        session.execute(delete(Product).where(Product.sku.in_(keys)))
        session.execute(delete(StockLevel).where(StockLevel.sku.in_(keys)))
        session.execute(delete(Price).where(Price.sku.in_(keys)))
        session.execute(delete(Contract).where(Contract.sku.in_(keys)))
    elif entity == "price_list":
        session.execute(delete(PriceList).where(PriceList.code.in_(keys)))
        session.execute(delete(Price).where(Price.list_code.in_(keys)))
    elif entity == "price":
        parts = [key.rsplit("|", 2) for key in keys]
        session.execute(
            delete(Price).where(
                tuple_(Price.list_code, Price.sku, Price.min_qty).in_(
                    [(code, sku, int(qty)) for code, sku, qty in parts]
                )
            )
        )
    elif entity == "promotion":
        session.execute(delete(Promotion).where(Promotion.code.in_(keys)))
    elif entity == "customer":
        # An account with orders on this laptop stays for those orders' sake, no longer offered.
        # A prospect (NEW-...) is this laptop's own row: no server change touches it.
        with_orders = select(Order.customer_account).where(Order.customer_account.in_(keys))
        server_owned = Customer.prospect.is_(False)
        session.execute(
            update(Customer)
            .where(Customer.account_number.in_(with_orders), server_owned)
            .values(assigned=False)
        )
        session.execute(
            delete(Customer).where(
                Customer.account_number.in_(keys),
                Customer.account_number.not_in(with_orders),
                server_owned,
            )
        )
        session.execute(delete(Contract).where(Contract.account_number.in_(keys)))
    elif entity == "contract":
        pairs = [tuple(key.rsplit("|", 1)) for key in keys]
        session.execute(
            delete(Contract).where(tuple_(Contract.account_number, Contract.sku).in_(pairs))
        )


def apply_changes(session: Session, changes: Iterable[Change]) -> None:
    for (entity, op), run in groupby(changes, key=lambda change: (change.entity, change.op)):
        batch = list(run)
        if op == "delete":
            _delete(session, entity, [change.key for change in batch])
        elif entity in PUTS:
            PUTS[entity](session, [change.data or {} for change in batch])
