"""The client side of pulling, against a scripted server (httpx MockTransport): pages fetched ahead
from the cursor in the reply's headers, or from the body when a server sends no headers; each page
applied with its cursor; and the multi-row upserts that write them."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from repapp.models import Price, Product
from repapp.models.db import LocalStore
from repapp.sync import apply, engine, state
from repapp.sync.client import SyncClient, SyncError
from repapp.sync.protocol import HAS_MORE_HEADER, NEXT_CURSOR_HEADER, Change

PAGES = 5


def category(version: int) -> dict[str, Any]:
    data = {"id": version, "parent_id": None, "name": f"Category {version}"}
    return {
        "entity": "category",
        "key": str(version),
        "op": "put",
        "version": version,
        "data": data,
    }


def page_body(cursor: int) -> dict[str, Any]:
    """Page n (cursor n*10) holds categories n*10+1 .. n*10+10; there are PAGES pages."""
    changes = [category(v) for v in range(cursor + 1, cursor + 11)]
    return {
        "changes": changes,
        "next_cursor": cursor + 10,
        "has_more": cursor + 10 < PAGES * 10,
        "as_of": "2026-11-23T10:00:00+00:00",
        "action": "ok",
    }


def scripted(
    headers: bool = True,
    lie_about_cursor: bool = False,
    fail_at: int | None = None,
    asked: list[int] | None = None,
) -> Callable[[httpx.Request], httpx.Response]:
    def handle(request: httpx.Request) -> httpx.Response:
        cursor = json.loads(request.content)["cursor"]
        if asked is not None:
            asked.append(cursor)
        if fail_at is not None and cursor >= fail_at:
            return httpx.Response(503, json={"detail": "down"})
        body = page_body(cursor)
        extra = {}
        if headers:
            extra = {
                NEXT_CURSOR_HEADER: str(body["next_cursor"] + (1 if lie_about_cursor else 0)),
                HAS_MORE_HEADER: "true" if body["has_more"] else "false",
            }
        return httpx.Response(200, json=body, headers=extra)

    return handle


def client_for(handler: Callable[[httpx.Request], httpx.Response]) -> SyncClient:
    client = SyncClient("http://server.test", token="t")
    client._http.close()
    client._http = httpx.Client(base_url=client.base_url, transport=httpx.MockTransport(handler))
    return client


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LocalStore]:
    local = LocalStore(tmp_path / "rep.db")
    yield local
    local.close()


def stored(store: LocalStore) -> tuple[int, int]:
    with store.reading() as session:
        count = session.execute(text("SELECT count(*) FROM categories")).scalar_one()
        return count, int(state.get(session, state.CURSOR, "0"))


def test_fetch_takes_the_next_cursor_from_the_headers_without_parsing() -> None:
    fetched = client_for(scripted()).fetch(0, 10)
    assert (fetched.next_cursor, fetched.has_more, fetched.parsed) == (10, True, None)
    assert [c.key for c in fetched.parse().changes] == [str(v) for v in range(1, 11)]


def test_fetch_from_a_server_without_the_headers_parses_the_body_for_the_cursor() -> None:
    fetched = client_for(scripted(headers=False)).fetch(40, 10)
    assert fetched.parsed is not None
    assert (fetched.next_cursor, fetched.has_more) == (50, False)
    assert fetched.parse() is fetched.parsed


def test_headers_that_disagree_with_the_body_are_refused() -> None:
    with pytest.raises(SyncError, match="different cursors"):
        client_for(scripted(lie_about_cursor=True)).fetch(0, 10).parse()


def test_a_body_that_is_not_a_page_is_refused() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=b'{"changes": [', headers={"content-type": "application/json"}
        )

    with pytest.raises(SyncError, match="not understood"):
        client_for(handle).pull(0)


@pytest.mark.parametrize("headers", [True, False])
def test_pull_applies_every_page_in_order_with_its_cursor(store: LocalStore, headers: bool) -> None:
    asked: list[int] = []
    summary = engine.pull(store, client_for(scripted(headers, asked=asked)), page_size=10)
    assert summary.pulled == PAGES * 10
    assert stored(store) == (PAGES * 10, PAGES * 10)
    assert asked == [0, 10, 20, 30, 40]  # each page asked for once, from the one before


def test_a_cancelled_pull_keeps_exactly_the_pages_it_applied(store: LocalStore) -> None:
    done: list[int] = []
    engine.pull(
        store,
        client_for(scripted()),
        progress=lambda _what, pulled: done.append(pulled),
        cancelled=lambda: len(done) >= 2,
        page_size=10,
    )
    assert done == [10, 20]
    assert stored(store) == (20, 20)  # pages fetched ahead but not applied are dropped
    engine.pull(store, client_for(scripted()), page_size=10)
    assert stored(store) == (50, 50)


def test_a_page_that_fails_to_arrive_keeps_the_pages_before_it(store: LocalStore) -> None:
    with pytest.raises(SyncError):
        engine.pull(store, client_for(scripted(fail_at=30)), page_size=10)
    assert stored(store) == (30, 30)


def test_upserts_span_several_statements_and_the_last_put_of_a_key_wins(
    store: LocalStore,
) -> None:
    rows = apply.ROWS_PER_STATEMENT * 2 + 7
    changes = [
        Change(
            entity="price",
            key=f"TIER-A|SKU-{n}|1",
            op="put",
            version=n + 1,
            data={"list_code": "TIER-A", "sku": f"SKU-{n}", "min_qty": 1, "unit_price": f"{n}.10"},
        )
        for n in range(rows)
    ]
    again = {"list_code": "TIER-A", "sku": "SKU-3", "min_qty": 1, "unit_price": "9.9900"}
    changes.append(
        Change(entity="price", key="TIER-A|SKU-3|1", op="put", version=rows + 1, data=again)
    )
    # ... and within one statement too.
    twice = {"list_code": "TIER-A", "sku": "SKU-5", "min_qty": 1, "unit_price": "7.0000"}
    changes.insert(6, Change(entity="price", key="TIER-A|SKU-5|1", op="put", version=6, data=twice))
    with store.transaction() as session:
        apply.apply_changes(session, changes)
    with store.reading() as session:
        prices = {p.sku: p.unit_price for p in session.query(Price)}
    assert len(prices) == rows
    assert prices["SKU-3"] == Decimal("9.9900") and prices["SKU-0"] == Decimal("0.10")
    assert prices["SKU-5"] == Decimal("7.0000")


def test_products_written_in_bulk_are_in_the_search_index(store: LocalStore) -> None:
    def product(n: int, name: str) -> Change:
        data = {
            "sku": f"SKU-{n}",
            "name": name,
            "description": "",
            "brand": "Fernhill",
            "category_id": None,
            "unit": "each",
            "case_pack": 1,
            "min_qty": 1,
            "order_increment": 1,
            "list_price": "2.50",
            "currency": "USD",
            "attributes": {"colour": "sage"},
            "active": True,
            "barcodes": [f"{4006381000000 + n}"],
            "images": [],
        }
        return Change(entity="product", key=data["sku"], op="put", version=n, data=data)

    with store.transaction() as session:
        apply.apply_changes(session, [product(n, f"Walnut tray {n}") for n in range(1200)])
    with store.transaction() as session:
        apply.apply_changes(session, [product(7, "Meadow candle")])

    def search(query: str) -> list[str]:
        with store.reading() as session:
            return [
                sku
                for (sku,) in session.execute(
                    text(
                        "SELECT p.sku FROM product_search JOIN products p ON p.id = product_search.rowid "
                        "WHERE product_search MATCH :q"
                    ),
                    {"q": query},
                )
            ]

    assert len(search('"walnut"*')) == 1199
    assert search('"meadow"*') == ["SKU-7"]
    with store.reading() as session:
        seven = session.query(Product).filter_by(sku="SKU-7").one()
    assert seven.attributes == '{"colour": "sage"}' and seven.list_price == Decimal("2.50")
