"""The price this buyer pays: local price lists, promotions and contracts fed to the shared rules.

`repapp.core.price_rules.resolve_price` decides; this module only reads the rows it needs, a page
of products at a time (one query per kind of row, not one per product).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from repapp.core.price_inputs import buyer, priced_product
from repapp.core.price_rules import (
    ContractPrice,
    PriceBreak,
    PricedProduct,
    PriceRuleError,
    Promotion,
    ResolvedPrice,
    resolve_price,
)
from repapp.models import Category, Contract, Customer, Price, Product
from repapp.models import PriceList as PriceListRow
from repapp.models import Promotion as PromotionRow
from repapp.models.db import LocalStore
from repapp.services.catalog_search import ProductHit


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _promotion(row: PromotionRow) -> Promotion:
    return Promotion(
        code=row.code,
        name=row.name,
        starts_on=date.fromisoformat(row.starts_on),
        ends_on=date.fromisoformat(row.ends_on),
        kind=row.kind,  # type: ignore[arg-type]
        value=row.value,
        scope=row.scope,  # type: ignore[arg-type]
        scope_value=row.scope_value,
        customer_group=row.customer_group,
        priority=row.priority,
        currency=row.currency,
    )


@dataclasses.dataclass(frozen=True)
class _Sheet:
    """Everything needed to price a set of SKUs for one buyer on one day."""

    customer: Customer | None
    list_row: PriceListRow | None
    breaks: dict[str, tuple[PriceBreak, ...]]
    contracts: dict[str, ContractPrice]
    promotions: tuple[Promotion, ...]
    parents: dict[int, int | None]


class BuyerPrices:
    def __init__(self, store: LocalStore, today: Callable[[], date] = date.today) -> None:
        self.store = store
        self.today = today

    def price_hits(self, account: str | None, hits: Sequence[ProductHit]) -> list[ProductHit]:
        """The hits with `price` set: this buyer's unit price at the product's minimum quantity."""
        if not hits:
            return list(hits)
        with self.store.reading() as session:
            sheet = self._sheet(session, account, [hit.sku for hit in hits])
        priced = []
        for hit in hits:
            product = self._product(
                sheet, hit.sku, hit.brand, hit.category_id, hit.currency, hit.list_price
            )
            try:
                price = self._resolve(sheet, product, max(hit.min_qty, 1))
            except PriceRuleError:
                price = None  # no price in this buyer's currency: the table says so
            priced.append(dataclasses.replace(hit, price=price))
        return priced

    def resolve(
        self, account: str | None, sku: str, quantity: int, on: date | None = None
    ) -> ResolvedPrice:
        """One product's price for this buyer at `quantity` (raises PriceRuleError if none)."""
        with self.store.reading() as session:
            row = session.scalar(select(Product).where(Product.sku == sku))
            if row is None:
                raise PriceRuleError(f"{sku} is not in the local catalog: sync to get it")
            sheet = self._sheet(session, account, [sku])
        product = self._product(
            sheet, sku, row.brand, row.category_id, row.currency, row.list_price
        )
        return self._resolve(sheet, product, quantity, on)

    # -- reading -------------------------------------------------------------------------------
    def _sheet(self, session: Session, account: str | None, skus: Iterable[str]) -> _Sheet:
        skus = list(skus)
        customer = session.get(Customer, account) if account else None
        list_row = (
            session.get(PriceListRow, customer.price_list_code)
            if customer is not None and customer.price_list_code
            else None
        )
        breaks: dict[str, list[PriceBreak]] = {}
        if list_row is not None:
            for sku, min_qty, unit_price in session.execute(
                select(Price.sku, Price.min_qty, Price.unit_price).where(
                    Price.list_code == list_row.code, Price.sku.in_(skus)
                )
            ):
                breaks.setdefault(sku, []).append(PriceBreak(min_qty, unit_price))
        contracts = {}
        if customer is not None:
            for row in session.scalars(
                select(Contract).where(
                    Contract.account_number == customer.account_number, Contract.sku.in_(skus)
                )
            ):
                contracts[row.sku] = ContractPrice(
                    row.reference,
                    row.unit_price,
                    row.currency,
                    _day(row.starts_on),
                    _day(row.ends_on),
                )
        promotions = tuple(_promotion(row) for row in session.scalars(select(PromotionRow)))
        parents = dict(session.execute(select(Category.id, Category.parent_id)).all())
        return _Sheet(
            customer,
            list_row,
            {sku: tuple(found) for sku, found in breaks.items()},
            contracts,
            promotions,
            parents,
        )

    # -- pricing -------------------------------------------------------------------------------
    @staticmethod
    def _product(
        sheet: _Sheet,
        sku: str,
        brand: str,
        category_id: int | None,
        currency: str,
        list_price: Decimal,
    ) -> PricedProduct:
        return priced_product(sku, brand, category_id, sheet.parents, currency, list_price)

    def _resolve(
        self, sheet: _Sheet, product: PricedProduct, quantity: int, on: date | None = None
    ) -> ResolvedPrice:
        customer, list_row = sheet.customer, sheet.list_row
        who = buyer(
            customer.account_number if customer else "",
            customer.currency if customer else product.base.currency,
            customer.customer_group if customer else "",
            (list_row.code, list_row.name, list_row.currency) if list_row else None,
            sheet.breaks.get(product.sku, ()),
            sheet.contracts.get(product.sku),
        )
        return resolve_price(product, who, quantity, on or self.today(), sheet.promotions)


def explain(price: ResolvedPrice | None) -> dict[str, Any]:
    """What a table cell or a printed line shows for a price: amount, source, the regular price."""
    if price is None:
        return {"amount": None, "label": "no price in this currency", "was": None}
    was = price.regular.amount if price.regular.amount != price.unit_price.amount else None
    return {"amount": price.unit_price.amount, "label": price.source.label, "was": was}
