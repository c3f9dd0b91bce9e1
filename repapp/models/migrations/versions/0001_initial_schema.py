"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 09:21:59.831912
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_categories")),
    )
    op.create_table(
        "customers",
        sa.Column("account_number", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.Column("postcode", sa.String(length=20), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("contact_name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("terms", sa.String(length=40), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("credit_limit", sa.String(length=32), nullable=False),
        sa.Column("open_balance", sa.String(length=32), nullable=False),
        sa.Column("credit_hold", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("account_number", name=op.f("pk_customers")),
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("order_uuid", sa.String(length=36), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("payload_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox")),
        sa.UniqueConstraint("order_uuid", name=op.f("uq_outbox_order_uuid")),
    )
    op.create_table(
        "products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=False),
        sa.Column("brand", sa.String(length=80), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("case_pack", sa.Integer(), nullable=False),
        sa.Column("min_qty", sa.Integer(), nullable=False),
        sa.Column("list_price", sa.String(length=32), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("barcodes", sa.String(length=400), nullable=False),
        sa.Column("available", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
        sa.UniqueConstraint("sku", name=op.f("uq_products_sku")),
    )
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sync_state")),
    )
    op.create_table(
        "orders",
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("customer_account", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("po_number", sa.String(length=60), nullable=False),
        sa.Column("notes", sa.String(length=2000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("provisional_ref", sa.String(length=32), nullable=True),
        sa.Column("gross", sa.String(length=32), nullable=True),
        sa.Column("discount", sa.String(length=32), nullable=True),
        sa.Column("total", sa.String(length=32), nullable=True),
        sa.Column("order_number", sa.String(length=20), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_account"],
            ["customers.account_number"],
            name=op.f("fk_orders_customer_account_customers"),
        ),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_orders")),
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_orders_status"), ["status"], unique=False)

    op.create_table(
        "order_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_uuid", sa.String(length=36), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=40), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price", sa.String(length=32), nullable=False),
        sa.Column("discount_percent", sa.String(length=32), nullable=False),
        sa.Column("line_total", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_uuid"],
            ["orders.uuid"],
            name=op.f("fk_order_lines_order_uuid_orders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_lines")),
    )
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_lines_order_uuid"), ["order_uuid"], unique=False)

    # Catalog search: FTS5 over the products table, kept current by triggers.
    op.execute(
        "CREATE VIRTUAL TABLE product_search USING fts5("
        "sku, name, brand, barcodes, content='products', content_rowid='id', "
        "tokenize=\"unicode61 remove_diacritics 2 tokenchars '-'\", prefix='2 3')"
    )
    op.execute(
        "CREATE TRIGGER products_ai AFTER INSERT ON products BEGIN "
        "INSERT INTO product_search(rowid, sku, name, brand, barcodes) "
        "VALUES (new.id, new.sku, new.name, new.brand, new.barcodes); END"
    )
    op.execute(
        "CREATE TRIGGER products_ad AFTER DELETE ON products BEGIN "
        "INSERT INTO product_search(product_search, rowid, sku, name, brand, barcodes) "
        "VALUES ('delete', old.id, old.sku, old.name, old.brand, old.barcodes); END"
    )
    op.execute(
        "CREATE TRIGGER products_au AFTER UPDATE ON products BEGIN "
        "INSERT INTO product_search(product_search, rowid, sku, name, brand, barcodes) "
        "VALUES ('delete', old.id, old.sku, old.name, old.brand, old.barcodes); "
        "INSERT INTO product_search(rowid, sku, name, brand, barcodes) "
        "VALUES (new.id, new.sku, new.name, new.brand, new.barcodes); END"
    )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS product_search")
    for trigger in ("products_ai", "products_ad", "products_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_lines_order_uuid"))

    op.drop_table("order_lines")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_status"))

    op.drop_table("orders")
    op.drop_table("sync_state")
    op.drop_table("products")
    op.drop_table("outbox")
    op.drop_table("customers")
    op.drop_table("categories")
