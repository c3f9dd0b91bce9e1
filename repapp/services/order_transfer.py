"""Unsent orders carried to another laptop in a file: when this one will not get online again.

A rep whose laptop has no Wi-Fi left (a dead card, a show hall with no signal) exports the orders
waiting in its outbox to a file (a USB stick, a mail to a colleague), and another laptop imports
them and sends them at its next sync.

The file carries each order's outbox payload exactly as stored, with its hash, plus what the other
laptop needs to show the order (its customer, its lines). Import adds each order not on that
laptop yet as a queued order with an outbox entry under that laptop's next sequence number, the
same payload and the same hash. The server keeps one order per order UUID and answers a payload
it already has with the verdict it gave, so when the first laptop syncs too, nothing is doubled.

No Qt. Import checks the whole file before it writes anything, and writes in one transaction.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from repapp.models import Customer, Order, OrderLine, OrderSignature, OutboxEntry
from repapp.models.db import LocalStore
from repapp.models.orders import QUEUED
from repapp.sync import state
from repapp.sync.protocol import OrderPayload, payload_hash

FORMAT = "repapp-unsent-orders"
FORMAT_VERSION = 1
CUSTOMER_FIELDS = (
    "street",
    "city",
    "region",
    "postcode",
    "country",
    "contact_name",
    "email",
    "phone",
    "currency",
    "ship_tos",
    "contacts",
)

# What an order row and its exported form hold alike (copied field for field both ways).
ORDER_FIELDS = (
    "currency",
    "po_number",
    "notes",
    "ship_from",
    "ship_until",
    "tax_percent",
    "revises",
    "revision",
    "created_at",
    "gross",
    "discount",
    "tax",
)


class TransferError(ValueError):
    """A message for the rep: what is wrong with the file (or why nothing was exported).
    Nothing was written."""


class ExportedCustomer(BaseModel):
    account_number: str
    name: str
    prospect: bool = False
    street: str = ""
    city: str = ""
    region: str = ""
    postcode: str = ""
    country: str = ""
    contact_name: str = ""
    email: str = ""
    phone: str = ""
    currency: str = "USD"
    tax_percent: Decimal = Decimal(0)
    ship_tos: str = "[]"
    contacts: str = "[]"


class ExportedLine(BaseModel):
    line_no: int
    sku: str
    description: str
    quantity: int
    unit_price: Decimal
    price_source: str = ""
    discount_percent: Decimal = Decimal(0)
    line_total: Decimal
    ship_date: date | None = None


def _line_fields(line: ExportedLine | OrderLine) -> dict[str, Any]:
    """A line's fields as the file holds them, from an exported line or a stored one."""
    return {name: getattr(line, name) for name in ExportedLine.model_fields}


class ExportedOrder(BaseModel):
    order_uuid: str
    seq: int  # its place in the exporting laptop's outbox (for the record)
    payload: str  # the outbox entry's payload, exactly as stored
    payload_hash: str
    provisional_ref: str
    customer: ExportedCustomer
    currency: str
    po_number: str = ""
    notes: str = ""
    ship_from: date | None = None
    ship_until: date | None = None
    tax_percent: Decimal = Decimal(0)
    revises: str | None = None
    revision: int = 1
    created_at: datetime
    finished_at: datetime
    signed_at: datetime | None = None  # when the buyer signed (the payload carries the picture)
    gross: Decimal | None = None
    discount: Decimal | None = None
    tax: Decimal | None = None
    total: Decimal
    lines: list[ExportedLine]


class ExportFile(BaseModel):
    format: str
    version: int
    exported_at: datetime
    device_prefix: str
    rep: str = ""
    orders: list[ExportedOrder]


@dataclass(frozen=True)
class ExportSummary:
    orders: int
    references: list[str]


@dataclass
class ImportSummary:
    added: list[str] = field(default_factory=list)  # provisional references, as on paper
    skipped: list[str] = field(default_factory=list)  # already on this laptop
    accounts_added: list[str] = field(default_factory=list)  # prospects and accounts new here
    from_device: str = ""

    def describe(self) -> str:
        """'Imported 3 orders from D001 (1 already on this laptop); 1 new account'."""
        added = len(self.added)
        text = f"Imported {added} order{'' if added == 1 else 's'} from {self.from_device}"
        if self.skipped:
            text += f" ({len(self.skipped)} already on this laptop)"
        if self.accounts_added:
            count = len(self.accounts_added)
            text += f"; {count} new account{'' if count == 1 else 's'}"
        return text


