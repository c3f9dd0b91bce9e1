"""A large, realistic, seeded server database for the catalog benchmark (and small ones for tests).

A gift-and-home wholesaler: a category tree of about 250 nodes, products with brands, materials,
colours and descriptions, one or two GTINs each (a unit EAN-13 and, for some, a case GTIN-14),
stock in two warehouses, three tier price lists that price every product with volume breaks,
a few promotions, and customers spread over twenty reps with ship-tos, contacts and contract
prices. Everything is bulk-inserted with Core `insert(...)` executemany in chunks, with explicit
ids (the database must be empty) and versions taken with `reserve`, like an import would.

The same seed gives the same rows, so runs on different machines or branches compare.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import islice
from typing import Any

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from repapp.core.barcodes import gtin_check_digit, make_gtin13
from server import demo_data as demo

BENCH_USER, BENCH_PASSWORD = "rep", "demo"
CHUNK = 20_000
CENT = Decimal("0.01")
COMPANY_PREFIX = 614141000000  # GS1 test company prefix: the 12-digit body of the first EAN-13

# department -> subcategory -> leaves (each leaf's products are named by its singular noun)
CATEGORY_TREE: dict[str, dict[str, list[str]]] = {
    "Kitchen & Dining": {
        "Drinkware": ["Mugs", "Tumblers", "Wine Glasses", "Carafes", "Teacups"],
        "Serveware": ["Platters", "Serving Bowls", "Cake Stands", "Trays", "Butter Dishes"],
        "Cookware": ["Skillets", "Saucepans", "Dutch Ovens", "Baking Dishes", "Ramekins"],
        "Utensils": ["Spatulas", "Whisks", "Ladles", "Tongs", "Peelers"],
        "Table Linens": ["Napkins", "Tablecloths", "Placemats", "Runners", "Tea Towels"],
    },
    "Home Decor": {
        "Candles": ["Pillar Candles", "Tea Lights", "Jar Candles", "Taper Candles", "Votives"],
        "Frames": ["Photo Frames", "Shadow Boxes", "Collage Frames", "Easels"],
        "Vases": ["Bud Vases", "Floor Vases", "Bottles", "Urns", "Jugs"],
        "Wall Art": ["Prints", "Canvases", "Mirrors", "Wall Hooks", "Clocks"],
        "Textiles": ["Cushions", "Throws", "Rugs", "Curtains", "Baskets"],
    },
    "Garden & Outdoor": {
        "Planters": ["Pots", "Window Boxes", "Hanging Planters", "Troughs", "Saucers"],
        "Garden Tools": ["Trowels", "Pruners", "Watering Cans", "Gloves", "Kneelers"],
        "Seeds & Bulbs": ["Herb Seeds", "Flower Seeds", "Bulbs", "Seed Kits"],
        "Outdoor Lighting": ["Lanterns", "String Lights", "Torches", "Solar Lights"],
        "Bird Care": ["Bird Feeders", "Birdhouses", "Bird Baths", "Suet Cages"],
    },
    "Stationery": {
        "Paper": ["Notebooks", "Journals", "Sketchbooks", "Notepads", "Envelopes"],
        "Cards": ["Greeting Cards", "Postcards", "Gift Tags", "Invitations"],
        "Writing": ["Pens", "Pencils", "Markers", "Fountain Pens", "Inks"],
        "Desk": ["Planners", "Calendars", "Pen Cups", "Bookends", "Paperweights"],
        "Gift Wrap": ["Wrapping Papers", "Ribbons", "Gift Bags", "Tissue Papers"],
    },
    "Toys & Games": {
        "Puzzles": ["Jigsaws", "Floor Puzzles", "Brain Teasers", "Puzzle Mats"],
        "Plush": ["Teddy Bears", "Bunnies", "Hand Puppets", "Plush Foxes"],
        "Games": ["Board Games", "Card Games", "Dominoes", "Chess Sets", "Marbles"],
        "Crafts": ["Craft Kits", "Crayons", "Paint Sets", "Stickers", "Play Doughs"],
        "Baby": ["Rattles", "Teethers", "Stacking Cups", "Bibs", "Mobiles"],
    },
    "Bath & Body": {
        "Soap": ["Bar Soaps", "Liquid Soaps", "Soap Dishes", "Soap Dispensers"],
        "Skin Care": ["Lotions", "Hand Creams", "Lip Balms", "Body Oils", "Scrubs"],
        "Towels": ["Bath Towels", "Hand Towels", "Washcloths", "Bath Mats", "Robes"],
        "Home Fragrance": ["Diffusers", "Room Sprays", "Sachets", "Incense", "Wax Melts"],
        "Bath": ["Bath Salts", "Bath Bombs", "Loofahs", "Bath Brushes"],
    },
    "Pantry": {
        "Sweets": ["Chocolates", "Caramels", "Toffees", "Lollipops", "Brittles"],
        "Preserves": ["Jams", "Honeys", "Chutneys", "Marmalades", "Syrups"],
        "Tea & Coffee": ["Loose Teas", "Tea Sachets", "Coffee Beans", "Cocoas"],
        "Savory": ["Crackers", "Olive Oils", "Vinegars", "Spice Blends", "Salts"],
    },
    "Apparel & Accessories": {
        "Scarves": ["Wool Scarves", "Silk Scarves", "Bandanas", "Shawls"],
        "Bags": ["Totes", "Pouches", "Backpacks", "Market Bags", "Wallets"],
        "Jewelry": ["Necklaces", "Earrings", "Bracelets", "Rings", "Brooches"],
        "Cold Weather": ["Beanies", "Mittens", "Socks", "Slippers", "Ear Warmers"],
    },
}
STYLES = [
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
    "Heirloom",
    "Farmhouse",
    "Prairie",
    "Bistro",
    "Orchard",
    "Woodland",
    "Seaside",
    "Cottage",
    "Botanical",
    "Heritage",
    "Midcentury",
    "Bohemian",
    "Wildflower",
    "Highland",
    "Lakeside",
    "Cabin",
    "Artisan",
    "Classic",
    "Petite",
    "Grand",
]
MATERIALS = [
    "Stoneware",
    "Porcelain",
    "Ceramic",
    "Glass",
    "Linen",
    "Cotton",
    "Wool",
    "Oak",
    "Walnut",
    "Bamboo",
    "Rattan",
    "Jute",
    "Brass",
    "Copper",
    "Pewter",
    "Marble",
    "Slate",
    "Cork",
    "Leather",
    "Paper",
    "Beeswax",
    "Soy",
    "Enamel",
    "Terrazzo",
    "Felt",
    "Acacia",
]
COLOURS = [
    "Ivory",
    "Sage",
    "Indigo",
    "Honey",
    "Olive",
    "Blush",
    "Charcoal",
    "Mustard",
    "Teal",
    "Rust",
    "Cream",
    "Slate",
    "Plum",
    "Moss",
    "Coral",
    "Sand",
    "Navy",
    "Fog",
    "Ochre",
    "Crimson",
]
VARIANTS = [
    "Small",
    "Medium",
    "Large",
    "Mini",
    "Set of 2",
    "Set of 3",
    "Set of 4",
    "Set of 6",
    "12 oz",
    "16 oz",
    "8 in",
    "10 in",
    "Gift Box",
    "Deluxe",
    "Travel Size",
]
BRANDS = [
    "Fernhill",
    "Brightwater",
    "Oak & Ivy",
    "Maison Lumière",
    "Kettle Creek",
    "Nordlys",
    "Hollowbrook",
    "Saltmarsh",
    "Larkspur",
    "Copperleaf",
    "Stillwater",
    "Bramble & Co.",
    "Thornbury",
    "Wrenfield",
    "Juniper Lane",
    "Marigold Mill",
    "Silverbirch",
    "Quarry Road",
    "Harrow & Hale",
    "Pinecone Press",
    "Tidewell",
    "Fjordline",
    "Ashgrove",
    "Bellwether",
    "Cinder & Sage",
    "Drift Studio",
    "Elmstead",
    "Foxglove",
    "Goldcrest",
    "Heathcote",
    "Ironwood",
    "Kestrel",
    "Lindenhaus",
    "Millbrook",
    "Northwind",
    "Old Harbour",
    "Pemberly",
    "Quillon",
    "Rosebay",
    "Sorrel",
    "Tallow & Wick",
    "Umber",
    "Valewood",
    "Willowmere",
    "Yarrow",
    "Zephyr Goods",
    "Atelier Noé",
    "Café Crème",
]
FEATURES = [
    "Hand-finished by a small workshop",
    "Dishwasher safe",
    "Made from recycled materials",
    "Gift-ready packaging with a hang tag",
    "Our best seller at spring shows",
    "Fair-trade certified",
    "Designed in Portland, made in Portugal",
    "Each piece varies slightly in glaze",
    "Lead-free and food safe",
    "Naturally scented with essential oils",
    "Shelf-ready display carton included",
    "Small-batch production, limited colours",
    "Microwave safe",
    "Pairs with the matching collection",
    "Plastic-free packaging",
    "Hand-wash recommended",
    "Reorders ship within a week",
    "Sustainably harvested wood",
    "Printed with vegetable inks",
    "Vegan and cruelty free",
]
CARE = ["Wipe clean.", "Hand wash cold.", "Keep dry.", "Store away from sunlight.", ""]
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
    "Tidewater",
    "Magnolia",
    "Saffron",
    "Driftwood",
    "Thistle",
    "Acorn",
    "Briar",
    "Chestnut",
    "Dove",
    "Fable",
    "Garnet",
    "Hazel",
    "Ivy",
    "Jasper",
    "Kindred",
    "Lupine",
    "Marlow",
    "Nutmeg",
    "Otter",
    "Poppy",
    "Quince",
    "Raven",
    "Sparrow",
    "Tansy",
    "Umbra",
    "Violet",
    "Wren",
]
# The demo's shops and towns, and a few more for thousands of accounts.
SHOP_WORDS = [*demo.SHOP_WORDS, "Toy Shop", "Kitchen Store"]
TOWNS = [
    *demo.TOWNS,
    ("Ithaca", "NY", "14850"),
    ("Taos", "NM", "87571"),
    ("Carmel", "CA", "93921"),
    ("Galena", "IL", "61036"),
    ("Hood River", "OR", "97031"),
]
FIRST_NAMES = [
    "Ava",
    "Noah",
    "Mia",
    "Eli",
    "Zoë",
    "Liam",
    "Ines",
    "Omar",
    "Ruth",
    "Theo",
    "Lena",
    "Kai",
    "Nora",
    "Hugo",
    "Ada",
]
LAST_NAMES = [
    "Brooks",
    "Kim",
    "Laurent",
    "Novak",
    "Ferreira",
    "Okafor",
    "Lind",
    "Haas",
    "Moreno",
    "Quist",
    "Adler",
    "Baptiste",
]
TERMS = demo.TERMS
TIERS = [
    ("TIER-A", "Tier A (volume)", 20),
    ("TIER-B", "Tier B (independent)", 10),
    ("TIER-C", "Tier C (new accounts)", 5),
]


@dataclass(frozen=True)
class Spec:
    products: int = 200_000
    customers: int = 5_000
    reps: int = 20
    rep_accounts: int = 250  # accounts of the benchmark rep (user "rep")
    seed: int = 20_26

    @classmethod
    def sized(cls, products: int, customers: int, seed: int = 20_26) -> Spec:
        return cls(products, customers, rep_accounts=max(1, customers // 20), seed=seed)


def _chunks(rows: Iterable[dict[str, Any]], size: int = CHUNK) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _bulk(session: Session, table: Any, rows: Iterable[dict[str, Any]]) -> int:
    """Core executemany insert in chunks, so a million rows never sit in memory at once."""
    count = 0
    target: Table = table.__table__ if hasattr(table, "__table__") else table
    for chunk in _chunks(rows):
        session.execute(insert(target), chunk)
        count += len(chunk)
    return count


def _noun(leaf: str) -> str:
    """'Wine Glasses' -> 'Wine Glass', 'Pillar Candles' -> 'Pillar Candle', 'Honeys' -> 'Honey'."""
    head, _, last = leaf.rpartition(" ")
    if last.endswith(("sses", "shes", "ches", "xes")):
        last = last[:-2]
    elif last.endswith("ies"):
        last = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return f"{head} {last}".strip()


def _code(name: str) -> str:
    letters = "".join(ch for ch in name.upper() if ch.isalpha())
    return (letters + "XXX")[:3]


def category_rows() -> tuple[list[dict[str, Any]], list[tuple[int, str]]]:
    """The category tree as rows with explicit ids (parents first), and (id, name) of each leaf."""
    rows: list[dict[str, Any]] = []
    leaves: list[tuple[int, str]] = []
    for department, subcategories in CATEGORY_TREE.items():
        top = len(rows) + 1
        rows.append({"id": top, "parent_id": None, "name": department})
        for subcategory, leaf_names in subcategories.items():
            middle = len(rows) + 1
            rows.append({"id": middle, "parent_id": top, "name": subcategory})
            for leaf in leaf_names:
                rows.append({"id": len(rows) + 1, "parent_id": middle, "name": leaf})
                leaves.append((len(rows), leaf))
    return rows, leaves


def _categories(session: Session) -> list[tuple[int, str]]:
    """The tree, with explicit ids; returns (id, name) of every leaf."""
    from server.models import Category
    from server.services.versions import SYNC_VERSION, reserve

    rows, leaves = category_rows()
    first = reserve(session, SYNC_VERSION, len(rows))
    for n, row in enumerate(rows):
        row["version"] = first + n
    _bulk(session, Category, rows)
    return leaves


def _barcodes(index: int, rng: random.Random) -> list[str]:
    """A unit EAN-13 for every product; a case GTIN-14 (indicator 1) for about two in five."""
    body = f"{COMPANY_PREFIX + index:012d}"
    codes = [make_gtin13(body)]
    if rng.random() < 0.4:
        case_body = "1" + body
        codes.append(case_body + str(gtin_check_digit(case_body)))
    return codes


@dataclass
class _Priced:
    id: int
    list_price: Decimal
    case_pack: int
    breaks: int  # 0, 1 or 2 volume breaks in every tier list


def _products(session: Session, rng: random.Random, count: int, leaves: list[tuple[int, str]]):  # type: ignore[no-untyped-def]
    from server.models import Barcode, Product, Stock, Warehouse
    from server.services.versions import SYNC_VERSION, reserve

    _bulk(
        session,
        Warehouse,
        [
            {"id": 1, "code": "EAST", "name": "East DC (Newark)"},
            {"id": 2, "code": "WEST", "name": "West DC (Reno)"},
        ],
    )
    priced: list[_Priced] = []
    barcode_rows: list[dict[str, Any]] = []
    first = reserve(session, SYNC_VERSION, count)

    def product_rows() -> Iterator[dict[str, Any]]:
        for index in range(count):
            leaf_id, leaf = leaves[rng.randrange(len(leaves))]
            noun = _noun(leaf)
            brand, material, colour = (
                rng.choice(BRANDS),
                rng.choice(MATERIALS),
                rng.choice(COLOURS),
            )
            case_pack = rng.choice([1, 2, 4, 6, 6, 6, 12, 12, 24, 48])
            list_price = (Decimal(rng.randrange(120, 15000)) / 100).quantize(CENT)
            if rng.random() < 0.5:
                list_price = list_price.quantize(Decimal(1)) - Decimal("0.01") + 1
            pid = index + 1
            roll = rng.random()
            priced.append(
                _Priced(pid, list_price, case_pack, 2 if roll < 0.7 else int(roll < 0.85))
            )
            for code in _barcodes(index, rng):
                barcode_rows.append({"id": len(barcode_rows) + 1, "product_id": pid, "code": code})
            feature, care = rng.choice(FEATURES), rng.choice(CARE)
            yield {
                "id": pid,
                "sku": f"{_code(leaf)}-{100000 + index}",
                "name": f"{rng.choice(STYLES)} {material} {noun}, {rng.choice(VARIANTS)}",
                "description": (
                    f"{brand} {noun.lower()} in {colour.lower()} {material.lower()}. {feature}. "
                    f"{care} Sold in cases of {case_pack}."
                ).replace("  ", " "),
                "brand": brand,
                "category_id": leaf_id,
                "unit": "each",
                "case_pack": case_pack,
                "min_qty": case_pack * rng.choice([1, 1, 1, 2]),
                "order_increment": case_pack,
                "list_price": list_price,
                "currency": "USD",
                "attributes": {"material": material.lower(), "colour": colour.lower()},
                "active": rng.random() > 0.02,
                "version": first + index,
            }

    _bulk(session, Product, product_rows())
    _bulk(session, Barcode, barcode_rows)
    counted_at = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)
    stock_first = reserve(session, SYNC_VERSION, count * 2)
    _bulk(
        session,
        Stock,
        (
            {
                "id": n * 2 + w + 1,
                "product_id": n + 1,
                "warehouse_id": w + 1,
                "on_hand": rng.choice([0, 0, 6, 12, 24, 48, 120, 360, 1200]),
                "counted_at": counted_at,
                "version": stock_first + n * 2 + w,
            }
            for n in range(count)
            for w in range(2)
        ),
    )
    return priced, len(barcode_rows)


def _tier_rows(priced: list[_Priced], percent: int) -> Iterator[tuple[int, int, Decimal]]:
    """(product id, min qty, unit price): the list's price and 0-2 breaks at 2 and 4 cases."""
    factor = Decimal(100 - percent) / 100
    for p in priced:
        price = (p.list_price * factor).quantize(CENT)
        yield p.id, 1, price
        step = p.case_pack if p.case_pack > 1 else 12
        if p.breaks >= 1:
            yield p.id, step * 2, (price * Decimal("0.95")).quantize(CENT)
        if p.breaks >= 2:
            yield p.id, step * 4, (price * Decimal("0.90")).quantize(CENT)


