"""Customer accounts by account number: bill-to address, terms, credit, price list and reps.

`reps` lists usernames; when it is in the file it is the account's whole set of reps, and changes
go through `services.assignments.assign` (a rep who loses the account gets a tombstone for it, a
rep who gains it gets the account re-stamped). A new price list re-stamps the account too, so its
reps receive a customer-specific list they had not seen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.imports import columns as c
from server.imports.bulk import Versions, chunks, fetch_in, grouped, insert_plain, update_rows
from server.imports.report import Report
from server.imports.spec import Kind, Options
from server.imports.table import Column, Record, Table
from server.models import Customer, CustomerRep, PriceList, User
from server.services.assignments import assign, restamp_customer

COLUMNS = (
    Column("account_number", c.code(32), required=True),
    Column("name", c.text(200), required=True),
    Column("street", c.text(200), default=""),
    Column("city", c.text(100), default=""),
    Column("region", c.text(100), default=""),
    Column("postcode", c.text(20), default=""),
    Column("country", c.country, default="US"),
    Column("contact_name", c.text(120), default=""),
    Column("email", c.email, default=""),
    Column("phone", c.text(40), default=""),
    Column("terms", c.text(40), default="Net 30"),
    Column("currency", c.currency, default="USD"),
    Column("credit_limit", c.decimal(2), default=0),
    Column("open_balance", c.decimal(2, negative=True), default=0),
    Column("credit_hold", c.boolean, default=False),
    Column("price_list", c.code(32)),
    Column("customer_group", c.text(40), default=""),
    Column("tax_percent", c.percent, default=0),
    Column("reps", c.words, default=()),
)
FIELDS = [column.name for column in COLUMNS[1:] if column.name not in ("price_list", "reps")]
NEW_CUSTOMER = {column.name: column.default for column in COLUMNS[1:] if column.name in FIELDS} | {
    "price_list_id": None
}


@dataclass
class CustomerPlan:
    created: list[dict[str, Any]] = field(default_factory=list)
    updated: list[dict[str, Any]] = field(default_factory=list)
    reps: dict[str, set[int]] = field(default_factory=dict)  # account -> its reps, where changed
    relisted: set[str] = field(default_factory=set)  # accounts given another price list

    def write(self, session: Session) -> None:
        versions = Versions(session, len(self.created) + len(self.updated))
        for row in self.created + self.updated:
            row["version"] = versions.take()
        insert_plain(session, Customer, self.created)
        update_rows(session, Customer, self.updated)
        touched = sorted(self.reps.keys() | self.relisted)
        accounts = [
            customer
            for chunk in chunks(touched)
            for customer in session.scalars(
                select(Customer).where(Customer.account_number.in_(chunk))
            )
        ]
        for customer in sorted(accounts, key=lambda customer: customer.account_number):
            added = 0
            if customer.account_number in self.reps:
                added, _ = assign(session, customer, self.reps[customer.account_number])
            if customer.account_number in self.relisted and not added:
                restamp_customer(session, customer)  # `assign` re-stamps when it adds a rep
        session.flush()


def _users(session: Session, table: Table, report: Report) -> dict[str, int]:
    """Username -> id for every rep the file names; unknown, inactive or non-rep users are errors."""
    wanted = [name for record in table.records for name in record.get("reps", ())]
    users = {
        user.username: user
        for user in fetch_in(
            session,
            lambda chunk: select(User.username, User.id, User.role, User.active).where(
                User.username.in_(chunk)
            ),
            wanted,
        )
    }
    for record in table.records:
        for name in record.get("reps", ()):
            user = users.get(name)
            problem = (
                f'unknown user "{name}"'
                if user is None
                else f'"{name}" is not a rep (role {user.role})'
                if user.role != "rep"
                else f'"{name}" is not active'
                if not user.active
                else ""
            )
            if problem:
                report.error(record.line, table.label("reps"), problem)
    return {name: user.id for name, user in users.items()}


def _price_lists(session: Session, table: Table, report: Report) -> dict[str, int]:
    codes = [record["price_list"] for record in table.records if record.get("price_list")]
    ids: dict[str, int] = dict(
        fetch_in(
            session,
            lambda chunk: select(PriceList.code, PriceList.id).where(PriceList.code.in_(chunk)),
            codes,
        )
    )
    for record in table.records:
        code = record.get("price_list")
        if code and code not in ids:
            report.error(
                record.line,
                table.label("price_list"),
                f'unknown price list "{code}" (import it with the prices first)',
            )
    return ids


def check(session: Session, table: Table, report: Report, options: Options) -> CustomerPlan:
    existing = {
        row.account_number: row._asdict()
        for row in fetch_in(
            session,
            lambda chunk: select(Customer.__table__).where(Customer.account_number.in_(chunk)),
            [record["account_number"] for record in table.records],
        )
    }
    current_reps = grouped(
        fetch_in(
            session,
            lambda chunk: select(CustomerRep.customer_id, CustomerRep.user_id).where(
                CustomerRep.customer_id.in_(chunk)
            ),
            [row["id"] for row in existing.values()],
        )
    )
    list_ids = _price_lists(session, table, report)
    user_ids = _users(session, table, report)
    plan = CustomerPlan()
    for record in table.records:
        account = record["account_number"]
        old = existing.get(account)
        row = _final_row(record, table, old, list_ids)
        if table.has("reps"):
            wanted = {user_ids[name] for name in record["reps"] if name in user_ids}
            if old is None or wanted != set(current_reps.get(old["id"], ())):
                plan.reps[account] = wanted
        if old is None:
            plan.created.append(row)
            continue
        if old["price_list_id"] != row["price_list_id"]:
            plan.relisted.add(account)
        if row != old:
            plan.updated.append(row)
        elif account in plan.reps:
            report.count("customers", "updated")  # only its reps change: `assign` does the rest
        else:
            report.count("customers", "unchanged")
    plan.reps = {
        account: reps for account, reps in plan.reps.items() if reps or account in existing
    }
    report.count("customers", "created", len(plan.created))
    report.count("customers", "updated", len(plan.updated))
    if plan.reps:
        report.notes.append(f"rep assignments changed on {len(plan.reps)} accounts")
    return plan


def _final_row(
    record: Record, table: Table, old: dict[str, Any] | None, list_ids: dict[str, int]
) -> dict[str, Any]:
    row = (
        dict(old)
        if old is not None
        else {**NEW_CUSTOMER, "account_number": record["account_number"]}
    )
    for name in FIELDS:
        if table.has(name):
            row[name] = record[name]
    if table.has("price_list"):
        code = record["price_list"]
        row["price_list_id"] = list_ids.get(code) if code else None
    return row


KIND = Kind(name="customers", columns=COLUMNS, key=("account_number",), check=check)
