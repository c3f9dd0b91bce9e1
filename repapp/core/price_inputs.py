"""Building price-rule inputs from stored rows, the same way on the laptop and on the server."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from repapp.core.price_rules import Buyer, ContractPrice, PriceBreak, PricedProduct, PriceList

BASE_CODE = "BASE"


def category_path(parents: Mapping[int, int | None], category_id: int | None) -> tuple[str, ...]:
    """The category's id and its ancestors' ids, nearest first (what promotions are scoped by)."""
    path: list[str] = []
    current = category_id
    while current is not None and str(current) not in path:  # a loop in bad data ends here
        path.append(str(current))
        current = parents.get(current)
    return tuple(path)


def priced_product(
    sku: str,
    brand: str,
    category_id: int | None,
    parents: Mapping[int, int | None],
    currency: str,
    list_price: Decimal,
) -> PricedProduct:
    """A product whose base list is its one list price (volume breaks live in price lists)."""
    base = PriceList(BASE_CODE, "List price", currency, (PriceBreak(1, list_price),))
    return PricedProduct(sku, brand, category_path(parents, category_id), base)


def buyer(
    account_number: str,
    currency: str,
    customer_group: str,
    price_list: tuple[str, str, str] | None,
    breaks: Sequence[PriceBreak],
    contract: ContractPrice | None,
) -> Buyer:
    """`price_list` is (code, name, currency) of the customer's list; `breaks` its entries here."""
    narrowed = None
    if price_list is not None and breaks:
        code, name, list_currency = price_list
        narrowed = PriceList(
            code, name, list_currency, tuple(sorted(breaks, key=lambda b: b.min_qty))
        )
    return Buyer(account_number, currency, customer_group, narrowed, contract)
