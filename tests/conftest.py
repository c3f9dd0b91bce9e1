"""Shared fixtures: server databases on SQLite and PostgreSQL, and a real server process."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from repapp.server_process import ServerProcess

PG_ADMIN_URL = os.environ.get(
    "REPAPP_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test writes to the real user's data, config or cache folders."""
    home = tmp_path_factory.mktemp("home")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))


def _postgres_database() -> Iterator[str]:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"repapp_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # an unreachable PostgreSQL is a failure, never a skip
        pytest.fail(
            f"PostgreSQL at {PG_ADMIN_URL} is needed for this test and is not usable: {error}"
        )
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty server database URL, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.db'}"
    else:
        yield from _postgres_database()


@pytest.fixture
def demo_server(server_db_url: str, tmp_path: Path) -> Iterator[ServerProcess]:
    """A real server process with the demo data (300 products), on SQLite and on PostgreSQL."""
    server = ServerProcess(server_db_url, tmp_path / "server.log")
    server.run_cli("demo-data", "--products", "300")
    server.start()
    yield server
    server.stop()
