"""The server's side of pricing: the same `repapp.core.price_rules`, fed from the server's tables.

Intake asks what a line *should* cost this buyer on the day the order was captured; any difference
from what the laptop sent goes to a person (needs approval: price), never a silent reprice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from repapp.core.price_rules import (
    Buyer,
    ContractPrice,
    PriceBreak,
    PricedProduct,
    PriceList,
    Promotion,
    ResolvedPrice,
    resolve_price,
)
from server.models import Category, Customer, PriceEntry, Product
from server.models import ContractPrice as ContractRow
from server.models import PriceList as PriceListRow
from server.models import Promotion as PromotionRow

BASE_CODE = "BASE"


def _promotion(row: PromotionRow) -> Promotion:
    return Promotion(
        code=row.code,
        name=row.name,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        kind=row.kind,  # type: ignore[arg-type]
        value=row.value,
        scope=row.scope,  # type: ignore[arg-type]
        scope_value=row.scope_value,
        customer_group=row.customer_group,
        priority=row.priority,
        currency=row.currency,
    )


@dataclass(frozen=True)
class PriceSheet:
    """What one customer pays for a set of products: read once per order, asked once per line."""

    customer: Customer
    price_list: PriceListRow | None
    breaks: dict[int, tuple[PriceBreak, ...]]
    contracts: dict[int, ContractPrice]
    promotions: tuple[Promotion, ...]
    parents: dict[int, int | None]

    @classmethod
    def read(cls, session: Session, customer: Customer, product_ids: Iterable[int]) -> PriceSheet:
        ids = list(product_ids)
        price_list = (
            session.get(PriceListRow, customer.price_list_id) if customer.price_list_id else None
        )
        breaks: dict[int, list[PriceBreak]] = {}
        if price_list is not None:
            for product_id, min_qty, unit_price in session.execute(
                select(PriceEntry.product_id, PriceEntry.min_qty, PriceEntry.unit_price).where(
                    PriceEntry.price_list_id == price_list.id, PriceEntry.product_id.in_(ids)
                )
            ):
                breaks.setdefault(product_id, []).append(PriceBreak(min_qty, unit_price))
        contracts = {
            row.product_id: ContractPrice(
                row.reference, row.unit_price, row.currency, row.starts_on, row.ends_on
            )
            for row in session.scalars(
                select(ContractRow).where(
                    ContractRow.customer_id == customer.id, ContractRow.product_id.in_(ids)
                )
            )
        }
        return cls(
            customer=customer,
            price_list=price_list,
            breaks={
                pid: tuple(sorted(found, key=lambda b: b.min_qty)) for pid, found in breaks.items()
            },
            contracts=contracts,
            promotions=tuple(_promotion(row) for row in session.scalars(select(PromotionRow))),
            parents=dict(session.execute(select(Category.id, Category.parent_id)).all()),
        )

    def resolve(self, product: Product, quantity: int, on: date) -> ResolvedPrice:
        path: list[str] = []
        current = product.category_id
        while current is not None and str(current) not in path:
            path.append(str(current))
            current = self.parents.get(current)
        priced_product = PricedProduct(
            sku=product.sku,
            brand=product.brand,
            category_ids=tuple(path),
            base=PriceList(
                BASE_CODE, "List price", product.currency, (PriceBreak(1, product.list_price),)
            ),
        )
        narrowed = None
        if self.price_list is not None and product.id in self.breaks:
            narrowed = PriceList(
                self.price_list.code,
                self.price_list.name,
                self.price_list.currency,
                self.breaks[product.id],
            )
        buyer = Buyer(
            account_number=self.customer.account_number,
            currency=self.customer.currency,
            customer_group=self.customer.customer_group,
            price_list=narrowed,
            contract=self.contracts.get(product.id),
        )
        return resolve_price(priced_product, buyer, quantity, on, self.promotions)
