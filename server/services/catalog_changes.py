"""Changes back-office staff make to the catalog by hand: what reps' laptops must learn from them.

Discontinuing keeps the product (orders and history refer to it) and re-sends it marked not for
sale; deleting leaves a tombstone so every laptop drops its copy and its prices.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server.models import OrderLine, PriceEntry, PriceList, Product, Stock, Tombstone, Warehouse
from server.services.pull_rows import price_key
from server.services.versions import next_sync_version


def discontinue(session: Session, product: Product) -> None:
    product.active = False
    product.version = next_sync_version(session)


def delete_product(session: Session, product: Product) -> None:
    """Delete a product with its prices and stock; laptops get tombstones for each price too.

    A product that is on any order stays (orders and invoices refer to it): discontinue it.
    """
    if session.scalar(select(OrderLine.id).where(OrderLine.product_id == product.id).limit(1)):
        raise ValueError(f"{product.sku} is on orders: discontinue it instead of deleting it")
    for code, min_qty in session.execute(
        select(PriceList.code, PriceEntry.min_qty)
        .join(PriceEntry, PriceEntry.price_list_id == PriceList.id)
        .where(PriceEntry.product_id == product.id)
    ):
        session.add(
            Tombstone(
                entity="price",
                key=price_key(code, product.sku, min_qty),
                version=next_sync_version(session),
            )
        )
    session.add(Tombstone(entity="product", key=product.sku, version=next_sync_version(session)))
    session.execute(delete(Product).where(Product.id == product.id))  # the database cascades


def count_stock(session: Session, product: Product, warehouse: Warehouse, on_hand: int) -> None:
    """Record a stock count; laptops get the new available-to-sell with its time."""
    row = session.scalar(
        select(Stock).where(Stock.product_id == product.id, Stock.warehouse_id == warehouse.id)
    )
    if row is None:
        row = Stock(product_id=product.id, warehouse_id=warehouse.id)
        session.add(row)
    row.on_hand = on_hand
    row.counted_at = datetime.now(UTC)
    row.version = next_sync_version(session)
