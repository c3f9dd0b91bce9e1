"""Pricing of order lines: list price x quantity, less a line discount percent.

The client prices an order offline with these functions and the server re-checks it with the very
same code, so the price a buyer sees on the show floor is the price on the invoice, or the
difference is caught and routed to a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from repapp.core.money import Money, to_decimal, total

HUNDRED = Decimal(100)


class PricingError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class PricedLine:
    sku: str
    quantity: int
    unit_price: Money
    discount_percent: Decimal
    gross: Money  # unit price x quantity, rounded to the cent
    discount: Money  # gross - net
    net: Money  # what the buyer pays for this line


@dataclass(frozen=True, slots=True)
class OrderTotals:
    currency: str
    gross: Money
    discount: Money
    net: Money  # goods after discounts: the sum of the line totals
    tax_percent: Decimal = Decimal(0)
    tax: Money | None = None  # on `net`, rounded once per order; None: no tax configured

    @property
    def total(self) -> Money:
        """What the buyer owes: goods after discounts plus tax."""
        return self.net + self.tax if self.tax is not None else self.net


def price_line(
    sku: str, unit_price: Money, quantity: int, discount_percent: Decimal | int | str = 0
) -> PricedLine:
    percent = to_decimal(discount_percent)
    if quantity <= 0:
        raise PricingError(f"{sku}: quantity must be at least 1, not {quantity}")
    if not Decimal(0) <= percent <= HUNDRED:
        raise PricingError(f"{sku}: discount must be between 0 and 100 percent, not {percent}")
    if unit_price.amount < 0:
        raise PricingError(f"{sku}: unit price cannot be negative")
    exact = unit_price.times(quantity)
    gross = exact.rounded()
    net = exact.times((HUNDRED - percent) / HUNDRED).rounded()
    return PricedLine(sku, quantity, unit_price, percent, gross, gross - net, net)


def order_totals(
    lines: list[PricedLine], currency: str, tax_percent: Decimal | int | str = 0
) -> OrderTotals:
    """Sums of the rounded lines; tax (where the account has a rate) once on the net, half-up."""
    percent = to_decimal(tax_percent)
    if not Decimal(0) <= percent <= HUNDRED:
        raise PricingError(f"a tax rate is between 0 and 100 percent, not {percent}")
    net = total([line.net for line in lines], currency)
    return OrderTotals(
        currency=currency,
        gross=total([line.gross for line in lines], currency),
        discount=total([line.discount for line in lines], currency),
        net=net,
        tax_percent=percent,
        tax=net.times(percent / HUNDRED).rounded() if percent else None,
    )
