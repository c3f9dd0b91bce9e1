"""Finding products in the local catalog: ranked full-text search (FTS5), filters, barcodes.

Ranking: a product whose SKU or barcode is exactly what the rep typed comes first; then FTS5's
bm25 with SKU and barcode matches weighted above name, name above brand, brand above description.
Every word must match as a prefix, so "nor can" finds "Nordic Candle".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select, text

from repapp.core.price_inputs import category_path
from repapp.core.price_rules import ResolvedPrice
from repapp.models import Category, Product
from repapp.models.db import LocalStore

_WORD = re.compile(r"[\w-]+", re.UNICODE)
# bm25 weights, in the index's column order: sku, name, brand, description, barcodes
_RANK = "bm25(product_search, 10.0, 4.0, 2.0, 1.0, 10.0)"
_COLUMNS = (
    "p.id, p.sku, p.name, p.brand, p.description, p.category_id, p.list_price, p.currency, "
    "p.case_pack, p.min_qty, p.order_increment, p.images, "
    "coalesce(s.available, 0), coalesce(s.as_of, '')"
)
_STOCK = "LEFT JOIN stock_levels s ON s.sku = p.sku"
RANKED = 2000  # matches ranked per query; see CatalogSearch._matching_ids


@dataclass(frozen=True)
class ProductHit:
    sku: str
    name: str
    brand: str
    list_price: Decimal
    currency: str
    case_pack: int
    min_qty: int
    available: int
    description: str = ""
    category_id: int | None = None
    order_increment: int = 1
    image: str = ""  # SHA-256 of the first picture, "" if none
    stock_as_of: str = ""
    price: ResolvedPrice | None = field(default=None, compare=False)  # for the chosen buyer


@dataclass(frozen=True)
class CategoryNode:
    id: int
    name: str
    parent_id: int | None
    depth: int  # 0 for a top category


def fts_query(words: str) -> str:
    """Every word must match as a prefix; quotes keep the rep's input from being FTS syntax."""
    terms = [term.replace('"', "") for term in _WORD.findall(words)]
    return " ".join(f'"{term}"*' for term in terms if term)


def _hit(row: Any) -> ProductHit:
    (_, sku, name, brand, description, category_id, price, currency) = row[:8]
    (case_pack, min_qty, increment, images, available, as_of) = row[8:]
    return ProductHit(
        sku=sku,
        name=name,
        brand=brand,
        list_price=Decimal(price),
        currency=currency,
        case_pack=case_pack,
        min_qty=min_qty,
        available=available,
        description=description,
        category_id=category_id,
        order_increment=increment,
        image=images.split(" ", 1)[0] if images else "",
        stock_as_of=as_of,
    )