# -- export -----------------------------------------------------------------------------------
def _exported(
    order: Order, entry: OutboxEntry, customer: Customer, signed_at: datetime | None
) -> ExportedOrder:
    return ExportedOrder(
        order_uuid=order.uuid,
        seq=entry.seq,
        payload=entry.payload,
        payload_hash=entry.payload_hash,
        provisional_ref=order.provisional_ref or "",
        customer=ExportedCustomer(
            account_number=customer.account_number,
            name=customer.name,
            prospect=customer.prospect,
            tax_percent=customer.tax_percent,
            **{name: getattr(customer, name) for name in CUSTOMER_FIELDS},
        ),
        **{name: getattr(order, name) for name in ORDER_FIELDS},
        finished_at=order.finished_at or entry.created_at,
        signed_at=signed_at,
        total=order.total if order.total is not None else Decimal(0),
        lines=[ExportedLine(**_line_fields(line)) for line in order.lines],
    )


def export_unsent(store: LocalStore, path: Path, now: datetime | None = None) -> ExportSummary:
    """Write every order waiting in the outbox to `path` (replaced whole, never half-written)."""
    with store.reading() as session:
        rows = session.execute(
            select(OutboxEntry, Order, Customer)
            .join(Order, Order.uuid == OutboxEntry.order_uuid)
            .join(Customer, Customer.account_number == Order.customer_account)
            .order_by(OutboxEntry.seq)
        ).all()
        signed = dict(
            session.execute(select(OrderSignature.order_uuid, OrderSignature.signed_at)).all()
        )
        orders = [
            _exported(order, entry, customer, signed.get(order.uuid))
            for entry, order, customer in rows
        ]
        document = ExportFile(
            format=FORMAT,
            version=FORMAT_VERSION,
            exported_at=now or datetime.now(UTC),
            device_prefix=state.get(session, state.DEVICE_PREFIX),
            rep=state.get(session, state.USER),
            orders=orders,
        )
    if not orders:
        raise TransferError("No unsent orders to export: every finished order has been sent.")
    text = json.dumps(document.model_dump(mode="json"), indent=2, ensure_ascii=False)
    partial = path.with_name(path.name + ".part")
    try:
        partial.write_text(text + "\n", encoding="utf-8")
        os.replace(partial, path)  # a stick pulled out mid-write leaves no half file by that name
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise TransferError(f"Could not write {path}: {error.strerror or error}") from error
    return ExportSummary(len(orders), [order.provisional_ref for order in orders])


# -- reading a file ---------------------------------------------------------------------------
def _where(document: dict[str, Any], location: tuple[int | str, ...]) -> str:
    """'order 2 (D001-00002)' for an error inside the orders list, else the field's name."""
    if len(location) >= 2 and location[0] == "orders" and isinstance(location[1], int):
        number = location[1]
        try:
            ref = document["orders"][number].get("provisional_ref") or ""
        except (AttributeError, IndexError, KeyError, TypeError):
            ref = ""
        rest = ".".join(str(part) for part in location[2:])
        return f"order {number + 1}{f' ({ref})' if ref else ''}" + (f", {rest}" if rest else "")
    return ".".join(str(part) for part in location) or "the file"


def read_export(path: Path) -> ExportFile:
    """The file, checked: a RepApp export of a format this app reads, every entry whole."""
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise TransferError(f"Could not read {name}: {error.strerror or error}") from error
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise TransferError(f"{name} is not a RepApp export of orders (not JSON).") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise TransferError(f"{name} is not a RepApp export of orders.")
    version = document.get("version")
    if not isinstance(version, int) or version < 1:
        raise TransferError(f"{name} is not a RepApp export of orders (no format version).")
    if version > FORMAT_VERSION:
        raise TransferError(
            f"{name} was written by a newer RepApp (format {version}; this one reads up to "
            f"{FORMAT_VERSION}). Install the latest RepApp to import it."
        )
    try:
        exported = ExportFile.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        raise TransferError(
            f"{name} is damaged: {_where(document, first['loc'])}: {first['msg'].lower()}."
        ) from error
    seen: set[str] = set()
    for number, order in enumerate(exported.orders, start=1):
        _check_entry(name, number, order)
        if order.order_uuid in seen:
            raise TransferError(
                f"{name} is damaged: order {number} ({order.provisional_ref}) is in it twice."
            )
        seen.add(order.order_uuid)
    return exported


