"""Order confirmations: the document data for a finished order, written as a PDF."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from repapp.models import Customer, Order
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
    return Party(name=customer.name, account_number=customer.account_number, address_lines=lines)


def confirmation_for(session: Session, order: Order) -> Confirmation:
    if order.finished_at is None or order.provisional_ref is None or order.total is None:
        raise ValueError("only a finished order has a confirmation")
    customer = session.get(Customer, order.customer_account)
    party = _party(customer) if customer else Party(order.customer_account, order.customer_account)
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
