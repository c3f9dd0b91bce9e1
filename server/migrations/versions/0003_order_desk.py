"""order desk: reps' discount limits, customer tax rates; ship windows, tax, signatures, prospects
and revisions on orders; per-line ship dates

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

AMOUNT = sa.Numeric(precision=14, scale=2)


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("max_discount_percent", AMOUNT, nullable=False, server_default="10")
        )
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tax_percent", AMOUNT, nullable=False, server_default="0"))
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ship_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("ship_until", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("tax_percent", AMOUNT, nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("tax", AMOUNT, nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("signature_sha256", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("signed_by", sa.String(length=120), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("prospect", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("revises", sa.String(length=36), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_orders_signature_sha256_blobs"),
            "blobs",
            ["signature_sha256"],
            ["sha256"],
        )
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ship_date", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_column("ship_date")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_orders_signature_sha256_blobs"), type_="foreignkey")
        for column in (
            "revises",
            "prospect",
            "signed_by",
            "signature_sha256",
            "tax",
            "tax_percent",
            "ship_until",
            "ship_from",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_column("tax_percent")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("max_discount_percent")
