"""An account's contacts by (account_number, name): buyer, accounts payable, ...

With --replace, an account's contacts that the file does not list are deleted.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from server.imports import columns as c
from server.imports.children import ChildKind, ChildPlan, check_children
from server.imports.report import Report
from server.imports.spec import Kind, Options
from server.imports.table import Column, Table
from server.models import Contact

COLUMNS = (
    Column("account_number", c.code(32), required=True),
    Column("name", c.text(120), required=True),
    Column("role", c.text(60), default=""),
    Column("email", c.email, default=""),
    Column("phone", c.text(40), default=""),
)
CONTACTS = ChildKind(
    model=Contact,
    entity="contacts",
    key="name",
    fields={"role": "role", "email": "email", "phone": "phone"},
    defaults={"role": "", "email": "", "phone": ""},
)


def check(session: Session, table: Table, report: Report, options: Options) -> ChildPlan:
    return check_children(CONTACTS, session, table, report, options)


KIND = Kind(
    name="contacts",
    columns=COLUMNS,
    key=("account_number", "name"),
    check=check,
    replaces="deletes the contacts of the accounts named in the file that the file no longer has",
)