def _price_lists(session: Session, priced: list[_Priced]) -> tuple[list[int], int]:
    from server.models import PriceEntry, PriceList
    from server.services.versions import SYNC_VERSION, reserve

    first = reserve(session, SYNC_VERSION, len(TIERS))
    _bulk(
        session,
        PriceList,
        [
            {"id": n + 1, "code": code, "name": name, "currency": "USD", "kind": "tier"}
            | {"version": first + n}
            for n, (code, name, _) in enumerate(TIERS)
        ],
    )
    entries = 0
    for n, (_, _, percent) in enumerate(TIERS):
        rows = list(_tier_rows(priced, percent))
        version = reserve(session, SYNC_VERSION, len(rows))
        _bulk(
            session,
            PriceEntry,
            (
                {
                    "id": entries + i + 1,
                    "price_list_id": n + 1,
                    "product_id": pid,
                    "min_qty": min_qty,
                    "unit_price": price,
                    "version": version + i,
                }
                for i, (pid, min_qty, price) in enumerate(rows)
            ),
        )
        entries += len(rows)
    return [n + 1 for n in range(len(TIERS))], entries


def _promotions(session: Session, leaves: list[tuple[int, str]], today: date) -> int:
    from server.models import Promotion
    from server.services.versions import SYNC_VERSION, reserve

    day = timedelta(days=1)
    specs = [
        ("SHOW-CANDLES", "Show special: candles", -2, 5, "percent", 15, "category", leaves[25][0]),
        ("NORDLYS-10", "Nordlys launch", -1, 30, "percent", 10, "brand", "Nordlys"),
        ("FERNHILL-12", "Fernhill twelve off", -3, 10, "percent", 12, "brand", "Fernhill"),
        ("MUG-FIXED", "Mug of the month", -1, 20, "fixed", Decimal("4.50"), "sku", "MUG-100001"),
        ("GARDEN-8", "Garden week", 0, 7, "percent", 8, "category", leaves[60][0]),
        ("SPRING-PREVIEW", "Spring preview", 60, 90, "percent", 20, "all", ""),
        ("WINTER-CLEAR", "Winter clearance", -40, -10, "percent", 30, "all", ""),
    ]
    first = reserve(session, SYNC_VERSION, len(specs))
    return _bulk(
        session,
        Promotion,
        [
            {
                "id": n + 1,
                "code": code,
                "name": name,
                "starts_on": today + start * day,
                "ends_on": today + end * day,
                "kind": kind,
                "value": Decimal(value),
                "scope": scope,
                "scope_value": str(scope_value),
                "customer_group": "independent" if n % 3 == 1 else "",
                "priority": 10 - n,
                "currency": "USD",
                "version": first + n,
            }
            for n, (code, name, start, end, kind, value, scope, scope_value) in enumerate(specs)
        ],
    )


