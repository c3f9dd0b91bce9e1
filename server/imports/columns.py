"""Typed cell parsers: each turns one non-empty, stripped cell into a value or raises `CellError`.

The reason in a `CellError` is written for the person who edits the spreadsheet: it quotes the
cell and says what to do instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from repapp.core.barcodes import GTIN_LENGTHS, is_valid_gtin

Parser = Callable[[str], Any]

LIST_SEPARATORS = re.compile(r"[;,\s]+")
BARCODE_SEPARATORS = re.compile(r"[;\s]+")
TRUE_WORDS = {"yes", "y", "true", "1"}
FALSE_WORDS = {"no", "n", "false", "0"}
CURRENCY_SIGNS = "$€£¥"


class CellError(ValueError):
    """A cell that cannot be used, with the reason."""


def text(max_length: int) -> Parser:
    def parse(cell: str) -> str:
        if len(cell) > max_length:
            raise CellError(f"is {len(cell)} characters long (at most {max_length})")
        return cell

    return parse


def code(max_length: int) -> Parser:
    """An identifier (SKU, account number, list code): no line breaks, bounded length."""
    check = text(max_length)

    def parse(cell: str) -> str:
        if "\n" in cell or "\r" in cell:
            raise CellError(f'"{cell}" spans several lines')
        return str(check(cell))

    return parse


def upper_code(max_length: int) -> Parser:
    check = code(max_length)
    return lambda cell: str(check(cell)).upper()


PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)")


def _number(cell: str) -> Decimal:
    if PLAIN_NUMBER.fullmatch(cell):
        return Decimal(cell)
    if any(sign in cell for sign in CURRENCY_SIGNS):
        raise CellError(f'"{cell}" is not a number (leave out the currency sign)')
    if "," in cell:
        hint = "leave out thousands separators" if "." in cell else "use a dot for decimals"
        raise CellError(f'"{cell}" is not a number ({hint})')
    if re.fullmatch(r"[+-]?\d+(\.\d*)?[eE][+-]?\d+", cell):
        raise CellError(
            f'"{cell}" is in scientific notation: format the column as a plain number or text'
        )
    if re.fullmatch(r"[+-]?\d{1,3}( \d{3})+(\.\d*)?", cell):
        raise CellError(f'"{cell}" is not a number (leave out thousands separators)')
    raise CellError(f'"{cell}" is not a number')


def decimal(places: int, negative: bool = False, digits: int = 14) -> Parser:
    """An amount with at most `places` decimals (a dot, no thousands separators)."""
    step = Decimal(1).scaleb(-places)
    limit = Decimal(10) ** (digits - places)

    def parse(cell: str) -> Decimal:
        value = _number(cell)
        if value < 0 and not negative:
            raise CellError(f"{cell} is negative")
        if abs(value) >= limit:
            raise CellError(f"{cell} is too large")
        rounded = value.quantize(step)
        if rounded != value:
            raise CellError(f"{cell} has more than {places} decimals")
        return rounded

    return parse


def percent(cell: str) -> Decimal:
    """A rate in percent, 0 to 100, at most two decimals ("8.25" for 8.25 %)."""
    value = decimal(2)(cell.removesuffix("%").strip())
    if value > 100:
        raise CellError(f"{cell} is more than 100 percent")
    return value


def integer(minimum: int | None = 0, maximum: int = 2_000_000_000) -> Parser:
    def parse(cell: str) -> int:
        value = Decimal(cell) if cell.isdigit() else _number(cell)
        if value != value.to_integral_value():
            raise CellError(f"{cell} is not a whole number")
        whole = int(value)
        if minimum is not None and whole < minimum:
            raise CellError(
                f"{cell} is negative" if minimum == 0 else f"{cell} is less than {minimum}"
            )
        if whole > maximum:
            raise CellError(f"{cell} is too large")
        return whole

    return parse


def boolean(cell: str) -> bool:
    word = cell.casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(f'"{cell}" is not yes or no (use yes/no, true/false or 1/0)')


def choice(*options: str) -> Parser:
    def parse(cell: str) -> str:
        word = cell.casefold()
        if word not in options:
            raise CellError(f'"{cell}" is not one of: {", ".join(options)}')
        return word

    return parse


def currency(cell: str) -> str:
    if re.fullmatch(r"[A-Za-z]{3}", cell) is None:
        raise CellError(f'"{cell}" is not a three-letter currency code such as USD')
    return cell.upper()


def country(cell: str) -> str:
    if re.fullmatch(r"[A-Za-z]{2}", cell) is None:
        raise CellError(f'"{cell}" is not a two-letter country code such as US')
    return cell.upper()


def email(cell: str) -> str:
    if len(cell) > 200 or re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", cell) is None:
        raise CellError(f'"{cell}" is not an email address')
    return cell


def day(cell: str) -> date:
    try:
        moment = datetime.fromisoformat(cell)
    except ValueError as error:
        raise CellError(f'"{cell}" is not a date (use YYYY-MM-DD)') from error
    if moment.time() != datetime.min.time():
        raise CellError(f'"{cell}" is not a date (use YYYY-MM-DD, without a time)')
    return moment.date()


def moment(cell: str) -> datetime:
    """An ISO date and time; without an offset it is taken as UTC."""
    try:
        value = datetime.fromisoformat(cell)
    except ValueError as error:
        raise CellError(
            f'"{cell}" is not a date and time (use YYYY-MM-DD or YYYY-MM-DDTHH:MM, optionally with an offset such as +02:00)'
        ) from error
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def words(cell: str) -> list[str]:
    """Several names separated by spaces, commas or semicolons, in order, without repeats."""
    return list(dict.fromkeys(w for w in LIST_SEPARATORS.split(cell) if w))


def barcodes(cell: str) -> list[str]:
    found = []
    for item in BARCODE_SEPARATORS.split(cell):
        if not item:
            continue
        if re.fullmatch(r"\d+(\.\d+)?[eE]\+?\d+", item):
            raise CellError(
                f'"{item}" is in scientific notation: format the column as text in the spreadsheet'
            )
        lost_zeros = 7 <= len(item) < 12 and is_valid_gtin(item.zfill(12))
        if item.isdigit() and len(item) not in GTIN_LENGTHS and lost_zeros:
            raise CellError(
                f'"{item}" has lost its leading zeros: format the column as text in the spreadsheet'
            )
        if not item.isdigit() or len(item) not in GTIN_LENGTHS:
            raise CellError(f'"{item}" is not a GTIN (8, 12, 13 or 14 digits)')
        if not is_valid_gtin(item):
            raise CellError(f'"{item}" has a wrong check digit')
        if item in found:
            raise CellError(f'"{item}" is listed twice')
        found.append(item)
    return found


def attributes(cell: str) -> dict[str, str]:
    """`colour=red; size=M`: names and values separated by `=`, pairs by `;`."""
    found: dict[str, str] = {}
    for pair in cell.split(";"):
        if not pair.strip():
            continue
        name, equals, value = pair.partition("=")
        name, value = name.strip(), value.strip()
        if not equals or not name:
            raise CellError(f'"{pair.strip()}" is not name=value (e.g. colour=red; size=M)')
        if name in found:
            raise CellError(f'"{name}" is given twice')
        found[name] = value
    return found


def category_path(cell: str) -> tuple[str, ...]:
    """`Home Decor > Candles`: the names from the top of the tree down."""
    names = tuple(part.strip() for part in cell.split(">"))
    if any(not name for name in names):
        raise CellError(f'"{cell}" has an empty category name (write e.g. Home Decor > Candles)')
    if any(len(name) > 120 for name in names):
        raise CellError(f'"{cell}" has a category name longer than 120 characters')
    return names


def file_list(cell: str) -> list[str]:
    """File names separated by `;` (names may contain spaces)."""
    return [item.strip() for item in cell.split(";") if item.strip()]
