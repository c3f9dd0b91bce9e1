"""Pull pages on the wire: the cursor headers agree with the body, and a page never splits a version,
however many rows share it (on SQLite and PostgreSQL)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import update

from repapp.sync.protocol import HAS_MORE_HEADER, NEXT_CURSOR_HEADER, PullResponse
from server.db import make_engine, make_session_factory, transaction
from server.models import PriceEntry, PriceList
from server.services.versions import next_sync_version
from tests.server.conftest import sign_in


def test_the_cursor_headers_agree_with_the_body(api: TestClient) -> None:
    sign_in(api)
    cursor = 0
    while True:
        reply = api.post("/sync/pull", json={"cursor": cursor, "limit": 500})
        page = PullResponse.model_validate_json(reply.content)
        assert set(reply.json()) == set(PullResponse.model_fields)
        assert reply.headers[NEXT_CURSOR_HEADER] == str(page.next_cursor)
        assert reply.headers[HAS_MORE_HEADER] == ("true" if page.has_more else "false")
        cursor = page.next_cursor
        if not page.has_more:
            break


def test_a_version_shared_by_many_rows_arrives_in_one_page(
    api: TestClient, server_db_url: str
) -> None:
    sign_in(api)
    cursor = 0
    while True:  # a laptop that is up to date
        page = api.post("/sync/pull", json={"cursor": cursor, "limit": 5000}).json()
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    engine = make_engine(server_db_url)
    with transaction(make_session_factory(engine)) as session:
        # A bulk re-stamp: one list's 900 entries get one version, between two single changes.
        before = next_sync_version(session)
        session.execute(update(PriceList).where(PriceList.code == "TIER-B").values(version=before))
        shared = next_sync_version(session)
        session.execute(
            update(PriceEntry).where(PriceEntry.price_list_id == 2).values(version=shared)
        )
        after = next_sync_version(session)
        session.execute(update(PriceList).where(PriceList.code == "TIER-C").values(version=after))
    engine.dispose()

    pages = []
    while True:
        page = api.post("/sync/pull", json={"cursor": cursor, "limit": 100}).json()
        pages.append([(c["entity"], c["version"]) for c in page["changes"]])
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    assert pages[0] == [("price_list", before)]  # cut before the shared version
    assert pages[1] == [("price", shared)] * 900  # the whole version, though the limit is 100
    assert pages[2] == [("price_list", after)]
