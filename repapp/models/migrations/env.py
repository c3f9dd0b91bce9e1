"""Alembic environment for the rep's local SQLite database (batch mode for ALTERs)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from repapp.models import Base

config = context.config
connection = config.attributes.get("connection")


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    # The FTS5 search index and its shadow tables are made by hand in migrations, not by models.
    return not (type_ == "table" and name.startswith("product_search"))


def run(conn) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=conn,
        target_metadata=Base.metadata,
        render_as_batch=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:
    with create_engine(config.get_main_option("sqlalchemy.url")).connect() as conn:
        run(conn)
