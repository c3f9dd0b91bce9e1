"""Credit warnings in plain words, and country names turned into codes."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from repapp.core.countries import country_code
from repapp.core.credit import credit_warnings


@pytest.mark.parametrize(
    ("limit", "balance", "overdue", "hold", "expected"),
    [
        ("5000", "1200.50", "0", False, []),
        ("0", "0", "0", False, []),  # prepaid: no line, nothing owing
        (
            "100",
            "250",
            "80",
            True,
            [
                "On credit hold: orders go to the office for approval.",
                "USD 80.00 overdue.",
                "Credit exhausted: the balance of USD 250.00 is USD 150.00 over the USD 100.00 limit.",
            ],
        ),
        (
            "2500",
            "2500",
            "0",
            False,
            ["Credit exhausted: the balance of USD 2,500.00 uses the whole USD 2,500.00 limit."],
        ),
        (
            "10000",
            "9500",
            "0",
            False,
            ["Credit short: only USD 500.00 left of the USD 10,000.00 limit."],
        ),
        ("10000", "9000", "0", False, []),  # a tenth left is not short yet
        (
            "0",
            "40",
            "40",
            False,
            [
                "USD 40.00 overdue.",
                "Credit exhausted: the balance of USD 40.00 is USD 40.00 over the USD 0.00 limit.",
            ],
        ),
    ],
)
def test_credit_warnings(
    limit: str, balance: str, overdue: str, hold: bool, expected: list[str]
) -> None:
    assert credit_warnings(D(limit), D(balance), D(overdue), hold, "USD") == expected


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("USA", "US"),
        ("de", "DE"),
        ("Deutschland", "DE"),
        (" United  Kingdom ", "GB"),
        ("Narnia", "Narnia"),
        ("", ""),
    ],
)
def test_country_codes(written: str, code: str) -> None:
    assert country_code(written) == code
