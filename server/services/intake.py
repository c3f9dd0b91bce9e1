"""Intake of pushed orders: one outbox entry, one transaction, one verdict (SYNC.md).

Idempotency: an entry at or below the device's watermark gets its stored verdict back; a gap in
sequence numbers is an error that advances nothing; the same order UUID with another payload hash
is refused as a mismatch. Business outcomes (accepted, needs approval, rejected) are verdicts, not
errors, and mark the entry processed so a bad order never blocks the queue behind it.

An accepted order takes its stock in the same transaction (`allocation.allocate`): what no
warehouse has is backordered on the line.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from repapp.sync.protocol import PushEntry, Verdict, VerdictStatus, payload_hash
from server.models import Blob, Device, Order, OrderLine, PushReceipt, User
from server.services.allocation import allocate, release
from server.services.order_checks import Assessment, assess
from server.services.versions import next_order_number, next_sync_version

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class SequenceGap(Exception):
    """The entry skips sequence numbers: earlier entries must arrive first."""


def _signature(session: Session, encoded: str | None) -> str | None:
    """Keep the buyer's signature as a blob; None when there is none or it is not a PNG."""
    if not encoded:
        return None
    try:
        png = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return None
    if not png.startswith(PNG_MAGIC):
        return None
    digest = hashlib.sha256(png).hexdigest()
    if session.get(Blob, digest) is None:
        session.add(Blob(sha256=digest, content_type="image/png", size=len(png), data=png))
    return digest


def _iso_day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _supersede(session: Session, earlier: Order, by: str) -> None:
    """The rep sent a fixed revision: the earlier order is replaced, and reps see it on a pull."""
    if earlier.status == VerdictStatus.ACCEPTED.value:
        # Accepted orders are not revisable today (REVISABLE); should they become so, the
        # earlier order's units go back to stock for the revision to take.
        release(session, earlier)
    earlier.status = "superseded"
    earlier.reasons = [*earlier.reasons, f"replaced by revision {by}"]
    earlier.version = next_sync_version(session)


def _record_order(
    session: Session,
    rep: User,
    device: Device,
    entry: PushEntry,
    verdict: Verdict,
    found: Assessment,
) -> Order:
    payload = entry.payload
    products = found.products
    order = Order(
        order_uuid=payload.order_uuid,
        order_number=verdict.order_number,
        provisional_ref=payload.provisional_ref,
        device_id=device.id,
        rep_id=rep.id,
        customer_id=found.customer.id if found.customer else None,
        customer_account=payload.customer_account,
        status=verdict.status.value,
        reasons=verdict.reasons,
        currency=payload.currency,
        total=payload.total,
        po_number=payload.po_number,
        notes=payload.notes,
        ship_from=_iso_day(payload.ship_from),
        ship_until=_iso_day(payload.ship_until),
        tax_percent=payload.tax_percent,
        tax=payload.tax,
        signature_sha256=_signature(session, payload.signature_png),
        signed_by=payload.signed_by,
        prospect=payload.prospect.model_dump() if payload.prospect else None,
        revises=payload.revises,
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
            ship_date=_iso_day(line.ship_date),
        )
        for number, line in enumerate(payload.lines, start=1)
    ]
    session.add(order)
    if found.revised is not None:
        _supersede(session, found.revised, payload.provisional_ref)
    return order


def _status(order: Order) -> VerdictStatus:
    """An order's state as a verdict; later states (superseded, shipped...) answer as accepted or
    held, by whether the order has a number."""
    try:
        return VerdictStatus(order.status)
    except ValueError:
        return VerdictStatus.ACCEPTED if order.order_number else VerdictStatus.NEEDS_APPROVAL


def receive(
    session: Session,
    rep: User,
    device: Device,
    entry: PushEntry,
    large_order_total: Decimal | None = None,
) -> Verdict:
    """Apply one outbox entry in the caller's transaction and advance the device watermark.
    An order above `large_order_total` needs the office's approval."""
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
    elif existing is not None and existing.rep_id != rep.id:
        # Another rep's order id: never tell its fate (or number) to someone else.
        verdict = Verdict(
            seq=entry.seq,
            order_uuid=entry.order_uuid,
            status=VerdictStatus.MISMATCH,
            reasons=["an order with this id was already received from another rep"],
        )
    elif existing is not None and existing.payload_hash == entry.payload_hash:
        # Same order resent under a new sequence number (e.g. a restored laptop): same answer.
        verdict = Verdict(
            seq=entry.seq,
            order_uuid=entry.order_uuid,
            status=_status(existing),
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
        found = assess(session, rep, entry.payload, large_order_total)
        accepted = found.status is VerdictStatus.ACCEPTED
        verdict = Verdict(
            seq=entry.seq,
            order_uuid=entry.order_uuid,
            status=found.status,
            order_number=next_order_number(session) if accepted else None,
            reasons=found.reasons,
        )
        order = _record_order(session, rep, device, entry, verdict, found)
        if accepted:
            # An order held for approval is allocated when approved (`allocation.allocate`).
            allocate(session, order)

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
