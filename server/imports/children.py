"""Rows that belong to a customer account and travel inside its sync row: ship-tos, contacts.

A file names rows by (account_number, their key). A changed, new or deleted row re-sends its
account: the account gets one new version however many of its rows change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.imports.bulk import Versions, delete_in, fetch_in, insert_plain, update_rows
from server.imports.report import Report
from server.imports.spec import Options
from server.imports.table import Record, Table
from server.models import Customer

# per account id: the rows after the import by key, and the file's records for that account
Adjust = Callable[
    [Table, Report, dict[int, dict[str, dict[str, Any]]], dict[int, list[Record]]], None
]


@dataclass(frozen=True)
class ChildKind:
    model: Any
    entity: str  # how the summary names them
    key: str  # column and attribute that names a row within its account
    fields: dict[str, str]  # column -> attribute
    defaults: dict[str, Any]  # attributes of a new row the file does not give
    adjust: Adjust | None = None


@dataclass
class ChildPlan:
    model: Any
    created: list[dict[str, Any]] = field(default_factory=list)
    updated: list[dict[str, Any]] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)
    accounts: set[int] = field(default_factory=set)  # accounts to re-send

    def write(self, session: Session) -> None:
        versions = Versions(session, len(self.accounts))
        insert_plain(session, self.model, self.created)
        update_rows(session, self.model, self.updated)
        delete_in(session, self.model, self.model.id, self.deleted)
        update_rows(
            session,
            Customer,
            [{"id": account, "version": versions.take()} for account in sorted(self.accounts)],
        )


def check_children(
    kind: ChildKind, session: Session, table: Table, report: Report, options: Options
) -> ChildPlan:
    accounts = dict(
        fetch_in(
            session,
            lambda chunk: select(Customer.account_number, Customer.id).where(
                Customer.account_number.in_(chunk)
            ),
            [record["account_number"] for record in table.records],
        )
    )
    named: dict[int, list[Record]] = {}
    for record in table.records:
        account = accounts.get(record["account_number"])
        if account is None:
            report.error(
                record.line,
                table.label("account_number"),
                f'unknown account "{record["account_number"]}" (import it with the customers first)',
            )
        else:
            named.setdefault(account, []).append(record)
    existing: dict[int, dict[str, dict[str, Any]]] = {account: {} for account in named}
    for row in fetch_in(
        session,
        lambda chunk: (
            select(kind.model.__table__)
            .where(kind.model.customer_id.in_(chunk))
            .order_by(kind.model.id)
        ),
        list(named),
    ):
        existing[row.customer_id].setdefault(getattr(row, kind.key), row._asdict())
    final = _final(kind, table, named, existing, options.replace)
    if kind.adjust is not None:
        kind.adjust(table, report, final, named)
    return _diff(kind, report, named, existing, final)


def _final(
    kind: ChildKind,
    table: Table,
    named: dict[int, list[Record]],
    existing: dict[int, dict[str, dict[str, Any]]],
    replace: bool,
) -> dict[int, dict[str, dict[str, Any]]]:
    final: dict[int, dict[str, dict[str, Any]]] = {}
    for account, records in named.items():
        rows = {} if replace else {key: dict(row) for key, row in existing[account].items()}
        for record in records:
            key = record[kind.key]
            old = existing[account].get(key)
            row = dict(old) if old else {**kind.defaults, "customer_id": account, kind.key: key}
            for column, attribute in kind.fields.items():
                if table.has(column):
                    row[attribute] = record[column]
            rows[key] = row
        final[account] = rows
    return final


def _diff(
    kind: ChildKind,
    report: Report,
    named: dict[int, list[Record]],
    existing: dict[int, dict[str, dict[str, Any]]],
    final: dict[int, dict[str, dict[str, Any]]],
) -> ChildPlan:
    plan = ChildPlan(kind.model)
    for account, rows in final.items():
        in_file = {record[kind.key] for record in named[account]}
        before = len(plan.created) + len(plan.updated) + len(plan.deleted)
        for key, row in rows.items():
            old = existing[account].get(key)
            if old is None:
                plan.created.append(row)
            elif row != old:
                plan.updated.append(row)
            elif key in in_file:
                report.count(kind.entity, "unchanged")
        plan.deleted += [old["id"] for key, old in existing[account].items() if key not in rows]
        if len(plan.created) + len(plan.updated) + len(plan.deleted) > before:
            plan.accounts.add(account)
    report.count(kind.entity, "created", len(plan.created))
    report.count(kind.entity, "updated", len(plan.updated))
    report.count(kind.entity, "deleted", len(plan.deleted))
    if plan.accounts:
        report.notes.append(f"{len(plan.accounts)} accounts are sent again to their reps")
    return plan
