"""The table models alone, without widgets: Qt's model checks, paging, and the quantity callback."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from pytestqt.modeltest import ModelTester

from repapp.services.catalog_search import ProductHit
from repapp.services.workspace import Workspace
from repapp.ui.catalog_model import AVAILABLE, PAGE_SIZE, CatalogModel
from repapp.ui.order_model import (
    DESCRIPTION,
    LINE_TOTAL,
    QTY,
    SKU,
    UNIT_PRICE,
    OrderLinesModel,
)
from repapp.ui.qt import QModelIndex, Qt
from tests.ui.conftest import CATALOG_SIZE

DISPLAY = Qt.ItemDataRole.DisplayRole


def hits(count: int) -> list[ProductHit]:
    return [
        ProductHit(f"SKU-{n:04d}", f"Product {n}", "Fernhill", Decimal("2.50"), "USD", 6, 6, n % 3)
        for n in range(count)
    ]


def list_search(products: list[ProductHit], calls: list[tuple[str, int, int]]):  # type: ignore[no-untyped-def]
    def search(words: str, limit: int, offset: int) -> list[ProductHit]:
        calls.append((words, limit, offset))
        matching = [hit for hit in products if words.lower() in hit.name.lower()]
        return matching[offset : offset + limit]

    return search


def test_catalog_model_passes_qts_model_checks(qtmodeltester: ModelTester) -> None:
    model = CatalogModel(list_search(hits(450), []))
    model.set_query("")
    qtmodeltester.check(model)  # it also calls fetchMore
    model.set_query("product 1")
    qtmodeltester.check(model)


def test_catalog_model_fetches_one_page_at_a_time(qapp: object) -> None:
    calls: list[tuple[str, int, int]] = []
    model = CatalogModel(list_search(hits(450), calls))
    model.set_query("")
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 450
    assert not model.canFetchMore(QModelIndex())
    assert calls == [("", 200, 0), ("", 200, 200), ("", 200, 400)]
    assert model.index(449, 0).data() == "SKU-0449"
    assert model.index(0, 4).data() == "2.50"
    assert model.headerData(5, Qt.Orientation.Horizontal, DISPLAY) == "Pricing"
    assert model.headerData(6, Qt.Orientation.Horizontal, DISPLAY) == "Available"


def test_catalog_pages_of_an_older_query_are_dropped(qapp: object) -> None:
    """Results come back later than typed: only the latest query may fill the table."""
    queued: list[tuple[Callable[[], list[ProductHit]], Callable[[list[ProductHit]], None]]] = []
    model = CatalogModel(list_search(hits(450), []), lambda work, done: queued.append((work, done)))
    model.set_query("product 1")
    model.set_query("product 44")
    assert not model.canFetchMore(QModelIndex())  # nothing more while a first page is on its way
    for work, done in queued:
        done(work())
    assert [model.index(row, 0).data() for row in range(model.rowCount())] == [
        "SKU-0044",
        *(f"SKU-{n:04d}" for n in range(440, 450)),
    ]


def test_catalog_model_over_the_real_search_reads_only_a_page(
    qapp: object, workspace: Workspace
) -> None:
    model = CatalogModel(workspace.catalog.search)
    model.set_query("")
    assert model.rowCount() == PAGE_SIZE < CATALOG_SIZE
    model.set_query("cafe")
    assert [model.hit(row).sku for row in range(model.rowCount())] == ["MUG-1"]


def order_with_lines(workspace: Workspace) -> str:
    desk = workspace.desk
    uuid = desk.start_order("C1001")
    desk.add_product(uuid, "MUG-1")
    desk.add_product(uuid, "VASE-2")
    return uuid


def test_order_model_passes_qts_model_checks(
    qtmodeltester: ModelTester, workspace: Workspace
) -> None:
    view = workspace.desk.view(order_with_lines(workspace))
    model = OrderLinesModel(lambda line_no, quantity: None)
    qtmodeltester.check(model)
    model.set_lines(view.lines)
    qtmodeltester.check(model)
    columns = (SKU, DESCRIPTION, QTY, UNIT_PRICE, LINE_TOTAL)
    assert [model.index(0, column).data() for column in columns] == [
        "MUG-1",
        "Café mug",
        "6",
        "3.10",
        "18.60",
    ]
    assert (
        model.index(0, UNIT_PRICE).data(Qt.ItemDataRole.ToolTipRole) == "Tier B"
    )  # why this price


def test_order_model_sends_quantity_edits_to_the_desk(workspace: Workspace, qapp: object) -> None:
    desk = workspace.desk
    uuid = order_with_lines(workspace)
    model = OrderLinesModel(
        lambda line_no, quantity: model.set_lines(desk.set_quantity(uuid, line_no, quantity).lines)
    )
    model.set_lines(desk.view(uuid).lines)
    qty = model.index(0, QTY)
    assert model.flags(qty) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, UNIT_PRICE)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(qty, 12)
    assert model.index(0, LINE_TOTAL).data() == "37.20"
    assert not model.setData(qty, "a dozen")
    assert not model.setData(qty, -6)
    assert not model.setData(model.index(0, UNIT_PRICE), "1.00")  # prices are not the rep's to type
    assert model.setData(qty, 0)  # zero removes the line
    assert [model.line(row).sku for row in range(model.rowCount())] == ["VASE-2"]


def test_finished_order_lines_are_read_only(workspace: Workspace, qapp: object) -> None:
    desk = workspace.desk
    view = desk.finish(order_with_lines(workspace))
    model = OrderLinesModel(lambda line_no, quantity: None)
    model.set_lines(view.lines, editable=view.editable)
    assert not model.flags(model.index(0, QTY)) & Qt.ItemFlag.ItemIsEditable


def test_stock_counted_over_a_day_ago_is_shown_as_such(qapp: object) -> None:
    now = datetime.now(UTC)
    fresh = replace(hits(1)[0], sku="FRESH", available=40, stock_as_of=now.isoformat())
    stale = replace(fresh, sku="STALE", stock_as_of=(now - timedelta(days=3)).isoformat())
    model = CatalogModel(list_search([fresh, stale], []))
    model.set_query("")
    colour = Qt.ItemDataRole.ForegroundRole
    assert model.index(0, AVAILABLE).data(colour) is None
    assert model.index(1, AVAILABLE).data(colour) is not None
    assert "Counted over a day ago" in model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Counted over a day ago" not in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
