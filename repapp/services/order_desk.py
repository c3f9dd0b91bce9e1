"""The order desk: write an order for a customer, line by line, and finish it into the outbox.

Every change is saved at once (there is no unsaved state to lose). Prices come from
`repapp.core`, the same code the server uses to check them. Finishing validates every rule, freezes
the totals, gives the order its provisional reference and writes the order and its outbox entry in
one transaction.
"""

from __future__ import annotations

import json
from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session, lazyload, object_session

from repapp.core.folding import folded_words
from repapp.core.ids import new_order_uuid, provisional_reference
from repapp.core.money import Money
from repapp.core.price_rules import PriceRuleError
from repapp.core.pricing import OrderTotals, PricedLine, order_totals, price_line
from repapp.core.rules import check_quantity, next_case_quantity
from repapp.models import Customer, Order, OrderLine, OutboxEntry, Product
from repapp.models.db import LocalStore
from repapp.models.orders import DRAFT, QUEUED, OrderSignature
from repapp.services import order_terms
from repapp.services.buyer_prices import BuyerPrices
from repapp.services.order_payload import build_payload
from repapp.sync import state
from repapp.sync.protocol import payload_hash, payload_json

Clock = Callable[[], datetime]


class OrderDeskError(ValueError):
    """A message for the rep; nothing was changed."""


