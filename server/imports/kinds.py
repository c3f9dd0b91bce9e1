"""Every kind of import file, by the name the command line uses, in the order to import them."""

from __future__ import annotations

from server.imports import (
    contacts,
    contracts,
    customers,
    prices,
    products,
    promotions,
    ship_tos,
    stock,
)
from server.imports.spec import Kind

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        products.KIND,
        stock.KIND,
        prices.KIND,
        promotions.KIND,
        customers.KIND,
        ship_tos.KIND,
        contacts.KIND,
        contracts.KIND,
    )
}
