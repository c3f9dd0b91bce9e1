"""Money as Decimal with a currency, and the one rounding rule RepApp uses.

Rounding rule: amounts are rounded half-up to the cent once per order line (after quantity and
discount are applied). Order totals are exact sums of rounded lines, so a total always equals the
sum of the lines printed above it, on the client, on the server and on the invoice.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_to_cent(amount: Decimal) -> Decimal:
    """Round half-up to the cent: 0.005 -> 0.01, -0.005 -> -0.01."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def to_decimal(value: Decimal | int | str) -> Decimal:
    """Accept Decimal, int or a decimal string; refuse float, which cannot hold cents exactly."""
    if isinstance(value, float):
        raise TypeError("money is never a float; pass a Decimal or a string such as '12.50'")
    return value if isinstance(value, Decimal) else Decimal(value)


class CurrencyMismatch(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    @classmethod
    def of(cls, amount: Decimal | int | str, currency: str) -> Money:
        return cls(to_decimal(amount), currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal("0.00"), currency)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatch(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def times(self, factor: Decimal | int) -> Money:
        """Multiply without rounding; round once at the end of a line with `rounded()`."""
        return Money(self.amount * to_decimal(factor), self.currency)

    def rounded(self) -> Money:
        return Money(round_to_cent(self.amount), self.currency)

    def __str__(self) -> str:
        return f"{self.currency} {round_to_cent(self.amount):,.2f}"


def total(amounts: list[Money], currency: str) -> Money:
    result = Money.zero(currency)
    for amount in amounts:
        result = result + amount
    return result
