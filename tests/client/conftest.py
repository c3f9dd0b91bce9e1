from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from repapp.models import Customer, Product
from repapp.models.db import LocalStore
from repapp.services.workspace import Workspace
from repapp.sync import state


def fill(store: LocalStore) -> None:
    """A small catalog and two accounts, written the way a pull would leave them."""
    with store.transaction() as session:
        session.add_all(
            [
                Product(
                    sku="MUG-1",
                    name="Café mug",
                    brand="Fernhill",
                    case_pack=6,
                    min_qty=6,
                    list_price=Decimal("3.35"),
                    currency="USD",
                    barcodes="4006381333931",
                    available=120,
                ),
                Product(
                    sku="VASE-2",
                    name="Terracotta vase",
                    brand="Oak & Ivy",
                    case_pack=1,
                    min_qty=1,
                    list_price=Decimal("19.99"),
                    currency="USD",
                    barcodes="036000291452",
                    available=4,
                ),
                Product(
                    sku="OLD-3",
                    name="Discontinued mug",
                    case_pack=1,
                    min_qty=1,
                    list_price=Decimal("1.00"),
                    currency="USD",
                    active=False,
                ),
            ]
        )
        session.add_all(
            [
                Customer(
                    account_number="C1001",
                    name="Zoë's Gift Shop",
                    city="Portland",
                    terms="Net 30",
                    credit_limit=Decimal("5000"),
                    open_balance=Decimal("1200.50"),
                ),
                Customer(
                    account_number="C1002",
                    name="Harbor Mercantile",
                    city="Savannah",
                    credit_limit=Decimal("100"),
                    open_balance=Decimal("0"),
                    credit_hold=True,
                ),
            ]
        )
        state.put(session, state.DEVICE_PREFIX, "D001")
        state.put(session, state.DEVICE_ID, "dev-1")
        state.put(session, state.FULL_NAME, "Dana Whitfield")


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(tmp_path / "rep.db")
    fill(ws.store)
    yield ws
    ws.close()
