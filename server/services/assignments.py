"""Which reps see an account, and what their laptops must be told when that changes.

A rep's pull sends rows newer than their cursor. A rep who *gains* an account has a cursor past the
account's rows, so gaining one re-stamps the account, its contract prices and its own
customer-specific price list with new versions. A rep who *loses* one gets a tombstone meant for
them alone; their laptop drops the account and what hangs off it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import Session

from server.models import ContractPrice, Customer, CustomerRep, PriceEntry, PriceList, Tombstone
from server.services.versions import SYNC_VERSION, next_sync_version, reserve


def is_assigned(session: Session, customer_id: int, user_id: int) -> bool:
    return bool(
        session.scalar(
            select(
                exists().where(
                    CustomerRep.customer_id == customer_id, CustomerRep.user_id == user_id
                )
            )
        )
    )


def restamp_customer(session: Session, customer: Customer) -> None:
    """Give the account and everything scoped to it new versions, so every assigned rep re-pulls it."""
    customer.version = next_sync_version(session)
    contract_ids = session.scalars(
        select(ContractPrice.id).where(ContractPrice.customer_id == customer.id)
    ).all()
    entry_ids: list[int] = []
    if customer.price_list_id is not None:
        price_list = session.get(PriceList, customer.price_list_id)
        if price_list is not None and price_list.kind == "customer":
            price_list.version = next_sync_version(session)
            entry_ids = list(
                session.scalars(
                    select(PriceEntry.id).where(PriceEntry.price_list_id == price_list.id)
                )
            )
    for model, ids in ((ContractPrice, contract_ids), (PriceEntry, entry_ids)):
        if ids:
            first = reserve(session, SYNC_VERSION, len(ids))
            session.execute(
                update(model),
                [{"id": row_id, "version": first + n} for n, row_id in enumerate(ids)],
            )


def assign(session: Session, customer: Customer, user_ids: Iterable[int]) -> tuple[int, int]:
    """Make `user_ids` the account's reps; returns (reps added, reps removed)."""
    wanted = set(user_ids)
    current = set(
        session.scalars(select(CustomerRep.user_id).where(CustomerRep.customer_id == customer.id))
    )
    added, removed = wanted - current, current - wanted
    for user_id in sorted(removed):
        session.add(
            Tombstone(
                entity="customer",
                key=customer.account_number,
                user_id=user_id,
                version=next_sync_version(session),
            )
        )
    if removed:
        session.execute(
            delete(CustomerRep).where(
                CustomerRep.customer_id == customer.id, CustomerRep.user_id.in_(removed)
            )
        )
    if added:
        restamp_customer(session, customer)
        for user_id in sorted(added):
            session.add(
                CustomerRep(
                    customer_id=customer.id, user_id=user_id, version=next_sync_version(session)
                )
            )
    session.flush()
    return len(added), len(removed)
