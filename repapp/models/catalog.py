"""The local catalog copy: categories and products with stock "as of" the last pull.

`product_search` (FTS5, created by the migrations) indexes SKU, name, brand, description and
barcodes and is kept current by triggers on `products` (a stock or price update does not touch it).
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from repapp.models.base import Base


class Category(Base):
    __tablename__ = "categories"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None]
    name: Mapped[str] = mapped_column(String(120))


class Product(Base):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)  # local rowid, the FTS5 content key
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(2000), default="")
    brand: Mapped[str] = mapped_column(String(80), default="")
    category_id: Mapped[int | None]
    unit: Mapped[str] = mapped_column(String(16), default="each")
    case_pack: Mapped[int] = mapped_column(default=1)
    min_qty: Mapped[int] = mapped_column(default=1)
    order_increment: Mapped[int] = mapped_column(default=1)
    list_price: Mapped[Decimal]  # the base list's unit price
    currency: Mapped[str] = mapped_column(String(3))
    active: Mapped[bool] = mapped_column(default=True)
    barcodes: Mapped[str] = mapped_column(String(400), default="")  # space-separated
    attributes: Mapped[str] = mapped_column(String(2000), default="{}")  # JSON object
    images: Mapped[str] = mapped_column(String(2000), default="")  # space-separated SHA-256s


class StockLevel(Base):
    """Available to sell per SKU, summed over warehouses, as counted at `as_of` (server time).

    Kept apart from `products` so a stock figure that arrives before its product is not lost, and
    a stock update never touches the search index.
    """

    __tablename__ = "stock_levels"
    sku: Mapped[str] = mapped_column(String(40), primary_key=True)
    available: Mapped[int] = mapped_column(default=0)
    as_of: Mapped[str] = mapped_column(String(40), default="")
