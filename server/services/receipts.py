"""Stock receipts: goods come into a warehouse and fill backorders, oldest accepted order first.

A receipt adds to the warehouse's on-hand count (a stock take, by contrast, sets it: see
`server.imports.stock`), then allocates the new units to backordered lines of accepted orders in
the order they were received (then by order and line number). Every order whose lines changed
gets a new sync version, so its rep's next pull shows fewer lines backordered; the stock row gets
one too, so every rep sees the new available-to-sell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.models import Allocation, Order, OrderLine, Product, Stock, StockReceipt, Warehouse
from server.services.allocation import take
from server.services.versions import next_sync_version


class ReceiptError(ValueError):
    """The receipt names an unknown SKU or warehouse, or a quantity below one."""


@dataclass
class ReceiptResult:
    receipt_id: int
    sku: str
    warehouse: str
    quantity: int
    filled: dict[str, int] = field(default_factory=dict)  # order number -> units allocated
    available: int = 0  # left to sell in this warehouse after filling backorders


def receive_stock(
    session: Session, sku: str, warehouse: str, quantity: int, reference: str = ""
) -> ReceiptResult:
    """Add `quantity` units of `sku` to `warehouse` (by code) and fill backorders FIFO."""
    if quantity < 1:
        raise ReceiptError(f"a receipt adds at least one unit, not {quantity}")
    product_id = session.scalar(select(Product.id).where(Product.sku == sku))
    if product_id is None:
        raise ReceiptError(f'unknown SKU "{sku}"')
    warehouse_id = session.scalar(select(Warehouse.id).where(Warehouse.code == warehouse))
    if warehouse_id is None:
        raise ReceiptError(f'unknown warehouse "{warehouse}"')
    # The version first: every writer takes the counter before any stock row (no lock cycles).
    version = next_sync_version(session)
    now = datetime.now(UTC)
    stock_id = session.scalar(
        select(Stock.id)
        .where(Stock.product_id == product_id, Stock.warehouse_id == warehouse_id)
        .with_for_update()
    )
    if stock_id is None:
        row = Stock(
            product_id=product_id,
            warehouse_id=warehouse_id,
            on_hand=0,
            allocated=0,
            counted_at=now,
            version=version,
        )
        session.add(row)
        session.flush()
        stock_id = row.id
    session.execute(
        update(Stock)
        .where(Stock.id == stock_id)
        .values(on_hand=Stock.on_hand + quantity, counted_at=now, version=version)
        .execution_options(synchronize_session=False)
    )
    receipt = StockReceipt(
        product_id=product_id,
        warehouse_id=warehouse_id,
        quantity=quantity,
        reference=reference,
        received_at=now,
    )
    session.add(receipt)
    session.flush()
    result = ReceiptResult(receipt.id, sku, warehouse, quantity)
    _fill_backorders(session, product_id, warehouse_id, stock_id, version, receipt, result)
    result.available = max(
        int(
            session.scalar(select(Stock.on_hand - Stock.allocated).where(Stock.id == stock_id)) or 0
        ),
        0,
    )
    return result


def _fill_backorders(
    session: Session,
    product_id: int,
    warehouse_id: int,
    stock_id: int,
    version: int,
    receipt: StockReceipt,
    result: ReceiptResult,
) -> None:
    waiting = session.execute(
        select(OrderLine, Order)
        .join(Order, Order.id == OrderLine.order_id)
        .where(
            OrderLine.product_id == product_id,
            OrderLine.backordered > 0,
            Order.status == "accepted",
        )
        .order_by(Order.received_at, Order.id, OrderLine.line_no)
        .with_for_update(of=OrderLine)
    ).all()
    bumped: set[int] = set()
    for line, order in waiting:
        got = take(session, stock_id, line.backordered, version)
        if got == 0:
            break
        line.backordered -= got
        session.add(
            Allocation(
                order_line_id=line.id,
                warehouse_id=warehouse_id,
                quantity=got,
                receipt_id=receipt.id,
                allocated_at=receipt.received_at,
            )
        )
        if order.id not in bumped:
            order.version = next_sync_version(session)
            bumped.add(order.id)
        key = order.order_number or order.order_uuid
        result.filled[key] = result.filled.get(key, 0) + got
