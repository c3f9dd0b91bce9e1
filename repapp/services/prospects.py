"""Prospects: a buyer with no account yet, written on the show floor so an order can be taken.

A prospect is a local customer row (`prospect=True`) with a temporary account number
`NEW-<device prefix>-<n>` (`NEW-LOCAL-<n>` before the laptop's first sign-in). `n` comes from a
counter kept in sync_state, so a number is never given twice on this laptop. The first order
carries the prospect's details to the office (see `order_payload`), which opens the account.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from repapp.core.badges import Badge
from repapp.core.countries import country_code
from repapp.models import Customer
from repapp.models.db import LocalStore
from repapp.sync import state

NEXT_PROSPECT = "next_prospect"  # sync_state: the n of the next NEW-...-n account number
NO_PREFIX = "LOCAL"  # before the first sign-in the laptop has no device prefix
DEFAULT_CURRENCY = "USD"
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
# Longest text each field takes (the customers table's columns).
LIMITS = {
    "name": 200,
    "street": 200,
    "city": 100,
    "region": 100,
    "postcode": 20,
    "contact_name": 120,
    "title": 80,
    "email": 200,
    "phone": 40,
    "ship_name": 200,
    "ship_street": 200,
    "ship_city": 100,
    "ship_region": 100,
    "ship_postcode": 20,
}
LABELS = {
    "name": "Company name",
    "street": "Street",
    "city": "City",
    "region": "State / region",
    "postcode": "Postcode",
    "country": "Country",
    "contact_name": "Contact name",
    "title": "Title",
    "email": "E-mail",
    "phone": "Phone",
    "ship_name": "Ship-to name",
    "ship_street": "Ship-to street",
    "ship_city": "Ship-to city",
    "ship_region": "Ship-to state / region",
    "ship_postcode": "Ship-to postcode",
    "ship_country": "Ship-to country",
}


@dataclass(frozen=True)
class ProspectDetails:
    """What the rep typed (or scanned); `ship_*` count only with `ship_elsewhere`."""

    name: str = ""
    street: str = ""
    city: str = ""
    region: str = ""
    postcode: str = ""
    country: str = ""
    contact_name: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    ship_elsewhere: bool = False
    ship_name: str = ""
    ship_street: str = ""
    ship_city: str = ""
    ship_region: str = ""
    ship_postcode: str = ""
    ship_country: str = ""

    def cleaned(self) -> ProspectDetails:
        """Single spaces, no blanks at the ends, countries as two-letter codes where known."""
        texts = {
            f.name: " ".join(getattr(self, f.name).split())
            for f in dataclasses.fields(self)
            if f.name != "ship_elsewhere"
        }
        for key in ("country", "ship_country"):
            texts[key] = country_code(texts[key])
        return ProspectDetails(**texts, ship_elsewhere=self.ship_elsewhere)


class ProspectRefused(ValueError):
    """Some fields are not acceptable: `problems` maps each field to what is wrong with it."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def problems(details: ProspectDetails) -> dict[str, str]:
    """What is wrong, field by field (empty when the prospect can be saved)."""
    d = details.cleaned()
    found: dict[str, str] = {}
    if not d.name:
        found["name"] = "Company name is needed (the buyer's name if they trade as themselves)."
    if d.email and not _EMAIL.fullmatch(d.email):
        found["email"] = f"“{d.email}” does not look like an e-mail address (name@company.com)."
    if d.phone and not any(c.isdigit() for c in d.phone):
        found["phone"] = f"“{d.phone}” has no digits: is it a phone number?"
    for key in ("country", "ship_country") if d.ship_elsewhere else ("country",):
        value = getattr(d, key)
        if value and not (len(value) == 2 and value.isascii() and value.isalpha()):
            found[key] = (
                f"{LABELS[key]}: “{value}” is not known; type the two-letter code (US, CA, GB, DE…)."
            )
    if d.ship_elsewhere:
        for key in ("ship_street", "ship_city"):
            if not getattr(d, key):
                found[key] = f"{LABELS[key]} is needed for a different ship-to address."
    for key, limit in LIMITS.items():
        value = getattr(d, key)
        if len(value) > limit and key not in found:
            found[key] = f"{LABELS[key]} is {len(value)} characters long; {limit} at most."
    return found


def fields_from_badge(badge: Badge) -> dict[str, str]:
    """The form fields a scanned badge fills: the company from ORG (else the person's name),
    the contact from FN/N, and whatever address, phone and e-mail it carries."""
    found = {
        "name": badge.company,
        "contact_name": badge.person,
        "title": badge.title,
        "street": badge.street,
        "city": badge.city,
        "region": badge.region,
        "postcode": badge.postcode,
        "country": country_code(badge.country),
        "phone": badge.phone,
        "email": badge.email,
    }
    return {key: value for key, value in found.items() if value}


class Prospects:
    def __init__(self, store: LocalStore) -> None:
        self.store = store

    def create(self, details: ProspectDetails) -> Customer:
        """Save the prospect as a customer the rep can write orders for; raises ProspectRefused."""
        found = problems(details)
        if found:
            raise ProspectRefused(found)
        d = details.cleaned()
        with self.store.transaction() as session:
            customer = Customer(
                account_number=self._take_account_number(session),
                name=d.name,
                street=d.street,
                city=d.city,
                region=d.region,
                postcode=d.postcode,
                country=d.country,
                contact_name=d.contact_name,
                email=d.email,
                phone=d.phone,
                terms="",
                currency=self._company_currency(session),
                credit_limit=0,
                open_balance=0,
                credit_hold=False,
                tax_percent=0,
                price_list_code=None,
                assigned=True,
                prospect=True,
                ship_tos=json.dumps(_ship_tos(d), ensure_ascii=False),
                contacts=json.dumps(_contacts(d), ensure_ascii=False),
            )
            session.add(customer)
        return customer  # still readable: the store's sessions do not expire on commit

    @staticmethod
    def _take_account_number(session: Session) -> str:
        prefix = state.get(session, state.DEVICE_PREFIX) or NO_PREFIX
        n = int(state.get(session, NEXT_PROSPECT, "1"))
        while session.get(Customer, f"NEW-{prefix}-{n}") is not None:
            n += 1  # a restored backup may hold prospects the counter has not seen
        state.put(session, NEXT_PROSPECT, n + 1)
        return f"NEW-{prefix}-{n}"

    @staticmethod
    def _company_currency(session: Session) -> str:
        """The currency most of the rep's accounts buy in; USD on a laptop with none yet."""
        most = session.scalar(
            select(Customer.currency)
            .where(Customer.prospect.is_(False))
            .group_by(Customer.currency)
            .order_by(func.count().desc(), Customer.currency)
            .limit(1)
        )
        return most or DEFAULT_CURRENCY


def _ship_tos(d: ProspectDetails) -> list[dict[str, object]]:
    if not d.ship_elsewhere:
        return []  # goods go to the company's own address
    return [
        {
            "code": "SHIP",
            "name": d.ship_name or d.name,
            "street": d.ship_street,
            "city": d.ship_city,
            "region": d.ship_region,
            "postcode": d.ship_postcode,
            "country": d.ship_country or d.country,
            "is_default": True,
        }
    ]


def _contacts(d: ProspectDetails) -> list[dict[str, str]]:
    if not (d.contact_name or d.email or d.phone):
        return []
    return [
        {
            "name": d.contact_name or d.name,
            "role": d.title or "Buyer",
            "email": d.email,
            "phone": d.phone,
        }
    ]
