"""`repapp-server import`: real CSV and XLSX files into SQLite and PostgreSQL.

Every broken file must be reported as FILE:LINE:COLUMN: reason and leave the database exactly as
it was (row counts and the sync counter); a good file imports whole, and importing it again
changes nothing.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from repapp.core.barcodes import make_gtin13
from server.db import make_engine, make_session_factory, transaction
from server.imports import run_import
from server.imports.report import Report
from server.migrate import upgrade
from server.models import (
    Barcode,
    Base,
    Blob,
    Category,
    Counter,
    Customer,
    PriceEntry,
    PriceList,
    Product,
    ProductImage,
    ShipTo,
    Stock,
    Tombstone,
    User,
    Warehouse,
)
from server.services.pull import pull

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"
Factory = sessionmaker[Session]
PRODUCT_HEADER = ["sku", "name", "category", "case_pack", "list_price", "barcodes", "attributes"]
EAN_A, EAN_B, EAN_C, EAN_D = (make_gtin13(f"40123456{n:04d}") for n in (1, 2, 3, 4))


@pytest.fixture
def db(server_db_url: str) -> Iterator[Factory]:
    engine = make_engine(server_db_url)
    upgrade(engine)
    yield make_session_factory(engine)
    engine.dispose()


def write_csv(folder: Path, name: str, rows: list[list[Any]], delimiter: str = ",") -> Path:
    path = folder / name
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file, delimiter=delimiter).writerows(rows)
    return path


def run(db: Factory, kind: str, path: Path, **options: Any) -> Report:
    return run_import(db, kind, path, source=path.name, **options)


def ok(db: Factory, kind: str, path: Path, **options: Any) -> Report:
    report = run(db, kind, path, **options)
    assert report.problem_lines() == [], report.problem_lines()
    return report


def counts(report: Report, entity: str) -> dict[str, int]:
    return {outcome: n for outcome, n in report.counts.get(entity, {}).items() if n}


def snapshot(db: Factory) -> dict[str, int]:
    """Rows per table and every counter: equal snapshots mean nothing was written."""
    with db() as session:
        found = {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }
        found |= {f"counter {c.name}": c.value for c in session.scalars(select(Counter))}
    return found


def versions(db: Factory, model: Any, key: Any) -> dict[str, int]:
    with db() as session:
        return dict(session.execute(select(key, model.version)).all())


def add_reps(db: Factory, *usernames: str) -> dict[str, User]:
    with transaction(db) as session:
        users = [
            User(username=u, full_name=u.title(), role="rep", password_hash="x") for u in usernames
        ]
        session.add_all(users)
    return {user.username: user for user in users}


def catalog(db: Factory, tmp_path: Path) -> None:
    rows = [
        PRODUCT_HEADER,
        ["CND-1", "Soy Candle", "Home Decor > Candles", "6", "14.50", EAN_A, "scent=fig"],
        ["MUG-1", "Stoneware Mug", "Kitchen & Dining > Mugs", "4", "12.00", EAN_B, ""],
        ["VAS-1", "Bud Vase", "Home Decor > Vases", "", "18", "", ""],
    ]
    ok(db, "products", write_csv(tmp_path, "catalog.csv", rows))


def test_products_from_csv_with_categories_barcodes_attributes_and_images(
    db: Factory, tmp_path: Path
) -> None:
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "candle.png").write_bytes(b"\x89PNG fake candle")
    (tmp_path / "pics" / "box.jpg").write_bytes(b"\xff\xd8 fake box")
    header = PRODUCT_HEADER + ["images", "active", "order_increment"]
    rows = [
        header,
        ["CND-1", "Soy Candle", "Home Decor > Candles", "6", "14.50", f"{EAN_A} {EAN_B}",
         "scent=fig & cedar; size=8 oz", "pics/candle.png; pics/box.jpg", "yes", ""],
        ["VAS-1", "Bud Vase", "home decor > Vases", "4", "18", EAN_C, "", "pics/candle.png", "no", "2"],
    ]  # fmt: skip
    before = snapshot(db)
    report = ok(db, "products", write_csv(tmp_path, "products.csv", rows))
    assert counts(report, "products") == {"created": 2}
    assert counts(report, "categories") == {"created": 3}
    with db() as session:
        candle = session.scalars(select(Product).where(Product.sku == "CND-1")).one()
        vase = session.scalars(select(Product).where(Product.sku == "VAS-1")).one()
        assert (candle.list_price, candle.case_pack, candle.order_increment) == (
            Decimal("14.50"),
            6,
            6,
        )
        assert candle.attributes == {"scent": "fig & cedar", "size": "8 oz"} and candle.active
        assert (vase.order_increment, vase.active, vase.category_id != candle.category_id) == (
            2,
            False,
            True,
        )
        assert (
            session.get(Category, vase.category_id).parent_id
            == session.get(Category, candle.category_id).parent_id
        )  # type: ignore[union-attr]
        assert session.scalars(
            select(Barcode.code).where(Barcode.product_id == candle.id).order_by(Barcode.id)
        ).all() == [EAN_A, EAN_B]
        shas = session.scalars(
            select(ProductImage.sha256)
            .where(ProductImage.product_id == candle.id)
            .order_by(ProductImage.position)
        ).all()
        assert len(shas) == 2 and session.scalar(select(func.count()).select_from(Blob)) == 2
        assert session.get(Blob, shas[0]).content_type == "image/png"  # type: ignore[union-attr]
    after = snapshot(db)
    assert (
        after["counter sync_version"] - before["counter sync_version"] == 2 + 3
    )  # rows, categories


def test_products_from_xlsx_with_numbers_dates_and_spreadsheet_headers(
    db: Factory, tmp_path: Path
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["SKU", "Name", "Case Pack", "List Price", "Barcodes", "Active"])
    sheet.append(["PEN-1", "Brass Pen", 6, 18.5, int(EAN_A), True])
    sheet.append([None, None, None, None, None, None])  # a blank row keeps the numbering
    sheet.append(["PEN-2", "Steel Pen", 12, "9,95", EAN_B, False])
    path = tmp_path / "pens.xlsx"
    workbook.save(path)
    before = snapshot(db)
    report = run(db, "products", path)
    assert report.problem_lines() == [
        'pens.xlsx:4:List Price: "9,95" is not a number (use a dot for decimals)'
    ]
    assert snapshot(db) == before

    sheet["D4"] = 9.95
    workbook.save(path)
    assert counts(ok(db, "products", path), "products") == {"created": 2}
    with db() as session:
        pens = {p.sku: p for p in session.scalars(select(Product))}
        assert pens["PEN-1"].list_price == Decimal("18.50") and pens["PEN-1"].case_pack == 6
        assert pens["PEN-2"].list_price == Decimal("9.95") and not pens["PEN-2"].active


def test_a_semicolon_csv_with_a_byte_order_mark_imports(db: Factory, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffSKU;Name;List_Price\r\nTWL-1;Serviette côtelée;7.25\r\n".encode())
    assert counts(ok(db, "products", path), "products") == {"created": 1}
    with db() as session:
        assert session.scalars(select(Product.name)).one() == "Serviette côtelée"


BROKEN_PRODUCTS = {
    "missing and unknown columns": (
        b"sku,title,price\nA-1,Candle,3\n",
        [
            "products.csv:1: missing required columns: name, list_price",
            "products.csv:1:title: warning: unknown column, ignored",
            'products.csv:1:price: warning: unknown column, ignored (did you mean "list_price"?)',
        ],
    ),
    "bad numbers": (
        b'sku,name,list_price,case_pack\nA-1,Candle,"12,50",6\nA-2,Vase,-3,6\nA-3,Mug,4,-1\n'
        b"A-4,Jug,$5,2.5\n",
        [
            'products.csv:2:list_price: "12,50" is not a number (use a dot for decimals)',
            "products.csv:3:list_price: -3 is negative",
            "products.csv:4:case_pack: -1 is less than 1",
            'products.csv:5:list_price: "$5" is not a number (leave out the currency sign)',
            "products.csv:5:case_pack: 2.5 is not a whole number",
        ],
    ),
    "duplicate SKUs": (
        b"sku,name,list_price\nA-1,Candle,3\nA-2,Vase,4\nA-1,Candle again,5\n",
        ['products.csv:4:sku: "A-1" is already on line 2'],
    ),
    "bad check digits and a barcode twice": (
        f"sku,name,list_price,barcodes\nA-1,Candle,3,4006381333932\nA-2,Vase,4,{EAN_D}\n"
        f"A-3,Mug,5,123\nA-4,Jug,5,{EAN_D}\nA-5,Tin,5,85000121016\n".encode(),
        [
            'products.csv:2:barcodes: "4006381333932" has a wrong check digit',
            'products.csv:4:barcodes: "123" is not a GTIN (8, 12, 13 or 14 digits)',
            f"products.csv:5:barcodes: {EAN_D} is also on line 3 (SKU A-2)",
            'products.csv:6:barcodes: "85000121016" has lost its leading zeros: format the column as text in the spreadsheet',
        ],
    ),
    "empty file": (
        b"",
        ["products.csv: the file is empty: the first line must hold the column names"],
    ),
    "header only": (
        b"sku,name,list_price\n",
        ["products.csv: the file has column names but no rows of data"],
    ),
    "not UTF-8": (
        "sku,name,list_price\nA-1,Candle,3\nA-2,Café mug,4\n".encode("cp1252"),
        [
            "products.csv:3: the file is not UTF-8 text (byte 0xE9): "
            'save it from your spreadsheet as "CSV UTF-8" and import that file'
        ],
    ),
    "more cells than columns": (
        b"sku;name;list_price\nA-1;Candle;3;extra\nA-2;Vase;4;\n",
        [
            "products.csv:2: has 4 cells but the header names 3 columns (check the delimiter and quotes)"
        ],
    ),
    "an unclosed quote": (
        b'sku,name,list_price\nA-1,Candle,3\nA-2,"Vase,4\nA-3,Mug,5\n',
        ["products.csv:3: this line cannot be read as CSV: unexpected end of data"],
    ),
    "an old Excel workbook": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
        [
            'products.csv: the file is an Excel 97-2003 workbook (.xls): save it as "Excel Workbook (.xlsx)" or "CSV UTF-8"'
        ],
    ),
    "a damaged workbook": (
        b"PK\x03\x04 not really a zip",
        ["products.csv: the file is not a readable Excel workbook (.xlsx): File is not a zip file"],
    ),
    "a column twice": (
        b"sku,name,list_price,Name\nA-1,Candle,3,x\n",
        ["products.csv:1:Name: appears twice (columns B and D)"],
    ),
    "bad attributes": (
        b"sku,name,list_price,attributes\nA-1,Candle,3,colour\nA-2,Vase,3,a=1; a=2\n",
        [
            'products.csv:2:attributes: "colour" is not name=value (e.g. colour=red; size=M)',
            'products.csv:3:attributes: "a" is given twice',
        ],
    ),
    "missing image": (
        b"sku,name,list_price,images\nA-1,Candle,3,nope.png\nA-2,Vase,3,notes.txt\n",
        [
            'products.csv:2:images: "nope.png" does not exist (looked for {folder}/nope.png)',
            'products.csv:3:images: "notes.txt" is not a picture file (.gif, .jpeg, .jpg, .png, .webp)',
        ],
    ),
}


@pytest.mark.parametrize("case", list(BROKEN_PRODUCTS))
def test_a_broken_products_file_is_reported_and_writes_nothing(
    db: Factory, tmp_path: Path, case: str
) -> None:
    catalog(db, tmp_path)
    content, expected = BROKEN_PRODUCTS[case]
    path = tmp_path / "products.csv"
    path.write_bytes(content)
    before = snapshot(db)
    report = run(db, "products", path)
    assert report.problem_lines() == [line.format(folder=tmp_path) for line in expected]
    assert not report.ok and not report.written
    assert snapshot(db) == before


def test_a_barcode_of_another_product_is_an_error_unless_the_file_moves_it(
    db: Factory, tmp_path: Path
) -> None:
    catalog(db, tmp_path)  # CND-1 has EAN_A, MUG-1 has EAN_B
    before = snapshot(db)
    taken = write_csv(
        tmp_path, "p.csv", [["sku", "name", "list_price", "barcodes"], ["NEW-1", "New", "1", EAN_A]]
    )
    assert run(db, "products", taken).problem_lines() == [
        f"p.csv:2:barcodes: {EAN_A} already belongs to SKU CND-1"
    ]
    assert snapshot(db) == before
    moved = write_csv(
        tmp_path,
        "moved.csv",
        [
            ["sku", "name", "list_price", "barcodes"],
            ["NEW-1", "New", "1", EAN_A],
            ["CND-1", "Soy Candle", "14.50", EAN_C],
        ],
    )
    assert counts(ok(db, "products", moved), "products") == {"created": 1, "updated": 1}
    with db() as session:
        owner = select(Product.sku).join(Barcode, Barcode.product_id == Product.id)
        assert session.scalar(owner.where(Barcode.code == EAN_A)) == "NEW-1"
        assert session.scalar(owner.where(Barcode.code == EAN_C)) == "CND-1"


def test_reimport_changes_nothing_and_an_update_bumps_only_the_changed_rows(
    db: Factory, tmp_path: Path
) -> None:
    catalog(db, tmp_path)
    first = versions(db, Product, Product.sku)
    before = snapshot(db)
    again = ok(db, "products", tmp_path / "catalog.csv")
    assert counts(again, "products") == {"unchanged": 3}
    assert snapshot(db) == before and versions(db, Product, Product.sku) == first

    rows = list(csv.reader((tmp_path / "catalog.csv").read_text(encoding="utf-8").splitlines()))
    rows[1][4] = "15.00"  # CND-1: a new price
    rows[2][5] = f"{EAN_B} {EAN_C}"  # MUG-1: one more barcode (travels in the product row)
    report = ok(db, "products", write_csv(tmp_path, "catalog.csv", rows))
    assert counts(report, "products") == {"updated": 2, "unchanged": 1}
    now = versions(db, Product, Product.sku)
    assert now["VAS-1"] == first["VAS-1"]
    assert (
        now["CND-1"] > before["counter sync_version"]
        and now["MUG-1"] > before["counter sync_version"]
    )
    assert snapshot(db)["counter sync_version"] == before["counter sync_version"] + 2


def test_a_dry_run_reports_what_would_change_and_writes_nothing(
    db: Factory, tmp_path: Path
) -> None:
    catalog(db, tmp_path)
    before = snapshot(db)
    rows = [PRODUCT_HEADER, ["CND-1", "Soy Candle", "Home Decor > Candles", "6", "16.00", EAN_A, "scent=fig"],
            ["NEW-1", "Linen Towel", "Kitchen & Dining > Linens", "6", "7.25", "", ""]]  # fmt: skip
    report = ok(db, "products", write_csv(tmp_path, "p.csv", rows), dry_run=True)
    assert counts(report, "products") == {"created": 1, "updated": 1}
    assert counts(report, "categories") == {"created": 1}
    assert not report.written and report.summary_lines()[-1].startswith("dry run")
    assert snapshot(db) == before


PRICES = [
    ["price_list", "price_list_name", "kind", "sku", "min_qty", "unit_price"],
    ["TIER-A", "Tier A (volume)", "tier", "CND-1", "", "11.60"],
    ["TIER-A", "", "", "CND-1", "24", "10.4400"],
    ["TIER-A", "", "", "MUG-1", "1", "9.60"],
    ["HARBOR", "Harbor net", "customer", "MUG-1", "1", "8.75"],
]


def test_prices_create_lists_upsert_and_replace_with_tombstones(
    db: Factory, tmp_path: Path
) -> None:
    catalog(db, tmp_path)
    report = ok(db, "prices", write_csv(tmp_path, "prices.csv", PRICES))
    assert counts(report, "price lists") == {"created": 2}
    assert counts(report, "prices") == {"created": 4}
    with db() as session:
        lists = {p.code: p for p in session.scalars(select(PriceList))}
        assert (lists["TIER-A"].name, lists["HARBOR"].kind, lists["HARBOR"].currency) == (
            "Tier A (volume)",
            "customer",
            "USD",
        )
    before = snapshot(db)
    assert counts(ok(db, "prices", tmp_path / "prices.csv"), "prices") == {"unchanged": 4}
    assert snapshot(db) == before

    fewer = write_csv(tmp_path, "fewer.csv", [PRICES[0], PRICES[1][:5] + ["11.50"], PRICES[3]])
    assert counts(ok(db, "prices", fewer), "prices") == {"updated": 1, "unchanged": 1}
    report = ok(db, "prices", fewer, replace=True)
    assert counts(report, "prices") == {"unchanged": 2, "deleted": 1}
    with db() as session:
        assert session.scalar(select(func.count()).select_from(PriceEntry)) == 3  # HARBOR kept
        gone = session.scalars(select(Tombstone).where(Tombstone.entity == "price")).one()
        assert (gone.key, gone.user_id) == ("TIER-A|CND-1|24", None)
    assert gone.version == snapshot(db)["counter sync_version"]


def test_broken_price_files_name_line_and_column(db: Factory, tmp_path: Path) -> None:
    catalog(db, tmp_path)
    ok(db, "prices", write_csv(tmp_path, "prices.csv", PRICES))
    rows = [
        ["price_list", "currency", "kind", "sku", "min_qty", "unit_price"],
        ["TIER-A", "USD", "", "NOPE-1", "1", "1.00"],
        ["TIER-A", "EUR", "", "CND-1", "6", "1.00"],
        ["TIER-A", "", "", "CND-1", "0", "1.123456"],
        ["HARBOR", "", "tier", "MUG-1", "1", "1"],
        ["TIER-B", "", "", "MUG-1", "1", "1"],
        ["TIER-B", "", "", "MUG-1", "1", "2"],
    ]
    before = snapshot(db)
    assert run(db, "prices", write_csv(tmp_path, "bad.csv", rows)).problem_lines() == [
        'bad.csv:2:sku: unknown SKU "NOPE-1" (import it with the products first)',
        'bad.csv:3:currency: "EUR" differs from "USD" on line 2 for price list TIER-A',
        "bad.csv:4:min_qty: 0 is less than 1",
        "bad.csv:4:unit_price: 1.123456 has more than 4 decimals",
        "bad.csv:5:kind: price list HARBOR is a customer list: an import cannot change its kind",
        "bad.csv:7:min_qty: price_list TIER-B, sku MUG-1, min_qty 1 is already on line 6",
    ]
    assert snapshot(db) == before


def pulled(db: Factory, user: User, cursor: int = 0) -> tuple[dict[tuple[str, str], Any], int]:
    """Everything `user` pulls after `cursor`: (entity, key) -> change, and the next cursor."""
    changes: dict[tuple[str, str], Any] = {}
    with db() as session:
        while True:
            page = pull(session, session.merge(user), cursor, 500)
            changes |= {(c.entity, c.key): c for c in page.changes}
            cursor = page.next_cursor
            if not page.has_more:
                return changes, cursor


CUSTOMERS = [
    ["account_number", "name", "city", "country", "credit_limit", "open_balance", "credit_hold",
     "price_list", "reps", "email"],
    ["C5001", "Harbor Home Goods", "Bar Harbor", "us", "10000", "-25.50", "no", "HARBOR", "dana", "a@harbor.example"],
    ["C5002", "Willow Mercantile", "Burlington", "US", "2500.00", "0", "yes", "TIER-A", "dana luis", ""],
]  # fmt: skip


def test_customers_import_and_a_rep_change_moves_the_account_between_pulls(
    db: Factory, tmp_path: Path
) -> None:
    catalog(db, tmp_path)
    ok(db, "prices", write_csv(tmp_path, "prices.csv", PRICES))
    reps = add_reps(db, "dana", "luis")
    report = ok(db, "customers", write_csv(tmp_path, "customers.csv", CUSTOMERS))
    assert counts(report, "customers") == {"created": 2}
    with db() as session:
        harbor = session.scalars(select(Customer).where(Customer.account_number == "C5001")).one()
        assert (harbor.country, harbor.open_balance, harbor.credit_hold) == (
            "US",
            Decimal("-25.50"),
            False,
        )
    dana, cursor_dana = pulled(db, reps["dana"])
    luis, cursor_luis = pulled(db, reps["luis"])
    assert ("customer", "C5001") in dana and ("customer", "C5001") not in luis
    assert ("price_list", "HARBOR") in dana and ("price", "HARBOR|MUG-1|1") in dana
    assert ("customer", "C5002") in luis and ("price_list", "HARBOR") not in luis
    before = snapshot(db)
    assert counts(ok(db, "customers", tmp_path / "customers.csv"), "customers") == {"unchanged": 2}
    assert snapshot(db) == before

    CUSTOMERS_MOVED = [row[:] for row in CUSTOMERS]
    CUSTOMERS_MOVED[1][8] = "luis"
    report = ok(db, "customers", write_csv(tmp_path, "moved.csv", CUSTOMERS_MOVED))
    assert counts(report, "customers") == {"updated": 1, "unchanged": 1}
    dana_after, _ = pulled(db, reps["dana"], cursor_dana)
    luis_after, _ = pulled(db, reps["luis"], cursor_luis)
    assert dana_after[("customer", "C5001")].op == "delete"
    assert luis_after[("customer", "C5001")].op == "put"
    assert ("price", "HARBOR|MUG-1|1") in luis_after  # their new account's own price list
    assert ("customer", "C5002") not in dana_after | luis_after  # untouched: not sent again


def test_customer_files_with_unknown_references_write_nothing(db: Factory, tmp_path: Path) -> None:
    catalog(db, tmp_path)
    add_reps(db, "dana")
    with transaction(db) as session:
        session.add(
            User(username="priya", full_name="Priya", role="back_office", password_hash="x")
        )
    rows = [
        ["Account Number", "Name", "Price List", "Reps", "Email", "Country"],
        ["C1", "One", "NOPE", "dana", "", "USA"],
        ["C2", "Two", "", "dana ghost priya", "not-an-email", "US"],
        ["C1", "One again", "", "", "", ""],
    ]
    before = snapshot(db)
    assert run(db, "customers", write_csv(tmp_path, "c.csv", rows)).problem_lines() == [
        'c.csv:2:Country: "USA" is not a two-letter country code such as US',
        'c.csv:3:Email: "not-an-email" is not an email address',
        'c.csv:4:Account Number: "C1" is already on line 2',
    ]
    rows[1][5], rows[2][4], rows[3][0] = "US", "", "C3"
    assert run(db, "customers", write_csv(tmp_path, "c.csv", rows)).problem_lines() == [
        'c.csv:2:Price List: unknown price list "NOPE" (import it with the prices first)',
        'c.csv:3:Reps: unknown user "ghost"',
        'c.csv:3:Reps: "priya" is not a rep (role back_office)',
    ]
    assert snapshot(db) == before


def test_ship_tos_and_contacts_travel_inside_their_account(db: Factory, tmp_path: Path) -> None:
    catalog(db, tmp_path)
    ok(db, "prices", write_csv(tmp_path, "prices.csv", PRICES))
    reps = add_reps(db, "dana", "luis")
    ok(db, "customers", write_csv(tmp_path, "customers.csv", CUSTOMERS))
    _, cursor = pulled(db, reps["dana"])
    ship_tos = [
        ["account_number", "code", "name", "city", "default"],
        ["C5001", "MAIN", "Harbor Home Goods", "Bar Harbor", "yes"],
        ["C5001", "DOCK", "Harbor receiving", "Ellsworth", "no"],
    ]
    report = ok(db, "ship-tos", write_csv(tmp_path, "ship-tos.csv", ship_tos))
    assert counts(report, "ship-tos") == {"created": 2}
    contacts = [
        ["account_number", "name", "role", "email"],
        ["C5001", "Ava Brooks", "Buyer", "ava@harbor.example"],
    ]
    ok(db, "contacts", write_csv(tmp_path, "contacts.csv", contacts))
    changes, cursor = pulled(db, reps["dana"], cursor)
    assert set(changes) == {("customer", "C5001")}
    account = changes[("customer", "C5001")].data
    assert [(s["code"], s["is_default"]) for s in account["ship_tos"]] == [
        ("MAIN", True),
        ("DOCK", False),
    ]
    assert account["contacts"] == [
        {"name": "Ava Brooks", "role": "Buyer", "email": "ava@harbor.example", "phone": ""}
    ]
    before = snapshot(db)
    assert counts(ok(db, "ship-tos", tmp_path / "ship-tos.csv"), "ship-tos") == {"unchanged": 2}
    assert snapshot(db) == before

    report = ok(
        db,
        "ship-tos",
        write_csv(
            tmp_path,
            "dock.csv",
            [ship_tos[0], ["C5001", "DOCK", "Harbor receiving", "Ellsworth", "yes"]],
        ),
        replace=True,
    )
    assert counts(report, "ship-tos") == {"updated": 1, "deleted": 1}
    changes, _ = pulled(db, reps["dana"], cursor)
    assert [
        (s["code"], s["is_default"]) for s in changes[("customer", "C5001")].data["ship_tos"]
    ] == [("DOCK", True)]
    two_defaults = [
        ship_tos[0],
        ship_tos[1],
        ["C5001", "DOCK", "Harbor receiving", "", "yes"],
        ["NOPE", "MAIN", "x", "", ""],
    ]
    before = snapshot(db)
    assert run(db, "ship-tos", write_csv(tmp_path, "bad.csv", two_defaults)).problem_lines() == [
        "bad.csv:3:default: C5001 already has its default ship-to on line 2",
        'bad.csv:4:account_number: unknown account "NOPE" (import it with the customers first)',
    ]
    assert snapshot(db) == before


def test_stock_creates_warehouses_and_keeps_the_count_time_of_unchanged_rows(
    db: Factory, tmp_path: Path
) -> None:
    catalog(db, tmp_path)
    rows = [
        ["sku", "warehouse", "warehouse_name", "on_hand", "counted_at"],
        ["CND-1", "EAST", "East DC (Newark)", "120", "2026-11-20T06:00:00-05:00"],
        ["CND-1", "WEST", "", "48", ""],
        ["MUG-1", "EAST", "", "0", "2026-11-20"],
    ]
    report = ok(db, "stock", write_csv(tmp_path, "stock.csv", rows))
    assert counts(report, "warehouses") == {"created": 2} and counts(report, "stock") == {
        "created": 3
    }
    assert "new warehouses: EAST, WEST" in report.notes
    with db() as session:
        assert session.scalars(select(Warehouse.name).order_by(Warehouse.code)).all() == [
            "East DC (Newark)",
            "WEST",
        ]
        east = session.scalars(select(Stock).where(Stock.on_hand == 120)).one()
        assert east.counted_at.replace(tzinfo=None).isoformat() == "2026-11-20T11:00:00"
    first = versions(db, Stock, Stock.id)
    before = snapshot(db)
    assert counts(ok(db, "stock", tmp_path / "stock.csv"), "stock") == {"unchanged": 3}
    assert snapshot(db) == before

    rows[3][3] = "36"
    assert counts(ok(db, "stock", write_csv(tmp_path, "stock.csv", rows)), "stock") == {
        "updated": 1,
        "unchanged": 2,
    }
    assert (
        sum(
            a != b
            for a, b in zip(first.values(), versions(db, Stock, Stock.id).values(), strict=True)
        )
        == 1
    )
    rows[1][4] = "2026-11-01"
    rows[2][0] = "NOPE-9"
    before = snapshot(db)
    assert run(db, "stock", write_csv(tmp_path, "stale.csv", rows)).problem_lines() == [
        "stale.csv:2:counted_at: 2026-11-01T00:00:00+00:00 is older than the stored count (2026-11-20T11:00:00+00:00)",
        'stale.csv:3:sku: unknown SKU "NOPE-9" (import it with the products first)',
    ]
    assert snapshot(db) == before


def test_promotions_and_contracts(db: Factory, tmp_path: Path) -> None:
    catalog(db, tmp_path)
    ok(db, "customers", write_csv(tmp_path, "customers.csv", [row[:7] for row in CUSTOMERS]))
    promotions = [
        [
            "code",
            "name",
            "starts_on",
            "ends_on",
            "kind",
            "value",
            "scope",
            "scope_value",
            "priority",
        ],
        [
            "CANDLES",
            "Candle week",
            "2026-11-20",
            "2026-11-27",
            "percent",
            "15",
            "category",
            "Home Decor > Candles",
            "10",
        ],
        ["MUG", "Mug deal", "2026-11-20", "2026-11-30", "fixed", "9.50", "sku", "MUG-1", ""],
        ["ALL", "Everything", "2026-12-01", "2026-12-31", "percent", "5", "", "", "-1"],
    ]
    assert counts(
        ok(db, "promotions", write_csv(tmp_path, "promotions.csv", promotions)), "promotions"
    ) == {"created": 3}
    assert counts(ok(db, "promotions", tmp_path / "promotions.csv"), "promotions") == {
        "unchanged": 3
    }
    report = ok(db, "promotions", write_csv(tmp_path, "two.csv", promotions[:3]), replace=True)
    assert counts(report, "promotions") == {"unchanged": 2, "deleted": 1}
    bad = [promotions[0],
           ["P1", "Backwards", "2026-12-01", "2026-11-01", "percent", "150", "all", "", ""],
           ["P2", "No such", "2026-12-01", "2026-12-02", "fixed", "1", "category", "Garden > Gnomes", ""],
           ["P3", "Bad date", "01/12/2026", "2026-12-02", "bogus", "1", "brand", "", ""]]  # fmt: skip
    before = snapshot(db)
    assert run(db, "promotions", write_csv(tmp_path, "bad.csv", bad)).problem_lines() == [
        "bad.csv:2:ends_on: 2026-11-01 is before starts_on 2026-12-01",
        "bad.csv:2:value: 150 is not a percentage (more than 0, at most 100)",
        'bad.csv:3:scope_value: unknown category "Garden > Gnomes"',
        'bad.csv:4:starts_on: "01/12/2026" is not a date (use YYYY-MM-DD)',
        'bad.csv:4:kind: "bogus" is not one of: percent, fixed',
    ]
    assert snapshot(db) == before

    contracts = [
        ["account_number", "sku", "unit_price", "reference", "starts_on", "ends_on"],
        ["C5001", "CND-1", "10.50", "K-14", "2026-01-01", "2026-12-31"],
        ["C5001", "MUG-1", "8.75", "K-14", "", ""],
        ["C5002", "MUG-1", "9", "", "", ""],
    ]
    assert counts(
        ok(db, "contracts", write_csv(tmp_path, "contracts.csv", contracts)), "contracts"
    ) == {"created": 3}
    report = ok(db, "contracts", write_csv(tmp_path, "one.csv", contracts[:2]), replace=True)
    assert counts(report, "contracts") == {"unchanged": 1, "deleted": 1}  # C5002 is not in the file
    with db() as session:
        assert session.scalars(
            select(Tombstone.key).where(Tombstone.entity == "contract")
        ).all() == ["C5001|MUG-1"]


def cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REPAPP_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "server.cli", "import", *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_the_command_line_imports_reports_and_exits_with_the_right_code(
    db: Factory, server_db_url: str, tmp_path: Path
) -> None:
    rows = [
        PRODUCT_HEADER,
        ["CND-1", "Soy Candle", "Home Decor > Candles", "6", "14.50", EAN_A, ""],
    ]
    good = write_csv(tmp_path, "products.csv", rows)
    done = cli(server_db_url, "products", str(good), "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "products: 1 created" in done.stdout and "dry run" in done.stdout
    done = cli(server_db_url, "products", str(good), "--progress")
    assert done.returncode == 0 and "products: 1 created" in done.stdout
    assert f"{good}: done in" in done.stderr
    assert snapshot(db)["products"] == 1

    bad = write_csv(tmp_path, "bad.csv", [["sku", "name", "list_price"], ["X-1", "Mug", "12,50"]])
    done = cli(server_db_url, "products", str(bad))
    assert done.returncode == 1
    assert done.stderr == f'{bad}:2:list_price: "12,50" is not a number (use a dot for decimals)\n'
    assert "nothing was imported" in done.stdout
    assert cli(server_db_url, "products", str(tmp_path / "missing.csv")).returncode == 2
    assert cli(server_db_url, "stock", str(good), "--replace").returncode == 2
    assert cli(server_db_url, "nonsense", str(good)).returncode == 2
    assert snapshot(db)["products"] == 1


SAMPLE_ORDER = [
    ("products", "products.csv"),
    ("products", "products.xlsx"),
    ("stock", "stock.csv"),
    ("prices", "prices.csv"),
    ("promotions", "promotions.csv"),
    ("customers", "customers.csv"),
    ("ship-tos", "ship-tos.csv"),
    ("contacts", "contacts.csv"),
    ("contracts", "contracts.csv"),
]


def test_the_sample_files_import_cleanly_and_again_change_nothing(db: Factory) -> None:
    for kind, name in SAMPLE_ORDER:
        report = ok(db, kind, SAMPLES / name)
        assert report.written and not report.counts.get(kind, {}).get("unchanged")
    with db() as session:
        assert session.scalar(select(func.count()).select_from(Product)) == 26
        assert session.scalar(select(func.count()).select_from(ShipTo)) == 12
    before = snapshot(db)
    for kind, name in SAMPLE_ORDER:
        report = ok(db, kind, SAMPLES / name)
        assert all(set(counts(report, entity)) == {"unchanged"} for entity in report.counts)
    assert snapshot(db) == before


def test_the_samples_and_their_rep_assignments_import_over_the_demo_data(db: Factory) -> None:
    from server.demo_data import load_demo_data

    load_demo_data(db, products=60)  # the demo needs one product per account
    for kind, name in [*SAMPLE_ORDER, ("customers", "customer-reps.csv")]:
        ok(db, kind, SAMPLES / name)
    with db() as session:
        rep2 = session.scalars(select(User).where(User.username == "rep2")).one()
    changes, _ = pulled(db, rep2)
    assert {"C5007", "C5008", "C5009", "C5010"} <= {
        key for entity, key in changes if entity == "customer"
    }
    assert ("contract", "C5010|CRD-3001") in changes


def test_a_customers_tax_rate_is_imported_checked_and_sent_to_its_reps(
    db: Factory, tmp_path: Path
) -> None:
    catalog(db, tmp_path)
    ok(db, "prices", write_csv(tmp_path, "prices.csv", PRICES))
    reps = add_reps(db, "dana", "luis")
    rows = [[*CUSTOMERS[0], "tax_percent"], [*CUSTOMERS[1], "8.25"], [*CUSTOMERS[2], ""]]
    ok(db, "customers", write_csv(tmp_path, "customers.csv", rows))
    with db() as session:
        rates = dict(session.execute(select(Customer.account_number, Customer.tax_percent)).all())
    assert rates == {"C5001": Decimal("8.25"), "C5002": Decimal("0")}
    dana, _ = pulled(db, reps["dana"])
    assert dana[("customer", "C5001")].data["tax_percent"] == "8.25"
    bad = [rows[0], [*CUSTOMERS[1], "108"], [*CUSTOMERS[2], "7.125"]]
    assert run(db, "customers", write_csv(tmp_path, "bad.csv", bad)).problem_lines() == [
        "bad.csv:2:tax_percent: 108 is more than 100 percent",
        "bad.csv:3:tax_percent: 7.125 has more than 2 decimals",
    ]
