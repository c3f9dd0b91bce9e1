"""catalog, prices and customers: price lists, promotions, contracts, ship-tos, contacts, rep assignments

Existing rows keep their meaning: a customer's rep becomes its first assignment, a product's order
increment becomes its case pack (the rule before this revision), stock rows take their product's version.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 11:56:00.450729
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=60), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_blobs")),
    )
    op.create_table(
        "price_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_lists")),
        sa.UniqueConstraint("code", name=op.f("uq_price_lists_code")),
    )
    with op.batch_alter_table("price_lists", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_price_lists_version"), ["version"], unique=False)

    op.create_table(
        "promotions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("value", sa.Numeric(precision=14, scale=4), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("scope_value", sa.String(length=80), nullable=False),
        sa.Column("customer_group", sa.String(length=40), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promotions")),
        sa.UniqueConstraint("code", name=op.f("uq_promotions_code")),
    )
    with op.batch_alter_table("promotions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_promotions_version"), ["version"], unique=False)

    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=60), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_contacts_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contacts_customer_id"), ["customer_id"], unique=False)

    op.create_table(
        "contract_prices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("unit_price", sa.Numeric(precision=14, scale=4), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_contract_prices_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_contract_prices_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract_prices")),
        sa.UniqueConstraint(
            "customer_id", "product_id", name=op.f("uq_contract_prices_customer_id")
        ),
    )
    with op.batch_alter_table("contract_prices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contract_prices_version"), ["version"], unique=False)

    op.create_table(
        "customer_reps",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_customer_reps_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_customer_reps_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("customer_id", "user_id", name=op.f("pk_customer_reps")),
    )
    with op.batch_alter_table("customer_reps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customer_reps_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_customer_reps_version"), ["version"], unique=False)

    op.create_table(
        "price_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("price_list_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("min_qty", sa.Integer(), nullable=False),
        sa.Column("unit_price", sa.Numeric(precision=14, scale=4), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["price_list_id"],
            ["price_lists.id"],
            name=op.f("fk_price_entries_price_list_id_price_lists"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_price_entries_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_entries")),
        sa.UniqueConstraint(
            "price_list_id", "product_id", "min_qty", name=op.f("uq_price_entries_price_list_id")
        ),
    )
    with op.batch_alter_table("price_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_price_entries_product_id"), ["product_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_price_entries_version"), ["version"], unique=False)

    op.create_table(
        "product_images",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_product_images_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["blobs.sha256"], name=op.f("fk_product_images_sha256_blobs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_images")),
        sa.UniqueConstraint("product_id", "position", name=op.f("uq_product_images_product_id")),
    )
    op.create_table(
        "ship_tos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.Column("postcode", sa.String(length=20), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_ship_tos_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ship_tos")),
        sa.UniqueConstraint("customer_id", "code", name=op.f("uq_ship_tos_customer_id")),
    )
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("price_list_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("customer_group", sa.String(length=40), nullable=False, server_default="")
        )

    op.execute(
        "INSERT INTO customer_reps (customer_id, user_id, version) "
        "SELECT id, rep_id, version FROM customers WHERE rep_id IS NOT NULL"
    )
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customers_rep_id"))
        batch_op.drop_constraint(batch_op.f("fk_customers_rep_id_users"), type_="foreignkey")
        batch_op.create_foreign_key(
            batch_op.f("fk_customers_price_list_id_price_lists"),
            "price_lists",
            ["price_list_id"],
            ["id"],
        )
        batch_op.drop_column("rep_id")

    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("order_increment", sa.Integer(), nullable=False, server_default="1")
        )
        batch_op.add_column(sa.Column("attributes", sa.JSON(), nullable=False, server_default="{}"))
    op.execute("UPDATE products SET order_increment = case_pack WHERE case_pack > 1")

    with op.batch_alter_table("stock", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "counted_at",
                sa.DateTime(timezone=True),
                nullable=False,
                server_default=sa.func.current_timestamp(),
            )
        )
        batch_op.add_column(
            sa.Column("version", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch_op.create_index(batch_op.f("ix_stock_version"), ["version"], unique=False)
    op.execute(
        "UPDATE stock SET version = (SELECT version FROM products WHERE products.id = stock.product_id)"
    )

    with op.batch_alter_table("tombstones", schema=None) as batch_op:
        batch_op.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch_op.alter_column(
            "key",
            existing_type=sa.VARCHAR(length=64),
            type_=sa.String(length=120),
            existing_nullable=False,
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_tombstones_user_id_users"),
            "users",
            ["user_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("tombstones", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_tombstones_user_id_users"), type_="foreignkey")
        batch_op.alter_column(
            "key",
            existing_type=sa.String(length=120),
            type_=sa.VARCHAR(length=64),
            existing_nullable=False,
        )
        batch_op.drop_column("user_id")

    with op.batch_alter_table("stock", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_version"))
        batch_op.drop_column("version")
        batch_op.drop_column("counted_at")

    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("attributes")
        batch_op.drop_column("order_increment")

    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rep_id", sa.INTEGER(), nullable=True))
        batch_op.drop_constraint(
            batch_op.f("fk_customers_price_list_id_price_lists"), type_="foreignkey"
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_customers_rep_id_users"), "users", ["rep_id"], ["id"]
        )
        batch_op.create_index(batch_op.f("ix_customers_rep_id"), ["rep_id"], unique=False)
        batch_op.drop_column("customer_group")
        batch_op.drop_column("price_list_id")
    op.execute(
        "UPDATE customers SET rep_id = (SELECT min(user_id) FROM customer_reps "
        "WHERE customer_reps.customer_id = customers.id)"
    )

    op.drop_table("ship_tos")
    op.drop_table("product_images")
    with op.batch_alter_table("price_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_price_entries_version"))
        batch_op.drop_index(batch_op.f("ix_price_entries_product_id"))

    op.drop_table("price_entries")
    with op.batch_alter_table("customer_reps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customer_reps_version"))
        batch_op.drop_index(batch_op.f("ix_customer_reps_user_id"))

    op.drop_table("customer_reps")
    with op.batch_alter_table("contract_prices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contract_prices_version"))

    op.drop_table("contract_prices")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contacts_customer_id"))

    op.drop_table("contacts")
    with op.batch_alter_table("promotions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_promotions_version"))

    op.drop_table("promotions")
    with op.batch_alter_table("price_lists", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_price_lists_version"))

    op.drop_table("price_lists")
    op.drop_table("blobs")
