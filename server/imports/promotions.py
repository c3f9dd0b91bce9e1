"""Promotions by code: percent off or a fixed unit price, for a date window and a scope.

`scope` is all, sku, category or brand; `scope_value` names the SKU, the category path ("Home
Decor > Candles", stored as the category's id) or the brand. With --replace, promotions the file
does not list are deleted (the file is then the whole set), leaving tombstones.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.imports import columns as c
from server.imports.bulk import SyncedRowsPlan, fetch_in
from server.imports.categories import CategoryTree
from server.imports.report import Report
from server.imports.spec import Kind, Options
from server.imports.table import Column, Record, Table
from server.models import Product, Promotion

COLUMNS = (
    Column("code", c.code(32), required=True),
    Column("name", c.text(120), required=True),
    Column("starts_on", c.day, required=True),
    Column("ends_on", c.day, required=True),
    Column("kind", c.choice("percent", "fixed"), required=True),
    Column("value", c.decimal(4), required=True),
    Column("scope", c.choice("all", "sku", "category", "brand"), default="all"),
    Column("scope_value", c.text(200), default=""),
    Column("customer_group", c.text(40), default=""),
    Column("priority", c.integer(None), default=0),
    Column("currency", c.currency, default="USD"),
)
FIELDS = [column.name for column in COLUMNS[1:]]
NEW_PROMOTION = {
    "scope": "all",
    "scope_value": "",
    "customer_group": "",
    "priority": 0,
    "currency": "USD",
}


class Scopes:
    """Checks a promotion's scope and turns a category path into the stored category id."""

    def __init__(self, session: Session, table: Table) -> None:
        self.tree = CategoryTree(session)
        wanted = [r.get("scope_value") for r in table.records if r.get("scope") == "sku"]
        self.skus = {
            sku
            for (sku,) in fetch_in(
                session, lambda chunk: select(Product.sku).where(Product.sku.in_(chunk)), wanted
            )
        }

    def stored_value(self, scope: str, value: str) -> str:
        """The scope value as stored; raises `CellError` when it names nothing."""
        if scope == "all":
            if value:
                raise c.CellError(f'"{value}" given, but scope "all" takes no value')
            return ""
        if not value:
            raise c.CellError(f'required, but the cell is empty (scope is "{scope}")')
        if scope == "sku" and value not in self.skus:
            raise c.CellError(f'unknown SKU "{value}"')
        if scope == "category":
            found = self.tree.plan(c.category_path(value))
            if not isinstance(found, int):
                raise c.CellError(f'unknown category "{value}"')
            return str(found)
        if len(value) > 80:
            raise c.CellError(f"is {len(value)} characters long (at most 80)")
        return value


def _final_row(
    table: Table, report: Report, record: Record, old: dict[str, Any] | None, scopes: Scopes
) -> dict[str, Any]:
    row = dict(old) if old else {**NEW_PROMOTION, "code": record["code"]}
    row.update((name, record[name]) for name in FIELDS if table.has(name) and name != "scope_value")
    if table.has("scope_value"):
        try:
            row["scope_value"] = scopes.stored_value(row["scope"], record["scope_value"])
        except c.CellError as error:
            report.error(record.line, table.label("scope_value"), str(error))
    elif row["scope"] != (old or NEW_PROMOTION)["scope"] and row["scope"] != "all":
        report.error(record.line, table.label("scope"), "needs a scope_value column in the file")
    if row["ends_on"] < row["starts_on"]:
        report.error(
            record.line,
            table.label("ends_on"),
            f"{row['ends_on']} is before starts_on {row['starts_on']}",
        )
    if row["kind"] == "percent" and not 0 < row["value"] <= 100:
        report.error(
            record.line,
            table.label("value"),
            f"{row['value'].normalize():f} is not a percentage (more than 0, at most 100)",
        )
    return row


def check(session: Session, table: Table, report: Report, options: Options) -> SyncedRowsPlan:
    existing = {
        row.code: row._asdict()
        for row in session.execute(select(Promotion.__table__))  # promotions are few
    }
    scopes = Scopes(session, table)
    plan = SyncedRowsPlan(Promotion, "promotion")
    for record in table.records:
        old = existing.get(record["code"])
        row = _final_row(table, report, record, old, scopes)
        if old is None:
            plan.created.append(row)
        elif row != old:
            plan.updated.append(row)
        else:
            report.count("promotions", "unchanged")
    if options.replace:
        named = {record["code"] for record in table.records}
        plan.deleted = [(row["id"], code) for code, row in existing.items() if code not in named]
    report.count("promotions", "created", len(plan.created))
    report.count("promotions", "updated", len(plan.updated))
    report.count("promotions", "deleted", len(plan.deleted))
    return plan


KIND = Kind(
    name="promotions",
    columns=COLUMNS,
    key=("code",),
    check=check,
    replaces="deletes the promotions the file does not list (the file is the whole set)",
)
