from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.config import Settings
from server.db import make_engine, make_session_factory
from server.demo_data import load_demo_data
from server.migrate import upgrade


@pytest.fixture
def api(server_db_url: str) -> Iterator[TestClient]:
    """The server app over a migrated database with 300 demo products, on SQLite and PostgreSQL."""
    engine = make_engine(server_db_url)
    upgrade(engine)
    load_demo_data(make_session_factory(engine), products=300)
    engine.dispose()
    app = create_app(Settings(database_url=server_db_url))
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


def sign_in(
    api: TestClient, user: str = "rep", device_id: str | None = None, password: str = "demo"
) -> dict[str, str]:
    answer = api.post(
        "/sync/login", json={"username": user, "password": password, "device_id": device_id}
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    api.headers["Authorization"] = f"Bearer {body['token']}"
    return body
