"""The server's Alembic migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from server.db import make_engine
from server.migrate import upgrade
from server.models import Base


def test_migrations_match_the_models_and_rerun_cleanly(server_db_url: str) -> None:
    engine = make_engine(server_db_url)
    upgrade(engine)
    upgrade(engine)  # `repapp-server init` on an up-to-date database changes nothing
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        assert {"products", "customers", "orders", "order_lines", "devices", "users"} <= set(
            inspect(connection).get_table_names()
        )
    engine.dispose()