def _users(session: Session, reps: int) -> list[int]:
    """The benchmark rep, the other reps and the back office: one scrypt hash shared by all."""
    from server.models import User
    from server.services.auth import hash_password

    password = hash_password(BENCH_PASSWORD)
    rows = [
        {
            "id": n + 1,
            "username": BENCH_USER if n == 0 else f"rep{n + 1:02d}",
            "full_name": f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[n % len(LAST_NAMES)]}",
            "role": "rep",
            "password_hash": password,
            "active": True,
        }
        for n in range(reps)
    ]
    rows.append(
        {
            "id": reps + 1,
            "username": "office",
            "full_name": "Back Office",
            "role": "back_office",
            "password_hash": password,
            "active": True,
        }
    )
    _bulk(session, User, rows)
    return [row["id"] for row in rows[:reps]]


def _customers(
    session: Session,
    rng: random.Random,
    spec: Spec,
    rep_ids: list[int],
    tiers: list[int],
    priced: list[_Priced],
) -> dict[str, int]:
    from server.models import Contact, ContractPrice, Customer, CustomerRep, ShipTo
    from server.services.versions import SYNC_VERSION, reserve

    count = spec.customers
    first = reserve(session, SYNC_VERSION, count)
    customers, ship_tos, contacts, assignments, contracts = [], [], [], [], []
    for index in range(count):
        cid = index + 1
        town, region, postcode = TOWNS[rng.randrange(len(TOWNS))]
        name = (
            f"{OWNERS[index % len(OWNERS)]} {SHOP_WORDS[(index // len(OWNERS)) % len(SHOP_WORDS)]}"
        )
        if index >= len(OWNERS) * len(SHOP_WORDS):
            name += f" #{index // (len(OWNERS) * len(SHOP_WORDS)) + 1}"
        buyer = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        limit = Decimal(rng.choice([2500, 5000, 10000, 25000, 50000]))
        street = f"{rng.randrange(10, 999)} {rng.choice(['Main', 'Water', 'Elm', 'Market', 'Church', 'Mill'])} St"
        customers.append(
            {
                "id": cid,
                "account_number": f"C{100001 + index}",
                "name": name,
                "street": street,
                "city": town,
                "region": region,
                "postcode": postcode,
                "country": "US",
                "contact_name": buyer,
                "email": f"buyer{cid}@example.com",
                "phone": f"555-{cid:07d}",
                "terms": rng.choice(TERMS),
                "currency": "USD",
                "credit_limit": limit,
                "open_balance": (limit * Decimal(rng.choice([0, 10, 35, 60, 95])) / 100).quantize(
                    CENT
                ),
                "credit_hold": rng.random() < 0.05,
                "price_list_id": rng.choice([*tiers, None]),
                "customer_group": "independent" if rng.random() < 0.7 else "chain",
                "version": first + index,
            }
        )
        for s in range(1 + (rng.random() < 0.3) + (rng.random() < 0.1)):
            ship_tos.append(
                {
                    "customer_id": cid,
                    "code": "MAIN" if s == 0 else f"STORE{s + 1}",
                    "name": name if s == 0 else f"{name} ({TOWNS[(index + s) % len(TOWNS)][0]})",
                    "street": street if s == 0 else f"{rng.randrange(10, 999)} Harbor Rd",
                    "city": town if s == 0 else TOWNS[(index + s) % len(TOWNS)][0],
                    "region": region if s == 0 else TOWNS[(index + s) % len(TOWNS)][1],
                    "postcode": postcode if s == 0 else TOWNS[(index + s) % len(TOWNS)][2],
                    "country": "US",
                    "is_default": s == 0,
                }
            )
        contacts.append(
            {
                "customer_id": cid,
                "name": buyer,
                "role": "Buyer",
                "email": f"buyer{cid}@example.com",
                "phone": f"555-{cid:07d}",
            }
        )
        if rng.random() < 0.6:
            contacts.append(
                {
                    "customer_id": cid,
                    "name": "Accounts payable",
                    "role": "Accounts payable",
                    "email": f"ap{cid}@example.com",
                    "phone": "",
                }
            )
        # The first `rep_accounts` accounts are the benchmark rep's; the rest go round the others.
        owner = rep_ids[0] if index < spec.rep_accounts else rep_ids[1 + index % (len(rep_ids) - 1)]
        owners = {owner}
        if rng.random() < 0.02:
            owners.add(rng.choice(rep_ids))
        assignments += [{"customer_id": cid, "user_id": user} for user in sorted(owners)]
        if rng.random() < 0.1:
            for p in rng.sample(priced, min(len(priced), rng.randrange(5, 21))):
                contracts.append(
                    {
                        "customer_id": cid,
                        "product_id": p.id,
                        "reference": f"K-{cid}-{p.id}",
                        "unit_price": (p.list_price * Decimal("0.7")).quantize(CENT),
                        "currency": "USD",
                        "starts_on": None,
                        "ends_on": None,
                    }
                )
    _bulk(session, Customer, customers)
    _bulk(session, ShipTo, ship_tos)
    _bulk(session, Contact, contacts)
    version = reserve(session, SYNC_VERSION, len(assignments))
    _bulk(
        session,
        CustomerRep,
        ({**row, "version": version + n} for n, row in enumerate(assignments)),
    )
    if contracts:
        version = reserve(session, SYNC_VERSION, len(contracts))
        _bulk(
            session,
            ContractPrice,
            ({**row, "version": version + n} for n, row in enumerate(contracts)),
        )
    return {
        "customers": count,
        "ship_tos": len(ship_tos),
        "contacts": len(contacts),
        "contracts": len(contracts),
        "bench_rep_accounts": sum(1 for row in assignments if row["user_id"] == rep_ids[0]),
    }


