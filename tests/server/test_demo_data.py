"""The demo loads into any empty database, however small the catalog asked for."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from server.db import make_engine, make_session_factory
from server.demo_data import load_demo_data
from server.migrate import upgrade
from server.models import Blob, ContractPrice, Order, Product, ProductImage, User
from server.services.auth import login


@pytest.mark.parametrize("products", [1, 20])
def test_a_small_demo_catalog_loads(tmp_path: Path, products: int) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'server.db'}")
    upgrade(engine)
    counts = load_demo_data(make_session_factory(engine), products=products)
    with make_session_factory(engine)() as session:
        assert (
            session.scalar(select(func.count()).select_from(Product))
            == products
            == counts["products"]
        )
        assert session.scalar(select(func.count()).select_from(ProductImage)) == products
        assert session.scalar(select(func.count()).select_from(Blob)) >= 1
        assert session.scalar(select(func.count()).select_from(ContractPrice)) > 0
    engine.dispose()


def test_an_admin_creates_a_rep_who_can_then_sign_in(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'server.db'}"
    env = {**os.environ, "REPAPP_DATABASE_URL": url, "REPAPP_NEW_PASSWORD": "show-floor-7"}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "server.cli", *args], env=env, capture_output=True, text=True
        )

    assert cli("init").returncode == 0
    done = cli("user", "mara.lind", "--name", "Mara Lind", "--role", "rep")
    assert done.returncode == 0 and "created" in done.stdout
    assert "updated" in cli("user", "mara.lind", "--name", "Mara Lind").stdout
    refused = cli("user", "mara.lind", "--role", "boss")
    assert refused.returncode == 2 and "boss" in refused.stderr
    assert cli("user", "mara.lind", "--max-discount", "15").returncode == 0
    too_much = cli("user", "mara.lind", "--max-discount", "120")
    assert too_much.returncode == 2 and "between 0 and 100" in too_much.stderr
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        _token, user, _device = login(session, "mara.lind", "show-floor-7", "laptop", 1)
        assert user.full_name == "Mara Lind" and user.role == "rep"
        assert user.max_discount_percent == 15
    engine.dispose()


def test_the_demo_rep_has_past_orders_to_reorder_from(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'server.db'}")
    upgrade(engine)
    load_demo_data(make_session_factory(engine), products=20)
    with make_session_factory(engine)() as session:
        rep = session.scalar(select(User).where(User.username == "rep"))
        orders = session.scalars(select(Order).options(selectinload(Order.lines))).all()
        assert len(orders) == 4 and {o.rep_id for o in orders} == {rep.id}
        assert {o.customer_account for o in orders} == {"C1001", "C1002", "C1004"}
        assert all(o.status == "accepted" and o.order_number.startswith("SO-") for o in orders)
        for order in orders:
            assert order.lines and order.total == sum(line.line_total for line in order.lines)
        retired = [line for o in orders for line in o.lines if line.product_id is None]
        assert [line.sku for line in retired] == ["MUG-09042"]  # reordering skips it
    engine.dispose()
