"""Ship-to addresses by (account_number, code); `default` marks the one orders ship to unless told.

Marking one ship-to the default in the file clears the mark on the account's others. With
--replace, an account's ship-tos that the file does not list are deleted.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from server.imports import columns as c
from server.imports.children import ChildKind, ChildPlan, check_children
from server.imports.report import Report
from server.imports.spec import Kind, Options
from server.imports.table import Column, Record, Table
from server.models import ShipTo

COLUMNS = (
    Column("account_number", c.code(32), required=True),
    Column("code", c.code(32), required=True),
    Column("name", c.text(200), required=True),
    Column("street", c.text(200), default=""),
    Column("city", c.text(100), default=""),
    Column("region", c.text(100), default=""),
    Column("postcode", c.text(20), default=""),
    Column("country", c.country, default="US"),
    Column("default", c.boolean, default=False),
)


def _one_default(
    table: Table,
    report: Report,
    final: dict[int, dict[str, dict[str, Any]]],
    named: dict[int, list[Record]],
) -> None:
    for account, records in named.items():
        marked = [record for record in records if record.get("default")]
        for extra in marked[1:]:
            report.error(
                extra.line,
                table.label("default"),
                f"{records[0]['account_number']} already has its default ship-to on line {marked[0].line}",
            )
        if marked:
            for code, row in final[account].items():
                row["is_default"] = code == marked[0]["code"]


SHIP_TOS = ChildKind(
    model=ShipTo,
    entity="ship-tos",
    key="code",
    fields={
        "name": "name",
        "street": "street",
        "city": "city",
        "region": "region",
        "postcode": "postcode",
        "country": "country",
        "default": "is_default",
    },
    defaults={
        "street": "",
        "city": "",
        "region": "",
        "postcode": "",
        "country": "US",
        "is_default": False,
    },
    adjust=_one_default,
)


def check(session: Session, table: Table, report: Report, options: Options) -> ChildPlan:
    return check_children(SHIP_TOS, session, table, report, options)


KIND = Kind(
    name="ship-tos",
    columns=COLUMNS,
    key=("account_number", "code"),
    check=check,
    replaces="deletes the ship-tos of the accounts named in the file that the file no longer has",
)
