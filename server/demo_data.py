"""A realistic demo: a gift-and-home wholesaler's catalog, its customers, stock and users.

Deterministic for a given seed, so screenshots and walkthroughs look the same every time.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from repapp.core.barcodes import make_gtin13
from server import demo_images
from server.db import transaction
from server.models import (
    Barcode,
    Blob,
    Category,
    Contact,
    ContractPrice,
    Customer,
    CustomerRep,
    Device,
    Order,
    OrderLine,
    PriceEntry,
    PriceList,
    Product,
    ProductImage,
    Promotion,
    ShipTo,
    Stock,
    User,
    Warehouse,
)
from server.services.auth import hash_password
from server.services.versions import (
    SYNC_VERSION,
    next_order_number,
    next_sync_version,
    reserve,
)

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
# Tier lists: a discount off the base price, and volume breaks at 2 and 4 cases.
TIERS = [
    ("TIER-A", "Tier A", 20),
    ("TIER-B", "Tier B", 10),
    ("TIER-C", "Tier C", 5),
]
CENT = Decimal("0.01")
# The demo rep's order history, for reordering: (account, days ago, lines as (product number,
# cases), then the share of today's price paid then). Product numbers wrap round small catalogs;
# None is a product retired before this catalog (reordering skips it).
HISTORY = [
    ("C1001", 120, [(3, 2), (10, 4), (None, 2)], Decimal("0.96")),
    ("C1001", 30, [(3, 4), (17, 2)], Decimal(1)),
    ("C1002", 60, [(5, 2), (22, 2), (40, 4)], Decimal("0.97")),
    ("C1004", 14, [(8, 2), (12, 2)], Decimal(1)),
]
RETIRED_SKU = "MUG-09042"


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


def _products(
    session: Session, rng: random.Random, count: int, leaves: list[int]
) -> list[tuple[int, Decimal, int]]:
    """Products with barcodes and stock; returns (id, list price, case pack) per product."""
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
                "order_increment": case_pack,
                "attributes": {
                    "material": rng.choice(["ceramic", "glass", "cotton", "wood", "paper"])
                },
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
    _pictures(session, ids, [(row["brand"], row["category_id"]) for row in products])
    counted_at = datetime.now(UTC)
    stock_version = reserve(session, SYNC_VERSION, count * len(warehouses))
    session.execute(
        insert(Stock),
        [
            {
                "product_id": pid,
                "warehouse_id": warehouse.id,
                "on_hand": qty,
                "counted_at": counted_at,
                "version": stock_version + n * len(warehouses) + w,
            }
            for n, (pid, quantities) in enumerate(zip(ids, on_hand, strict=True))
            for w, (warehouse, qty) in enumerate(zip(warehouses, quantities, strict=True))
        ],
    )
    return [
        (pid, row["list_price"], row["case_pack"]) for pid, row in zip(ids, products, strict=True)
    ]


def _pictures(session: Session, ids: list[int], looks: list[tuple[str, int]]) -> None:
    """One swatch per product, shared by products of one brand and category (stored once)."""
    palette = [
        (181, 101, 60),
        (74, 124, 89),
        (66, 103, 172),
        (201, 162, 39),
        (140, 82, 140),
        (96, 96, 96),
    ]
    blobs: dict[tuple[str, int], str] = {}
    for brand, category in dict.fromkeys(looks):
        red, green, blue = palette[BRANDS.index(brand) % len(palette)]
        shade = (category * 7) % 40
        data = demo_images.swatch_png(min(255, red + shade), green, max(0, blue - shade))
        blobs[(brand, category)] = demo_images.sha256(data)
        session.merge(
            Blob(
                sha256=blobs[(brand, category)], content_type="image/png", size=len(data), data=data
            )
        )
    session.flush()
    session.execute(
        insert(ProductImage),
        [
            {"product_id": pid, "position": 0, "sha256": blobs[look]}
            for pid, look in zip(ids, looks, strict=True)
        ],
    )


def _price_lists(session: Session, products: list[tuple[int, Decimal, int]]) -> list[int]:
    """Three tier lists, each pricing every product with breaks at 2 and 4 cases."""
    list_ids = []
    for code, name, percent in TIERS:
        price_list = PriceList(
            code=code, name=name, currency="USD", kind="tier", version=next_sync_version(session)
        )
        session.add(price_list)
        session.flush()
        list_ids.append(price_list.id)
        rows = []
        for product_id, list_price, case_pack in products:
            price = (list_price * (100 - percent) / 100).quantize(CENT)
            rows.append((product_id, 1, price))
            rows.append((product_id, case_pack * 2, (price * Decimal("0.95")).quantize(CENT)))
            rows.append((product_id, case_pack * 4, (price * Decimal("0.90")).quantize(CENT)))
        first = reserve(session, SYNC_VERSION, len(rows))
        session.execute(
            insert(PriceEntry),
            [
                {
                    "price_list_id": price_list.id,
                    "product_id": product_id,
                    "min_qty": min_qty,
                    "unit_price": price,
                    "version": first + n,
                }
                for n, (product_id, min_qty, price) in enumerate(rows)
            ],
        )
    return list_ids


def _promotions(session: Session, leaves: list[int], today: date) -> None:
    """Specials a distributor runs for a show: a category percent-off and a brand fixed price."""
    session.add_all(
        [
            Promotion(
                code="SHOW-CANDLES",
                name="Show special",
                starts_on=today - timedelta(days=2),
                ends_on=today + timedelta(days=5),
                kind="percent",
                value=Decimal(15),
                scope="category",
                scope_value=str(leaves[4]),
                priority=10,
                version=next_sync_version(session),
            ),
            Promotion(
                code="NORDLYS-10",
                name="Nordlys launch",
                starts_on=today - timedelta(days=1),
                ends_on=today + timedelta(days=30),
                kind="percent",
                value=Decimal(10),
                scope="brand",
                scope_value="Nordlys",
                customer_group="independent",
                priority=5,
                version=next_sync_version(session),
            ),
            Promotion(
                code="SPRING-PREVIEW",
                name="Spring preview",
                starts_on=today + timedelta(days=60),
                ends_on=today + timedelta(days=90),
                kind="percent",
                value=Decimal(20),
                scope="all",
                priority=1,
                version=next_sync_version(session),
            ),
        ]
    )


def _customers(
    session: Session,
    rng: random.Random,
    reps: list[int],
    tiers: list[int],
    products: list[tuple[int, Decimal, int]],
) -> int:
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
                "price_list_id": tiers[index % 4] if index % 4 < len(tiers) else None,
                "customer_group": "independent" if index % 3 else "chain",
                "version": first_version + index,
            }
        )
    ids = session.scalars(
        insert(Customer).returning(Customer.id, sort_by_parameter_order=True), rows
    ).all()
    for index, (customer_id, row) in enumerate(zip(ids, rows, strict=True)):
        rep_ids = [reps[0] if index < 40 else reps[1]] + ([reps[1]] if index in (5, 6) else [])
        session.add_all(
            CustomerRep(customer_id=customer_id, user_id=rep, version=next_sync_version(session))
            for rep in rep_ids
        )
        session.add(
            ShipTo(
                customer_id=customer_id,
                code="MAIN",
                name=row["name"],
                street=row["street"],
                city=row["city"],
                region=row["region"],
                postcode=row["postcode"],
                is_default=True,
            )
        )
        if index % 5 == 0:
            town, region, postcode = TOWNS[(index + 3) % len(TOWNS)]
            session.add(
                ShipTo(
                    customer_id=customer_id,
                    code="STORE2",
                    name=f"{row['name']} ({town})",
                    street=f"{rng.randrange(10, 999)} Harbor Rd",
                    city=town,
                    region=region,
                    postcode=postcode,
                )
            )
        session.add_all(
            [
                Contact(
                    customer_id=customer_id,
                    name=row["contact_name"],
                    role="Buyer",
                    email=row["email"],
                    phone=row["phone"],
                ),
                Contact(
                    customer_id=customer_id,
                    name="Accounts payable",
                    role="Accounts payable",
                    email=f"ap{index + 1}@example.com",
                ),
            ]
        )
        if index % 7 == 0:
            product_id, list_price, _ = products[index % len(products)]
            session.add(
                ContractPrice(
                    customer_id=customer_id,
                    product_id=product_id,
                    reference=f"K-{100 + index}",
                    unit_price=(list_price * Decimal("0.7")).quantize(CENT),
                    starts_on=None,
                    ends_on=None,
                    version=next_sync_version(session),
                )
            )
    return count


def _price_then(
    session: Session, customer: Customer, product: Product, quantity: int, share: Decimal
) -> Decimal:
    """What the account paid then: its list's price at that quantity, times `share`."""
    price = product.list_price
    if customer.price_list_id is not None:
        price = (
            session.scalar(
                select(PriceEntry.unit_price)
                .where(
                    PriceEntry.price_list_id == customer.price_list_id,
                    PriceEntry.product_id == product.id,
                    PriceEntry.min_qty <= quantity,
                )
                .order_by(PriceEntry.min_qty.desc())
                .limit(1)
            )
            or price
        )
    return (price * share).quantize(CENT)


