"""Order rules every order must pass, wherever it is checked: minimums and order increments.

A product's order increment is usually its case pack (sold by the case) but need not be: a
distributor may sell candles by the inner pack of 4 from cases of 24.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LineProblem:
    sku: str
    reason: str


def check_quantity(sku: str, quantity: int, increment: int, min_qty: int) -> list[LineProblem]:
    """Quantities are multiples of the order increment and at least the minimum order quantity."""
    problems = []
    if quantity < max(min_qty, 1):
        problems.append(LineProblem(sku, f"minimum order quantity is {max(min_qty, 1)}"))
    if increment > 1 and quantity % increment:
        problems.append(
            LineProblem(sku, f"ordered in multiples of {increment}; {quantity} is not a multiple")
        )
    return problems


def next_case_quantity(quantity: int, increment: int, min_qty: int) -> int:
    """The smallest valid quantity at or above `quantity` (used when a rep adds a line)."""
    step = max(increment, 1)
    wanted = max(quantity, min_qty, 1)
    return -(-wanted // step) * step
