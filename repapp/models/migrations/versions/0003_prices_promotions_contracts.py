"""prices, promotions, contracts; order increments, images, stock as-of; a richer search index

The search index now covers descriptions, and its update trigger fires only when a searchable
column changes, so a stock or price update does not rewrite the index.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 11:59:40.094448
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


SEARCHED_BEFORE = ("sku", "name", "brand", "barcodes")
SEARCHED_NOW = ("sku", "name", "brand", "description", "barcodes")


def _drop_search() -> None:
    for trigger in ("products_ai", "products_ad", "products_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS product_search")


def _create_search(columns: tuple[str, ...]) -> None:
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    op.execute(
        f"CREATE VIRTUAL TABLE product_search USING fts5({names}, content='products', "
        "content_rowid='id', tokenize=\"unicode61 remove_diacritics 2 tokenchars '-'\", "
        "prefix='1 2 3')"
    )
    op.execute(
        f"CREATE TRIGGER products_ai AFTER INSERT ON products BEGIN "
        f"INSERT INTO product_search(rowid, {names}) VALUES (new.id, {new}); END"
    )
    op.execute(
        f"CREATE TRIGGER products_ad AFTER DELETE ON products BEGIN "
        f"INSERT INTO product_search(product_search, rowid, {names}) "
        f"VALUES ('delete', old.id, {old}); END"
    )
    op.execute(
        f"CREATE TRIGGER products_au AFTER UPDATE OF {names} ON products BEGIN "
        f"INSERT INTO product_search(product_search, rowid, {names}) "
        f"VALUES ('delete', old.id, {old}); "
        f"INSERT INTO product_search(rowid, {names}) VALUES (new.id, {new}); END"
    )
    op.execute("INSERT INTO product_search(product_search) VALUES ('rebuild')")


def upgrade() -> None:
    op.create_table(
        "contracts",
        sa.Column("account_number", sa.String(length=32), nullable=False),
        sa.Column("sku", sa.String(length=40), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("unit_price", sa.String(length=32), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("starts_on", sa.String(length=10), nullable=True),
        sa.Column("ends_on", sa.String(length=10), nullable=True),
        sa.PrimaryKeyConstraint("account_number", "sku", name=op.f("pk_contracts")),
    )
    op.create_table(
        "price_lists",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_price_lists")),
    )
    op.create_table(
        "prices",
        sa.Column("list_code", sa.String(length=32), nullable=False),
        sa.Column("sku", sa.String(length=40), nullable=False),
        sa.Column("min_qty", sa.Integer(), nullable=False),
        sa.Column("unit_price", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("list_code", "sku", "min_qty", name=op.f("pk_prices")),
    )
    op.create_table(
        "promotions",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("starts_on", sa.String(length=10), nullable=False),
        sa.Column("ends_on", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("value", sa.String(length=32), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("scope_value", sa.String(length=80), nullable=False),
        sa.Column("customer_group", sa.String(length=40), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_promotions")),
    )
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("price_list_code", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("customer_group", sa.String(length=40), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("ship_tos", sa.Text(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("contacts", sa.Text(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("assigned", sa.Boolean(), nullable=False, server_default="1"))

    _drop_search()
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("order_increment", sa.Integer(), nullable=False, server_default="1")
        )
        batch_op.add_column(
            sa.Column("attributes", sa.String(length=2000), nullable=False, server_default="{}")
        )
        batch_op.add_column(
            sa.Column("images", sa.String(length=2000), nullable=False, server_default="")
        )
    op.execute("UPDATE products SET order_increment = case_pack WHERE case_pack > 1")
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("price_source", sa.String(length=120), nullable=False, server_default="")
        )
    op.create_table(
        "stock_levels",
        sa.Column("sku", sa.String(length=40), nullable=False),
        sa.Column("available", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("sku", name=op.f("pk_stock_levels")),
    )
    op.execute(
        "INSERT INTO stock_levels (sku, available, as_of) SELECT p.sku, p.available, "
        "coalesce((SELECT value FROM sync_state WHERE key = 'as_of'), '') FROM products p"
    )
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("available")
    _create_search(SEARCHED_NOW)


def downgrade() -> None:
    _drop_search()
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_column("price_source")
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("available", sa.Integer(), nullable=False, server_default="0")
        )
    op.execute(
        "UPDATE products SET available = coalesce("
        "(SELECT available FROM stock_levels s WHERE s.sku = products.sku), 0)"
    )
    op.drop_table("stock_levels")
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("images")
        batch_op.drop_column("attributes")
        batch_op.drop_column("order_increment")

    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_column("assigned")
        batch_op.drop_column("contacts")
        batch_op.drop_column("ship_tos")
        batch_op.drop_column("customer_group")
        batch_op.drop_column("price_list_code")

    op.drop_table("promotions")
    op.drop_table("prices")
    op.drop_table("price_lists")
    op.drop_table("contracts")
    _create_search(SEARCHED_BEFORE)
