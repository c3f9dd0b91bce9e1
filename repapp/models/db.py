"""Open the local database: pragmas, and Alembic migrations applied on open.

Before an upgrade the file is copied beside itself, so a failed migration never costs a rep their
orders. A database written by a newer RepApp is refused, never touched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from repapp.core.folding import has_words

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class NewerDatabaseError(RuntimeError):
    """The file was written by a newer version of RepApp."""


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # FULL: a finished order or an autosave that was reported saved survives a power cut.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()
        # Searches by the rep's words, any case, with or without accents (`repapp.core.folding`).
        dbapi_connection.create_function("repapp_has_words", 2, has_words, deterministic=True)

    return engine


def _backup(path: Path, revision: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.{revision}.{stamp}.bak")
    with sqlite3.connect(path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)  # consistent even with a WAL file beside it
    return target


def migrate(engine: Engine, path: Path) -> Path | None:
    """Bring the schema to head; returns the backup made before upgrading, if any."""
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current == head:
        return None
    known = {revision.revision for revision in script.walk_revisions()}
    if current is not None and current not in known:
        raise NewerDatabaseError(
            f"{path} was written by a newer version of RepApp (schema {current}). "
            "Install the latest RepApp to open it; the file has not been changed."
        )
    backup = _backup(path, current) if current is not None else None
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return backup


class LocalStore:
    """The rep's database file: one engine, one session factory, migrated on open."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.engine = _engine(path)
        self.backup = migrate(self.engine, path)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()
