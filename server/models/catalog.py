"""Catalog: the category tree, products with barcodes and images, warehouses and stock."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.models.base import Base


class Category(Base):
    __tablename__ = "categories"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    name: Mapped[str] = mapped_column(String(120))
    version: Mapped[int] = mapped_column(BigInteger, index=True)


class Product(Base):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(2000), default="")
    brand: Mapped[str] = mapped_column(String(80), default="")
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    unit: Mapped[str] = mapped_column(String(16), default="each")
    case_pack: Mapped[int] = mapped_column(default=1)
    min_qty: Mapped[int] = mapped_column(default=1)
    order_increment: Mapped[int] = mapped_column(default=1)
    list_price: Mapped[Decimal]  # the base price list's price for one unit
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # colour, size, ...
    active: Mapped[bool] = mapped_column(default=True)  # False: discontinued, shown but not sold
    version: Mapped[int] = mapped_column(BigInteger, index=True)

    barcodes: Mapped[list[Barcode]] = relationship(lazy="raise", cascade="all, delete-orphan")
    stock: Mapped[list[Stock]] = relationship(lazy="raise", cascade="all, delete-orphan")


class Barcode(Base):
    __tablename__ = "barcodes"
    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(32), unique=True)


class ProductImage(Base):
    """A product's picture, by the SHA-256 of its bytes (the bytes live once, in `blobs`)."""

    __tablename__ = "product_images"
    __table_args__ = (UniqueConstraint("product_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))


class Blob(Base):
    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(60))
    size: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Warehouse(Base):
    __tablename__ = "warehouses"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(120))


class Stock(Base):
    """On hand per warehouse and how much of it accepted orders hold (`allocated`). Reps see the
    sum of `on_hand - allocated` per SKU (available to sell) with its as-of time."""

    __tablename__ = "stock"
    __table_args__ = (UniqueConstraint("product_id", "warehouse_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    on_hand: Mapped[int] = mapped_column(default=0)
    allocated: Mapped[int] = mapped_column(default=0, server_default="0")
    counted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(BigInteger, index=True)
