"""The local database: migrations on open, backups before upgrades, refusing newer files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from repapp.models.db import LocalStore, NewerDatabaseError, alembic_config
from repapp.services.catalog_search import CatalogSearch

HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_a_new_file_is_created_at_head_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "rep.db")
    with store.reading() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
    assert store.backup is None
    store.close()


def test_a_database_from_a_newer_app_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "rep.db"
    LocalStore(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    before = path.read_bytes()
    with pytest.raises(NewerDatabaseError, match="newer version of RepApp"):
        LocalStore(path)
    assert path.read_bytes() == before


def test_an_older_database_keeps_its_data_and_is_backed_up_before_upgrading(tmp_path: Path) -> None:
    path = tmp_path / "rep.db"
    config = alembic_config()
    with create_engine(f"sqlite:///{path}").begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(text("INSERT INTO sync_state VALUES ('next_seq', '8')"))
        connection.execute(
            text(
                "INSERT INTO products (sku, name, description, brand, unit, case_pack, min_qty, list_price, "
                "currency, active, barcodes, available) VALUES "
                "('MUG-1', 'Café mug', '', 'Fernhill', 'each', 6, 6, '3.50', 'USD', 1, '4006381333931', 12)"
            )
        )
    store = LocalStore(path)
    assert store.backup is not None and store.backup.exists()
    with store.reading() as session:
        assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
        assert (
            session.execute(text("SELECT value FROM sync_state WHERE key='next_seq'")).scalar()
            == "8"
        )
    assert CatalogSearch(store).by_barcode("4006381333931") == "MUG-1"
    assert [hit.sku for hit in CatalogSearch(store).search("caf")] == ["MUG-1"]
    with store.reading() as session:  # quantities were multiples of the case pack before 0003
        assert session.execute(text("SELECT order_increment FROM products")).scalar() == 6
    store.close()
    with sqlite3.connect(store.backup) as backup:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert backup.execute("SELECT sku FROM products").fetchall() == [("MUG-1",)]


def test_migrations_build_exactly_the_schema_the_models_describe(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from repapp.models import Base

    def ours(obj: object, name: str | None, kind: str, reflected: bool, compare_to: object) -> bool:
        # The search index (FTS5 table and its shadow tables) is SQL the models do not describe.
        return not (kind == "table" and name is not None and name.startswith("product_search"))

    store = LocalStore(tmp_path / "rep.db")
    store.close()
    engine = create_engine(f"sqlite:///{tmp_path / 'rep.db'}")
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": False, "include_object": ours}
        )
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()