def _check_entry(name: str, number: int, order: ExportedOrder) -> None:
    """The payload is the one its hash was made of, and the order shown is the order sent."""
    which = f"order {number} ({order.provisional_ref})"
    try:
        payload = OrderPayload.model_validate_json(order.payload)
    except ValidationError as error:
        raise TransferError(f"{name} is damaged: {which} cannot be read.") from error
    if payload_hash(payload) != order.payload_hash or payload.order_uuid != order.order_uuid:
        raise TransferError(
            f"{name} is damaged: {which} does not match its checksum "
            "(the file was changed after it was exported). Nothing was imported."
        )
    sent = [
        (line.sku, line.quantity, line.unit_price, line.discount_percent, line.line_total)
        for line in payload.lines
    ]
    shown = [
        (line.sku, line.quantity, line.unit_price, line.discount_percent, line.line_total)
        for line in order.lines
    ]
    if (
        sent != shown
        or payload.customer_account != order.customer.account_number
        or payload.provisional_ref != order.provisional_ref
        or payload.total != order.total
    ):
        raise TransferError(
            f"{name} is damaged: {which} as shown does not match the order as sent. "
            "Nothing was imported."
        )


# -- import -----------------------------------------------------------------------------------
def _ensure_customer(session: Session, customer: ExportedCustomer) -> bool:
    """The order's account on this laptop; True when it had to be added.

    A prospect is added as the prospect it is. An account this laptop has not pulled is kept
    only for these orders (not offered for new ones); a pull makes it the rep's if it is.
    """
    if session.get(Customer, customer.account_number) is not None:
        return False
    session.add(
        Customer(
            account_number=customer.account_number,
            name=customer.name,
            prospect=customer.prospect,
            assigned=customer.prospect,
            tax_percent=customer.tax_percent,
            credit_limit=Decimal(0),
            open_balance=Decimal(0),
            **{name: getattr(customer, name) for name in CUSTOMER_FIELDS},
        )
    )
    session.flush()  # before the order that refers to it
    return True


def _signature(session: Session, order: ExportedOrder, payload: OrderPayload) -> None:
    if not payload.signature_png:
        return
    try:
        png = base64.b64decode(payload.signature_png, validate=True)
    except (binascii.Error, ValueError):
        return  # the server reads the payload the same way and keeps no signature either
    session.add(
        OrderSignature(
            order_uuid=order.order_uuid,
            png=png,
            signed_by=payload.signed_by,
            signed_at=order.signed_at or order.finished_at,
        )
    )


def _add_order(session: Session, order: ExportedOrder, now: datetime) -> None:
    session.add(
        Order(
            uuid=order.order_uuid,
            customer_account=order.customer.account_number,
            status=QUEUED,
            **{name: getattr(order, name) for name in ORDER_FIELDS},
            updated_at=now,
            finished_at=order.finished_at,
            provisional_ref=order.provisional_ref,
            total=order.total,
            reasons=[],
            lines=[OrderLine(**_line_fields(line)) for line in order.lines],
        )
    )
    _signature(session, order, OrderPayload.model_validate_json(order.payload))
    session.add(
        OutboxEntry(
            seq=state.take_next_seq(session),  # this laptop's sequence; same payload, same hash
            order_uuid=order.order_uuid,
            payload=order.payload,
            payload_hash=order.payload_hash,
            created_at=now,
        )
    )


def import_orders(store: LocalStore, path: Path, now: datetime | None = None) -> ImportSummary:
    """Add the file's orders that are not on this laptop yet: all of them, or none."""
    exported = read_export(path)
    now = now or datetime.now(UTC)
    summary = ImportSummary(from_device=exported.device_prefix or "another laptop")
    with store.transaction() as session:
        for order in exported.orders:
            if session.get(Order, order.order_uuid) is not None:
                summary.skipped.append(order.provisional_ref)
                continue
            if _ensure_customer(session, order.customer):
                summary.accounts_added.append(order.customer.account_number)
            _add_order(session, order, now)
            summary.added.append(order.provisional_ref)
    return summary
