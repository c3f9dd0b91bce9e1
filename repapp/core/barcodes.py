"""GTIN barcodes (EAN-8, UPC-A, EAN-13, GTIN-14): the mod-10 check digit."""

from __future__ import annotations

GTIN_LENGTHS = (8, 12, 13, 14)


def gtin_check_digit(body: str) -> int:
    """Check digit for the digits before it: weights 3,1,3,... from the right."""
    total = sum(
        int(digit) * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(body))
    )
    return (10 - total % 10) % 10


def is_valid_gtin(code: str) -> bool:
    return (
        code.isdigit()
        and len(code) in GTIN_LENGTHS
        and gtin_check_digit(code[:-1]) == int(code[-1])
    )


def make_gtin13(body12: str) -> str:
    return body12 + str(gtin_check_digit(body12))
