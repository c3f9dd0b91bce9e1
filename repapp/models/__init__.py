"""The rep's local database (SQLite): catalog copy, accounts, orders and the outbox."""

from repapp.models.base import Base
from repapp.models.catalog import Category, Product
from repapp.models.customers import Customer
from repapp.models.orders import Order, OrderLine
from repapp.models.outbox import OutboxEntry, SyncState

__all__ = [
    "Base",
    "Category",
    "Customer",
    "Order",
    "OrderLine",
    "OutboxEntry",
    "Product",
    "SyncState",
]
