"""Finding products in the local catalog: full-text search (FTS5) and barcode look-up."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select, text

from repapp.models import Product
from repapp.models.db import LocalStore

_WORD = re.compile(r"[\w-]+", re.UNICODE)


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


def fts_query(words: str) -> str:
    """Every word must match as a prefix; quotes keep the rep's input from being FTS syntax."""
    terms = [term.replace('"', "") for term in _WORD.findall(words)]
    return " ".join(f'"{term}"*' for term in terms if term)


class CatalogSearch:
    def __init__(self, store: LocalStore) -> None:
        self.store = store

    def search(self, words: str, limit: int = 200, offset: int = 0) -> list[ProductHit]:
        """Active products matching all words (SKU, name, brand, barcode), best match first."""
        columns = (
            "p.sku, p.name, p.brand, p.list_price, p.currency, p.case_pack, p.min_qty, "
            "coalesce(s.available, 0)"
        )
        stock = "LEFT JOIN stock_levels s ON s.sku = p.sku"
        query = fts_query(words)
        with self.store.reading() as session:
            if query:
                rows = session.execute(
                    text(
                        f"SELECT {columns} FROM product_search JOIN products p ON p.id = product_search.rowid {stock} "
                        "WHERE product_search MATCH :query AND p.active ORDER BY rank, p.sku LIMIT :limit OFFSET :offset"
                    ),
                    {"query": query, "limit": limit, "offset": offset},
                ).all()
            else:
                rows = session.execute(
                    text(
                        f"SELECT {columns} FROM products p {stock} WHERE p.active ORDER BY p.sku LIMIT :limit OFFSET :offset"
                    ),
                    {"limit": limit, "offset": offset},
                ).all()
        return [
            ProductHit(sku, name, brand, Decimal(price), currency, case_pack, min_qty, available)
            for sku, name, brand, price, currency, case_pack, min_qty, available in rows
        ]

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
