"""A finished order as it travels to the server: the outbox entry's payload, built once, frozen.

Optional fields are given only when the order uses them, so an order without a ship window,
signature, prospect or revision hashes exactly as it did before those existed (see
`repapp.sync.protocol.payload_json`).
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from repapp.models import Customer, Order, OrderSignature
from repapp.sync.protocol import OrderLinePayload, OrderPayload, ProspectPayload


def _prospect(customer: Customer) -> ProspectPayload:
    ship_to = "; ".join(
        ", ".join(part for part in (a.get("name"), a.get("street"), a.get("city")) if part)
        for a in customer.ship_to_addresses
    )
    return ProspectPayload(
        name=customer.name,
        street=customer.street,
        city=customer.city,
        region=customer.region,
        postcode=customer.postcode,
        country=customer.country,
        contact_name=customer.contact_name,
        email=customer.email,
        phone=customer.phone,
        **({"ship_to": ship_to} if ship_to else {}),
    )


def build_payload(
    session: Session, order: Order, lines: list[Any], captured: datetime
) -> OrderPayload:
    """`order` is frozen (reference, totals set); `lines` are the desk's `LineView`s."""
    extra: dict[str, Any] = {}
    if order.ship_from is not None:
        extra["ship_from"] = order.ship_from.isoformat()
    if order.ship_until is not None:
        extra["ship_until"] = order.ship_until.isoformat()
    if order.tax is not None:
        extra["tax_percent"], extra["tax"] = order.tax_percent, order.tax
    signature = session.get(OrderSignature, order.uuid)
    if signature is not None:
        extra["signature_png"] = base64.b64encode(signature.png).decode("ascii")
        extra["signed_by"] = signature.signed_by
    customer = session.get(Customer, order.customer_account)
    if customer is not None and customer.prospect:
        extra["prospect"] = _prospect(customer)
    if order.revises:
        extra["revises"] = order.revises
    return OrderPayload(
        order_uuid=order.uuid,
        provisional_ref=order.provisional_ref or "",
        customer_account=order.customer_account,
        currency=order.currency,
        captured_at=captured.isoformat(),
        po_number=order.po_number,
        notes=order.notes,
        lines=[_line(line) for line in lines],
        total=order.total,
        **extra,
    )


def _line(line: Any) -> OrderLinePayload:
    extra = {"ship_date": line.ship_date.isoformat()} if line.ship_date is not None else {}
    return OrderLinePayload(
        sku=line.sku,
        quantity=line.quantity,
        unit_price=line.priced.unit_price.amount,
        discount_percent=line.priced.discount_percent,
        line_total=line.priced.net.amount,
        **extra,
    )
