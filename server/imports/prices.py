"""Price list entries by (list, SKU, min_qty): the unit price from that quantity up.

Lists are created as needed (name = code, currency USD, kind tier unless the file says otherwise).
The list columns may repeat on every row but must agree. With --replace, the entries of the
lists named in the file that the file no longer has are deleted, leaving tombstones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.imports import columns as c
from server.imports.bulk import (
    Versions,
    delete_in,
    fetch_in,
    insert_plain,
    insert_rows,
    tombstones,
    update_rows,
)
from server.imports.report import Report
from server.imports.spec import Kind, Options
from server.imports.table import Column, Table
from server.models import PriceEntry, PriceList, Product
from server.services.pull_rows import price_key

COLUMNS = (
    Column("price_list", c.code(32), required=True),
    Column("price_list_name", c.text(120)),
    Column("currency", c.currency),
    Column("kind", c.choice("tier", "customer")),
    Column("sku", c.code(40), required=True),
    Column("min_qty", c.integer(1), default=1),
    Column("unit_price", c.decimal(4), required=True),
)
LIST_FIELDS = {"price_list_name": "name", "currency": "currency", "kind": "kind"}


@dataclass
class ListInfo:
    """One price list as the file describes it: the first line that gave each field wins."""

    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    first_line: int = 0


@dataclass
class PricePlan:
    new_lists: list[dict[str, Any]] = field(default_factory=list)
    changed_lists: list[dict[str, Any]] = field(default_factory=list)
    created: list[dict[str, Any]] = field(default_factory=list)  # with "list_code"
    updated: list[dict[str, Any]] = field(default_factory=list)
    deleted: list[tuple[int, str]] = field(default_factory=list)  # (entry id, tombstone key)

    def write(self, session: Session) -> None:
        versions = Versions(
            session,
            len(self.new_lists)
            + len(self.changed_lists)
            + len(self.created)
            + len(self.updated)
            + len(self.deleted),
        )
        for row in self.new_lists + self.changed_lists:
            row["version"] = versions.take()
        new_ids = insert_rows(session, PriceList, self.new_lists)
        list_ids = {
            row["code"]: new_id for row, new_id in zip(self.new_lists, new_ids, strict=True)
        }
        update_rows(session, PriceList, self.changed_lists)
        for row in self.created:
            code = row.pop("list_code")
            row["price_list_id"] = row["price_list_id"] or list_ids[code]
            row["version"] = versions.take()
        insert_plain(session, PriceEntry, self.created)
        for row in self.updated:
            row["version"] = versions.take()
        update_rows(session, PriceEntry, self.updated)
        delete_in(session, PriceEntry, PriceEntry.id, [entry_id for entry_id, _ in self.deleted])
        tombstones(session, "price", [key for _, key in self.deleted], versions)


def _lists_in_file(table: Table, report: Report) -> dict[str, ListInfo]:
    lists: dict[str, ListInfo] = {}
    for record in table.records:
        info = lists.setdefault(record["price_list"], ListInfo(first_line=record.line))
        for column, name in LIST_FIELDS.items():
            value = record.get(column)
            if value is None:
                continue
            if name not in info.values:
                info.values[name], info.lines[name] = value, record.line
            elif value != info.values[name]:
                report.error(
                    record.line,
                    table.label(column),
                    f'"{value}" differs from "{info.values[name]}" on line {info.lines[name]} '
                    f"for price list {record['price_list']}",
                )
    return lists


def _plan_lists(
    session: Session, table: Table, report: Report, plan: PricePlan
) -> dict[str, int | None]:
    """Each list's id (None: created by this import); records new and changed lists in `plan`."""
    lists = _lists_in_file(table, report)
    existing = {
        row.code: row._asdict()
        for row in fetch_in(
            session,
            lambda chunk: select(PriceList.__table__).where(PriceList.code.in_(chunk)),
            lists,
        )
    }
    ids: dict[str, int | None] = {}
    for code, info in lists.items():
        old = existing.get(code)
        if old is None:
            ids[code] = None
            plan.new_lists.append(
                {
                    "code": code,
                    "name": info.values.get("name", code),
                    "currency": info.values.get("currency", "USD"),
                    "kind": info.values.get("kind", "tier"),
                }
            )
            continue
        ids[code] = old["id"]
        if info.values.get("kind", old["kind"]) != old["kind"]:
            report.error(
                info.lines["kind"],
                table.label("kind"),
                f"price list {code} is a {old['kind']} list: an import cannot change its kind",
            )
        row = {**old, **info.values}
        if row != old:
            plan.changed_lists.append(row)
    report.count("price lists", "created", len(plan.new_lists))
    report.count("price lists", "updated", len(plan.changed_lists))
    report.count(
        "price lists", "unchanged", len(lists) - len(plan.new_lists) - len(plan.changed_lists)
    )
    return ids


