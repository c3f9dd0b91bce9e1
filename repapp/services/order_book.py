"""The order book: every order on this laptop, drafts and finished, and what the office made of it.

Nothing leaves the book: a draft stays until it is finished (or discarded while still empty), a
finished order stays with the server's last word on it, and an order replaced by a revision stays
as "superseded", pointing at the revision. Statuses are the server's strings: a state this app
does not know yet (shipped, invoiced, cancelled...) is shown as it is called, never refused.

Revising: an order the office held (needs approval), rejected, or could not match is fixed as a
new draft, a revision, which copies the customer, lines, PO number, notes and ship dates, priced
again at this buyer's prices today. Its payload names the order it revises, and the server marks
that one superseded when the revision arrives. One open revision per order: revising again opens
the same draft.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, lazyload

from repapp.core.folding import folded_words
from repapp.core.ids import new_order_uuid
from repapp.core.money import Money
from repapp.core.pricing import PricingError, order_totals, price_line
from repapp.models import Customer, Order, OrderLine, Product
from repapp.models.orders import DRAFT, QUEUED, SUPERSEDED
from repapp.services.order_desk import OrderDesk, OrderDeskError

ACCEPTED = "accepted"
NEEDS_APPROVAL = "needs_approval"
REJECTED = "rejected"
MISMATCH = "mismatch"
SENDING = "sending"  # not stored: a queued order while a sync is pushing
REVISABLE = (REJECTED, NEEDS_APPROVAL, MISMATCH)
ATTENTION = REVISABLE  # what the rep has to look at: the office said no, or not yet

STATE_LABELS = {
    DRAFT: "Draft",
    QUEUED: "Queued",
    SENDING: "Sending",
    ACCEPTED: "Accepted",
    NEEDS_APPROVAL: "Needs approval",
    REJECTED: "Rejected",
    MISMATCH: "Mismatch",
    SUPERSEDED: "Superseded",
}
LIMIT = 500  # orders listed at once; a search finds the older ones


def state_label(status: str) -> str:
    """'needs_approval' -> 'Needs approval'; a state from a newer server reads the same way."""
    known = STATE_LABELS.get(status)
    if known is not None:
        return known
    words = " ".join(status.replace("_", " ").replace("-", " ").split())
    return words[:1].upper() + words[1:] if words else "Unknown"


@dataclass(frozen=True)
class BookEntry:
    """One order as the order book lists it."""

    uuid: str
    status: str
    customer_account: str
    customer_name: str
    currency: str
    total: Decimal | None  # frozen at finish; a draft's as it stands now
    line_count: int
    backordered_lines: int  # lines the server could not allocate in full yet
    po_number: str
    provisional_ref: str | None
    order_number: str | None
    reasons: tuple[str, ...]
    updated_at: datetime
    finished_at: datetime | None
    revision: int = 1
    revises: str | None = None  # the order this one replaces
    revises_ref: str | None = None  # that order's number or reference
    revised_by: str | None = None  # the newest revision of this order
    revised_by_ref: str | None = None  # its reference; None while it is still a draft

    @property
    def label(self) -> str:
        return state_label(self.status)

    @property
    def reference(self) -> str:
        """The server's order number once there is one, else the laptop's provisional reference."""
        return self.order_number or self.provisional_ref or ""

    @property
    def when(self) -> datetime:
        return self.finished_at or self.updated_at

    @property
    def can_open(self) -> bool:
        return self.status == DRAFT

    @property
    def can_revise(self) -> bool:
        """Held or refused, and not already replaced by a finished revision."""
        return self.status in REVISABLE and self.revised_by_ref is None


@dataclass(frozen=True)
class Found:
    entries: list[BookEntry]
    matching: int  # orders matching the search and filter, of which `entries` are the latest


@dataclass(frozen=True)
class Revision:
    uuid: str  # the draft to open
    customer_account: str
    revises_ref: str
    revision: int
    left_off: list[str] = field(default_factory=list)  # lines not copied, and why
    repriced: list[str] = field(default_factory=list)  # lines whose price is not as before
    already_open: bool = False  # the revision was started earlier: nothing new was written

    @property
    def summary(self) -> str:
        if self.already_open:
            return f"Revision {self.revision} of {self.revises_ref} is open again, as last saved."
        text = f"Revision {self.revision} of {self.revises_ref}: lines copied at today's prices."
        notes = [*self.left_off, *self.repriced]
        return text + "".join(f"\n• {note}" for note in notes)


def _reference(order: Order) -> str:
    return order.order_number or order.provisional_ref or "this draft"


class OrderBook:
    def __init__(self, desk: OrderDesk) -> None:
        self.desk = desk
        self.store = desk.store

    # -- listing -----------------------------------------------------------------------------
    @staticmethod
    def _matching(words: str, states: Collection[str] | None) -> Select[tuple[str]]:
        """The uuids of the orders found, changed last first."""
        query = (
            select(Order.uuid)
            .outerjoin(Customer, Customer.account_number == Order.customer_account)
            .order_by(Order.updated_at.desc(), Order.created_at.desc())
        )
        if states:
            query = query.where(Order.status.in_(list(states)))
        folded = folded_words(words)
        if folded:
            searched = (
                Order.provisional_ref,
                Order.order_number,
                Order.po_number,
                Order.status,
                Order.customer_account,
                Customer.name,
            )
            text = func.coalesce(searched[0], "")
            for column in searched[1:]:
                text = text + " " + func.coalesce(column, "")
            query = query.where(func.repapp_has_words(text, folded))
        return query

    def find(
        self, words: str = "", states: Collection[str] | None = None, limit: int = LIMIT
    ) -> Found:
        """Orders whose reference, order number, customer, PO or state contain every word
        (any case, with or without accents), changed last first; `states` keeps only those."""
        with self.store.reading() as session:
            found = session.scalars(self._matching(words, states)).all()
            page = list(found[:limit])
            rows = session.execute(
                select(Order, Customer.name)
                .outerjoin(Customer, Customer.account_number == Order.customer_account)
                .where(Order.uuid.in_(page))
                .options(lazyload(Order.lines))
            ).all()
            named = {order.uuid: (order, name) for order, name in rows}
            drafts = [order.uuid for order, _name in rows if order.status == DRAFT]
            draft_lines: dict[str, list[OrderLine]] = {uuid: [] for uuid in drafts}
            for line in session.scalars(
                select(OrderLine).where(OrderLine.order_uuid.in_(drafts))
            ):  # a draft's total is worked out from its lines, as the desk does
                draft_lines[line.order_uuid].append(line)
            lines = {
                uuid: (count, backordered)
                for uuid, count, backordered in session.execute(
                    select(
                        OrderLine.order_uuid,
                        func.count(),
                        func.sum(case((OrderLine.backordered > 0, 1), else_=0)),
                    )
                    .where(OrderLine.order_uuid.in_(page))
                    .group_by(OrderLine.order_uuid)
                )
            }
            revisions = self._revisions(session, page)
            revised_refs = self._references(
                session, [order.revises for order, _name in rows if order.revises]
            )
            entries = []
            for uuid in page:
                order, name = named[uuid]
                line_count, backordered = lines.get(uuid, (0, 0))
                newest = revisions.get(uuid)
                entries.append(
                    BookEntry(
                        uuid=uuid,
                        status=order.status,
                        customer_account=order.customer_account,
                        customer_name=name or order.customer_account,
                        currency=order.currency,
                        total=order.total
                        if order.status != DRAFT
                        else _draft_total(order, draft_lines[uuid]),
                        line_count=line_count,
                        backordered_lines=backordered or 0,
                        po_number=order.po_number,
                        provisional_ref=order.provisional_ref,
                        order_number=order.order_number,
                        reasons=tuple(order.reasons or ()),
                        updated_at=order.updated_at,
                        finished_at=order.finished_at,
                        revision=order.revision,
                        revises=order.revises,
                        revises_ref=revised_refs.get(order.revises or ""),
                        revised_by=newest.uuid if newest else None,
                        revised_by_ref=_reference(newest)
                        if newest and newest.status != DRAFT
                        else None,
                    )
                )
        return Found(entries, len(found))

    def state_counts(self) -> dict[str, int]:
        """How many orders are in each state, every state present on the laptop."""
        query = select(Order.status, func.count()).group_by(Order.status)
        with self.store.reading() as session:
            return {status: count for status, count in session.execute(query)}

    @staticmethod
    def _revisions(session: Session, uuids: list[str]) -> dict[str, Order]:
        """The newest revision of each of these orders that has one (finished ones first)."""
        if not uuids:
            return {}
        newest: dict[str, Order] = {}
        query = (
            select(Order)
            .where(Order.revises.in_(uuids))
            .order_by(Order.created_at)
            .options(lazyload(Order.lines))
        )
        for revision in session.scalars(query):
            assert revision.revises is not None
            earlier = newest.get(revision.revises)
            if earlier is None or earlier.status == DRAFT or revision.status != DRAFT:
                newest[revision.revises] = revision
        return newest

    @staticmethod
    def _references(session: Session, uuids: list[str]) -> dict[str, str]:
        if not uuids:
            return {}
        query = select(Order).where(Order.uuid.in_(uuids)).options(lazyload(Order.lines))
        return {order.uuid: _reference(order) for order in session.scalars(query)}

    # -- revising ----------------------------------------------------------------------------
    def revise(self, uuid: str) -> Revision:
        """Start (or reopen) the revision of a held, rejected or mismatched order.

        All or nothing: the new draft is written with every line that can still be sold, in one
        transaction; lines no longer sold are left off and said so, prices are today's.
        """
        with self.store.transaction() as session:
            old = session.get(Order, uuid)
            if old is None:
                raise OrderDeskError("this order is not on this laptop")
            ref = _reference(old)
            open_draft = session.scalar(
                select(Order)
                .where(Order.revises == uuid, Order.status == DRAFT)
                .order_by(Order.created_at.desc())
                .limit(1)
            )
            if open_draft is not None:
                return Revision(
                    open_draft.uuid,
                    open_draft.customer_account,
                    ref,
                    open_draft.revision,
                    already_open=True,
                )
            self._check_revisable(session, old, ref)
            customer = session.get(Customer, old.customer_account)
            if customer is None or not customer.assigned:
                raise OrderDeskError(
                    f"account {old.customer_account} is no longer yours: ask the office about {ref}"
                )
            now = self.desk.clock()
            new = Order(
                uuid=new_order_uuid(),
                customer_account=old.customer_account,
                currency=customer.currency,
                tax_percent=customer.tax_percent,
                po_number=old.po_number,
                notes=old.notes,
                ship_from=old.ship_from,
                ship_until=old.ship_until,
                revises=old.uuid,
                revision=old.revision + 1,
                created_at=now,
                updated_at=now,
                reasons=[],
            )
            left_off, repriced = self._copy_lines(session, old, new)
            if not new.lines:
                raise OrderDeskError(
                    f"nothing on {ref} can be ordered today ({'; '.join(left_off)}): "
                    "write a new order instead"
                )
            session.add(new)
            return Revision(new.uuid, new.customer_account, ref, new.revision, left_off, repriced)

    @staticmethod
    def _check_revisable(session: Session, old: Order, ref: str) -> None:
        if old.status == DRAFT:
            raise OrderDeskError(f"{ref} is still a draft: open it and change it as it is")
        if old.status == QUEUED:
            raise OrderDeskError(
                f"order {ref} is waiting to be sent and can no longer be changed; "
                "if the office holds or rejects it, revise it then"
            )
        if old.status == ACCEPTED:
            raise OrderDeskError(
                f"order {ref} was accepted: ask the office to change an accepted order"
            )
        if old.status == SUPERSEDED:
            raise OrderDeskError(f"order {ref} was already replaced by a revision")
        if old.status not in REVISABLE:
            raise OrderDeskError(
                f"order {ref} is {state_label(old.status).lower()}: only an order the office "
                "held or rejected can be revised"
            )
        finished = session.scalar(
            select(Order)
            .where(Order.revises == old.uuid, Order.status != DRAFT)
            .order_by(Order.created_at.desc())
            .limit(1)
        )
        if finished is not None:
            raise OrderDeskError(
                f"order {ref} was already revised as {_reference(finished)}: "
                f"revise {_reference(finished)} if it needs changing again"
            )

    def _copy_lines(self, session: Session, old: Order, new: Order) -> tuple[list[str], list[str]]:
        skus = [line.sku for line in old.lines]
        products = {p.sku: p for p in session.scalars(select(Product).where(Product.sku.in_(skus)))}
        left_off: list[str] = []
        repriced: list[str] = []
        for line in old.lines:
            product = products.get(line.sku)
            if product is None or not product.active:
                left_off.append(f"{line.sku} {line.description} is no longer sold: left off")
                continue
            if product.currency != new.currency:
                left_off.append(
                    f"{line.sku} is priced in {product.currency}, the account buys in "
                    f"{new.currency}: left off"
                )
                continue
            copy = OrderLine(
                line_no=len(new.lines) + 1,
                sku=line.sku,
                description=product.name,
                quantity=line.quantity,
                unit_price=line.unit_price,
                price_source=line.price_source,
                discount_percent=line.discount_percent,
                line_total=line.line_total,
                ship_date=line.ship_date,
            )
            try:
                self.desk.price_for_buyer(new, copy)
            except OrderDeskError as error:
                left_off.append(f"{line.sku}: {error}: left off")
                continue
            if copy.unit_price != line.unit_price:
                repriced.append(
                    f"{line.sku}: price now {copy.unit_price:,.2f}, was {line.unit_price:,.2f}"
                    f" ({copy.price_source})"
                )
            new.lines.append(copy)
        return left_off, repriced


def _draft_total(order: Order, lines: list[OrderLine]) -> Decimal | None:
    """What a draft comes to as it stands, as the desk would total it (tax included)."""
    try:
        priced = [
            price_line(
                line.sku,
                Money(line.unit_price, order.currency),
                line.quantity,
                line.discount_percent,
            )
            for line in lines
        ]
        return order_totals(priced, order.currency, order.tax_percent).total.amount
    except PricingError:
        return None
