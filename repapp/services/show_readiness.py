"""Is this laptop ready for the show? Read from the local database and the picture folder.

Before a rep leaves the office Wi-Fi, everything the booth needs must already be on the laptop:
the catalog, the prices of their accounts' price lists, the product pictures, and stock figures
recent enough to promise from. Each is one `Check`; the laptop is ready when every check passes.
The time of the last sync is told alongside. No Qt: the window reads this on its database thread
after each sync or picture download (on a 200,000-product catalog the read takes about a second);
in between, only time moves, and `at(now)` ages the stock check without reading anything.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from repapp.models import Customer, Price, Product
from repapp.models.db import LocalStore
from repapp.sync import state
from repapp.sync.images import ImageCache

STOCK_MAX_AGE = timedelta(hours=24)


@dataclass(frozen=True)
class Check:
    name: str  # "Catalog", "Prices", "Pictures", "Stock"
    ok: bool
    detail: str  # one sentence: what is there, or what to do


@dataclass(frozen=True)
class Readiness:
    checks: tuple[Check, ...]
    last_sync: datetime | None
    checked_at: datetime
    stock_as_of: datetime | None = None
    stock_max_age: timedelta = STOCK_MAX_AGE

    def at(self, now: datetime) -> Readiness:
        """The same laptop later: stock figures age, nothing else changes without a sync."""
        stock = _stock(self.stock_as_of, now, self.stock_max_age)
        checks = tuple(stock if check.name == stock.name else check for check in self.checks)
        return replace(self, checks=checks, checked_at=now)

    @property
    def ready(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def missing(self) -> list[Check]:
        return [check for check in self.checks if not check.ok]

    def headline(self) -> str:
        """'✓ Ready for the show', or 'Not ready: pictures, stock'."""
        if self.ready:
            return "✓ Ready for the show"
        return "Not ready: " + ", ".join(check.name.lower() for check in self.missing)

    def last_sync_text(self) -> str:
        if self.last_sync is None:
            return "Never synced on this laptop"
        return f"Last synced {age_text(self.last_sync, self.checked_at)}"


def parse_time(text: str) -> datetime | None:
    """An ISO time from the sync state; None when empty or unreadable (read as 'never')."""
    try:
        moment = datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def age_text(then: datetime, now: datetime) -> str:
    """'just now', '5 min ago', '3 h ago', '2 days ago' (a clock set back reads 'just now')."""
    seconds = (now - then).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 48 * 3600:
        return f"{int(seconds // 3600)} h ago"
    return f"{int(seconds // 86400)} days ago"


def _plural(count: int, thing: str) -> str:
    return f"{count:,} {thing}{'' if count == 1 else 's'}"


def _catalog(products: int) -> Check:
    if products == 0:
        return Check("Catalog", False, "No catalog on this laptop yet: sync first.")
    return Check("Catalog", True, f"{_plural(products, 'product')} on this laptop.")


def _prices(accounts: int, lists: dict[str, int]) -> Check:
    if accounts == 0:
        return Check("Prices", False, "No accounts on this laptop yet: sync first.")
    empty = sorted(code for code, prices in lists.items() if prices == 0)
    if empty:
        return Check(
            "Prices",
            False,
            f"No prices yet for {', '.join(empty)} (used by your accounts): sync.",
        )
    if not lists:
        return Check("Prices", True, "Your accounts buy at list price.")
    if len(lists) == 1:
        return Check("Prices", True, f"Prices for your accounts' price list {next(iter(lists))}.")
    return Check("Prices", True, f"Prices for all {len(lists)} price lists of your accounts.")


def _pictures(wanted: int, present: int) -> Check:
    if wanted == 0:
        return Check("Pictures", True, "The catalog has no pictures to download.")
    if present < wanted:
        missing = (
            f"None of the {_plural(wanted, 'picture')} is on this laptop yet"
            if present == 0
            else f"{wanted - present:,} of {_plural(wanted, 'picture')} still to download"
        )
        return Check("Pictures", False, f"{missing}: Download pictures (Ctrl+Shift+P).")
    return Check("Pictures", True, f"All {_plural(wanted, 'picture')} on this laptop.")


def _stock(as_of: datetime | None, now: datetime, max_age: timedelta) -> Check:
    if as_of is None:
        return Check("Stock", False, "No stock figures yet: sync first.")
    counted = f"Stock counted {age_text(as_of, now)}"
    if now - as_of > max_age:
        return Check("Stock", False, f"{counted}: sync for figures you can promise from.")
    return Check("Stock", True, f"{counted}.")


def read_readiness(
    store: LocalStore,
    images: ImageCache,
    now: datetime | None = None,
    stock_max_age: timedelta = STOCK_MAX_AGE,
) -> Readiness:
    now = now or datetime.now(UTC)
    with store.reading() as session:
        products = session.scalar(select(func.count()).where(Product.active)) or 0
        accounts = session.scalar(select(func.count()).where(Customer.assigned)) or 0
        codes = session.scalars(
            select(Customer.price_list_code)
            .where(Customer.assigned, Customer.price_list_code.is_not(None))
            .distinct()
        ).all()
        counted = dict(
            session.execute(
                select(Price.list_code, func.count())
                .where(Price.list_code.in_(codes))
                .group_by(Price.list_code)
            ).all()
        )
        as_of = parse_time(state.get(session, state.AS_OF))
        last_sync = parse_time(state.get(session, state.LAST_SYNC))
    wanted = images.wanted(store)
    checks = (
        _catalog(products),
        _prices(accounts, {code: counted.get(code, 0) for code in codes}),
        _pictures(len(wanted), sum(images.has(sha) for sha in wanted)),
        _stock(as_of, now, stock_max_age),
    )
    return Readiness(checks, last_sync, now, as_of, stock_max_age)
