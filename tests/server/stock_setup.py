"""Scarce stock for allocation tests: two SKUs a buyer may order in any quantity, with a few units
in each demo warehouse, and an account whose credit never holds an order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.orm import Session

from repapp.core.money import Money
from repapp.core.pricing import price_line
from repapp.sync.protocol import OrderLinePayload, OrderPayload, PushEntry, payload_hash
from server.models import Allocation, Customer, Order, OrderLine, Product, Stock, Warehouse
from server.services.versions import next_sync_version


@dataclass(frozen=True)
class Scarce:
    account: str
    products: list[dict[str, Any]]  # pulled product rows
    warehouses: list[str]  # codes, in allocation order (by id)


def make_scarce(
    engine: Engine, changes: list[dict[str, Any]], on_hand: list[list[int]] | None = None
) -> Scarce:
    """Pick two list-priced SKUs and an account from a pull; give each SKU `on_hand` units per
    warehouse (`on_hand`, one list per SKU; default 5 and 3); the SKUs sell in ones and the account has unlimited credit."""
    candles = {
        c["key"] for c in changes if c["entity"] == "category" and c["data"]["name"] == "Candles"
    }
    products = [
        c["data"]
        for c in changes
        if c["entity"] == "product"
        and c["data"]["brand"] != "Nordlys"
        and str(c["data"]["category_id"]) not in candles
        and c["data"]["active"]
    ][:2]
    account = next(
        c["data"]["account_number"]
        for c in changes
        if c["entity"] == "customer" and c["data"]["price_list_code"] is None
    )
    skus = [p["sku"] for p in products]
    levels = dict(zip(skus, on_hand or [[5, 3], [5, 3]], strict=True))
    with Session(engine) as session, session.begin():
        session.execute(
            update(Customer)
            .where(Customer.account_number == account)
            .values(credit_limit=Decimal(10**9), credit_hold=False, open_balance=Decimal(0))
        )
        session.execute(
            update(Product).where(Product.sku.in_(skus)).values(min_qty=1, order_increment=1)
        )
        ids = {
            sku: product_id
            for sku, product_id in session.execute(
                select(Product.sku, Product.id).where(Product.sku.in_(skus))
            )
        }
        session.execute(delete(Stock).where(Stock.product_id.in_(ids.values())))
        warehouses = list(session.scalars(select(Warehouse).order_by(Warehouse.id)))
        for sku in skus:
            for warehouse, quantity in zip(warehouses, levels[sku], strict=False):
                session.add(
                    Stock(
                        product_id=ids[sku],
                        warehouse_id=warehouse.id,
                        on_hand=quantity,
                        allocated=0,
                        counted_at=datetime.now(UTC),
                        version=next_sync_version(session),
                    )
                )
        codes = [w.code for w in warehouses]
    for product in products:
        product["min_qty"] = product["order_increment"] = 1
    return Scarce(account, products, codes)


def order_payload(
    uuid: str, account: str, wanted: list[tuple[dict[str, Any], int]], ref: str = "T-1"
) -> OrderPayload:
    lines = []
    total = Decimal(0)
    for product, quantity in wanted:
        price = Decimal(product["list_price"])
        net = price_line(product["sku"], Money(price, "USD"), quantity).net.amount
        total += net
        lines.append(
            OrderLinePayload(
                sku=product["sku"], quantity=quantity, unit_price=price, line_total=net
            )
        )
    return OrderPayload(
        order_uuid=uuid,
        provisional_ref=ref,
        customer_account=account,
        currency="USD",
        captured_at="2026-11-23T10:00:00+00:00",
        lines=lines,
        total=total,
    )


def push_body(device: str, seq: int, payload: OrderPayload) -> dict[str, Any]:
    entry = PushEntry(
        seq=seq, order_uuid=payload.order_uuid, payload=payload, payload_hash=payload_hash(payload)
    )
    return {"device_id": device, "entries": [entry.model_dump(mode="json", exclude_unset=True)]}


def stock_of(session: Session, sku: str) -> dict[str, tuple[int, int]]:
    """(on hand, allocated) per warehouse code."""
    return {
        code: (on_hand, allocated)
        for code, on_hand, allocated in session.execute(
            select(Warehouse.code, Stock.on_hand, Stock.allocated)
            .join(Warehouse, Warehouse.id == Stock.warehouse_id)
            .join(Product, Product.id == Stock.product_id)
            .where(Product.sku == sku)
        )
    }


def lines_of(session: Session, order_uuid: str) -> list[tuple[str, int, int, int]]:
    """(sku, quantity, allocated, backordered) per line of an order."""
    allocated = (
        select(func.coalesce(func.sum(Allocation.quantity), 0))
        .where(Allocation.order_line_id == OrderLine.id)
        .scalar_subquery()
    )
    return [
        tuple(row)  # type: ignore[misc]
        for row in session.execute(
            select(OrderLine.sku, OrderLine.quantity, allocated, OrderLine.backordered)
            .join(Order, Order.id == OrderLine.order_id)
            .where(Order.order_uuid == order_uuid)
            .order_by(OrderLine.line_no)
        )
    ]
