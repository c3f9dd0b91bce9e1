"""What the server thinks of one pushed order: accepted, needs approval (with reasons) or rejected.

Lines are checked with `repapp.core`, the code the laptop priced them with: products still sold,
minimums and order increments, the buyer's price on the day the order was captured, line totals,
the rep's discount limit, tax and the order total; then the account's credit. A prospect written
offline always goes to the office (new account); a revision of an order already accepted does too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from repapp.core.money import Money
from repapp.core.price_rules import PriceRuleError
from repapp.core.pricing import PricedLine, PricingError, order_totals, price_line
from repapp.core.rules import check_quantity
from repapp.sync.protocol import OrderPayload, VerdictStatus
from server.models import Customer, Order, Product, User
from server.services.assignments import is_assigned
from server.services.price_check import PriceSheet
from server.services.pull_rows import amount_text

REVISABLE = ("rejected", "needs_approval", "mismatch")


def _day(captured_at: str) -> date:
    """The day an order was captured, on the laptop's clock (prices in force that day apply)."""
    try:
        return datetime.fromisoformat(captured_at).date()
    except ValueError:
        return datetime.now(UTC).date()


@dataclass
class Assessment:
    status: VerdictStatus
    reasons: list[str]
    customer: Customer | None = None
    products: dict[str, Product] = field(default_factory=dict)
    revised: Order | None = None  # the earlier order this one replaces


def _buyer(session: Session, rep: User, payload: OrderPayload) -> Customer | None:
    """The account ordering, or a stand-in for a prospect (priced like an account with no list)."""
    if payload.prospect is not None:
        return Customer(
            account_number=payload.customer_account,
            name=payload.prospect.name,
            currency=payload.currency,
            customer_group="",
            price_list_id=None,
            credit_limit=Decimal(0),
            open_balance=Decimal(0),
            tax_percent=payload.tax_percent,
        )
    customer = session.scalar(
        select(Customer).where(Customer.account_number == payload.customer_account)
    )
    if customer is None or (rep.role == "rep" and not is_assigned(session, customer.id, rep.id)):
        return None
    return customer


def _check_lines(
    session: Session,
    rep: User,
    payload: OrderPayload,
    customer: Customer,
    products: dict[str, Product],
) -> tuple[list[str], list[str], list[PricedLine]]:
    """Reasons to reject, reasons to ask the office, and the lines as the server prices them."""
    sheet = PriceSheet.read(session, customer, [p.id for p in products.values()])
    captured_on = _day(payload.captured_at)
    rejected: list[str] = []
    approval: list[str] = []
    priced_lines: list[PricedLine] = []
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
        if line.discount_percent > rep.max_discount_percent:
            approval.append(
                f"discount: line {number}: {line.sku} {line.discount_percent}% is above "
                f"the rep's limit of {rep.max_discount_percent}%"
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
        priced_lines.append(priced)
    return rejected, approval, priced_lines


def _check_totals(payload: OrderPayload, customer: Customer, lines: list[PricedLine]) -> list[str]:
    approval = []
    if payload.tax_percent != customer.tax_percent:
        approval.append(
            f"tax: captured at {payload.tax_percent}%, the account's rate is {customer.tax_percent}%"
        )
    try:
        totals = order_totals(lines, payload.currency, customer.tax_percent)
    except PricingError as error:
        return [f"tax: {error}"]
    tax = totals.tax.amount if totals.tax is not None else Decimal(0)
    if payload.tax != tax:
        approval.append(f"tax: {payload.tax} should be {tax}")
    if payload.total != totals.total.amount:
        approval.append(f"price: order total {payload.total} should be {totals.total.amount}")
    return approval


def _check_credit(payload: OrderPayload, customer: Customer) -> list[str]:
    if customer.credit_hold:
        return ["credit: account is on credit hold"]
    if customer.open_balance + payload.total > customer.credit_limit:
        return [
            f"credit: balance {customer.open_balance} + this order {payload.total} "
            f"exceeds limit {customer.credit_limit}"
        ]
    return []


def _check_revision(
    session: Session, rep: User, payload: OrderPayload
) -> tuple[Order | None, list[str]]:
    if payload.revises is None:
        return None, []
    earlier = session.scalar(select(Order).where(Order.order_uuid == payload.revises))
    if earlier is None or earlier.rep_id != rep.id:
        return None, [f"revision: the order it replaces ({payload.revises}) is not known"]
    if earlier.status not in REVISABLE:
        ref = earlier.order_number or earlier.provisional_ref
        return None, [
            f"revision: order {ref} it replaces is already {earlier.status.replace('_', ' ')}"
        ]
    return earlier, []


def _check_size(payload: OrderPayload, large_order_total: Decimal | None) -> list[str]:
    if large_order_total is None or payload.total <= large_order_total:
        return []
    return [
        f"large order: {payload.currency} {payload.total:,.2f} is above "
        f"{large_order_total:,.2f}, the most an order goes through without the office"
    ]


def assess(
    session: Session, rep: User, payload: OrderPayload, large_order_total: Decimal | None = None
) -> Assessment:
    customer = _buyer(session, rep, payload)
    if customer is None:
        return Assessment(
            VerdictStatus.REJECTED, [f"unknown customer account {payload.customer_account}"]
        )
    skus = [line.sku for line in payload.lines]
    products = {p.sku: p for p in session.scalars(select(Product).where(Product.sku.in_(skus)))}
    rejected, approval, lines = _check_lines(session, rep, payload, customer, products)
    known = customer if customer.id is not None else None
    if rejected:
        return Assessment(VerdictStatus.REJECTED, rejected, known, products)
    approval += _check_totals(payload, customer, lines)
    if payload.prospect is not None:
        approval.append(f"new account: {payload.prospect.name} (a prospect written offline)")
    else:
        approval += _check_credit(payload, customer)
    approval += _check_size(payload, large_order_total)
    revised, problems = _check_revision(session, rep, payload)
    approval += problems
    status = VerdictStatus.NEEDS_APPROVAL if approval else VerdictStatus.ACCEPTED
    return Assessment(status, approval, known, products, revised)
