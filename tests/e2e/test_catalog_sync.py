"""Catalog, stock and accounts changing on the server reach laptops on their next sync, scoped to
each rep: through the real server process (SQLite and PostgreSQL) and the real client code."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text

from repapp.server_process import ServerProcess
from repapp.services.workspace import Workspace
from server.db import make_engine, make_session_factory, transaction
from server.models import ContractPrice, Customer, CustomerRep, Product, User, Warehouse
from server.services import assignments, catalog_changes


@pytest.fixture
def laptops(tmp_path: Path) -> Iterator[dict[str, Workspace]]:
    opened = {name: Workspace.open(tmp_path / name / "rep.db") for name in ("rep", "rep2")}
    yield opened
    for workspace in opened.values():
        workspace.close()


def count(workspace: Workspace, sql: str, **params: object) -> int:
    with workspace.store.reading() as session:
        return int(session.execute(text(sql), params).scalar_one())


def test_deletes_discontinuations_stock_and_moved_accounts_reach_the_right_laptops(
    demo_server: ServerProcess, laptops: dict[str, Workspace]
) -> None:
    rep, rep2 = laptops["rep"], laptops["rep2"]
    for name, workspace in laptops.items():
        workspace.sign_in(demo_server.url, name, "demo")
        workspace.sync()
    rep_accounts = {c.account_number for c in rep.desk.customers(limit=1000)}
    rep2_accounts = {c.account_number for c in rep2.desk.customers(limit=1000)}
    assert rep_accounts and rep2_accounts and len(rep_accounts & rep2_accounts) == 2  # shared

    engine = make_engine(demo_server.database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            products = list(session.scalars(select(Product).order_by(Product.id).limit(3)))
            gone, retired, counted = products
            catalog_changes.delete_product(session, gone)
            catalog_changes.discontinue(session, retired)
            east = session.scalar(select(Warehouse).where(Warehouse.code == "EAST"))
            catalog_changes.count_stock(session, counted, east, 1000)
            # An account with a contract, rep's alone, moves to rep2.
            moved = session.scalars(
                select(Customer)
                .join(ContractPrice, ContractPrice.customer_id == Customer.id)
                .where(Customer.account_number.in_(rep_accounts - rep2_accounts))
            ).first()
            assert moved is not None
            rep2_user = session.scalar(select(User).where(User.username == "rep2"))
            assignments.assign(session, moved, [rep2_user.id])
            skus = gone.sku, retired.sku, counted.sku
            account = moved.account_number
    finally:
        engine.dispose()

    rep.sync()
    gone_sku, retired_sku, counted_sku = skus
    assert count(rep, "SELECT count(*) FROM products WHERE sku = :s", s=gone_sku) == 0
    assert count(rep, "SELECT count(*) FROM prices WHERE sku = :s", s=gone_sku) == 0
    assert rep.catalog.search(gone_sku) == [] and rep.catalog.search(retired_sku) == []
    assert (
        count(rep, "SELECT count(*) FROM products WHERE sku = :s AND NOT active", s=retired_sku)
        == 1
    )
    (hit,) = [h for h in rep.catalog.search(counted_sku) if h.sku == counted_sku]
    assert hit.available >= 1000 and hit.stock_as_of > rep.stock_as_of[:10]
    assert account not in {c.account_number for c in rep.desk.customers(limit=1000)}
    assert count(rep, "SELECT count(*) FROM contracts WHERE account_number = :a", a=account) == 0

    rep2.sync()
    assert account in {c.account_number for c in rep2.desk.customers(limit=1000)}
    assert count(rep2, "SELECT count(*) FROM contracts WHERE account_number = :a", a=account) == 1
    assert count(rep2, "SELECT count(*) FROM products WHERE sku = :s", s=gone_sku) == 0


def test_a_rep_never_receives_another_reps_accounts(
    demo_server: ServerProcess, laptops: dict[str, Workspace]
) -> None:
    rep = laptops["rep"]
    rep.sign_in(demo_server.url, "rep", "demo")
    rep.sync()
    engine = make_engine(demo_server.database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            rep_id = session.scalar(select(User.id).where(User.username == "rep"))
            theirs = set(
                session.scalars(
                    select(Customer.account_number).where(
                        ~Customer.id.in_(
                            select(CustomerRep.customer_id).where(CustomerRep.user_id == rep_id)
                        )
                    )
                )
            )
    finally:
        engine.dispose()
    mine = {c.account_number for c in rep.desk.customers(limit=1000)}
    assert theirs and not (mine & theirs)
    assert count(
        rep,
        "SELECT count(*) FROM contracts WHERE account_number IN (SELECT account_number FROM customers)",
    ) == count(rep, "SELECT count(*) FROM contracts")
