"""UI fixtures: a real SQLite workspace with a catalog big enough to page, real widgets offscreen.

Every test that makes a TaskManager shuts it down in teardown, so no worker thread outlives it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from repapp.core.barcodes import make_gtin13
from repapp.models import Customer, Product
from repapp.models.db import LocalStore
from repapp.services.workspace import Workspace
from repapp.sync import state
from repapp.ui.main_window import MainWindow
from repapp.ui.tasks import TaskManager

CATALOG_SIZE = 450  # more than two pages of 200
MUG_BARCODE = "4006381333931"
ADJECTIVES = ["Rustic", "Nordic", "Coastal", "Vintage", "Alpine", "Sage", "Honey", "Olive"]
NOUNS = ["Planter", "Candle", "Notebook", "Vase", "Towel", "Puzzle", "Frame", "Soap"]


def catalog_rows() -> list[Product]:
    rows = [
        Product(
            sku="MUG-1",
            name="Café mug",
            brand="Fernhill",
            case_pack=6,
            min_qty=6,
            list_price=Decimal("3.35"),
            currency="USD",
            barcodes=MUG_BARCODE,
            available=120,
        ),
        Product(
            sku="VASE-2",
            name="Crème brûlée ramekin",
            brand="Maison Lumière",
            case_pack=1,
            min_qty=1,
            list_price=Decimal("19.99"),
            currency="USD",
            barcodes="036000291452",
            available=0,
        ),
        Product(
            sku="OLD-3",
            name="Discontinued mug",
            list_price=Decimal("1.00"),
            currency="USD",
            barcodes="4006381333948",
            active=False,
        ),
    ]
    for index in range(CATALOG_SIZE - 2):
        rows.append(
            Product(
                sku=f"GEN-{10000 + index}",
                name=f"{ADJECTIVES[index % 8]} {NOUNS[index // 8 % 8]} no. {index}",
                brand="Oak & Ivy" if index % 3 else "Nordlys",
                case_pack=(1, 4, 12)[index % 3],
                min_qty=(1, 4, 12)[index % 3],
                list_price=Decimal(150 + index * 7) / 100,
                currency="USD",
                barcodes=make_gtin13(f"{614141000000 + index}"),
                available=(index * 37) % 400,
            )
        )
    return rows


def accounts() -> list[Customer]:
    return [
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
            terms="Prepaid",
            credit_limit=Decimal("100"),
            open_balance=Decimal("250"),
            credit_hold=True,
        ),
        Customer(
            account_number="C1003",
            name="Juniper General Store",
            city="Bozeman",
            terms="Net 60",
            credit_limit=Decimal("10000"),
            open_balance=Decimal("0"),
        ),
    ]


def fill(store: LocalStore) -> None:
    """What a first pull would leave on the laptop: catalog, accounts, and this device's number."""
    with store.transaction() as session:
        session.add_all(catalog_rows())
        session.add_all(accounts())
        state.put(session, state.DEVICE_PREFIX, "D001")
        state.put(session, state.DEVICE_ID, "dev-1")
        state.put(session, state.FULL_NAME, "Dana Whitfield")
        state.put(session, state.AS_OF, "2025-03-14T09:30:00+00:00")


@pytest.fixture(autouse=True)
def _no_threads_left() -> Iterator[None]:
    """Fail a test that leaves a worker thread running (a TaskManager not shut down)."""
    before = set(threading.enumerate())
    yield
    left = [thread.name for thread in set(threading.enumerate()) - before if thread.is_alive()]
    assert not left, f"threads still running after the test: {left}"


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(tmp_path / "rep.db")
    fill(ws.store)
    yield ws
    ws.close()


@pytest.fixture
def tasks(qapp: object) -> Iterator[TaskManager]:
    manager = TaskManager()
    yield manager
    manager.shutdown()


@pytest.fixture
def window(qtbot: QtBot, workspace: Workspace, tasks: TaskManager) -> Iterator[MainWindow]:
    """The main window, shown, with its first reads (status, accounts, catalog page) done."""
    main = MainWindow(workspace, tasks)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(
        lambda: (
            main.catalog.model.rowCount() > 0
            and main.customers.accounts.count() > 0
            and tasks.pending == 0
        )
    )
    yield main
    tasks.shutdown()  # before the workspace closes: no worker may still use the database


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform plugin cannot pass size hints to a window system it does not have
    # and says so as a warning whenever a window's minimum size changes; under a real display
    # the message does not exist. Every other Qt warning still fails the test.
    ignore = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints\(\)$")
    for item in items:
        if item.path.parent == Path(__file__).parent:
            item.add_marker(ignore)
