"""The rep's local database (SQLite): catalog copy, accounts, orders and the outbox."""

from repapp.models.base import Base
from repapp.models.catalog import Category, Product, StockLevel
from repapp.models.customers import Customer
from repapp.models.orders import Order, OrderLine, OrderSignature, PastOrder
from repapp.models.outbox import OutboxEntry, SyncState
from repapp.models.prices import Contract, Price, PriceList, Promotion

__all__ = [
    "Base",
    "Category",
    "Contract",
    "Customer",
    "Order",
    "OrderLine",
    "OrderSignature",
    "OutboxEntry",
    "PastOrder",
    "Price",
    "PriceList",
    "Product",
    "Promotion",
    "StockLevel",
    "SyncState",
]
