"""How each server row travels in a pull: the `data` of its change, in plain JSON types.

Prices and amounts travel as decimal strings, dates as ISO strings. A change is a plain dict with
the fields of `repapp.sync.protocol.Change`.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from server.models import (
    Category,
    Contact,
    ContractPrice,
    Customer,
    Order,
    PriceList,
    Promotion,
    ShipTo,
)

Change = dict[str, Any]


def change(entity: str, key: str, version: int, data: dict[str, Any]) -> Change:
    """One `put` change as it goes on the wire (`repapp.sync.protocol.Change`): a plain dict, so a
    page of thousands is serialized in one go instead of being built and checked model by model."""
    return {"entity": entity, "key": key, "op": "put", "version": version, "data": data}


def delete(entity: str, key: str, version: int) -> Change:
    return {"entity": entity, "key": key, "op": "delete", "version": version, "data": None}


def price_key(list_code: str, sku: str, min_qty: int) -> str:
    return f"{list_code}|{sku}|{min_qty}"


def contract_key(account_number: str, sku: str) -> str:
    return f"{account_number}|{sku}"


def amount_text(value: Decimal) -> str:
    """A price as the rep reads it: 16.63 not 16.6300; fractions of a cent kept (0.125)."""
    cents = value.quantize(Decimal("0.01"))
    return str(cents) if cents == value else str(value.normalize())


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def category(row: Category) -> dict[str, Any]:
    return {"id": row.id, "parent_id": row.parent_id, "name": row.name}


def product(row: Any, barcodes: list[str], images: list[str]) -> dict[str, Any]:
    return {
        "sku": row.sku,
        "name": row.name,
        "description": row.description,
        "brand": row.brand,
        "category_id": row.category_id,
        "unit": row.unit,
        "case_pack": row.case_pack,
        "min_qty": row.min_qty,
        "order_increment": row.order_increment,
        "list_price": amount_text(row.list_price),
        "currency": row.currency,
        "attributes": row.attributes or {},
        "active": row.active,
        "barcodes": barcodes,
        "images": images,
    }


def stock(sku: str, available: int, counted_at: datetime | None) -> dict[str, Any]:
    return {"sku": sku, "available": available, "as_of": _iso(counted_at)}


def price_list(row: PriceList) -> dict[str, Any]:
    return {"code": row.code, "name": row.name, "currency": row.currency, "kind": row.kind}


def price(list_code: str, sku: str, min_qty: int, unit_price: Decimal) -> dict[str, Any]:
    return {
        "list_code": list_code,
        "sku": sku,
        "min_qty": min_qty,
        "unit_price": amount_text(unit_price),
    }


def promotion(row: Promotion) -> dict[str, Any]:
    return {
        "code": row.code,
        "name": row.name,
        "starts_on": _iso(row.starts_on),
        "ends_on": _iso(row.ends_on),
        "kind": row.kind,
        "value": amount_text(row.value),
        "scope": row.scope,
        "scope_value": row.scope_value,
        "customer_group": row.customer_group,
        "priority": row.priority,
        "currency": row.currency,
    }


def _ship_to(row: ShipTo) -> dict[str, Any]:
    return {
        "code": row.code,
        "name": row.name,
        "street": row.street,
        "city": row.city,
        "region": row.region,
        "postcode": row.postcode,
        "country": row.country,
        "is_default": row.is_default,
    }


def _contact(row: Contact) -> dict[str, Any]:
    return {"name": row.name, "role": row.role, "email": row.email, "phone": row.phone}


def customer(
    row: Customer, price_list_code: str | None, ship_tos: list[ShipTo], contacts: list[Contact]
) -> dict[str, Any]:
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
        "overdue_amount": "0",  # no invoices yet: accounts receivable comes with the back office
        "tax_percent": str(row.tax_percent),
        "price_list_code": price_list_code,
        "customer_group": row.customer_group,
        "ship_tos": [_ship_to(s) for s in ship_tos],
        "contacts": [_contact(c) for c in contacts],
    }


def contract(row: ContractPrice, account_number: str, sku: str) -> dict[str, Any]:
    return {
        "account_number": account_number,
        "sku": sku,
        "reference": row.reference,
        "unit_price": amount_text(row.unit_price),
        "currency": row.currency,
        "starts_on": _iso(row.starts_on),
        "ends_on": _iso(row.ends_on),
    }


def order(row: Order) -> dict[str, Any]:
    """An order with its lines: the laptop that wrote it learns its fate, every laptop of the
    account's rep gets it as history to reorder from."""
    return {
        "order_uuid": row.order_uuid,
        "order_number": row.order_number,
        "provisional_ref": row.provisional_ref,
        "customer_account": row.customer_account,
        "status": row.status,
        "reasons": row.reasons,
        "captured_at": row.captured_at,
        "currency": row.currency,
        "total": amount_text(row.total),
        "lines": [
            {
                "sku": line.sku,
                "quantity": line.quantity,
                "unit_price": amount_text(line.unit_price),
                "discount_percent": str(line.discount_percent),
                "line_no": line.line_no,
                "backordered": line.backordered,  # units not allocated yet (optional field)
            }
            for line in row.lines
        ],
    }
