"""Server database models (SQLAlchemy 2, typed). Never imported by the client."""

from server.models.accounts import Device, PushReceipt, Token, User
from server.models.base import Base, Counter, Tombstone
from server.models.catalog import Barcode, Category, Product, Stock, Warehouse
from server.models.customers import Customer
from server.models.orders import Order, OrderLine

__all__ = [
    "Barcode",
    "Base",
    "Category",
    "Counter",
    "Customer",
    "Device",
    "Order",
    "OrderLine",
    "Product",
    "PushReceipt",
    "Stock",
    "Token",
    "Tombstone",
    "User",
    "Warehouse",
]