def generate(database_url: str, spec: Spec) -> dict[str, int]:
    """Create the schema and load the catalog into an empty server database."""
    from server.db import make_engine, make_session_factory, transaction
    from server.migrate import upgrade
    from server.models import Product

    rng = random.Random(spec.seed)
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        factory = make_session_factory(engine)
        with transaction(factory) as session:
            if session.scalar(select(Product.id).limit(1)) is not None:
                raise RuntimeError("the benchmark catalog goes into an empty database")
            rep_ids = _users(session, spec.reps)
            leaves = _categories(session)
            priced, barcodes = _products(session, rng, spec.products, leaves)
        with transaction(factory) as session:
            tiers, entries = _price_lists(session, priced)
            promotions = _promotions(session, leaves, date(2026, 11, 23))
        with transaction(factory) as session:
            accounts = _customers(session, rng, spec, rep_ids, tiers, priced)
    finally:
        engine.dispose()
    return {
        "products": spec.products,
        "categories": sum(1 + len(s) + sum(map(len, s.values())) for s in CATEGORY_TREE.values()),
        "barcodes": barcodes,
        "stock_rows": spec.products * 2,
        "price_lists": len(tiers),
        "price_entries": entries,
        "promotions": promotions,
        "reps": spec.reps,
        **accounts,
    }


