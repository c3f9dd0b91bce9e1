"""Pull: the changes a rep may see, in server version order, one page at a time.

Each kind of row is a *feed*: its rows with a version above the cursor that this rep may see,
turned into changes. A feed reads at most `limit` rows and says up to which version it is
complete; the page is the merge of every feed up to the lowest such version. Rows may share a
version (bulk re-stamps, migrations), so a page never splits one version: the cursor is always the
last version fully sent.

Scope: the catalog, stock, tier price lists and promotions go to everyone; accounts, their
contract prices and customer-specific price lists only to the reps assigned to the account (back
office and admins see every account). A tombstone with a user id is for that rep alone.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, or_, select, true
from sqlalchemy.orm import Session, selectinload

from repapp.sync.protocol import MetaAction, PullResponse
from server.models import (
    Barcode,
    Category,
    Contact,
    ContractPrice,
    Customer,
    CustomerRep,
    Order,
    PriceEntry,
    PriceList,
    Product,
    ProductImage,
    Promotion,
    ShipTo,
    Stock,
    Tombstone,
    User,
)
from server.services import pull_rows as rows
from server.services.pull_rows import Change


@dataclass(frozen=True)
class Window:
    """What one page asks of a feed: rows with cursor < version <= ceiling, at most `limit`."""

    user: User
    cursor: int
    ceiling: int | None
    limit: int


# (changes, the version up to which this feed is complete, or None if it has nothing more)
FeedPage = tuple[list[Change], int | None]
Feed = Callable[[Session, Window], FeedPage]


def _read(
    session: Session, query: Select[Any], version: Any, window: Window, columns: bool = False
) -> tuple[list[Any], int | None]:
    """Rows of `query` in the window, oldest first, and the version up to which they are complete.

    Every feed's query selects its version column first, so `row[0]` is the row's version. A query
    of plain `columns` (no ORM entities) runs on the session's connection, as Core: the ORM's
    result machinery costs more than the query on the big feeds of a first sync.
    """
    run = session.connection().execute if columns else session.execute
    query = query.where(version > window.cursor)
    if window.ceiling is not None:
        query = query.where(version <= window.ceiling)
    found = list(run(query.order_by(version).limit(window.limit + 1)).all())
    if len(found) <= window.limit:
        return found, None
    first_left_out = found[window.limit][0]
    kept = found[: window.limit]
    while kept and kept[-1][0] == first_left_out:  # rows come in version order
        kept.pop()
    if not kept:  # a whole page of one version: send that version whole, however large
        kept = list(run(query.where(version == first_left_out).order_by(version)).all())
        return kept, first_left_out
    return kept, first_left_out - 1


def _between(version: Any, window: Window, found: list[Any]) -> ColumnElement[bool]:
    """The versions `found` covers: a feed's detail queries select by this, not by a list of ids."""
    return and_(version > window.cursor, version <= found[-1][0])


def _grouped(session: Session, query: Select[Any], columns: bool = False) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = {}
    for key, value in (session.connection().execute if columns else session.execute)(query):
        grouped.setdefault(key, []).append(value)
    return grouped


def _is_rep(user: User) -> bool:
    return user.role == "rep"


def _assigned(user: User) -> ColumnElement[bool]:
    if not _is_rep(user):
        return true()
    return exists().where(CustomerRep.customer_id == Customer.id, CustomerRep.user_id == user.id)


def _visible_lists(user: User) -> ColumnElement[bool]:
    if not _is_rep(user):
        return true()
    theirs = (
        select(Customer.price_list_id)
        .join(CustomerRep, CustomerRep.customer_id == Customer.id)
        .where(CustomerRep.user_id == user.id, Customer.price_list_id.is_not(None))
    )
    return or_(PriceList.kind != "customer", PriceList.id.in_(theirs))


def categories(session: Session, window: Window) -> FeedPage:
    found, complete = _read(session, select(Category.version, Category), Category.version, window)
    return [
        rows.change("category", str(c.id), version, rows.category(c)) for version, c in found
    ], complete


