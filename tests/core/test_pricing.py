from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repapp.core.money import Money
from repapp.core.pricing import PricingError, order_totals, price_line
from repapp.core.rules import check_quantity, next_case_quantity


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def test_list_price_times_quantity() -> None:
    line = price_line("MUG-1", usd("3.10"), 48)
    assert line.gross == usd("148.80")
    assert line.net == usd("148.80")
    assert line.discount == usd("0.00")


def test_discount_rounds_once_per_line_half_up() -> None:
    # 3 x 3.35 = 10.05; less 10 % = 9.045 -> 9.05 (half-up), discount 1.00
    line = price_line("X", usd("3.35"), 3, "10")
    assert line.net == usd("9.05")
    assert line.discount == usd("1.00")


@pytest.mark.parametrize(("quantity", "percent"), [(0, "0"), (-1, "0"), (1, "-1"), (1, "100.01")])
def test_refuses_nonsense(quantity: int, percent: str) -> None:
    with pytest.raises(PricingError):
        price_line("X", usd("1.00"), quantity, percent)


def test_order_totals_are_sums_of_lines() -> None:
    lines = [price_line("A", usd("3.35"), 3, "10"), price_line("B", usd("19.99"), 12)]
    totals = order_totals(lines, "USD")
    assert totals.gross == usd("249.93")
    assert totals.net == usd("248.93")
    assert totals.discount == usd("1.00")


prices = st.decimals(min_value=0, max_value=100000, places=2)
percents = st.decimals(min_value=0, max_value=100, places=2)


@given(st.lists(st.tuples(prices, st.integers(1, 10000), percents), min_size=1, max_size=30))
def test_totals_always_equal_sum_of_lines(rows: list[tuple[Decimal, int, Decimal]]) -> None:
    lines = [price_line(f"S{i}", Money(p, "USD"), q, d) for i, (p, q, d) in enumerate(rows)]
    totals = order_totals(lines, "USD")
    assert totals.net.amount == sum((line.net.amount for line in lines), Decimal(0))
    assert totals.gross.amount - totals.discount.amount == totals.net.amount
    assert all(line.net.amount == line.net.amount.quantize(Decimal("0.01")) for line in lines)


def test_case_packs_and_minimums() -> None:
    assert check_quantity("A", 12, increment=6, min_qty=6) == []
    assert [p.reason for p in check_quantity("A", 7, increment=6, min_qty=6)] == [
        "ordered in multiples of 6; 7 is not a multiple"
    ]
    assert "minimum order quantity is 12" in check_quantity("A", 6, 6, 12)[0].reason
    assert next_case_quantity(1, increment=6, min_qty=12) == 12
    assert next_case_quantity(13, increment=6, min_qty=1) == 18
    assert next_case_quantity(1, increment=1, min_qty=1) == 1


def test_tax_is_charged_once_on_the_net_after_discounts() -> None:
    lines = [
        price_line("A", usd("3.33"), 3, 10),  # 9.99 gross, 8.99 net
        price_line("B", usd("1.25"), 7),  # 8.75
    ]
    totals = order_totals(lines, "USD", Decimal("8.25"))
    assert totals.net == usd("17.74")
    assert totals.tax == usd("1.46")  # 17.74 x 8.25% = 1.46355 -> 1.46
    assert totals.total == usd("19.20")


def test_no_tax_configured_means_total_is_the_net() -> None:
    totals = order_totals([price_line("A", usd("2.50"), 4)], "USD")
    assert totals.tax is None
    assert totals.total == totals.net == usd("10.00")


def test_a_tax_rate_outside_0_to_100_is_refused() -> None:
    with pytest.raises(PricingError):
        order_totals([], "USD", Decimal("101"))
