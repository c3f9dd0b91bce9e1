"""A realistic demo: a gift-and-home wholesaler's catalog, its customers, stock and users.

Deterministic for a given seed, so screenshots and walkthroughs look the same every time.
"""

from __future__ import annotations

import random
from decimal import Decimal

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from repapp.core.barcodes import make_gtin13
from server.db import transaction
from server.models import Barcode, Category, Customer, Product, Stock, User, Warehouse
from server.services.auth import hash_password
from server.services.versions import SYNC_VERSION, reserve

DEMO_PASSWORD = "demo"
USERS = [
    ("rep", "Dana Whitfield", "rep"),
    ("rep2", "Luis Ortega", "rep"),
    ("office", "Priya Natarajan", "back_office"),
    ("admin", "Sam Keller", "admin"),
]
CATEGORY_TREE = {
    "Kitchen & Dining": ["Mugs", "Serveware", "Utensils", "Linens"],
    "Home Decor": ["Candles", "Frames", "Vases", "Wall Art"],
    "Garden": ["Planters", "Tools", "Seeds", "Outdoor Lighting"],
    "Stationery": ["Notebooks", "Cards", "Pens", "Calendars"],
    "Toys & Games": ["Puzzles", "Plush", "Board Games", "Craft Kits"],
    "Bath & Body": ["Soaps", "Lotions", "Towels", "Diffusers"],
}
ADJECTIVES = [
    "Rustic",
    "Nordic",
    "Coastal",
    "Vintage",
    "Modern",
    "Meadow",
    "Harbor",
    "Sunset",
    "Alpine",
    "Terracotta",
    "Linen",
    "Walnut",
    "Sage",
    "Indigo",
    "Honey",
    "Café",
    "Crème",
    "Olive",
]
SIZES = ["Small", "Medium", "Large", "Set of 2", "Set of 4", "Mini", "Classic", "Deluxe"]
BRANDS = ["Fernhill", "Brightwater", "Oak & Ivy", "Maison Lumière", "Kettle Creek", "Nordlys"]
SHOP_WORDS = [
    "Gift Shop",
    "Home Goods",
    "Mercantile",
    "General Store",
    "Boutique",
    "Garden Center",
    "Emporium",
    "Trading Co.",
    "Market",
    "Paper Co.",
]
TOWNS = [
    ("Portland", "OR", "97205"),
    ("Asheville", "NC", "28801"),
    ("Burlington", "VT", "05401"),
    ("Santa Fe", "NM", "87501"),
    ("Boulder", "CO", "80302"),
    ("Savannah", "GA", "31401"),
    ("Madison", "WI", "53703"),
    ("Bozeman", "MT", "59715"),
    ("Sedona", "AZ", "86336"),
    ("Bar Harbor", "ME", "04609"),
]
OWNERS = [
    "Harbor",
    "Willow",
    "Juniper",
    "Maple",
    "Zoë's",
    "Bluebird",
    "Copper",
    "Lantern",
    "Pine",
    "Café Noël",
    "Tidewater",
    "Magnolia",
    "Saffron",
    "Driftwood",
    "Thistle",
]
TERMS = ["Net 30", "Net 30", "Net 60", "2% 10 Net 30", "Prepaid"]


def _users(session: Session) -> dict[str, int]:
    ids = {}
    for username, full_name, role in USERS:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            user = User(
                username=username,
                full_name=full_name,
                role=role,
                password_hash=hash_password(DEMO_PASSWORD),
            )
            session.add(user)
            session.flush()
        ids[username] = user.id
    return ids


def _categories(session: Session) -> list[int]:
    leaves = []
    version = reserve(session, SYNC_VERSION, len(CATEGORY_TREE) * 5)
    for top_name, children in CATEGORY_TREE.items():
        top = Category(name=top_name, version=version)
        session.add(top)
        session.flush()
        version += 1
        for child_name in children:
            child = Category(name=child_name, parent_id=top.id, version=version)
            session.add(child)
            session.flush()
            leaves.append(child.id)
            version += 1
    return leaves


