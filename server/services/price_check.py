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

from repapp.core.price_inputs import buyer, priced_product
from repapp.core.price_rules import (
    ContractPrice,
    PriceBreak,
    Promotion,
    ResolvedPrice,
    resolve_price,
)
from server.models import Category, Customer, PriceEntry, Product
from server.models import ContractPrice as ContractRow
from server.models import PriceList as PriceListRow
from server.models import Promotion as PromotionRow


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
        listed = self.price_list
        who = buyer(
            self.customer.account_number,
            self.customer.currency,
            self.customer.customer_group,
            (listed.code, listed.name, listed.currency) if listed is not None else None,
            self.breaks.get(product.id, ()),
            self.contracts.get(product.id),
        )
        item = priced_product(
            product.sku,
            product.brand,
            product.category_id,
            self.parents,
            product.currency,
            product.list_price,
        )
        return resolve_price(item, who, quantity, on, self.promotions)