def _order_history(session: Session, rep_id: int, product_ids: list[int]) -> int:
    """A few accepted orders the demo rep wrote last season on another laptop, so that
    "Reorder" has something to show after the first sync."""
    laptop = Device(
        id=str(uuid.uuid5(uuid.NAMESPACE_URL, "repapp-demo/last-season-laptop")),
        prefix="D000",  # real laptops are numbered from D001
        user_id=rep_id,
        name="Dana's laptop (last season)",
        watermark=len(HISTORY),
    )
    session.add(laptop)
    accounts = {c.account_number: c for c in session.scalars(select(Customer))}
    now = datetime.now(UTC).replace(hour=10, minute=30, second=0, microsecond=0)
    for seq, (account, days_ago, picks, share) in enumerate(HISTORY, start=1):
        customer = accounts[account]
        lines = []
        for line_no, (pick, cases) in enumerate(picks, start=1):
            product = (
                session.get(Product, product_ids[pick % len(product_ids)])
                if pick is not None
                else None
            )
            case_pack = product.case_pack if product is not None else 6
            quantity = case_pack * cases
            unit_price = (
                _price_then(session, customer, product, quantity, share)
                if product is not None
                else Decimal("4.25")
            )
            lines.append(
                OrderLine(
                    line_no=line_no,
                    product_id=product.id if product is not None else None,
                    sku=product.sku if product is not None else RETIRED_SKU,
                    quantity=quantity,
                    unit_price=unit_price,
                    line_total=(unit_price * quantity).quantize(CENT),
                )
            )
        order_uuid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"repapp-demo/history/{seq}"))
        captured = now - timedelta(days=days_ago)
        order = Order(
            order_uuid=order_uuid,
            order_number=next_order_number(session),
            provisional_ref=f"{laptop.prefix}-{seq:05d}",
            device_id=laptop.id,
            rep_id=rep_id,
            customer_id=customer.id,
            customer_account=account,
            status="accepted",
            reasons=[],
            currency=customer.currency,
            total=sum((line.line_total for line in lines), Decimal(0)),
            po_number=f"PO-{4100 + seq * 7}",
            payload_hash=hashlib.sha256(order_uuid.encode()).hexdigest(),
            captured_at=captured.isoformat(),
            received_at=captured + timedelta(hours=3),
            version=next_sync_version(session),
        )
        order.lines = lines
        session.add(order)
    return len(HISTORY)


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
        priced = _products(session, rng, products, leaves)
        tiers = _price_lists(session, priced)
        _promotions(session, leaves, datetime.now(UTC).date())
        customers = _customers(session, rng, [users["rep"], users["rep2"]], tiers, priced)
        history = _order_history(session, users["rep"], [pid for pid, _, _ in priced])
    return {
        "products": products,
        "categories": len(leaves) + len(CATEGORY_TREE),
        "customers": customers,
        "users": len(USERS),
        "warehouses": 2,
        "price_lists": len(tiers),
        "past_orders": history,
    }
