"""Order confirmations: the document data for a finished order, written as a PDF."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from repapp.models import Customer, Order, OrderSignature
from repapp.models.db import LocalStore
from repapp.printing.confirmation import write_confirmation
from repapp.printing.confirmation_data import Confirmation, ConfirmationLine, Party
from repapp.sync import state

SELLER_NAME = "RepApp Wholesale"


def _party(customer: Customer) -> Party:
    town = " ".join(
        part
        for part in (customer.city + ",", customer.region, customer.postcode)
        if part.strip(",")
    )
    lines = [line for line in (customer.street, town, customer.contact_name) if line.strip()]
    number = customer.account_number
    if customer.prospect:
        number += " (new account, pending approval)"
    return Party(name=customer.name, account_number=number, address_lines=lines)


def confirmation_for(session: Session, order: Order) -> Confirmation:
    if order.finished_at is None or order.provisional_ref is None or order.total is None:
        raise ValueError("only a finished order has a confirmation")
    customer = session.get(Customer, order.customer_account)
    party = _party(customer) if customer else Party(order.customer_account, order.customer_account)
    signature = session.get(OrderSignature, order.uuid)
    revised = session.get(Order, order.revises) if order.revises else None
    return Confirmation(
        provisional_ref=order.provisional_ref,
        order_uuid=order.uuid,
        status=order.status,
        captured_at=order.finished_at,
        currency=order.currency,
        customer=party,
        rep_name=state.get(session, state.FULL_NAME),
        lines=[
            ConfirmationLine(
                line.sku,
                line.description,
                line.quantity,
                line.unit_price,
                line.discount_percent,
                line.line_total,
                line.ship_date,
                line.price_source,
            )
            for line in order.lines
        ],
        gross=order.gross if order.gross is not None else order.total,
        discount=order.discount if order.discount is not None else Decimal(0),
        total=order.total,
        order_number=order.order_number,
        po_number=order.po_number,
        notes=order.notes,
        terms=f"Payment terms: {customer.terms}." if customer and customer.terms else "",
        seller_name=SELLER_NAME,
        tax_percent=order.tax_percent,
        tax=order.tax,
        ship_from=order.ship_from,
        ship_until=order.ship_until,
        signature_png=signature.png if signature else None,
        signed_by=signature.signed_by if signature else "",
        revises_ref=(revised.provisional_ref or "") if revised else "",
    )


def save_confirmation(store: LocalStore, order_uuid: str, folder: Path) -> Path:
    """Write the order's confirmation PDF into `folder`, named after its provisional reference."""
    with store.reading() as session:
        order = session.get(Order, order_uuid)
        if order is None:
            raise ValueError("this order no longer exists")
        document = confirmation_for(session, order)
    folder.mkdir(parents=True, exist_ok=True)
    return write_confirmation(document, folder / f"confirmation-{document.provisional_ref}.pdf")
