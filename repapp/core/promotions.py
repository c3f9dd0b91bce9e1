"""Promotions: which specials apply to a product for a buyer on a day, and which one wins.

This is step 3 of the price resolution in `repapp.core.price_rules` (read the order there). The
functions here are pure and take plain values, so the client and the server pick the same special.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from repapp.core.money import CENT, round_to_cent, to_decimal

HUNDRED = Decimal(100)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class Promotion:
    code: str
    name: str  # e.g. "Show special"
    starts_on: date  # inclusive
    ends_on: date  # inclusive
    kind: Literal["percent", "fixed"]
    value: Decimal  # percent off (0 < v <= 100) or a fixed unit price
    scope: Literal["all", "sku", "category", "brand"]
    scope_value: str  # the SKU, category id (as str) or brand; "" for "all"
    customer_group: str  # "" = every customer
    priority: int  # higher wins
    currency: str  # a fixed-price promotion only applies in this currency


def format_amount(value: Decimal) -> str:
    """At least two decimals, more only when the price has them: 3.1 -> 3.10, 3.105 -> 3.105."""
    return f"{value:.2f}" if value == value.quantize(CENT) else f"{value.normalize():f}"


def format_day(value: date) -> str:
    """ "25 Nov", "05 Dec", like %d %b in the C locale; strftime would follow the process locale,
    which a Qt application takes from the environment."""
    return f"{value.day:02d} {MONTHS[value.month - 1]}"


def in_scope(promotion: Promotion, sku: str, brand: str, category_ids: Sequence[str]) -> bool:
    """Scope "all", the exact SKU, any of the product's categories or ancestors, or the brand
    (case-insensitive). An unknown scope matches no product."""
    scope, wanted = promotion.scope, promotion.scope_value
    if scope == "all":
        return True
    if scope == "sku":
        return wanted == sku
    if scope == "category":
        return wanted in category_ids
    if scope == "brand":
        return wanted.casefold() == brand.casefold()
    return False


def is_applicable(
    promotion: Promotion,
    *,
    sku: str,
    brand: str,
    category_ids: Sequence[str],
    customer_group: str,
    currency: str,
    on: date,
) -> bool:
    """In its date window (both ends inclusive), in scope, for the buyer's group (or everyone),
    and, for a fixed price, in the buyer's currency."""
    return (
        promotion.starts_on <= on <= promotion.ends_on
        and in_scope(promotion, sku, brand, category_ids)
        and promotion.customer_group in ("", customer_group)
        and (promotion.kind != "fixed" or promotion.currency == currency)
    )


def applicable_promotions(
    promotions: Sequence[Promotion],
    *,
    sku: str,
    brand: str,
    category_ids: Sequence[str],
    customer_group: str,
    currency: str,
    on: date,
) -> list[Promotion]:
    """The promotions that apply; TypeError if any value is a float (a programming error)."""
    found = []
    for promotion in promotions:
        to_decimal(promotion.value)
        if is_applicable(
            promotion,
            sku=sku,
            brand=brand,
            category_ids=category_ids,
            customer_group=customer_group,
            currency=currency,
            on=on,
        ):
            found.append(promotion)
    return found


def promotion_problem(promotion: Promotion) -> str | None:
    """Why this promotion cannot be applied, or None. Raises TypeError for a float value."""
    value = to_decimal(promotion.value)
    if promotion.kind == "percent":
        if not Decimal(0) < value <= HUNDRED:
            return f"promotion {promotion.code}: percent off must be above 0 and at most 100, not {value}"
    elif promotion.kind == "fixed":
        if value < 0:
            return f"promotion {promotion.code}: fixed unit price cannot be negative"
    else:
        return f"promotion {promotion.code}: unknown kind {promotion.kind!r}"
    return None


def promotion_price(promotion: Promotion, regular: Decimal) -> Decimal:
    """Percent: regular x (100 - value) / 100, rounded half-up to the cent. Fixed: the value."""
    if promotion.kind == "percent":
        return round_to_cent(regular * (HUNDRED - promotion.value) / HUNDRED)
    return promotion.value


def best_promotion(
    applicable: Sequence[Promotion], regular: Decimal
) -> tuple[Promotion, Decimal] | None:
    """The highest priority; ties go to the lowest resulting unit price, then to the code (then to
    the remaining fields), so the order of `applicable` never matters. Returns it with its price,
    whether or not that price beats `regular`: the caller decides if it applies."""
    priced = [(promotion, promotion_price(promotion, regular)) for promotion in applicable]
    if not priced:
        return None
    return min(priced, key=lambda pair: (-pair[0].priority, pair[1], pair[0].code, repr(pair[0])))


def promotion_label(promotion: Promotion, price: Decimal) -> str:
    """ "Show special -10% until 25 Nov" (percent without trailing zeros) or "Show special 2.99
    until 25 Nov"."""
    if promotion.kind == "percent":
        deal = f"-{promotion.value.normalize():f}%"
    else:
        deal = format_amount(price)
    return f"{promotion.name} {deal} until {format_day(promotion.ends_on)}"
