"""A small, realistic local store for client and UI tests, written the way a pull leaves it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from repapp.core.barcodes import make_gtin13
from repapp.models import (
    Category,
    Contract,
    Customer,
    Price,
    PriceList,
    Product,
    Promotion,
    StockLevel,
)
from repapp.models.db import LocalStore
from repapp.sync import state

MUG_BARCODE = "4006381333931"
ADJECTIVES = ["Rustic", "Nordic", "Coastal", "Vintage", "Alpine", "Sage", "Honey", "Olive"]
NOUNS = ["Planter", "Candle", "Notebook", "Vase", "Towel", "Puzzle", "Frame", "Soap"]
KITCHEN, MUGS, DECOR, VASES, CANDLES = 1, 2, 3, 4, 5


def categories() -> list[Category]:
    return [
        Category(id=KITCHEN, name="Kitchen & Dining", parent_id=None),
        Category(id=MUGS, name="Mugs", parent_id=KITCHEN),
        Category(id=DECOR, name="Home Decor", parent_id=None),
        Category(id=VASES, name="Vases", parent_id=DECOR),
        Category(id=CANDLES, name="Candles", parent_id=DECOR),
    ]


def pricing(today: date) -> list[object]:
    """Tier B with a volume break on the mug, a show special on home decor, one contract."""
    return [
        PriceList(code="TIER-B", name="Tier B", currency="USD", kind="tier"),
        Price(list_code="TIER-B", sku="MUG-1", min_qty=1, unit_price=Decimal("3.10")),
        Price(list_code="TIER-B", sku="MUG-1", min_qty=48, unit_price=Decimal("2.90")),
        Price(list_code="TIER-B", sku="VASE-2", min_qty=1, unit_price=Decimal("18.50")),
        Promotion(
            code="SHOW-DECOR",
            name="Show special",
            starts_on=(today - timedelta(days=1)).isoformat(),
            ends_on=(today + timedelta(days=2)).isoformat(),
            kind="percent",
            value=Decimal("10"),
            scope="category",
            scope_value=str(DECOR),
            customer_group="",
            priority=10,
            currency="USD",
        ),
        Contract(
            account_number="C1003",
            sku="MUG-1",
            reference="K-17",
            unit_price=Decimal("2.75"),
            currency="USD",
            starts_on=None,
            ends_on=None,
        ),
    ]


def catalog_rows(generated: int = 0) -> list[Product]:
    """A mug sold by the case, a sold-out ramekin, a discontinued mug, then `generated` more."""
    rows = [
        Product(
            sku="MUG-1",
            name="Café mug",
            description="Stoneware, dishwasher safe",
            brand="Fernhill",
            category_id=MUGS,
            case_pack=6,
            min_qty=6,
            order_increment=6,
            list_price=Decimal("3.35"),
            currency="USD",
            barcodes=MUG_BARCODE,
        ),
        Product(
            sku="VASE-2",
            name="Crème brûlée ramekin, terracotta",
            brand="Maison Lumière",
            category_id=VASES,
            case_pack=1,
            min_qty=1,
            list_price=Decimal("19.99"),
            currency="USD",
            barcodes="036000291452",
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
    for index in range(generated):
        rows.append(
            Product(
                sku=f"GEN-{10000 + index}",
                name=f"{ADJECTIVES[index % 8]} {NOUNS[index // 8 % 8]} no. {index}",
                brand="Oak & Ivy" if index % 3 else "Nordlys",
                category_id={"Candle": CANDLES, "Vase": VASES}.get(NOUNS[index // 8 % 8], MUGS),
                case_pack=(1, 4, 12)[index % 3],
                min_qty=(1, 4, 12)[index % 3],
                order_increment=(1, 4, 12)[index % 3],
                list_price=Decimal(150 + index * 7) / 100,
                currency="USD",
                barcodes=make_gtin13(f"{614141000000 + index}"),
            )
        )
    return rows


def stock_levels(generated: int = 0) -> list[StockLevel]:
    as_of = "2025-03-14T09:30:00+00:00"
    levels = [
        StockLevel(sku="MUG-1", available=120, as_of=as_of),
        StockLevel(sku="VASE-2", available=0, as_of=as_of),
    ]
    levels += [
        StockLevel(sku=f"GEN-{10000 + index}", available=(index * 37) % 400, as_of=as_of)
        for index in range(generated)
    ]
    return levels


def accounts() -> list[Customer]:
    return [
        Customer(
            account_number="C1001",
            name="Zoë's Gift Shop",
            city="Portland",
            terms="Net 30",
            credit_limit=Decimal("5000"),
            open_balance=Decimal("1200.50"),
            price_list_code="TIER-B",
            customer_group="independent",
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
            customer_group="chain",
        ),
    ]


def fill(store: LocalStore, generated: int = 0) -> None:
    """What a first pull would leave on the laptop: catalog, accounts, and this device's number."""
    with store.transaction() as session:
        session.add_all(categories())
        session.add_all(catalog_rows(generated))
        session.add_all(pricing(date.today()))
        session.add_all(stock_levels(generated))
        session.add_all(accounts())
        state.put(session, state.DEVICE_PREFIX, "D001")
        state.put(session, state.DEVICE_ID, "dev-1")
        state.put(session, state.FULL_NAME, "Dana Whitfield")
        state.put(session, state.AS_OF, "2025-03-14T09:30:00+00:00")
