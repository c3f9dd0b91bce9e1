"""Allocation: setting stock aside for accepted orders so two reps can never sell the same units.

Stock is taken warehouse by warehouse in a fixed order, lowest warehouse id first (the first
warehouse created is the main one); what no warehouse has becomes the line's backorder, which a
stock receipt fills later (`receipts.receive_stock`), oldest order first.

Concurrency: the order's stock rows are locked up front in (product, warehouse) order (SELECT ...
FOR UPDATE on PostgreSQL; on SQLite every write transaction already holds the database lock from
BEGIN IMMEDIATE), and each take is a guarded `UPDATE stock SET allocated = allocated + n WHERE
on_hand - allocated >= n`. Under READ COMMITTED the guard is re-checked against the latest row
version, so even without the lock a take could fail but never oversell; a failed take re-reads
what is left and tries again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from server.models import Allocation, Order, OrderLine, Stock
from server.services.versions import next_sync_version


def available(session: Session, stock_id: int) -> int:
    left = session.scalar(select(Stock.on_hand - Stock.allocated).where(Stock.id == stock_id))
    return max(int(left or 0), 0)


def take(session: Session, stock_id: int, wanted: int, version: int) -> int:
    """Allocate up to `wanted` units from one stock row; returns how many it got."""
    while wanted > 0:
        got = min(wanted, available(session, stock_id))
        if got == 0:
            return 0
        taken = session.execute(  # type: ignore[attr-defined]  # a CursorResult
            update(Stock)
            .where(Stock.id == stock_id, Stock.on_hand - Stock.allocated >= got)
            .values(allocated=Stock.allocated + got, version=version)
            .execution_options(synchronize_session=False)
        ).rowcount
        if taken == 1:
            return got
    return 0


def lock_stock(session: Session, product_ids: Iterable[int]) -> dict[int, list[int]]:
    """Lock the stock rows of these products; their ids per product, in allocation order."""
    rows = session.execute(
        select(Stock.product_id, Stock.id)
        .where(Stock.product_id.in_(sorted(set(product_ids))))
        .order_by(Stock.product_id, Stock.warehouse_id)
        .with_for_update()
    ).all()
    found: dict[int, list[int]] = {}
    for product_id, stock_id in rows:
        found.setdefault(product_id, []).append(stock_id)
    return found


def _warehouse_of(session: Session, stock_id: int) -> int:
    return session.scalars(select(Stock.warehouse_id).where(Stock.id == stock_id)).one()


def allocate(session: Session, order: Order) -> int:
    """Allocate every line of an accepted order (at intake, or when the office approves it).

    Lines without a known product are not stock items and are left alone. Sets each line's
    `backordered` to what could not be allocated and returns the total backordered.
    """
    lines = [line for line in order.lines if line.product_id is not None]
    if not lines:
        return 0
    stock_rows = lock_stock(session, (line.product_id for line in lines))  # type: ignore[misc]
    versions: dict[int, int] = {}  # one new version per product, so reps see what is left
    now = datetime.now(UTC)
    session.flush()  # line ids for the allocation rows
    short = 0
    for line in lines:
        wanted = line.quantity - _allocated(session, line)
        for stock_id in stock_rows.get(line.product_id, []):  # type: ignore[arg-type]
            if wanted <= 0:
                break
            if line.product_id not in versions:
                versions[line.product_id] = next_sync_version(session)  # type: ignore[index]
            got = take(session, stock_id, wanted, versions[line.product_id])  # type: ignore[index]
            if got:
                session.add(
                    Allocation(
                        order_line_id=line.id,
                        warehouse_id=_warehouse_of(session, stock_id),
                        quantity=got,
                        allocated_at=now,
                    )
                )
                wanted -= got
        line.backordered = max(wanted, 0)
        short += line.backordered
    return short


def _allocated(session: Session, line: OrderLine) -> int:
    """Units of this line already allocated (none at intake; some if allocated before)."""
    if line.id is None:
        return 0
    held = session.scalar(
        select(func.coalesce(func.sum(Allocation.quantity), 0)).where(
            Allocation.order_line_id == line.id
        )
    )
    return int(held or 0)


def release(session: Session, order: Order) -> None:
    """Give an order's allocated units back to stock (the order was replaced or cancelled)."""
    held = session.execute(
        select(Allocation.warehouse_id, OrderLine.product_id, func.sum(Allocation.quantity))
        .join(OrderLine, OrderLine.id == Allocation.order_line_id)
        .where(OrderLine.order_id == order.id)
        .group_by(Allocation.warehouse_id, OrderLine.product_id)
        .order_by(OrderLine.product_id, Allocation.warehouse_id)
    ).all()
    if held:
        versions: dict[int, int] = {}
        for warehouse_id, product_id, quantity in held:
            assert product_id is not None  # only stock items are allocated
            if product_id not in versions:
                versions[product_id] = next_sync_version(session)
            version = versions[product_id]
            session.execute(
                update(Stock)
                .where(Stock.product_id == product_id, Stock.warehouse_id == warehouse_id)
                .values(allocated=Stock.allocated - quantity, version=version)
                .execution_options(synchronize_session=False)
            )
        line_ids = select(OrderLine.id).where(OrderLine.order_id == order.id)
        session.execute(
            delete(Allocation)
            .where(Allocation.order_line_id.in_(line_ids))
            .execution_options(synchronize_session=False)
        )
    session.execute(
        update(OrderLine)
        .where(OrderLine.order_id == order.id)
        .values(backordered=0)
        .execution_options(synchronize_session=False)
    )
