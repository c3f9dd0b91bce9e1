"""On-hand stock by (SKU, warehouse) with the time it was counted.

A warehouse code the database does not know is created (named by `warehouse_name`, else its
code); the summary lists new warehouses so a dry run shows a mistyped code. Without `counted_at`
a row is counted now, but an unchanged quantity keeps its stored time, so re-importing a file
sends nothing. A `counted_at` older than the stored count is an error: the file is stale.

A file with a `received` column instead of `on_hand` is a stock receipt: each row adds its
quantity to the warehouse (with an optional `reference`, e.g. the delivery note) and fills
backorders, oldest accepted order first (`server.services.receipts`). A count sets on hand and
leaves allocations alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.imports import columns as c
from server.imports.bulk import Versions, fetch_in, insert_plain, insert_rows, update_rows, utc
from server.imports.report import Report
from server.imports.spec import Kind, Options
from server.imports.table import Column, Record, Table
from server.models import Product, Stock, Warehouse
from server.services.receipts import receive_stock

COLUMNS = (
    Column("sku", c.code(40), required=True),
    Column("warehouse", c.code(16), required=True),
    Column("on_hand", c.integer(0)),  # a stock take: the count; or
    Column("received", c.integer(1)),  # a receipt: units added
    Column("reference", c.text(60)),
    Column("counted_at", c.moment),
    Column("warehouse_name", c.text(120)),
)


@dataclass
class StockPlan:
    new_warehouses: list[dict[str, Any]] = field(default_factory=list)
    renamed: list[dict[str, Any]] = field(default_factory=list)
    created: list[dict[str, Any]] = field(default_factory=list)  # "warehouse_code" until written
    updated: list[dict[str, Any]] = field(default_factory=list)

    def write(self, session: Session) -> None:
        new_ids = insert_rows(session, Warehouse, self.new_warehouses)
        ids = {w["code"]: new_id for w, new_id in zip(self.new_warehouses, new_ids, strict=True)}
        update_rows(session, Warehouse, self.renamed)
        versions = Versions(session, len(self.created) + len(self.updated))
        for row in self.created:
            code = row.pop("warehouse_code")
            row["warehouse_id"] = row["warehouse_id"] or ids[code]
            row["version"] = versions.take()
        for row in self.updated:
            row["version"] = versions.take()
        insert_plain(session, Stock, self.created)
        update_rows(session, Stock, self.updated)


def _warehouses(session: Session, table: Table, plan: StockPlan, report: Report) -> dict[str, int]:
    known = {w.code: w for w in session.scalars(select(Warehouse))}
    names: dict[str, str] = {}
    for record in table.records:
        if record.get("warehouse_name"):
            names.setdefault(record["warehouse"], record["warehouse_name"])
    for code in dict.fromkeys(record["warehouse"] for record in table.records):
        if code not in known:
            plan.new_warehouses.append({"code": code, "name": names.get(code, code)})
        elif names.get(code, known[code].name) != known[code].name:
            plan.renamed.append({"id": known[code].id, "name": names[code]})
    if plan.new_warehouses:
        report.count("warehouses", "created", len(plan.new_warehouses))
        codes = ", ".join(w["code"] for w in plan.new_warehouses)
        report.notes.append(f"new warehouses: {codes}")
    if plan.renamed:
        report.count("warehouses", "updated", len(plan.renamed))
    return {code: w.id for code, w in known.items()}


@dataclass
class ReceiptPlan:
    new_warehouses: list[dict[str, Any]] = field(default_factory=list)
    renamed: list[dict[str, Any]] = field(default_factory=list)
    receipts: list[tuple[str, str, int, str]] = field(default_factory=list)
    report: Report | None = None

    def write(self, session: Session) -> None:
        insert_rows(session, Warehouse, self.new_warehouses)
        update_rows(session, Warehouse, self.renamed)
        filled = 0
        for sku, warehouse, quantity, reference in self.receipts:
            filled += sum(
                receive_stock(session, sku, warehouse, quantity, reference).filled.values()
            )
        if self.report is not None and self.receipts:
            self.report.notes.append(f"backordered units filled: {filled}")


def _receipts(session: Session, table: Table, report: Report) -> ReceiptPlan:
    plan = ReceiptPlan(report=report)
    _warehouses(session, table, plan, report)  # type: ignore[arg-type]
    known = {
        row[0]
        for row in fetch_in(
            session,
            lambda chunk: select(Product.sku).where(Product.sku.in_(chunk)),
            [record["sku"] for record in table.records],
        )
    }
    for record in table.records:
        if record.get("received") is None:
            report.error(record.line, table.label("received"), "required, but the cell is empty")
        elif record["sku"] not in known:
            report.error(
                record.line,
                table.label("sku"),
                f'unknown SKU "{record["sku"]}" (import it with the products first)',
            )
        else:
            plan.receipts.append(
                (
                    record["sku"],
                    record["warehouse"],
                    record["received"],
                    record.get("reference") or "",
                )
            )
    report.count("stock", "updated", len(plan.receipts))
    return plan


def check(
    session: Session, table: Table, report: Report, options: Options
) -> StockPlan | ReceiptPlan:
    if table.has("received") and table.has("on_hand"):
        report.error(
            1, None, "a stock file either counts (on_hand) or receives (received), not both"
        )
        return StockPlan()
    if table.has("received"):
        return _receipts(session, table, report)
    if not table.has("on_hand"):
        report.error(1, None, "missing required column: on_hand (or received, for a receipt)")
        return StockPlan()
    plan = StockPlan()
    warehouse_ids = _warehouses(session, table, plan, report)
    product_ids = dict(
        fetch_in(
            session,
            lambda chunk: select(Product.sku, Product.id).where(Product.sku.in_(chunk)),
            [record["sku"] for record in table.records],
        )
    )
    existing = {
        (row.product_id, row.warehouse_id): row
        for row in fetch_in(
            session,
            lambda chunk: select(
                Stock.id, Stock.product_id, Stock.warehouse_id, Stock.on_hand, Stock.counted_at
            ).where(Stock.product_id.in_(chunk)),
            list(product_ids.values()),
        )
    }
    for record in table.records:
        product_id = product_ids.get(record["sku"])
        if record.get("on_hand") is None:
            report.error(record.line, table.label("on_hand"), "required, but the cell is empty")
            continue
        if product_id is None:
            report.error(
                record.line,
                table.label("sku"),
                f'unknown SKU "{record["sku"]}" (import it with the products first)',
            )
            continue
        warehouse_id = warehouse_ids.get(record["warehouse"])
        old = existing.get((product_id, warehouse_id))
        if old is None:
            plan.created.append(
                {
                    "product_id": product_id,
                    "warehouse_id": warehouse_id,
                    "warehouse_code": record["warehouse"],
                    "on_hand": record["on_hand"],
                    "counted_at": record.get("counted_at") or options.now,
                }
            )
            continue
        _compare(plan, table, report, record, old, options.now)
    report.count("stock", "created", len(plan.created))
    report.count("stock", "updated", len(plan.updated))
    return plan


def _compare(
    plan: StockPlan, table: Table, report: Report, record: Record, old: Any, now: datetime
) -> None:
    stored_at = utc(old.counted_at)
    counted_at: datetime | None = record.get("counted_at")
    assert stored_at is not None
    if counted_at is not None and counted_at < stored_at:
        report.error(
            record.line,
            table.label("counted_at"),
            f"{counted_at.isoformat()} is older than the stored count ({stored_at.isoformat()})",
        )
        return
    same = record["on_hand"] == old.on_hand
    new_at = counted_at or (stored_at if same else now)
    if same and new_at == stored_at:
        report.count("stock", "unchanged")
        return
    plan.updated.append({"id": old.id, "on_hand": record["on_hand"], "counted_at": new_at})


KIND = Kind(name="stock", columns=COLUMNS, key=("sku", "warehouse"), check=check)
