"""Stock set aside for order lines, and the receipts that brought stock in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base


class StockReceipt(Base):
    """Goods received into a warehouse (a delivery, a return to stock), as entered."""

    __tablename__ = "stock_receipts"
    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    quantity: Mapped[int]
    reference: Mapped[str] = mapped_column(String(60), default="")
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Allocation(Base):
    """Units of one order line held in one warehouse: at intake, at approval, or from a receipt
    that filled a backorder (`receipt_id`)."""

    __tablename__ = "allocations"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_line_id: Mapped[int] = mapped_column(
        ForeignKey("order_lines.id", ondelete="CASCADE"), index=True
    )
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    quantity: Mapped[int]
    receipt_id: Mapped[int | None] = mapped_column(ForeignKey("stock_receipts.id"))
    allocated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