class OrderNotReady(OrderDeskError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class LineView:
    line_no: int
    sku: str
    description: str
    quantity: int
    case_pack: int
    priced: PricedLine
    price_source: str = ""  # why this unit price: "Tier B", "Break 48+ @ 3.10", ...
    increment: int = 1  # quantities go up in these steps
    ship_date: date | None = None  # None: ships in the order's window
    backordered: int = 0  # units the server could not allocate yet


@dataclass(frozen=True)
class OrderView:
    uuid: str
    status: str
    customer_account: str
    customer_name: str
    currency: str
    lines: list[LineView]
    totals: OrderTotals
    po_number: str = ""
    notes: str = ""
    provisional_ref: str | None = None
    order_number: str | None = None
    reasons: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    ship_from: date | None = None
    ship_until: date | None = None
    revision: int = 1
    revises: str | None = None
    prospect: bool = False  # the customer is a prospect written on this laptop
    discount_limit: Decimal | None = None  # the rep's line discount limit; None: none known
    signed_by: str | None = None  # None: not signed (the picture is read apart: `signature`)
    signed_at: datetime | None = None

    @property
    def editable(self) -> bool:
        return self.status == DRAFT


@dataclass(frozen=True)
class StoredSignature:
    png: bytes
    signed_by: str
    signed_at: datetime


PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_SIGNATURE_BYTES = 512 * 1024


# An order's lines with what their views need of each product, in one read of plain rows: a
# long order has hundreds of lines, and ORM objects cost several times a row (every column of
# `order_lines` is there, by name, as on an `OrderLine`). `product_sku` is None for a product no
# longer in the catalog.
_LINES = (
    select(
        *OrderLine.__table__.columns,
        Product.sku.label("product_sku"),
        Product.case_pack,
        Product.order_increment,
        Product.min_qty,
        Product.active,
    )
    .outerjoin(Product, Product.sku == OrderLine.sku)
    .order_by(OrderLine.line_no)
)
# Read as named tuples: a Core Row's attribute lookup costs several times a tuple's.
_LineRow = namedtuple("_LineRow", _LINES.selected_columns.keys())  # type: ignore[misc]


_NO_LINES = lazyload(Order.lines)  # read (all of them) only if `order.lines` is used


@lru_cache(maxsize=4096)
def _line_view(
    line: _LineRow, currency: str, _unit_price: str, _discount: str
) -> tuple[LineView, tuple[str, ...]]:
    """A line's view, and what stops it finishing, from its row (the amounts' exact text is in
    the key too: 3.1 and 3.10 are equal but print apart). The same row gives the same view, so a
    view of a long order builds again only the lines that changed since the last one."""
    product = line if line.product_sku is not None else None  # its rules, if still sold
    priced = price_line(
        line.sku, Money(line.unit_price, currency), line.quantity, line.discount_percent
    )
    view = LineView(
        line.line_no,
        line.sku,
        line.description,
        line.quantity,
        product.case_pack if product else 1,
        priced,
        line.price_source,
        product.order_increment if product else 1,
        line.ship_date,
        line.backordered,
    )
    if product is None or not product.active:
        return view, (f"{line.sku} is no longer sold",)
    return view, tuple(
        f"{p.sku}: {p.reason}"
        for p in check_quantity(line.sku, line.quantity, product.order_increment, product.min_qty)
    )


class OrderDesk:
    def __init__(self, store: LocalStore, clock: Clock = lambda: datetime.now(UTC)) -> None:
        self.store = store
        self.clock = clock
        self.prices = BuyerPrices(store, today=lambda: self.clock().date())

    # -- customers -------------------------------------------------------------------------
    def customers(self, words: str = "", limit: int = 200) -> list[Customer]:
        """Accounts whose name, number or city hold every word, any case, accents or not."""
        query = select(Customer).where(Customer.assigned).order_by(Customer.name).limit(limit)
        if folded := folded_words(words):
            text = Customer.name + " " + Customer.account_number + " " + Customer.city
            query = query.where(func.repapp_has_words(text, folded))
        with self.store.reading() as session:
            return list(session.scalars(query))

    # -- writing an order ------------------------------------------------------------------
    def start_order(self, customer_account: str) -> str:
        now = self.clock()
        with self.store.transaction() as session:
            customer = session.get(Customer, customer_account)
            if customer is None:
                raise OrderDeskError(
                    f"no customer with account {customer_account}: sync to get your accounts"
                )
            if not customer.assigned:
                raise OrderDeskError(
                    f"account {customer_account} is no longer yours: ask the office"
                )
            uuid = new_order_uuid()
            session.add(
                Order(
                    uuid=uuid,
                    customer_account=customer_account,
                    currency=customer.currency,
                    tax_percent=customer.tax_percent,
                    created_at=now,
                    updated_at=now,
                    reasons=[],
                )
            )
        return uuid

    def _draft(self, session: Session, uuid: str) -> Order:
        order = session.get(Order, uuid, options=[_NO_LINES])  # `order.lines` loads if used
        if order is None:
            raise OrderDeskError("this order no longer exists")
        if order.status != DRAFT:
            raise OrderDeskError(
                f"order {order.provisional_ref} is finished and can no longer be changed"
            )
        order.updated_at = self.clock()
        return order

    @staticmethod
    def _line(order: Order, line_no: int) -> OrderLine:
        """The one line, read alone: a change to one line of a long order loads only that one."""
        session = object_session(order)
        assert session is not None
        line = session.scalar(
            select(OrderLine).where(
                OrderLine.order_uuid == order.uuid, OrderLine.line_no == line_no
            )
        )
        if line is None:
            raise OrderDeskError(f"line {line_no} is not on this order")
        return line

    @staticmethod
    def _reprice(line: OrderLine, currency: str) -> None:
        line.line_total = price_line(
            line.sku, Money(line.unit_price, currency), line.quantity, line.discount_percent
        ).net.amount

    def _set_price(self, order: Order, line: OrderLine) -> bool:
        """This buyer's price for the line's quantity today; True if it differs from before."""
        try:
            price = self.prices.resolve(
                order.customer_account, line.sku, line.quantity, self.clock().date()
            )
        except PriceRuleError as error:
            raise OrderDeskError(str(error)) from error
        changed = (line.unit_price, line.price_source) != (
            price.unit_price.amount,
            price.source.label,
        )
        line.unit_price, line.price_source = price.unit_price.amount, price.source.label
        self._reprice(line, order.currency)
        return changed

    def price_for_buyer(self, order: Order, line: OrderLine) -> None:
        """Price `line` of `order` at this buyer's price today (a revision's lines come here)."""
        self._set_price(order, line)

    def add_product(self, uuid: str, sku: str, quantity: int | None = None) -> OrderView:
        """Add a product, or add one more order increment of it if it is already on the order."""
        with self.store.transaction() as session:
            order = self._draft(session, uuid)
            product = session.scalar(select(Product).where(Product.sku == sku))
            if product is None or not product.active:
                raise OrderDeskError(f"{sku} is not in the catalog (or no longer sold)")
            if product.currency != order.currency:
                raise OrderDeskError(
                    f"{sku} is priced in {product.currency}, this order is in {order.currency}"
                )
            # The line of this product, and the last line number: read, not the order's lines.
            on_order = select(OrderLine).where(OrderLine.order_uuid == uuid, OrderLine.sku == sku)
            existing = session.scalar(on_order.order_by(OrderLine.line_no).limit(1))
            if existing is not None:
                existing.quantity = quantity or existing.quantity + max(product.order_increment, 1)
                self._set_price(order, existing)
            else:
                last = select(func.max(OrderLine.line_no)).where(OrderLine.order_uuid == uuid)
                line = OrderLine(
                    order_uuid=uuid,
                    line_no=(session.scalar(last) or 0) + 1,
                    sku=sku,
                    description=product.name,
                    quantity=quantity
                    or next_case_quantity(1, product.order_increment, product.min_qty),
                    unit_price=Decimal(0),
                    discount_percent=Decimal(0),
                    line_total=Decimal(0),
                )
                self._set_price(order, line)
                session.add(line)
            return self._view(session, order)  # in this transaction: no second read

    def set_quantity(self, uuid: str, line_no: int, quantity: int) -> OrderView:
        """A new quantity may cross a volume break: the line is priced again."""
        if quantity <= 0:
            return self.remove_line(uuid, line_no)
        with self.store.transaction() as session:
            order = self._draft(session, uuid)
            line = self._line(order, line_no)
            line.quantity = quantity
            self._set_price(order, line)
            return self._view(session, order)  # in this transaction: no second read

    def refresh_prices(self, uuid: str) -> list[str]:
        """Price every line again (a promotion ended, a sync brought new lists); says what changed."""
        with self.store.transaction() as session:
            order = self._draft(session, uuid)
            changed = []
            for line in order.lines:
                before = line.unit_price
                if self._set_price(order, line) and before != line.unit_price:
                    changed.append(
                        f"{line.sku}: price changed from {before:,.2f} to {line.unit_price:,.2f} ({line.price_source})"
                    )
        return changed

    def set_discount(self, uuid: str, line_no: int, percent: Decimal) -> OrderView:
        """Within the rep's limit from sign-in (none known: up to 100 %); above it, refused."""
        if not Decimal(0) <= percent <= Decimal(100):
            raise OrderDeskError("a discount is between 0 and 100 percent")
        with self.store.transaction() as session:
            order = self._draft(session, uuid)
            line = self._line(order, line_no)
            problem = order_terms.discount_problem(percent, order_terms.discount_limit(session))
            if problem:
                kept = order_terms.percent_text(line.discount_percent)
                raise OrderDeskError(f"{line.sku}: {problem}; the line keeps {kept}")
            line.discount_percent = percent
            self._reprice(line, order.currency)
        return self.view(uuid)

    def _today(self) -> date:
        """The rep's calendar day (ship dates are days where the rep is, not in UTC)."""
        return self.clock().astimezone().date()

    def set_ship_window(
        self, uuid: str, ship_from: date | None, ship_until: date | None
    ) -> OrderView:
        """When the buyer wants the goods; either end may stay open (None)."""
        problem = order_terms.ship_window_problem(ship_from, ship_until, self._today())
        if problem:
            raise OrderDeskError(problem)
        with self.store.transaction() as session:
            order = self._draft(session, uuid)
            order.ship_from, order.ship_until = ship_from, ship_until
        return self.view(uuid)

    def set_line_ship_date(self, uuid: str, line_no: int, day: date | None) -> OrderView:
        """A line that ships apart (a split delivery); None: it ships in the order's window."""
        with self.store.transaction() as session:
            order = self._draft(session, uuid)
            line = self._line(order, line_no)
            problem = order_terms.ship_date_problem(day, self._today())
            if problem:
                raise OrderDeskError(f"{line.sku}: {problem}")
            line.ship_date = day
        return self.view(uuid)

    def set_signature(self, uuid: str, png: bytes, signed_by: str) -> OrderView:
        """The buyer's signature (a PNG) and the name they signed as; replaces an earlier one."""
        name = signed_by.strip()
        if not name:
            raise OrderDeskError("type the name of the person signing under the signature")
        if len(name) > 120:
            raise OrderDeskError("the signer's name is longer than 120 characters")
        if not png.startswith(PNG_MAGIC) or len(png) > MAX_SIGNATURE_BYTES:
            raise OrderDeskError("the signature is not a PNG image of at most 512 KB")
        with self.store.transaction() as session:
            order = self._draft(session, uuid)
            session.merge(
                OrderSignature(
                    order_uuid=order.uuid, png=png, signed_by=name, signed_at=self.clock()
                )
            )
        return self.view(uuid)

    def clear_signature(self, uuid: str) -> OrderView:
        with self.store.transaction() as session:
            order = self._draft(session, uuid)
            signature = session.get(OrderSignature, order.uuid)
            if signature is not None:
                session.delete(signature)
        return self.view(uuid)

    def signature(self, uuid: str) -> StoredSignature | None:
        with self.store.reading() as session:
            stored = session.get(OrderSignature, uuid)
            if stored is None:
                return None
            return StoredSignature(stored.png, stored.signed_by, stored.signed_at)

    def remove_line(self, uuid: str, line_no: int) -> OrderView:
        with self.store.transaction() as session:
            order = self._draft(session, uuid)
            order.lines.remove(self._line(order, line_no))
        return self.view(uuid)

    def set_details(self, uuid: str, po_number: str, notes: str) -> OrderView:
        with self.store.transaction() as session:
            order = self._draft(session, uuid)
            order.po_number, order.notes = po_number.strip(), notes
        return self.view(uuid)

    def discard(self, uuid: str) -> None:
        with self.store.transaction() as session:
            session.delete(self._draft(session, uuid))

    # -- reading ---------------------------------------------------------------------------
    def view(self, uuid: str) -> OrderView:
        with self.store.reading() as session:
            order = session.get(Order, uuid, options=[_NO_LINES])
            if order is None:
                raise OrderDeskError("this order no longer exists")
            return self._view(session, order)

    def _view(self, session: Session, order: Order) -> OrderView:
        customer = session.get(Customer, order.customer_account)
        session.flush()  # a line added or changed in this transaction is read back as saved
        found = session.connection().execute(_LINES.where(OrderLine.order_uuid == order.uuid))
        rows = list(map(_LineRow._make, found.all()))
        lines, problems = [], []
        if not rows:
            problems.append("the order has no lines")
        draft = order.status == DRAFT  # a finished order's terms are no longer checked
        today = self._today()
        limit = order_terms.discount_limit(session) if draft else None
        window = order_terms.ship_window_problem(order.ship_from, order.ship_until, today)
        problems += [window] if window else []
        for row in rows:
            line, its_problems = _line_view(
                row, order.currency, str(row.unit_price), str(row.discount_percent)
            )
            lines.append(line)
            problems += its_problems
            for term in (
                order_terms.discount_problem(row.discount_percent, limit),
                order_terms.ship_date_problem(row.ship_date, today),
            ):
                problems += [f"{row.sku}: {term}"] if term else []
        signed = session.execute(
            select(OrderSignature.signed_by, OrderSignature.signed_at).where(
                OrderSignature.order_uuid == order.uuid
            )
        ).first()
        return OrderView(
            uuid=order.uuid,
            status=order.status,
            customer_account=order.customer_account,
            customer_name=customer.name if customer else order.customer_account,
            currency=order.currency,
            lines=lines,
            totals=order_totals([line.priced for line in lines], order.currency, order.tax_percent),
            po_number=order.po_number,
            notes=order.notes,
            provisional_ref=order.provisional_ref,
            order_number=order.order_number,
            reasons=list(order.reasons or []),
            problems=problems if draft else [],
            ship_from=order.ship_from,
            ship_until=order.ship_until,
            revision=order.revision,
            revises=order.revises,
            prospect=bool(customer and customer.prospect),
            discount_limit=limit,
            signed_by=signed.signed_by if signed else None,
            signed_at=signed.signed_at if signed else None,
        )

    def orders(self, statuses: tuple[str, ...] | None = None, limit: int = 500) -> list[OrderView]:
        query = select(Order).options(_NO_LINES).order_by(Order.updated_at.desc()).limit(limit)
        if statuses:
            query = query.where(Order.status.in_(statuses))
        with self.store.reading() as session:
            return [self._view(session, order) for order in session.scalars(query)]

    def unsent_count(self) -> int:
        with self.store.reading() as session:
            return session.scalar(select(func.count()).select_from(OutboxEntry)) or 0

    def latest_draft(self) -> OrderView | None:
        """The draft changed last: the order the rep was writing when the app last stopped.

        Every change stamps `updated_at` in the transaction that saves it, so this is right
        after a clean quit and after a crash alike, with no bookkeeping that could disagree.
        """
        query = (
            select(Order)
            .options(_NO_LINES)
            .where(Order.status == DRAFT)
            .order_by(Order.updated_at.desc(), Order.created_at.desc())
            .limit(1)
        )
        with self.store.reading() as session:
            order = session.scalar(query)
            return self._view(session, order) if order is not None else None

    def drafts_with_lines(self) -> int:
        """Drafts with something on them: work that is saved but not finished, so not sent."""
        query = select(func.count(func.distinct(OrderLine.order_uuid))).join(Order)
        with self.store.reading() as session:
            return session.scalar(query.where(Order.status == DRAFT)) or 0

    # -- finishing -------------------------------------------------------------------------
    def finish(self, uuid: str) -> OrderView:
        """Validate, freeze prices, number provisionally, and queue for sending: all or nothing.

        Prices are checked once more first: if one changed since its line was written, the
        new prices are saved and the order is not finished, so the rep can tell the buyer.
        """
        changed = self.refresh_prices(uuid)
        if changed:
            raise OrderNotReady(changed)
        with self.store.transaction() as session:
            order = self._draft(session, uuid)
            view = self._view(session, order)
            if view.problems:
                raise OrderNotReady(view.problems)
            prefix = state.get(session, state.DEVICE_PREFIX)
            if not prefix:
                raise OrderDeskError(
                    "sign in and sync once before finishing orders: this laptop has no device number yet"
                )
            seq = state.take_next_seq(session)
            now = self.clock()
            order.status = QUEUED
            order.finished_at = now
            order.provisional_ref = provisional_reference(prefix, seq)
            totals = view.totals
            order.gross, order.discount, order.total = (
                totals.gross.amount,
                totals.discount.amount,
                totals.total.amount,
            )
            order.tax = totals.tax.amount if totals.tax is not None else None
            payload = build_payload(session, order, view.lines, now)
            session.add(
                OutboxEntry(
                    seq=seq,
                    order_uuid=order.uuid,
                    payload=json.dumps(payload_json(payload)),
                    payload_hash=payload_hash(payload),
                    created_at=now,
                )
            )
        return self.view(uuid)
