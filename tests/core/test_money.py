from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repapp.core.money import CurrencyMismatch, Money, round_to_cent, total


def test_rounds_half_up_to_the_cent() -> None:
    assert round_to_cent(Decimal("0.005")) == Decimal("0.01")
    assert round_to_cent(Decimal("0.004999")) == Decimal("0.00")
    assert round_to_cent(Decimal("2.675")) == Decimal("2.68")  # a float would give 2.67
    assert round_to_cent(Decimal("-0.005")) == Decimal("-0.01")


def test_refuses_floats() -> None:
    with pytest.raises(TypeError):
        Money.of(0.1, "USD")  # type: ignore[arg-type]


def test_currencies_do_not_mix() -> None:
    with pytest.raises(CurrencyMismatch):
        _ = Money.of("1", "USD") + Money.of("1", "EUR")


def test_total_and_display() -> None:
    amounts = [Money.of("1234.5", "USD"), Money.of("0.25", "USD")]
    assert total(amounts, "USD") == Money(Decimal("1234.75"), "USD")
    assert str(total(amounts, "USD")) == "USD 1,234.75"
    assert total([], "EUR") == Money.zero("EUR")


@given(st.lists(st.decimals(min_value=0, max_value=10**6, places=2), max_size=50))
def test_sum_of_cents_is_exact(amounts: list[Decimal]) -> None:
    assert total([Money(a, "USD") for a in amounts], "USD").amount == sum(amounts, Decimal(0))
