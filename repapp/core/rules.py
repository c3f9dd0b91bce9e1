"""Order rules every order must pass, wherever it is checked: minimums and case packs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LineProblem:
    sku: str
    reason: str


def check_quantity(sku: str, quantity: int, case_pack: int, min_qty: int) -> list[LineProblem]:
    """Quantities are whole case packs and at least the product's minimum order quantity."""
    problems = []
    if quantity < max(min_qty, 1):
        problems.append(LineProblem(sku, f"minimum order quantity is {max(min_qty, 1)}"))
    if case_pack > 1 and quantity % case_pack:
        problems.append(
            LineProblem(sku, f"sold in cases of {case_pack}; {quantity} is not a multiple")
        )
    return problems


def next_case_quantity(quantity: int, case_pack: int, min_qty: int) -> int:
    """The smallest valid quantity at or above `quantity` (used when a rep adds a line)."""
    step = max(case_pack, 1)
    wanted = max(quantity, min_qty, 1)
    return -(-wanted // step) * step
