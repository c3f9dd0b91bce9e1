"""The order lines model announces only what changed, so a long order repaints one row per edit.

Driven by the real order desk on the sample store; Qt's model tester watches every signal.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.modeltest import ModelTester

from repapp.services.order_desk import OrderView
from repapp.services.workspace import Workspace
from repapp.ui.order_model import QTY, OrderLinesModel
from repapp.ui.qt import QPersistentModelIndex, Qt


class Signals:
    """What the model told its views, as (signal, first row, last row)."""

    def __init__(self, model: OrderLinesModel) -> None:
        self.seen: list[tuple[str, int, int]] = []
        model.rowsInserted.connect(
            lambda _p, first, last: self.seen.append(("inserted", first, last))
        )
        model.rowsRemoved.connect(
            lambda _p, first, last: self.seen.append(("removed", first, last))
        )
        model.dataChanged.connect(
            lambda top, bottom, _roles: self.seen.append(("changed", top.row(), bottom.row()))
        )
        model.modelReset.connect(lambda: self.seen.append(("reset", 0, 0)))

    def take(self) -> list[tuple[str, int, int]]:
        seen, self.seen = self.seen, []
        return seen


@pytest.fixture
def shown(qtmodeltester: ModelTester, qapp: object) -> Iterator[tuple[OrderLinesModel, Signals]]:
    model = OrderLinesModel(lambda line_no, quantity: None)
    qtmodeltester.check(model)  # and goes on checking every change below
    yield model, Signals(model)


def skus(model: OrderLinesModel) -> list[str]:
    return [model.line(row).sku for row in range(model.rowCount())]


def test_adding_editing_and_removing_lines_touch_only_their_rows(
    workspace: Workspace, shown: tuple[OrderLinesModel, Signals]
) -> None:
    model, signals = shown
    desk = workspace.desk
    uuid = desk.start_order("C1001")
    view: OrderView = desk.view(uuid)
    for sku in ("MUG-1", "VASE-2", "GEN-10000", "GEN-10001"):
        view = desk.add_product(uuid, sku)
        model.set_lines(view.lines)
    assert signals.take() == [("inserted", n, n) for n in range(4)]
    selected = QPersistentModelIndex(model.index(3, QTY))

    model.set_lines(desk.set_quantity(uuid, 2, 5).lines)  # VASE-2: one row repainted
    assert signals.take() == [("changed", 1, 1)]
    assert model.index(1, QTY).data() == "5"
    model.set_lines(desk.add_product(uuid, "MUG-1").lines)  # a repeat scan: its row only
    assert signals.take() == [("changed", 0, 0)]
    model.set_lines(desk.view(uuid).lines)  # the same view again: nothing to repaint
    assert signals.take() == []

    model.set_lines(desk.remove_line(uuid, 2).lines)  # VASE-2 goes, its neighbours move up
    assert signals.take() == [("removed", 1, 1)]
    assert skus(model) == ["MUG-1", "GEN-10000", "GEN-10001"]
    assert selected.row() == 2  # the rep's place follows its line

    model.set_lines(desk.view(uuid).lines, editable=False)  # finished: every row read-only
    assert signals.take() == [("changed", 0, 2)]
    assert not model.flags(model.index(0, QTY)) & Qt.ItemFlag.ItemIsEditable

    model.set_lines([])  # no order open
    assert signals.take() == [("removed", 0, 2)]
    assert model.rowCount() == 0


def test_lines_in_another_order_are_shown_afresh(
    workspace: Workspace, shown: tuple[OrderLinesModel, Signals]
) -> None:
    model, signals = shown
    desk = workspace.desk
    first, second = desk.start_order("C1001"), desk.start_order("C1001")
    for sku in ("MUG-1", "VASE-2"):
        desk.add_product(first, sku)
    for sku in ("VASE-2", "MUG-1"):
        desk.add_product(second, sku)
    model.set_lines(desk.view(first).lines)
    signals.take()
    model.set_lines(desk.view(second).lines)  # same line numbers, other products
    assert signals.take() == [("changed", 0, 1)]
    assert skus(model) == ["VASE-2", "MUG-1"]
    model.set_lines(desk.remove_line(second, 1).lines)
    model.set_lines(desk.view(first).lines)  # line 2 was kept, line 1 comes back before it
    assert signals.take()[-1] == ("reset", 0, 0)
    assert skus(model) == ["MUG-1", "VASE-2"]