def change_catalog(database_url: str, fraction: float = 0.01, seed: int = 99) -> dict[str, int]:
    """What a nightly import does to a catalog: new list prices (and some new names) for a
    `fraction` of the products and new unit prices for a `fraction` of the price entries, each
    row with a new version, in one transaction."""
    from server.db import make_engine, make_session_factory, transaction
    from server.models import PriceEntry, Product
    from server.services.versions import SYNC_VERSION, reserve

    rng = random.Random(seed)
    engine = make_engine(database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            product_count = session.scalar(select(func.count()).select_from(Product)) or 0
            entry_count = session.scalar(select(func.count()).select_from(PriceEntry)) or 0
            product_ids = sorted(
                rng.sample(range(1, product_count + 1), int(product_count * fraction))
            )
            entry_ids = sorted(rng.sample(range(1, entry_count + 1), int(entry_count * fraction)))
            products = session.execute(
                select(Product.id, Product.name, Product.list_price).where(
                    Product.id.in_(product_ids)
                )
            ).all()
            version = reserve(session, SYNC_VERSION, len(products))
            table: Any = Product.__table__
            session.connection().execute(
                update(table)
                .where(table.c.id == bindparam("pid"))
                .values(
                    list_price=bindparam("price"),
                    name=bindparam("new_name"),
                    version=bindparam("v"),
                ),
                [
                    {
                        "pid": pid,
                        "price": (price * Decimal("1.04")).quantize(CENT),
                        "new_name": name
                        if n % 3
                        else f"{name.split(',')[0]}, {rng.choice(VARIANTS)}",
                        "v": version + n,
                    }
                    for n, (pid, name, price) in enumerate(products)
                ],
            )
            entries = session.execute(
                select(PriceEntry.id, PriceEntry.unit_price).where(PriceEntry.id.in_(entry_ids))
            ).all()
            version = reserve(session, SYNC_VERSION, len(entries))
            table = PriceEntry.__table__
            session.connection().execute(
                update(table)
                .where(table.c.id == bindparam("eid"))
                .values(unit_price=bindparam("price"), version=bindparam("v")),
                [
                    {
                        "eid": eid,
                        "price": (Decimal(price) * Decimal("1.03")).quantize(CENT),
                        "v": version + n,
                    }
                    for n, (eid, price) in enumerate(entries)
                ],
            )
    finally:
        engine.dispose()
    return {"changed_products": len(products), "changed_prices": len(entries)}


def search_terms(
    database_url: str, seed: int = 7, skus: int = 20, barcodes: int = 20
) -> list[tuple[str, str]]:
    """A fixed, seeded set of (kind, text) queries a rep types: 1-, 2- and 3-character prefixes,
    whole words (brands, product nouns, materials), two-word queries, SKUs and barcodes."""
    from server.db import make_engine
    from server.models import Barcode, Product

    rng = random.Random(seed)
    words = sorted(
        {w for leaf in _leaf_names() for w in _noun(leaf).split()}
        | set(STYLES)
        | set(MATERIALS)
        | set(COLOURS)
    )
    queries: list[tuple[str, str]] = []
    for length, count in ((1, 30), (2, 40), (3, 40)):
        prefixes = sorted({w[:length].lower() for w in words if len(w) >= length})
        queries += [(f"prefix{length}", p) for p in rng.sample(prefixes, min(count, len(prefixes)))]
    single_brands = [b for b in BRANDS if " " not in b]
    queries += [("brand", rng.choice(BRANDS).split()[0]) for _ in range(10)]
    queries += [("brand", rng.choice(single_brands).lower()) for _ in range(10)]
    queries += [("noun", _noun(rng.choice(_leaf_names())).split()[-1].lower()) for _ in range(20)]
    queries += [("word", rng.choice(MATERIALS + COLOURS).lower()) for _ in range(10)]
    queries += [
        (
            "two_words",
            f"{rng.choice(STYLES)} {_noun(rng.choice(_leaf_names())).split()[-1]}".lower(),
        )
        for _ in range(20)
    ]
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            total = connection.scalar(select(func.count()).select_from(Product)) or 0
            picks = [rng.randrange(1, total + 1) for _ in range(skus + barcodes)]
            found = dict(
                connection.execute(
                    select(Product.id, Product.sku).where(Product.id.in_(picks))
                ).all()
            )
            codes: dict[int, list[str]] = {}
            for pid, code in connection.execute(
                select(Barcode.product_id, Barcode.code)
                .where(Barcode.product_id.in_(picks))
                .order_by(Barcode.id)
            ):
                codes.setdefault(pid, []).append(code)
    finally:
        engine.dispose()
    queries += [("sku", found[pid]) for pid in picks[:skus]]
    queries += [("sku_prefix", found[pid][:7]) for pid in picks[: skus // 2]]
    queries += [("barcode", rng.choice(codes[pid])) for pid in picks[skus:]]
    return queries


def _leaf_names() -> list[str]:
    return [leaf for subs in CATEGORY_TREE.values() for leaves in subs.values() for leaf in leaves]