def _products(session: Session, rng: random.Random, count: int, leaves: list[int]) -> None:
    names = {leaf: session.get(Category, leaf).name for leaf in leaves}  # type: ignore[union-attr]
    warehouses = [
        Warehouse(code="EAST", name="East DC (Newark)"),
        Warehouse(code="WEST", name="West DC (Reno)"),
    ]
    session.add_all(warehouses)
    session.flush()
    first_version = reserve(session, SYNC_VERSION, count)
    products, barcodes, on_hand = [], [], []
    for index in range(count):
        leaf = leaves[index % len(leaves)]
        noun = names[leaf].rstrip("s") if not names[leaf].endswith("ss") else names[leaf]
        case_pack = rng.choice([1, 2, 4, 6, 6, 12, 12, 24])
        products.append(
            {
                "sku": f"{names[leaf][:3].upper()}-{10000 + index}",
                "name": f"{rng.choice(ADJECTIVES)} {noun} — {rng.choice(SIZES)}",
                "description": f"{rng.choice(BRANDS)} {names[leaf].lower()}, packed {case_pack} per case.",
                "brand": rng.choice(BRANDS),
                "category_id": leaf,
                "unit": "each",
                "case_pack": case_pack,
                "min_qty": case_pack * rng.choice([1, 1, 1, 2]),
                "list_price": Decimal(rng.randrange(150, 9000)) / 100,
                "currency": "USD",
                "active": True,
                "version": first_version + index,
            }
        )
        barcodes.append(make_gtin13(f"{614141000000 + index}"))
        on_hand.append([rng.choice([0, 12, 48, 120, 360]) for _ in warehouses])
    ids = session.scalars(
        insert(Product).returning(Product.id, sort_by_parameter_order=True), products
    ).all()
    session.execute(
        insert(Barcode),
        [{"product_id": pid, "code": code} for pid, code in zip(ids, barcodes, strict=True)],
    )
    session.execute(
        insert(Stock),
        [
            {"product_id": pid, "warehouse_id": warehouse.id, "on_hand": qty}
            for pid, quantities in zip(ids, on_hand, strict=True)
            for warehouse, qty in zip(warehouses, quantities, strict=True)
        ],
    )


def _customers(session: Session, rng: random.Random, reps: list[int]) -> int:
    count = 50
    first_version = reserve(session, SYNC_VERSION, count)
    rows = []
    for index in range(count):
        town, region, postcode = TOWNS[index % len(TOWNS)]
        limit = Decimal(rng.choice([2500, 5000, 10000, 25000]))
        rows.append(
            {
                "account_number": f"C{1001 + index}",
                "name": f"{OWNERS[index % len(OWNERS)]} {SHOP_WORDS[(index + index // len(OWNERS)) % len(SHOP_WORDS)]}",
                "street": f"{rng.randrange(10, 999)} {rng.choice(['Main', 'Water', 'Elm', 'Market', 'Church'])} St",
                "city": town,
                "region": region,
                "postcode": postcode,
                "country": "US",
                "contact_name": rng.choice(
                    ["Ava Brooks", "Noah Kim", "Mia Laurent", "Eli Novak", "Zoë Ferreira"]
                ),
                "email": f"buyer{index + 1}@example.com",
                "phone": f"555-01{index:02d}",
                "terms": TERMS[index % len(TERMS)],
                "currency": "USD",
                "credit_limit": limit,
                "open_balance": (limit * Decimal(rng.choice([0, 10, 35, 60, 95])) / 100).quantize(
                    Decimal("0.01")
                ),
                "credit_hold": index % 17 == 16,
                "rep_id": reps[0] if index < 40 else reps[1],
                "version": first_version + index,
            }
        )
    session.execute(insert(Customer), rows)
    return count


def load_demo_data(
    factory: sessionmaker[Session], products: int = 2000, seed: int = 7
) -> dict[str, int]:
    """Load the demo into an empty database (refuses to run twice: it is not an import)."""
    rng = random.Random(seed)
    with transaction(factory) as session:
        if session.scalar(select(Product.id).limit(1)) is not None:
            raise SystemExit(
                "the database already has a catalog: demo data goes into an empty database"
            )
        users = _users(session)
        leaves = _categories(session)
        _products(session, rng, products, leaves)
        customers = _customers(session, rng, [users["rep"], users["rep2"]])
    return {
        "products": products,
        "categories": len(leaves) + len(CATEGORY_TREE),
        "customers": customers,
        "users": len(USERS),
        "warehouses": 2,
    }