class CatalogSearch:
    def __init__(self, store: LocalStore) -> None:
        self.store = store

    def search(
        self, words: str, limit: int = 200, offset: int = 0, category_id: int | None = None
    ) -> list[ProductHit]:
        """Active products matching all words, best first; `category_id` includes subcategories."""
        query = fts_query(words)
        where: list[str] = ["p.active"]
        params = {"limit": limit, "offset": offset}
        if category_id is not None:
            ids = self.category_and_below(category_id)
            where.append(f"p.category_id IN ({', '.join(str(i) for i in ids)})")
        with self.store.reading() as session:
            if not query:
                sql = f"SELECT {_COLUMNS} FROM products p {_STOCK} WHERE {' AND '.join(where)} ORDER BY p.sku"
                rows = session.execute(text(f"{sql} LIMIT :limit OFFSET :offset"), params).all()
                return [_hit(row) for row in rows]
            exact = self._exact(session, words.strip(), where)
            if exact:
                where.append(f"p.id NOT IN ({', '.join(str(row[0]) for row in exact)})")
            ids = self._matching_ids(
                session, query, " AND ".join(where), max(0, offset - len(exact)), limit
            )
            found = {row[0]: row for row in self._rows(session, ids)}
        first = exact[offset:] if offset < len(exact) else []
        return [_hit(row) for row in [*first, *(found[i] for i in ids if i in found)]][:limit]

    @staticmethod
    def _matching_ids(
        session: Any, query: str, condition: str, offset: int, limit: int
    ) -> list[int]:
        """A page of matching product ids, best first.

        Ranking every match of a one-letter prefix means scoring tens of thousands of rows (a
        third of a second on 200,000 products), so only the first RANKED matches are ranked
        (in index order, which is cheap); a query that matches more shows those best-first, then
        the rest in catalog order. A query of a word or two matches fewer and is ranked whole.
        """
        select_matches = (
            f"SELECT product_search.rowid, {_RANK} FROM product_search "
            "JOIN products p ON p.id = product_search.rowid "
            f"WHERE product_search MATCH :query AND {condition} AND product_search.rowid > :after "
            "ORDER BY product_search.rowid LIMIT :cap"
        )
        candidates = session.execute(
            text(select_matches), {"query": query, "after": 0, "cap": RANKED}
        ).all()
        ranked = [row[0] for row in sorted(candidates, key=lambda row: (row[1], row[0]))]
        page = ranked[offset : offset + limit]
        if len(candidates) == RANKED and offset + limit > RANKED:
            rest = session.execute(
                text(select_matches + " OFFSET :skip"),
                {
                    "query": query,
                    "after": candidates[-1][0],
                    "cap": limit - len(page),
                    "skip": max(0, offset - RANKED),
                },
            ).all()
            page += [row[0] for row in rest]
        return page

    @staticmethod
    def _rows(session: Any, ids: list[int]) -> list[Any]:
        if not ids:
            return []
        return list(
            session.execute(
                text(
                    f"SELECT {_COLUMNS} FROM products p {_STOCK} WHERE p.id IN ({', '.join(map(str, ids))})"
                )
            )
        )

    def _exact(self, session: Any, typed: str, where: list[str]) -> list[Any]:
        """The product whose SKU or barcode is exactly `typed` (one word), for the top row."""
        if not typed or " " in typed:
            return []
        condition = " AND ".join(where)
        rows = session.execute(
            text(
                f"SELECT {_COLUMNS} FROM products p {_STOCK} WHERE p.sku IN (:typed, :upper) AND {condition}"
            ),
            {"typed": typed, "upper": typed.upper()},
        ).all()
        if not rows and typed.isdigit():
            rows = [
                row
                for row in session.execute(
                    text(
                        f"SELECT {_COLUMNS}, p.barcodes FROM product_search JOIN products p ON p.id = product_search.rowid "
                        f"{_STOCK} WHERE product_search MATCH :query AND {condition}"
                    ),
                    {"query": f'barcodes:"{typed}"'},
                )
                if typed in row[-1].split()
            ]
            rows = [row[:-1] for row in rows]
        return list(rows)

    def by_barcode(self, code: str) -> str | None:
        """The SKU whose barcode is exactly `code`, or None."""
        code = code.strip()
        if not code.isdigit():
            return None
        with self.store.reading() as session:
            rows = session.execute(
                text(
                    "SELECT p.sku, p.barcodes FROM product_search JOIN products p ON p.id = product_search.rowid "
                    "WHERE product_search MATCH :query AND p.active"
                ),
                {"query": f'barcodes:"{code}"'},
            ).all()
        return next((sku for sku, barcodes in rows if code in barcodes.split()), None)

    def product(self, sku: str) -> Product | None:
        with self.store.reading() as session:
            return session.scalar(select(Product).where(Product.sku == sku))

    def categories(self) -> list[CategoryNode]:
        """The category tree in display order: each category followed by its subcategories."""
        with self.store.reading() as session:
            rows = session.execute(select(Category.id, Category.name, Category.parent_id)).all()
        children: dict[int | None, list[Any]] = {}
        for row in rows:
            children.setdefault(row.parent_id, []).append(row)
        ordered: list[CategoryNode] = []

        def walk(parent: int | None, depth: int) -> None:
            for row in sorted(children.get(parent, []), key=lambda r: r.name.casefold()):
                ordered.append(CategoryNode(row.id, row.name, row.parent_id, depth))
                walk(row.id, depth + 1)

        walk(None, 0)
        return ordered

    def category_and_below(self, category_id: int) -> list[int]:
        with self.store.reading() as session:
            pairs = session.execute(select(Category.id, Category.parent_id)).all()
        below, frontier = {category_id}, [category_id]
        while frontier:
            parent = frontier.pop()
            for child, parent_id in pairs:
                if parent_id == parent and child not in below:
                    below.add(child)
                    frontier.append(child)
        return sorted(below)

    def category_path(self, category_id: int | None) -> tuple[str, ...]:
        """The category's id and its ancestors' ids, as strings (what promotions are scoped by)."""
        with self.store.reading() as session:
            parents = dict(session.execute(select(Category.id, Category.parent_id)).all())
        return category_path(parents, category_id)
