"""order desk: prospects, tax, overdue; ship windows, revisions, signatures; order history

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("overdue_amount", sa.String(32), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("tax_percent", sa.String(32), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("prospect", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ship_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("ship_until", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("tax_percent", sa.String(32), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("revises", sa.String(36), nullable=True))
        batch_op.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("tax", sa.String(32), nullable=True))
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ship_date", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("backordered", sa.Integer(), nullable=False, server_default="0")
        )
    op.create_table(
        "order_signatures",
        sa.Column("order_uuid", sa.String(36), nullable=False),
        sa.Column("png", sa.LargeBinary(), nullable=False),
        sa.Column("signed_by", sa.String(120), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_uuid"],
            ["orders.uuid"],
            name=op.f("fk_order_signatures_order_uuid_orders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("order_uuid", name=op.f("pk_order_signatures")),
    )
    op.create_table(
        "past_orders",
        sa.Column("order_uuid", sa.String(36), nullable=False),
        sa.Column("customer_account", sa.String(32), nullable=False),
        sa.Column("order_number", sa.String(20), nullable=True),
        sa.Column("provisional_ref", sa.String(32), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("captured_at", sa.String(40), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("total", sa.String(32), nullable=False),
        sa.Column("lines", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("order_uuid", name=op.f("pk_past_orders")),
    )
    with op.batch_alter_table("past_orders", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_past_orders_customer_account"), ["customer_account"], unique=False
        )


def downgrade() -> None:
    op.drop_table("past_orders")
    op.drop_table("order_signatures")
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_column("backordered")
        batch_op.drop_column("ship_date")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        for column in ("tax", "revision", "revises", "tax_percent", "ship_until", "ship_from"):
            batch_op.drop_column(column)
    with op.batch_alter_table("customers", schema=None) as batch_op:
        for column in ("prospect", "tax_percent", "overdue_amount"):
            batch_op.drop_column(column)
