"""How the cells of the order lines table are drawn and edited.

Every cell draws a rule above the first line of a new shipment, so split deliveries read as
groups. The quantity steps by the product's order increment, the discount is a percent (the
rep's limit in its tooltip; the desk refuses more, with the reason), the ship date is a day or
none (ships with the order).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from repapp.ui.day_edit import DayEdit
from repapp.ui.order_model import SHIPMENT_START_ROLE, WITH_ORDER, OrderLinesModel
from repapp.ui.qt import (
    QColor,
    QDoubleSpinBox,
    QModelIndex,
    QPainter,
    QPen,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QWidget,
)

SHIPMENT_RULE = QColor("#546e7a")


class OrderLineDelegate(QStyledItemDelegate):
    """Draws the cell, and above the first line of each new shipment a rule."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().paint(painter, option, index)
        if index.data(SHIPMENT_START_ROLE):
            painter.save()
            painter.setPen(QPen(SHIPMENT_RULE, 2))
            top = option.rect.top() + 1  # type: ignore[attr-defined]
            painter.drawLine(option.rect.left(), top, option.rect.right(), top)  # type: ignore[attr-defined]
            painter.restore()


def _line(index: QModelIndex) -> Any:
    model = index.model()
    assert isinstance(model, OrderLinesModel)
    return model.line(index.row())


class IncrementSpinBox(QSpinBox):
    """Steps to the next (or previous) multiple of the order increment, from whatever is typed."""

    def __init__(self, increment: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, minimum=0, maximum=999_999, frame=False)
        self.increment = max(increment, 1)
        self.setSingleStep(self.increment)

    def stepBy(self, steps: int) -> None:
        value, step = self.value(), self.increment
        if value % step == 0:
            target = value + step * steps
        else:  # 13 in cases of 6: one step up is 18, one step down 12
            below = value // step * step
            target = below + step * (steps if steps > 0 else steps + 1)
        self.setValue(max(target, 0))
        self.selectAll()


class QuantityDelegate(OrderLineDelegate):
    """A spin box that steps by the product's order increment, the way the line is sold."""

    def createEditor(self, parent: QWidget, option: Any, index: QModelIndex) -> QWidget:
        line = _line(index)
        editor = IncrementSpinBox(line.increment, parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        editor.setToolTip(
            f"Steps by {editor.increment} (the order increment); 0 removes the line"
            if editor.increment > 1
            else "0 removes the line"
        )
        return editor


class DiscountDelegate(OrderLineDelegate):
    """The line discount in percent; the tooltip says the rep's limit."""

    def createEditor(self, parent: QWidget, option: Any, index: QModelIndex) -> QWidget:
        editor = QDoubleSpinBox(parent, minimum=0, maximum=100, decimals=2, frame=False)
        editor.setSuffix("%")
        editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        model = index.model()
        assert isinstance(model, OrderLinesModel)
        editor.setToolTip(model.limit_text())
        return editor

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex) -> None:
        assert isinstance(editor, QDoubleSpinBox)
        editor.interpretText()
        model.setData(index, Decimal(f"{editor.value():.2f}"))


class ShipDateDelegate(OrderLineDelegate):
    """The day this line ships apart, or none: it ships with the order. A picked day is saved
    at once, so a tap in the calendar is all a touch screen needs."""

    def createEditor(self, parent: QWidget, option: Any, index: QModelIndex) -> QWidget:
        editor = DayEdit(WITH_ORDER, parent)
        editor.setFrame(False)
        editor.setToolTip("The day this line ships apart; Delete: ships with the order")
        calendar = editor.calendarWidget()
        calendar.clicked.connect(lambda _day: self._picked(editor))  # a tap or a click
        calendar.activated.connect(lambda _day: self._picked(editor))  # Enter in the calendar
        return editor

    def _picked(self, editor: DayEdit) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        assert isinstance(editor, DayEdit)
        editor.set_day(_line(index).ship_date)

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex) -> None:
        assert isinstance(editor, DayEdit)
        model.setData(index, editor.day())
