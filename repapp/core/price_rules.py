"""Price resolution: the one unit price a buyer pays for a product, at a quantity, on a day, and why.

The client (offline, from SQLite) and the server (from SQLAlchemy) build the same plain inputs and
call `resolve_price`, so both arrive at the same price and the same explanation. This is the order,
and it is the contract they share:

1. Contract: a buyer contract valid on `on` (starts_on <= on <= ends_on, None = open) in the
   buyer's currency wins outright.
2. Regular price (computed always; it is `regular`): among the buyer's price list entries (only if
   the list's currency is the buyer's currency) AND the base list entries (only if in the buyer's
   currency), take every break with min_qty <= quantity; the regular unit price is the LOWEST of
   them ("a customer list never charges more than the base list"; this makes the unit price never
   rise as quantity grows). Ties go to the more specific source in this order: customer-list break
   (min_qty>1) > customer list (min_qty<=1) > base break > base. Source kind: BREAK for any entry
   with min_qty > 1 (label "Break 48+ @ 3.10"; a customer-list break adds the list name: "Break
   48+ @ 3.10 (Tier B)"), CUSTOMER_LIST for a customer-list entry with min_qty <= 1 (label = list
   name), BASE for the base list min_qty<=1 (label "List price"). If no entry applies ->
   PriceRuleError.
3. Promotion: applicable promotions are those with starts_on <= on <= ends_on, scope matching (all;
   sku == product.sku; category in product.category_ids; brand equal case-insensitively),
   customer_group "" or equal to buyer.customer_group, and for "fixed" the promotion currency equals
   the buyer's currency. Pick the highest priority; ties broken by the lowest resulting unit price,
   then by code (so the input order of `promotions` never matters). Its price: percent -> regular x
   (100 - value)/100 rounded half-up to the cent; fixed -> value. The promotion applies only if its
   price is LOWER than the regular price (a special never raises a price); otherwise the regular
   price stands. Label: "Show special -10% until 25 Nov" or "Show special 2.99 until 25 Nov".
4. Otherwise the regular price with its source.

Unit prices are not rounded except the percent-promotion result (to the cent); lines are rounded by
`repapp.core.pricing.price_line`. Dates in labels are "DD Mon" in English whatever the locale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from repapp.core.money import Money, to_decimal
from repapp.core.pricing import PricedLine, price_line
from repapp.core.promotions import Promotion as Promotion  # re-exported: part of this API
from repapp.core.promotions import (
    applicable_promotions,
    best_promotion,
    format_amount,
    format_day,
    promotion_label,
    promotion_problem,
)


class PriceRuleError(ValueError):
    """Impossible input: quantity below 1, a negative price, no price in the buyer's currency."""


@dataclass(frozen=True, slots=True)
class PriceBreak:
    """quantity >= min_qty -> unit_price (min_qty 1 is the plain list price)."""

    min_qty: int
    unit_price: Decimal


@dataclass(frozen=True, slots=True)
class PriceList:
    """The prices of ONE product in one price list."""

    code: str  # e.g. "BASE", "TIER-B", "C1006-SPECIAL"
    name: str  # shown to the rep, e.g. "Tier B"
    currency: str
    breaks: tuple[PriceBreak, ...]


@dataclass(frozen=True, slots=True)
class ContractPrice:
    reference: str  # contract number shown to the rep
    unit_price: Decimal
    currency: str
    starts_on: date | None  # inclusive; None = open
    ends_on: date | None  # inclusive; None = open-ended


@dataclass(frozen=True, slots=True)
class PricedProduct:
    sku: str
    brand: str
    category_ids: tuple[str, ...]  # the product's category and all its ancestors
    base: PriceList  # the base list (its breaks may include volume breaks)


@dataclass(frozen=True, slots=True)
class Buyer:
    account_number: str
    currency: str
    customer_group: str
    price_list: PriceList | None  # the customer's list, narrowed to this product
    contract: ContractPrice | None  # the customer's contract price for this product


class SourceKind(StrEnum):
    CONTRACT = "contract"
    PROMOTION = "promotion"
    BREAK = "break"
    CUSTOMER_LIST = "customer_list"
    BASE = "base"


@dataclass(frozen=True, slots=True)
class PriceSource:
    kind: SourceKind
    label: str  # for display: "Contract K-17 until 31 Dec", "Break 48+ @ 3.10", "List price", ...
    reference: str  # contract reference / promotion code / price list code


@dataclass(frozen=True, slots=True)
class ResolvedPrice:
    sku: str
    quantity: int
    unit_price: Money  # what this buyer pays per unit at this quantity on this date
    regular: Money  # the price before contract/promotion (for "was 3.35" display)
    source: PriceSource


@dataclass(frozen=True, slots=True)
class _Entry:
    """One price-list entry in the buyer's currency, with its tie-break rank (lower wins)."""

    min_qty: int
    price: Decimal
    rank: int  # 0 customer-list break, 1 customer list, 2 base break, 3 base
    price_list: PriceList

    def source(self) -> PriceSource:
        if self.rank in (0, 2):
            label = f"Break {self.min_qty}+ @ {format_amount(self.price)}"
            if self.rank == 0:
                label += f" ({self.price_list.name})"
            return PriceSource(SourceKind.BREAK, label, self.price_list.code)
        if self.rank == 1:
            return PriceSource(SourceKind.CUSTOMER_LIST, self.price_list.name, self.price_list.code)
        return PriceSource(SourceKind.BASE, "List price", self.price_list.code)