_PRODUCT_COLUMNS = (
    Product.version,
    Product.id,
    Product.sku,
    Product.name,
    Product.description,
    Product.brand,
    Product.category_id,
    Product.unit,
    Product.case_pack,
    Product.min_qty,
    Product.order_increment,
    Product.list_price,
    Product.currency,
    Product.attributes,
    Product.active,
)


# A plain named tuple per product row: `pull_rows.product` reads a dozen fields of each, and a
# Core Row's attribute lookup costs several times a tuple's.
_ProductRow = namedtuple("_ProductRow", [c.key for c in _PRODUCT_COLUMNS])  # type: ignore[misc]


def products(session: Session, window: Window) -> FeedPage:
    # Columns, not ORM objects: a first sync sends every product, and identity-mapped instances
    # cost several times what plain rows do.
    found, complete = _read(
        session, select(*_PRODUCT_COLUMNS), Product.version, window, columns=True
    )
    if not found:
        return [], complete
    # `found` is every product with a version in this range, so this selects their barcodes and
    # images without sending thousands of ids back to the database.
    page = select(Product.id).where(_between(Product.version, window, found))
    barcodes = _grouped(
        session,
        select(Barcode.product_id, Barcode.code)
        .where(Barcode.product_id.in_(page))
        .order_by(Barcode.id),
        columns=True,
    )
    images = _grouped(
        session,
        select(ProductImage.product_id, ProductImage.sha256)
        .where(ProductImage.product_id.in_(page))
        .order_by(ProductImage.product_id, ProductImage.position),
        columns=True,
    )
    changes = [
        rows.change(
            "product",
            p.sku,
            p.version,
            rows.product(p, barcodes.get(p.id, []), images.get(p.id, [])),
        )
        for p in map(_ProductRow._make, found)
    ]
    return changes, complete


# What a warehouse can still sell: on hand less what accepted orders hold (never below zero, as
# when a stock take counts fewer units than are allocated).
_AVAILABLE = case((Stock.on_hand > Stock.allocated, Stock.on_hand - Stock.allocated), else_=0)


def stock(session: Session, window: Window) -> FeedPage:
    """Available to sell per SKU: the sum over warehouses, sent whenever any warehouse changes."""
    found, complete = _read(
        session, select(Stock.version, Stock.product_id), Stock.version, window, columns=True
    )
    touched: dict[int, int] = {}
    for version, product_id in found:
        touched[product_id] = max(version, touched.get(product_id, 0))
    if not touched:
        return [], complete
    page = select(Stock.product_id).where(_between(Stock.version, window, found))
    totals = session.connection().execute(
        select(Product.id, Product.sku, func.sum(_AVAILABLE), func.max(Stock.counted_at))
        .join(Stock, Stock.product_id == Product.id)
        .where(Product.id.in_(page))
        .group_by(Product.id, Product.sku)
    )
    changes = [
        rows.change("stock", sku, touched[pid], rows.stock(sku, int(available or 0), counted_at))
        for pid, sku, available, counted_at in totals
    ]
    return changes, complete


def price_lists(session: Session, window: Window) -> FeedPage:
    query = select(PriceList.version, PriceList).where(_visible_lists(window.user))
    found, complete = _read(session, query, PriceList.version, window)
    return [
        rows.change("price_list", p.code, version, rows.price_list(p)) for version, p in found
    ], complete


def prices(session: Session, window: Window) -> FeedPage:
    query = (
        select(
            PriceEntry.version,
            PriceEntry.min_qty,
            PriceEntry.unit_price,
            PriceList.code,
            Product.sku,
        )
        .join(PriceList, PriceList.id == PriceEntry.price_list_id)
        .join(Product, Product.id == PriceEntry.product_id)
        .where(_visible_lists(window.user))
    )
    found, complete = _read(session, query, PriceEntry.version, window, columns=True)
    changes = [
        rows.change(
            "price",
            rows.price_key(code, sku, min_qty),
            version,
            rows.price(code, sku, min_qty, price),
        )
        for version, min_qty, price, code, sku in found
    ]
    return changes, complete


def promotions(session: Session, window: Window) -> FeedPage:
    found, complete = _read(
        session, select(Promotion.version, Promotion), Promotion.version, window
    )
    return [
        rows.change("promotion", p.code, version, rows.promotion(p)) for version, p in found
    ], complete


