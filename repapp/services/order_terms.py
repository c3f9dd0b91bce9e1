"""The terms written on an order besides the goods: line discounts within the rep's limit, and when
it ships (a window for the order, a date of its own for a line that ships apart).

Each check returns the reason in the rep's words, or None; the desk refuses an edit with it and
lists it among what stops a draft finishing (a draft reopened days later may hold dates now past).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy.orm import Session

from repapp.sync import state

# A ship date further ahead than this is taken for a typo (2052 for 2025), not a pre-booking.
MAX_DAYS_AHEAD = 730


def percent_text(value: Decimal) -> str:
    """12.50 -> "12.5%", 10.00 -> "10%"."""
    return f"{value.normalize():f}%"


def day_text(day: date) -> str:
    """As a rep says it: "4 Mar 2025"."""
    return f"{day.day} {day:%b %Y}"


def discount_limit(session: Session) -> Decimal | None:
    """The rep's line discount limit from the last sign-in; None when none is known."""
    text = state.get(session, state.MAX_DISCOUNT).strip()
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


def discount_problem(percent: Decimal, limit: Decimal | None) -> str | None:
    if limit is not None and percent > limit:
        return f"{percent_text(percent)} is above your discount limit of {percent_text(limit)}"
    return None


def ship_date_problem(day: date | None, today: date, what: str = "the ship date") -> str | None:
    if day is None:
        return None
    if day < today:
        return f"{what} {day_text(day)} is in the past (today is {day_text(today)})"
    if (day - today).days > MAX_DAYS_AHEAD:
        return f"{what} {day_text(day)} is more than two years ahead: check the year"
    return None


def ship_window_problem(ship_from: date | None, ship_until: date | None, today: date) -> str | None:
    """Either end may be open: "ship from" alone, "ship by" alone, or both, in order."""
    if ship_from is not None and ship_until is not None and ship_until < ship_from:
        return (
            f"the ship window ends ({day_text(ship_until)}) "
            f"before it starts ({day_text(ship_from)})"
        )
    return ship_date_problem(ship_from, today, "the ship window's start") or ship_date_problem(
        ship_until, today, "the ship window's end"
    )


def window_text(ship_from: date | None, ship_until: date | None) -> str:
    """ "1 Apr – 15 Apr 2025", "from 1 Apr 2025", "by 15 Apr 2025", or "" with no window."""
    if ship_from is not None and ship_until is not None:
        start = f"{ship_from.day} {ship_from:%b}" + (
            "" if ship_from.year == ship_until.year else f" {ship_from.year}"
        )
        return f"{start} – {day_text(ship_until)}"
    if ship_from is not None:
        return f"from {day_text(ship_from)}"
    if ship_until is not None:
        return f"by {day_text(ship_until)}"
    return ""