def _check_price(sku: str, what: str, price: Decimal) -> None:
    if to_decimal(price) < 0:  # to_decimal raises TypeError for a float
        raise PriceRuleError(f"{sku}: {what} has a negative unit price {price}")


def _check_quantity(sku: str, quantity: int) -> None:
    if not isinstance(quantity, int):
        raise TypeError(f"{sku}: quantity must be an int, not {type(quantity).__name__}")
    if quantity < 1:
        raise PriceRuleError(f"{sku}: quantity must be at least 1, not {quantity}")


def _entries(product: PricedProduct, buyer: Buyer) -> list[_Entry]:
    """Every entry of the customer list and the base list that is in the buyer's currency."""
    entries: list[_Entry] = []
    for price_list, first_rank in ((buyer.price_list, 0), (product.base, 2)):
        if price_list is None:
            continue
        for brk in price_list.breaks:
            _check_price(product.sku, f"price list {price_list.code}", brk.unit_price)
            if price_list.currency == buyer.currency:
                rank = first_rank if brk.min_qty > 1 else first_rank + 1
                entries.append(_Entry(brk.min_qty, brk.unit_price, rank, price_list))
    return entries


def _regular(entries: Sequence[_Entry], quantity: int) -> _Entry | None:
    usable = [entry for entry in entries if entry.min_qty <= quantity]
    return min(usable, key=lambda e: (e.price, e.rank, e.min_qty), default=None)


def _regular_or_fail(
    product: PricedProduct, buyer: Buyer, quantity: int
) -> tuple[list[_Entry], _Entry]:
    """The buyer's entries and the regular one at `quantity`; PriceRuleError if there is none."""
    entries = _entries(product, buyer)
    regular = _regular(entries, quantity)
    if regular is None:
        raise PriceRuleError(
            f"{product.sku}: no price in {buyer.currency} for quantity {quantity}"
            f" (base list {product.base.code} is in {product.base.currency})"
        )
    return entries, regular


def _contract_source(buyer: Buyer, on: date) -> tuple[Decimal, PriceSource] | None:
    contract = buyer.contract
    if (
        contract is None
        or contract.currency != buyer.currency
        or (contract.starts_on is not None and on < contract.starts_on)
        or (contract.ends_on is not None and on > contract.ends_on)
    ):
        return None
    label = f"Contract {contract.reference}"
    if contract.ends_on is not None:
        label += f" until {format_day(contract.ends_on)}"
    return contract.unit_price, PriceSource(SourceKind.CONTRACT, label, contract.reference)


def _promotion_source(
    product: PricedProduct,
    buyer: Buyer,
    on: date,
    promotions: Sequence[Promotion],
    regular: Decimal,
) -> tuple[Decimal, PriceSource] | None:
    applicable = applicable_promotions(
        promotions,
        sku=product.sku,
        brand=product.brand,
        category_ids=product.category_ids,
        customer_group=buyer.customer_group,
        currency=buyer.currency,
        on=on,
    )
    for promotion in applicable:
        if (problem := promotion_problem(promotion)) is not None:
            raise PriceRuleError(f"{product.sku}: {problem}")
    best = best_promotion(applicable, regular)
    if best is None or not best[1] < regular:
        return None  # a special never raises a price
    promotion, price = best
    label = promotion_label(promotion, price)
    return price, PriceSource(SourceKind.PROMOTION, label, promotion.code)


def resolve_price(
    product: PricedProduct,
    buyer: Buyer,
    quantity: int,
    on: date,
    promotions: Sequence[Promotion],
) -> ResolvedPrice:
    """The unit price `buyer` pays for `quantity` of `product` on `on`, by the order above."""
    _check_quantity(product.sku, quantity)
    if buyer.contract is not None:
        _check_price(product.sku, f"contract {buyer.contract.reference}", buyer.contract.unit_price)
    _, regular = _regular_or_fail(product, buyer, quantity)
    # Both are always evaluated, so bad input is refused whichever step wins.
    contract = _contract_source(buyer, on)
    promotion = _promotion_source(product, buyer, on, promotions, regular.price)
    price, source = contract or promotion or (regular.price, regular.source())
    return ResolvedPrice(
        sku=product.sku,
        quantity=quantity,
        unit_price=Money(price, buyer.currency),
        regular=Money(regular.price, buyer.currency),
        source=source,
    )


def next_break(product: PricedProduct, buyer: Buyer, quantity: int) -> PriceBreak | None:
    """The smallest quantity above `quantity` at which the regular unit price (step 2, customer
    list and base list together) drops, with that price: "buy 48 for 3.10 each". None when no
    bigger quantity is cheaper. Contracts and promotions are not considered (they do not depend on
    quantity)."""
    _check_quantity(product.sku, quantity)
    entries, current = _regular_or_fail(product, buyer, quantity)
    for threshold in sorted({entry.min_qty for entry in entries if entry.min_qty > quantity}):
        better = _regular(entries, threshold)
        if better is not None and better.price < current.price:
            return PriceBreak(threshold, better.price)
    return None


def price_order_line(
    product: PricedProduct,
    buyer: Buyer,
    quantity: int,
    on: date,
    promotions: Sequence[Promotion],
    discount_percent: Decimal | int | str = 0,
) -> tuple[ResolvedPrice, PricedLine]:
    """Resolve the unit price, then price the line (rounded half-up once, after the discount)."""
    resolved = resolve_price(product, buyer, quantity, on, promotions)
    return resolved, price_line(product.sku, resolved.unit_price, quantity, discount_percent)