def customers(session: Session, window: Window) -> FeedPage:
    query = (
        select(Customer.version, Customer, PriceList.code)
        .outerjoin(PriceList, PriceList.id == Customer.price_list_id)
        .where(_assigned(window.user))
    )
    found, complete = _read(session, query, Customer.version, window)
    if not found:
        return [], complete
    ids = [c.id for _, c, _ in found]
    ship_tos = _grouped(
        session,
        select(ShipTo.customer_id, ShipTo).where(ShipTo.customer_id.in_(ids)).order_by(ShipTo.id),
    )
    contacts = _grouped(
        session,
        select(Contact.customer_id, Contact)
        .where(Contact.customer_id.in_(ids))
        .order_by(Contact.id),
    )
    changes = [
        rows.change(
            "customer",
            c.account_number,
            version,
            rows.customer(c, list_code, ship_tos.get(c.id, []), contacts.get(c.id, [])),
        )
        for version, c, list_code in found
    ]
    return changes, complete


def contracts(session: Session, window: Window) -> FeedPage:
    query = (
        select(ContractPrice.version, ContractPrice, Customer.account_number, Product.sku)
        .join(Customer, Customer.id == ContractPrice.customer_id)
        .join(Product, Product.id == ContractPrice.product_id)
        .where(_assigned(window.user))
    )
    found, complete = _read(session, query, ContractPrice.version, window)
    changes = [
        rows.change(
            "contract", rows.contract_key(account, sku), version, rows.contract(c, account, sku)
        )
        for version, c, account, sku in found
    ]
    return changes, complete


def orders(session: Session, window: Window) -> FeedPage:
    query = (
        select(Order.version, Order)
        .where(Order.rep_id == window.user.id)
        .options(selectinload(Order.lines))
    )
    found, complete = _read(session, query, Order.version, window)
    return [
        rows.change("order", o.order_uuid, version, rows.order(o)) for version, o in found
    ], complete


def tombstones(session: Session, window: Window) -> FeedPage:
    mine = or_(Tombstone.user_id.is_(None), Tombstone.user_id == window.user.id)
    query = select(Tombstone.version, Tombstone.entity, Tombstone.key).where(mine)
    found, complete = _read(session, query, Tombstone.version, window)
    return [rows.delete(entity, key, version) for version, entity, key in found], complete


FEEDS: Sequence[Feed] = (
    categories,
    products,
    stock,
    price_lists,
    prices,
    promotions,
    customers,
    contracts,
    orders,
    tombstones,
)


def pull_page(
    session: Session, user: User, cursor: int, limit: int, feeds: Sequence[Feed] = FEEDS
) -> dict[str, Any]:
    """Changes with version > cursor, oldest first: about `limit` of them, never a version split.

    The page is a `PullResponse` as plain JSON types, ready to serialize (`pull` validates it).
    """
    changes: list[Change] = []
    ceiling: int | None = None
    for feed in feeds:
        found, complete = feed(session, Window(user, cursor, ceiling, limit))
        changes += found
        if complete is not None and (ceiling is None or complete < ceiling):
            ceiling = complete  # nothing above this version can be sent in this page
    changes.sort(key=itemgetter("version"))
    if len(changes) > limit and changes[limit]["version"] > changes[0]["version"]:
        # Feeds interleave: keep the page near `limit`, cutting between two versions.
        cut = changes[limit]["version"] - 1
        ceiling = cut if ceiling is None else min(ceiling, cut)
    if ceiling is not None:
        changes = [change for change in changes if change["version"] <= ceiling]
    next_cursor = (
        ceiling if ceiling is not None else (changes[-1]["version"] if changes else cursor)
    )
    return {
        "changes": changes,
        "next_cursor": max(next_cursor, cursor),
        "has_more": ceiling is not None,
        "as_of": datetime.now(UTC).isoformat(),
        "action": MetaAction.OK.value,
    }


def pull(
    session: Session, user: User, cursor: int, limit: int, feeds: Sequence[Feed] = FEEDS
) -> PullResponse:
    """`pull_page` as a validated `PullResponse`."""
    return PullResponse.model_validate(pull_page(session, user, cursor, limit, feeds))
