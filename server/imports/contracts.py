"""Contract prices by (account_number, SKU): the account's own unit price, maybe for a window.

Without `currency`, a new contract takes its account's currency. With --replace, the contracts of
the accounts named in the file that the file no longer has are deleted, leaving tombstones.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.imports import columns as c
from server.imports.bulk import SyncedRowsPlan, fetch_in
from server.imports.report import Report
from server.imports.spec import Kind, Options
from server.imports.table import Column, Record, Table
from server.models import ContractPrice, Customer, Product
from server.services.pull_rows import contract_key

COLUMNS = (
    Column("account_number", c.code(32), required=True),
    Column("sku", c.code(40), required=True),
    Column("unit_price", c.decimal(4), required=True),
    Column("reference", c.text(32), default=""),
    Column("currency", c.currency),
    Column("starts_on", c.day),
    Column("ends_on", c.day),
)
FIELDS = ("unit_price", "reference", "starts_on", "ends_on")


def _lookup(
    session: Session, table: Table, report: Report
) -> tuple[dict[str, Any], dict[str, int]]:
    accounts = {
        row.account_number: row
        for row in fetch_in(
            session,
            lambda chunk: select(Customer.account_number, Customer.id, Customer.currency).where(
                Customer.account_number.in_(chunk)
            ),
            [record["account_number"] for record in table.records],
        )
    }
    products = dict(
        fetch_in(
            session,
            lambda chunk: select(Product.sku, Product.id).where(Product.sku.in_(chunk)),
            [record["sku"] for record in table.records],
        )
    )
    for record in table.records:
        if record["account_number"] not in accounts:
            report.error(
                record.line,
                table.label("account_number"),
                f'unknown account "{record["account_number"]}" (import it with the customers first)',
            )
        if record["sku"] not in products:
            report.error(
                record.line,
                table.label("sku"),
                f'unknown SKU "{record["sku"]}" (import it with the products first)',
            )
    return accounts, products


def check(session: Session, table: Table, report: Report, options: Options) -> SyncedRowsPlan:
    accounts, products = _lookup(session, table, report)
    existing = {
        (row.customer_id, row.product_id): row._asdict()
        for row in fetch_in(
            session,
            lambda chunk: select(ContractPrice.__table__).where(
                ContractPrice.customer_id.in_(chunk)
            ),
            [account.id for account in accounts.values()],
        )
    }
    plan = SyncedRowsPlan(ContractPrice, "contract")
    kept: set[int] = set()
    for record in table.records:
        account = accounts.get(record["account_number"])
        product_id = products.get(record["sku"])
        if account is None or product_id is None:
            continue
        old = existing.get((account.id, product_id))
        row = _final_row(table, report, record, old, account, product_id)
        if old is None:
            plan.created.append(row)
            continue
        kept.add(old["id"])
        if row != old:
            plan.updated.append(row)
        else:
            report.count("contracts", "unchanged")
    if options.replace:
        numbers = {account.id: number for number, account in accounts.items()}
        skus = _skus(
            session, [row["product_id"] for row in existing.values() if row["id"] not in kept]
        )
        plan.deleted = [
            (row["id"], contract_key(numbers[row["customer_id"]], skus[row["product_id"]]))
            for row in existing.values()
            if row["id"] not in kept
        ]
    report.count("contracts", "created", len(plan.created))
    report.count("contracts", "updated", len(plan.updated))
    report.count("contracts", "deleted", len(plan.deleted))
    return plan


def _skus(session: Session, product_ids: list[int]) -> dict[int, str]:
    return dict(
        fetch_in(
            session,
            lambda chunk: select(Product.id, Product.sku).where(Product.id.in_(chunk)),
            product_ids,
        )
    )


def _final_row(
    table: Table,
    report: Report,
    record: Record,
    old: dict[str, Any] | None,
    account: Any,
    product_id: int,
) -> dict[str, Any]:
    row = (
        dict(old)
        if old
        else {
            "customer_id": account.id,
            "product_id": product_id,
            "reference": "",
            "currency": account.currency,
            "starts_on": None,
            "ends_on": None,
        }
    )
    row.update((name, record[name]) for name in FIELDS if table.has(name))
    if record.get("currency"):
        row["currency"] = record["currency"]
    starts, ends = row["starts_on"], row["ends_on"]
    if starts is not None and ends is not None and ends < starts:
        report.error(record.line, table.label("ends_on"), f"{ends} is before starts_on {starts}")
    return row


KIND = Kind(
    name="contracts",
    columns=COLUMNS,
    key=("account_number", "sku"),
    check=check,
    replaces="deletes the contracts of the accounts named in the file that the file no longer has",
)
