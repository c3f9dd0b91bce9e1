"""Reorder: a buyer's earlier order, copied into a new draft at today's prices.

History comes from pulls (`past_orders`: every order of the account the server knows, from any
laptop or the office). Copying starts a draft through the order desk and adds each line again,
so every line is priced for this buyer today; the rep is told which products are no longer sold
(skipped) and which prices changed since that order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select

from repapp.core.money import Money
from repapp.models import PastOrder, Product
from repapp.services.order_desk import OrderDesk, OrderDeskError, OrderView


@dataclass(frozen=True)
class PastLine:
    sku: str
    name: str  # from today's catalog; "" when the product is no longer in it
    quantity: int
    unit_price: Decimal
    discount_percent: Decimal
    sold: bool  # still in the catalog and active: it can be ordered again


@dataclass(frozen=True)
class PastOrderView:
    uuid: str
    number: str  # the office's order number, else the laptop's provisional reference
    status: str
    captured_at: datetime
    currency: str
    total: Decimal
    lines: list[PastLine]

    @property
    def total_text(self) -> str:
        return str(Money(self.total, self.currency))


@dataclass(frozen=True)
class Reordered:
    """The new draft, and what the rep should know about it."""

    order: OrderView
    source: PastOrderView
    skipped: list[str] = field(default_factory=list)  # lines not copied, and why
    changed: list[str] = field(default_factory=list)  # prices (and discounts) not as before

    def summary(self) -> str:
        copied = len(self.order.lines)
        text = (
            f"Order {self.source.number} of {self.source.captured_at:%d %b %Y} copied: "
            f"{copied} line{'' if copied == 1 else 's'} at today's prices."
        )
        if self.skipped:
            text += "\nNot copied:\n" + "\n".join(f"• {s}" for s in self.skipped)
        if self.changed:
            text += "\nChanged since then:\n" + "\n".join(f"• {c}" for c in self.changed)
        return text


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)  # unreadable: listed last
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Reorder:
    def __init__(self, desk: OrderDesk) -> None:
        self.desk = desk
        self.store = desk.store

    def history(self, account: str) -> list[PastOrderView]:
        """The account's past orders, newest first, with product names from today's catalog."""
        with self.store.reading() as session:
            rows = list(
                session.scalars(select(PastOrder).where(PastOrder.customer_account == account))
            )
            raw = {row.order_uuid: list(_raw_lines(row.lines)) for row in rows}
            skus = {line["sku"] for lines in raw.values() for line in lines}
            products = {
                p.sku: p for p in session.scalars(select(Product).where(Product.sku.in_(skus)))
            }
        orders = [
            PastOrderView(
                uuid=row.order_uuid,
                number=row.order_number or row.provisional_ref,
                status=row.status,
                captured_at=_moment(row.captured_at),
                currency=row.currency,
                total=row.total,
                lines=[_past_line(line, products.get(line["sku"])) for line in raw[row.order_uuid]],
            )
            for row in rows
        ]
        return sorted(orders, key=lambda o: o.captured_at, reverse=True)

    def copy(self, account: str, order_uuid: str) -> Reordered:
        """Start a draft for `account` with the past order's lines at today's prices."""
        source = next((o for o in self.history(account) if o.uuid == order_uuid), None)
        if source is None:
            raise OrderDeskError("that order is not in this account's history: sync to get it")
        uuid = self.desk.start_order(account)
        skipped: list[str] = []
        changed: list[str] = []
        for sku, line in _merged(source.lines).items():
            label = f"{sku} {line.name}".strip()
            if not line.sold:
                skipped.append(f"{label}: no longer sold")
                continue
            try:
                view = self.desk.add_product(uuid, sku, line.quantity)
            except OrderDeskError as error:
                skipped.append(f"{label}: {error}")
                continue
            now = next(new for new in view.lines if new.sku == sku)
            price = now.priced.unit_price.amount
            if price != line.unit_price:
                changed.append(
                    f"{label}: {line.unit_price:,.2f} then, {price:,.2f} now ({now.price_source})"
                )
            if line.discount_percent:
                changed.append(
                    f"{label}: the {line.discount_percent.normalize():f}% line discount of "
                    "that order was not copied"
                )
        order = self.desk.view(uuid)
        if not order.lines:
            self.desk.discard(uuid)  # an empty draft is no use to anyone
            raise OrderDeskError(
                f"nothing of order {source.number} can be ordered again: " + "; ".join(skipped)
            )
        return Reordered(order, source, skipped, changed)


def _raw_lines(text: str) -> Iterator[dict[str, object]]:
    for line in json.loads(text or "[]"):
        if isinstance(line, dict) and line.get("sku"):
            yield line


def _past_line(line: dict[str, object], product: Product | None) -> PastLine:
    return PastLine(
        sku=str(line["sku"]),
        name=product.name if product is not None else "",
        quantity=int(str(line.get("quantity", 0))),
        unit_price=Decimal(str(line.get("unit_price", "0"))),
        discount_percent=Decimal(str(line.get("discount_percent", "0"))),
        sold=product is not None and product.active,
    )


def _merged(lines: list[PastLine]) -> dict[str, PastLine]:
    """One line per product (an order may list a product twice, e.g. two ship dates)."""
    merged: dict[str, PastLine] = {}
    for line in lines:
        before = merged.get(line.sku)
        merged[line.sku] = (
            line
            if before is None
            else PastLine(
                line.sku,
                line.name,
                before.quantity + line.quantity,
                before.unit_price,
                max(before.discount_percent, line.discount_percent),
                line.sold,
            )
        )
    return merged
