"""Intake of pushed orders: one outbox entry, one transaction, one verdict (SYNC.md).

Idempotency: an entry at or below the device's watermark gets its stored verdict back; a gap in
sequence numbers is an error that advances nothing; the same order UUID with another payload hash
is refused as a mismatch. Business outcomes (accepted, needs approval, rejected) are verdicts, not
errors, and mark the entry processed so a bad order never blocks the queue behind it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from repapp.core.money import Money
from repapp.core.price_rules import PriceRuleError
from repapp.core.pricing import PricingError, price_line
from repapp.core.rules import check_quantity
from repapp.sync.protocol import OrderPayload, PushEntry, Verdict, VerdictStatus, payload_hash
from server.models import Customer, Device, Order, OrderLine, Product, PushReceipt, User
from server.services.assignments import is_assigned
from server.services.price_check import PriceSheet
from server.services.pull_rows import amount_text
from server.services.versions import next_order_number, next_sync_version


def _day(captured_at: str) -> date:
    """The day an order was captured, on the laptop's clock (prices in force that day apply)."""
    try:
        return datetime.fromisoformat(captured_at).date()
    except ValueError:
        return datetime.now(UTC).date()


class SequenceGap(Exception):
    """The entry skips sequence numbers: earlier entries must arrive first."""


def _reasons(
    session: Session, rep: User, payload: OrderPayload
) -> tuple[VerdictStatus, list[str], Customer | None, dict[str, Product]]:
    customer = session.scalar(
        select(Customer).where(Customer.account_number == payload.customer_account)
    )
    if customer is None or (rep.role == "rep" and not is_assigned(session, customer.id, rep.id)):
        return (
            VerdictStatus.REJECTED,
            [f"unknown customer account {payload.customer_account}"],
            None,
            {},
        )
    skus = [line.sku for line in payload.lines]
    products = {p.sku: p for p in session.scalars(select(Product).where(Product.sku.in_(skus)))}
    sheet = PriceSheet.read(session, customer, [p.id for p in products.values()])
    captured_on = _day(payload.captured_at)
    rejected: list[str] = []
    approval: list[str] = []
    computed_total = Decimal(0)
    for number, line in enumerate(payload.lines, start=1):
        product = products.get(line.sku)
        if product is None or not product.active:
            rejected.append(f"line {number}: {line.sku} is not sold (unknown or discontinued)")
            continue
        approval += [
            f"line {number}: {line.sku} {p.reason}"
            for p in check_quantity(
                line.sku, line.quantity, product.order_increment, product.min_qty
            )
        ]
        try:
            expected = sheet.resolve(product, line.quantity, captured_on)
        except PriceRuleError as error:
            rejected.append(f"line {number}: {error}")
            continue
        if line.unit_price != expected.unit_price.amount:
            approval.append(
                f"price: line {number}: {line.sku} captured at {line.unit_price}, "
                f"{expected.source.label} is {amount_text(expected.unit_price.amount)}"
            )
        try:
            priced = price_line(
                line.sku,
                Money(line.unit_price, payload.currency),
                line.quantity,
                line.discount_percent,
            )
        except PricingError as error:
            rejected.append(f"line {number}: {error}")
            continue
        if priced.net.amount != line.line_total:
            approval.append(
                f"price: line {number}: line total {line.line_total} should be {priced.net.amount}"
            )
        computed_total += priced.net.amount
    if rejected:
        return VerdictStatus.REJECTED, rejected, customer, products
    if computed_total != payload.total:
        approval.append(f"price: order total {payload.total} should be {computed_total}")
    if customer.credit_hold:
        approval.append("credit: account is on credit hold")
    elif customer.open_balance + payload.total > customer.credit_limit:
        approval.append(
            f"credit: balance {customer.open_balance} + this order {payload.total} exceeds limit {customer.credit_limit}"
        )
    if approval:
        return VerdictStatus.NEEDS_APPROVAL, approval, customer, products
    return VerdictStatus.ACCEPTED, [], customer, products


def _record_order(
    session: Session,
    rep: User,
    device: Device,
    entry: PushEntry,
    verdict: Verdict,
    customer: Customer | None,
    products: dict[str, Product],
) -> None:
    payload = entry.payload
    order = Order(
        order_uuid=payload.order_uuid,
        order_number=verdict.order_number,
        provisional_ref=payload.provisional_ref,
        device_id=device.id,
        rep_id=rep.id,
        customer_id=customer.id if customer else None,
        customer_account=payload.customer_account,
        status=verdict.status.value,
        reasons=verdict.reasons,
        currency=payload.currency,
        total=payload.total,
        po_number=payload.po_number,
        notes=payload.notes,
        payload_hash=entry.payload_hash,
        captured_at=payload.captured_at,
        received_at=datetime.now(UTC),
        version=next_sync_version(session),
    )
    order.lines = [
        OrderLine(
            line_no=number,
            product_id=products[line.sku].id if line.sku in products else None,
            sku=line.sku,
            quantity=line.quantity,
            unit_price=line.unit_price,
            discount_percent=line.discount_percent,
            line_total=line.line_total,
        )
        for number, line in enumerate(payload.lines, start=1)
    ]
    session.add(order)


def receive(session: Session, rep: User, device: Device, entry: PushEntry) -> Verdict:
    """Apply one outbox entry in the caller's transaction and advance the device watermark."""
    stored = session.get(PushReceipt, (device.id, entry.seq))
    if stored is not None:
        return Verdict.model_validate(stored.verdict)
    if entry.seq != device.watermark + 1:
        raise SequenceGap(f"expected sequence {device.watermark + 1}, got {entry.seq}")
    existing = session.scalar(select(Order).where(Order.order_uuid == entry.order_uuid))
    intact = payload_hash(entry.payload) == entry.payload_hash
    if not intact or entry.payload.order_uuid != entry.order_uuid:
        # A client bug, not a network fault (HTTP checks transport): answer it, never block the queue.
        verdict = Verdict(
            seq=entry.seq,
            order_uuid=entry.order_uuid,
            status=VerdictStatus.REJECTED,
            reasons=[
                "the order's contents do not match its checksum: export it and contact support"
            ],
        )
    elif existing is not None and existing.payload_hash == entry.payload_hash:
        # Same order resent under a new sequence number (e.g. a restored laptop): same answer.
        verdict = Verdict(
            seq=entry.seq,
            order_uuid=entry.order_uuid,
            status=VerdictStatus(existing.status),
            order_number=existing.order_number,
            reasons=existing.reasons,
        )
    elif existing is not None:
        verdict = Verdict(
            seq=entry.seq,
            order_uuid=entry.order_uuid,
            status=VerdictStatus.MISMATCH,
            reasons=["an order with this id was already received with different contents"],
        )
    else:
        status, reasons, customer, products = _reasons(session, rep, entry.payload)
        number = next_order_number(session) if status is VerdictStatus.ACCEPTED else None
        verdict = Verdict(
            seq=entry.seq,
            order_uuid=entry.order_uuid,
            status=status,
            order_number=number,
            reasons=reasons,
        )
        _record_order(session, rep, device, entry, verdict, customer, products)

    session.add(
        PushReceipt(
            device_id=device.id,
            seq=entry.seq,
            order_uuid=entry.order_uuid,
            payload_hash=entry.payload_hash,
            verdict=verdict.model_dump(mode="json"),
        )
    )
    device.watermark = entry.seq
    return verdict