def check(session: Session, table: Table, report: Report, options: Options) -> PricePlan:
    plan = PricePlan()
    list_ids = _plan_lists(session, table, report, plan)
    product_ids = dict(
        fetch_in(
            session,
            lambda chunk: select(Product.sku, Product.id).where(Product.sku.in_(chunk)),
            [record["sku"] for record in table.records],
        )
    )
    known = [list_id for list_id in list_ids.values() if list_id is not None]
    entries: dict[tuple[int, int, int], tuple[int, Decimal]] = {
        (list_id, product_id, min_qty): (entry_id, price)
        for entry_id, list_id, product_id, min_qty, price in fetch_in(
            session,
            lambda chunk: select(
                PriceEntry.id,
                PriceEntry.price_list_id,
                PriceEntry.product_id,
                PriceEntry.min_qty,
                PriceEntry.unit_price,
            ).where(PriceEntry.price_list_id.in_(chunk)),
            known,
        )
    }
    kept: set[int] = set()
    for record in table.records:
        product_id = product_ids.get(record["sku"])
        if product_id is None:
            report.error(
                record.line,
                table.label("sku"),
                f'unknown SKU "{record["sku"]}" (import it with the products first)',
            )
            continue
        list_id = list_ids[record["price_list"]]
        price = record["unit_price"]
        min_qty = record.get("min_qty", 1)
        old = entries.get((list_id, product_id, min_qty)) if list_id else None
        if old is None:
            plan.created.append(
                {
                    "list_code": record["price_list"],
                    "price_list_id": list_id,
                    "product_id": product_id,
                    "min_qty": min_qty,
                    "unit_price": price,
                }
            )
            continue
        kept.add(old[0])
        if old[1] != price:
            plan.updated.append({"id": old[0], "unit_price": price})
        else:
            report.count("prices", "unchanged")
    if options.replace:
        _plan_deletes(session, entries, kept, list_ids, plan)
    report.count("prices", "created", len(plan.created))
    report.count("prices", "updated", len(plan.updated))
    report.count("prices", "deleted", len(plan.deleted))
    return plan


def _plan_deletes(
    session: Session,
    entries: dict[tuple[int, int, int], tuple[int, Decimal]],
    kept: set[int],
    list_ids: dict[str, int | None],
    plan: PricePlan,
) -> None:
    gone = [(key, entry_id) for key, (entry_id, _) in entries.items() if entry_id not in kept]
    skus = dict(
        fetch_in(
            session,
            lambda chunk: select(Product.id, Product.sku).where(Product.id.in_(chunk)),
            [product_id for (_, product_id, _), _ in gone],
        )
    )
    codes = {list_id: code for code, list_id in list_ids.items()}
    plan.deleted = [
        (entry_id, price_key(codes[list_id], skus[product_id], min_qty))
        for (list_id, product_id, min_qty), entry_id in gone
    ]


KIND = Kind(
    name="prices",
    columns=COLUMNS,
    key=("price_list", "sku", "min_qty"),
    check=check,
    replaces="deletes the entries of the price lists named in the file that the file no longer has",
)
