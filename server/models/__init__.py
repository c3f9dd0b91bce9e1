"""Server database models (SQLAlchemy 2, typed). Never imported by the client."""

from server.models.accounts import AuditEntry, Device, LoginFailure, PushReceipt, Token, User
from server.models.allocations import Allocation, StockReceipt
from server.models.base import Base, Counter, Tombstone
from server.models.catalog import Barcode, Blob, Category, Product, ProductImage, Stock, Warehouse
from server.models.customers import Contact, Customer, CustomerRep, ShipTo
from server.models.orders import Order, OrderLine
from server.models.prices import ContractPrice, PriceEntry, PriceList, Promotion

__all__ = [
    "Allocation",
    "AuditEntry",
    "Barcode",
    "Base",
    "Blob",
    "Category",
    "Contact",
    "ContractPrice",
    "Counter",
    "Customer",
    "CustomerRep",
    "Device",
    "LoginFailure",
    "Order",
    "OrderLine",
    "PriceEntry",
    "PriceList",
    "Product",
    "ProductImage",
    "Promotion",
    "PushReceipt",
    "ShipTo",
    "Stock",
    "StockReceipt",
    "Token",
    "Tombstone",
    "User",
    "Warehouse",
]
