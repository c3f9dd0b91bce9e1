"""Products by SKU, with their category, barcodes and pictures.

A column the file leaves out keeps its value on existing products (new ones get the default);
a column that is there is authoritative, so an empty `barcodes` cell removes a product's barcodes.
Barcodes and pictures travel inside the product's sync row, so changing them bumps its version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.imports import columns as c
from server.imports.bulk import (
    Versions,
    delete_in,
    fetch_in,
    grouped,
    insert_keyed,
    insert_plain,
    update_rows,
)
from server.imports.categories import CategoryTree
from server.imports.images import ImageFiles
from server.imports.report import Report
from server.imports.spec import Kind, Options
from server.imports.table import Column, Record, Table
from server.models import Barcode, Product, ProductImage

COLUMNS = (
    Column("sku", c.code(40), required=True),
    Column("name", c.text(200), required=True),
    Column("description", c.text(2000), default=""),
    Column("brand", c.text(80), default=""),
    Column("category", c.category_path),
    Column("unit", c.text(16), default="each"),
    Column("case_pack", c.integer(1), default=1),
    Column("min_qty", c.integer(1), default=1),
    Column("order_increment", c.integer(1)),  # empty: the case pack
    Column("list_price", c.decimal(2), required=True),
    Column("currency", c.currency, default="USD"),
    Column("barcodes", c.barcodes, default=()),
    Column("active", c.boolean, default=True),
    Column("attributes", c.attributes, default={}),
    Column("images", c.file_list, default=()),
)
FIELDS = (
    "name",
    "description",
    "brand",
    "unit",
    "case_pack",
    "min_qty",
    "list_price",
    "currency",
    "active",
    "attributes",
)
NEW_PRODUCT = {
    "description": "",
    "brand": "",
    "category_id": None,
    "unit": "each",
    "case_pack": 1,
    "min_qty": 1,
    "currency": "USD",
    "attributes": {},
    "active": True,
}


@dataclass
class Change:
    row: dict[str, Any]  # every column's final value (with "id" for an existing product)
    barcodes: list[str] | None  # None: unchanged
    images: list[str] | None


@dataclass
class ProductPlan:
    tree: CategoryTree
    images: ImageFiles
    created: list[Change] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)

    def write(self, session: Session) -> None:
        versions = Versions(session, self.tree.new_count + len(self.created) + len(self.updated))
        self.tree.create(session, versions)
        self.images.write(session)
        for change in self.created + self.updated:
            category = change.row["category_id"]
            if isinstance(category, tuple):
                change.row["category_id"] = self.tree.id_of(category)
            change.row["version"] = versions.take()
        new_ids = insert_keyed(session, Product, [change.row for change in self.created], "sku")
        for change, new_id in zip(self.created, new_ids, strict=True):
            change.row["id"] = new_id
        update_rows(session, Product, [change.row for change in self.updated])
        _replace_children(session, self.created + self.updated)


def _replace_children(session: Session, changes: list[Change]) -> None:
    """Delete the barcodes and pictures that changed, then insert the new ones (moves included)."""
    recoded = [ch.row["id"] for ch in changes if ch.barcodes is not None]
    repictured = [ch.row["id"] for ch in changes if ch.images is not None]
    delete_in(session, Barcode, Barcode.product_id, recoded)
    delete_in(session, ProductImage, ProductImage.product_id, repictured)
    insert_plain(
        session,
        Barcode,
        [
            {"product_id": ch.row["id"], "code": code}
            for ch in changes
            for code in ch.barcodes or ()
        ],
    )
    insert_plain(
        session,
        ProductImage,
        [
            {"product_id": ch.row["id"], "position": position, "sha256": sha}
            for ch in changes
            for position, sha in enumerate(ch.images or ())
        ],
    )


def check(session: Session, table: Table, report: Report, options: Options) -> ProductPlan:
    records = table.records
    existing = {
        row.sku: row._asdict()
        for row in fetch_in(
            session,
            lambda chunk: select(Product.__table__).where(Product.sku.in_(chunk)),
            [record["sku"] for record in records],
        )
    }
    ids = [row["id"] for row in existing.values()]
    old_codes = _children(session, Barcode.product_id, Barcode.code, Barcode.id, ids)
    old_images = _children(
        session, ProductImage.product_id, ProductImage.sha256, ProductImage.position, ids
    )
    if table.has("barcodes"):
        _check_barcodes(session, table, report)
    plan = ProductPlan(tree=CategoryTree(session), images=ImageFiles(options.folder))
    given = [name for name in FIELDS if table.has(name)]
    unchanged = 0
    for record in records:
        images = _images(plan.images, table, record, report)
        old = existing.get(record["sku"])
        row = _final_row(plan.tree, table, record, old, given)
        codes = list(record["barcodes"]) if table.has("barcodes") else None
        if old is None:
            plan.created.append(Change(row, codes or [], images or []))
            continue
        if codes == old_codes.get(old["id"], []):
            codes = None
        if images == old_images.get(old["id"], []):
            images = None
        if row != old or codes is not None or images is not None:
            plan.updated.append(Change(row, codes, images))
        else:
            unchanged += 1
    report.count("products", "unchanged", unchanged)
    report.count("products", "created", len(plan.created))
    report.count("products", "updated", len(plan.updated))
    if plan.tree.new_count:
        report.count("categories", "created", plan.tree.new_count)
    return plan


def _final_row(
    tree: CategoryTree,
    table: Table,
    record: Record,
    old: dict[str, Any] | None,
    given: list[str],
) -> dict[str, Any]:
    """The product after the import: the file's columns over the stored row (or the defaults)."""
    row = dict(old) if old is not None else {**NEW_PRODUCT, "sku": record["sku"]}
    values = record.values
    row.update({name: values[name] for name in given})
    if table.has("category"):
        path = record["category"]
        row["category_id"] = tree.plan(path) if path else None
    increment = record.get("order_increment")
    if increment is not None:
        row["order_increment"] = increment
    elif table.has("order_increment") or old is None:
        row["order_increment"] = row["case_pack"]
    row["attributes"] = dict(row["attributes"] or {})
    return row


def _images(files: ImageFiles, table: Table, record: Record, report: Report) -> list[str] | None:
    if not table.has("images"):
        return None
    try:
        return files.load(list(record["images"]))
    except c.CellError as error:
        report.error(record.line, table.label("images"), str(error))
        return []


def _children(
    session: Session, owner: Any, value: Any, order: Any, ids: list[int]
) -> dict[int, list[Any]]:
    return grouped(
        fetch_in(
            session,
            lambda chunk: select(owner, value).where(owner.in_(chunk)).order_by(owner, order),
            ids,
        )
    )


def _check_barcodes(session: Session, table: Table, report: Report) -> None:
    """A barcode may belong to one SKU: in the file, and in the database after the import."""
    label = table.label("barcodes")
    first: dict[str, Record] = {}
    for record in table.records:
        for code in record["barcodes"]:
            if code in first:
                other = first[code]
                report.error(
                    record.line, label, f"{code} is also on line {other.line} (SKU {other['sku']})"
                )
            else:
                first[code] = record
    in_file = {record["sku"] for record in table.records}
    owners = fetch_in(
        session,
        lambda chunk: (
            select(Barcode.code, Product.sku)
            .join(Product, Product.id == Barcode.product_id)
            .where(Barcode.code.in_(chunk))
        ),
        first,
    )
    for code, owner in owners:
        record = first[code]
        if owner != record["sku"] and owner not in in_file:
            report.error(record.line, label, f"{code} already belongs to SKU {owner}")


KIND = Kind(name="products", columns=COLUMNS, key=("sku",), check=check)
