"""Pull: the changes a rep may see, in server version order, one page at a time."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from repapp.sync.protocol import Change, PullResponse
from server.models import Barcode, Category, Customer, Order, Product, Stock, Tombstone, User


def _category(row: Category) -> dict[str, Any]:
    return {"id": row.id, "parent_id": row.parent_id, "name": row.name}


def _customer(row: Customer) -> dict[str, Any]:
    return {
        "account_number": row.account_number,
        "name": row.name,
        "street": row.street,
        "city": row.city,
        "region": row.region,
        "postcode": row.postcode,
        "country": row.country,
        "contact_name": row.contact_name,
        "email": row.email,
        "phone": row.phone,
        "terms": row.terms,
        "currency": row.currency,
        "credit_limit": str(row.credit_limit),
        "open_balance": str(row.open_balance),
        "credit_hold": row.credit_hold,
    }


def _order(row: Order) -> dict[str, Any]:
    return {
        "order_uuid": row.order_uuid,
        "order_number": row.order_number,
        "status": row.status,
        "reasons": row.reasons,
    }


def _products(session: Session, rows: list[Product]) -> list[dict[str, Any]]:
    ids = [row.id for row in rows]
    barcodes: dict[int, list[str]] = {}
    for product_id, code in session.execute(
        select(Barcode.product_id, Barcode.code)
        .where(Barcode.product_id.in_(ids))
        .order_by(Barcode.id)
    ):
        barcodes.setdefault(product_id, []).append(code)
    available = dict(
        session.execute(
            select(Stock.product_id, func.sum(Stock.on_hand))
            .where(Stock.product_id.in_(ids))
            .group_by(Stock.product_id)
        ).all()
    )
    return [
        {
            "sku": row.sku,
            "name": row.name,
            "description": row.description,
            "brand": row.brand,
            "category_id": row.category_id,
            "unit": row.unit,
            "case_pack": row.case_pack,
            "min_qty": row.min_qty,
            "list_price": str(row.list_price),
            "currency": row.currency,
            "active": row.active,
            "barcodes": barcodes.get(row.id, []),
            "available": int(available.get(row.id) or 0),
        }
        for row in rows
    ]


def pull(session: Session, rep: User, cursor: int, limit: int) -> PullResponse:
    """Changes with version > cursor, oldest first; each entity queried with the same limit, then merged."""

    def after(model: type[Any]) -> Any:
        return select(model).where(model.version > cursor).order_by(model.version).limit(limit + 1)

    changes: list[Change] = []
    for row in session.scalars(after(Category)):
        changes.append(
            Change(
                entity="category",
                key=str(row.id),
                op="put",
                version=row.version,
                data=_category(row),
            )
        )
    products = list(session.scalars(after(Product)))
    for row, data in zip(products, _products(session, products), strict=True):
        changes.append(
            Change(entity="product", key=row.sku, op="put", version=row.version, data=data)
        )
    mine = Customer.rep_id == rep.id if rep.role == "rep" else True
    for row in session.scalars(after(Customer).where(mine)):
        changes.append(
            Change(
                entity="customer",
                key=row.account_number,
                op="put",
                version=row.version,
                data=_customer(row),
            )
        )
    for row in session.scalars(after(Order).where(Order.rep_id == rep.id)):
        changes.append(
            Change(
                entity="order", key=row.order_uuid, op="put", version=row.version, data=_order(row)
            )
        )
    for row in session.scalars(after(Tombstone)):
        changes.append(Change(entity=row.entity, key=row.key, op="delete", version=row.version))  # type: ignore[arg-type]
    changes.sort(key=lambda change: change.version)
    page, has_more = changes[:limit], len(changes) > limit
    next_cursor = page[-1].version if page else cursor
    return PullResponse(
        changes=page,
        next_cursor=next_cursor,
        has_more=has_more,
        as_of=datetime.now(UTC).isoformat(),
    )
