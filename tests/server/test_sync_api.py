"""The sync API on SQLite and PostgreSQL: sign-in, meta, pull paging and scope, push idempotency."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient

from repapp.core.money import Money
from repapp.core.pricing import price_line
from repapp.sync.protocol import OrderLinePayload, OrderPayload, payload_hash, payload_json
from tests.server.conftest import sign_in


def pull_everything(api: TestClient, limit: int = 100) -> tuple[list[dict[str, Any]], int]:
    cursor, changes, pages = 0, [], 0
    while True:
        page = api.post("/sync/pull", json={"cursor": cursor, "limit": limit}).json()
        changes += page["changes"]
        pages += 1
        assert page["next_cursor"] >= cursor
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return changes, pages


def list_priced(changes: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Accounts on no price list, and products no demo promotion touches: they pay list price."""
    candles = {
        c["key"] for c in changes if c["entity"] == "category" and c["data"]["name"] == "Candles"
    }
    customers = [
        c["data"]
        for c in changes
        if c["entity"] == "customer" and c["data"]["price_list_code"] is None
    ]
    products = [
        c["data"]
        for c in changes
        if c["entity"] == "product"
        and c["data"]["brand"] != "Nordlys"
        and str(c["data"]["category_id"]) not in candles
    ]
    return customers, products


def order_entry(
    seq: int,
    product: dict[str, Any],
    account: str,
    quantity: int | None = None,
    unit_price: str | None = None,
    order_uuid: str | None = None,
) -> dict[str, Any]:
    quantity = quantity or product["min_qty"]
    price = Decimal(unit_price or product["list_price"])
    net = price_line(product["sku"], Money(price, "USD"), quantity).net.amount
    payload = OrderPayload(
        order_uuid=order_uuid or f"00000000-0000-4000-8000-{seq:012d}",
        provisional_ref=f"D001-{seq:05d}",
        customer_account=account,
        currency="USD",
        captured_at="2026-11-23T10:00:00+00:00",
        lines=[
            OrderLinePayload(
                sku=product["sku"], quantity=quantity, unit_price=price, line_total=net
            )
        ],
        total=net,
    )
    return {
        "seq": seq,
        "order_uuid": payload.order_uuid,
        "payload": payload_json(payload),
        "payload_hash": payload_hash(payload),
    }


def test_sign_in_refuses_a_wrong_password(api: TestClient) -> None:
    assert api.post("/sync/login", json={"username": "rep", "password": "nope"}).status_code == 401
    assert api.post("/sync/pull", json={"cursor": 0}).status_code == 401
    api.headers["Authorization"] = "Bearer forged"
    assert api.post("/sync/pull", json={"cursor": 0}).status_code == 401


def test_meta_tells_old_clients_to_upgrade(api: TestClient) -> None:
    assert (
        api.get("/sync/meta", params={"protocol": 1, "app_version": "0.1.0"}).json()["action"]
        == "ok"
    )
    assert api.get("/sync/meta", params={"protocol": 0}).json()["action"] == "upgrade_required"
    assert (
        api.get("/sync/meta", params={"protocol": 1, "app_version": "0.0.9"}).json()["action"]
        == "upgrade_recommended"
    )


def test_pull_pages_in_version_order_and_scopes_customers_to_the_rep(api: TestClient) -> None:
    sign_in(api, "rep")
    changes, pages = pull_everything(api, limit=100)
    versions = [change["version"] for change in changes]
    assert versions == sorted(versions)
    keys = [(change["entity"], change["key"]) for change in changes]
    assert len(set(keys)) == len(keys)  # nothing sent twice
    entities = {
        entity: [c for c in changes if c["entity"] == entity]
        for entity in (
            "category",
            "product",
            "stock",
            "price_list",
            "price",
            "promotion",
            "customer",
            "contract",
        )
    }
    assert len(entities["product"]) == 300 and len(entities["category"]) == 30
    assert len(entities["stock"]) == 300
    assert len(entities["price_list"]) == 3 and len(entities["price"]) == 3 * 300 * 3
    assert len(entities["promotion"]) == 3
    assert len(entities["customer"]) == 40  # rep2's own accounts are not visible
    assert {c["data"]["account_number"] for c in entities["contract"]} <= {
        c["key"] for c in entities["customer"]
    }
    assert pages >= len(changes) // 100  # pages of about `limit` changes
    product = entities["product"][0]["data"]
    assert product["barcodes"] and Decimal(product["list_price"]) > 0
    assert product["order_increment"] == product["case_pack"]
    stock = entities["stock"][0]["data"]
    assert stock["available"] >= 0 and stock["as_of"]
    customer = entities["customer"][0]["data"]
    assert customer["ship_tos"][0]["is_default"] and customer["contacts"][0]["role"] == "Buyer"

    sign_in(api, "rep2")
    changes, _ = pull_everything(api, limit=1000)
    accounts = {c["key"] for c in changes if c["entity"] == "customer"}
    assert len(accounts) == 12  # their 10, and two accounts they share with rep
    assert {"C1006", "C1007"} <= accounts


def test_a_resent_push_yields_one_order_and_the_same_verdict(api: TestClient) -> None:
    device = sign_in(api)["device_id"]
    changes, _ = pull_everything(api, limit=1000)
    customers, products = list_priced(changes)
    product = next(p for p in products if p["case_pack"] == 1)
    account = next(
        c for c in customers if not c["credit_hold"] and Decimal(c["open_balance"]) == 0
    )["account_number"]
    body = {"device_id": device, "entries": [order_entry(1, product, account)]}

    first = api.post("/sync/push", json=body).json()
    again = api.post("/sync/push", json=body).json()
    assert first == again
    assert first["watermark"] == 1
    assert first["verdicts"][0]["status"] == "accepted"
    assert first["verdicts"][0]["order_number"].startswith("SO-")

    pushed = body["entries"][0]["order_uuid"]  # the demo's own history is pulled too
    orders = [c for c in pull_everything(api)[0] if c["entity"] == "order" and c["key"] == pushed]
    assert (
        len(orders) == 1
        and orders[0]["data"]["order_number"] == first["verdicts"][0]["order_number"]
    )


def test_verdicts_for_price_credit_rules_and_mismatch(api: TestClient) -> None:
    device = sign_in(api)["device_id"]
    changes, _ = pull_everything(api, limit=1000)
    customers, products = list_priced(changes)
    good = next(c for c in customers if not c["credit_hold"] and Decimal(c["open_balance"]) == 0)[
        "account_number"
    ]
    held = next(
        c["data"] for c in changes if c["entity"] == "customer" and c["data"]["credit_hold"]
    )["account_number"]
    cased = next(p for p in products if p["case_pack"] >= 6)
    single = next(p for p in products if p["case_pack"] == 1 and p["min_qty"] == 1)
    entries = [
        order_entry(1, single, good, unit_price="0.01"),  # price differs from the list
        order_entry(2, single, held),  # credit hold
        order_entry(3, cased, good, quantity=cased["case_pack"] + 1),  # not whole cases
        order_entry(4, single, "NOPE"),  # unknown account
        order_entry(
            5, single, good, quantity=2, order_uuid="00000000-0000-4000-8000-000000000001"
        ),  # reused uuid
    ]
    answer = api.post("/sync/push", json={"device_id": device, "entries": entries}).json()
    statuses = [v["status"] for v in answer["verdicts"]]
    assert statuses == [
        "needs_approval",
        "needs_approval",
        "needs_approval",
        "rejected",
        "mismatch",
    ]
    reasons = [" ".join(v["reasons"]) for v in answer["verdicts"]]
    assert "price" in reasons[0] and "credit hold" in reasons[1] and "multiples of" in reasons[2]
    assert "unknown customer" in reasons[3]
    assert answer["watermark"] == 5


def test_a_gap_in_sequence_numbers_advances_nothing(api: TestClient) -> None:
    device = sign_in(api)["device_id"]
    changes, _ = pull_everything(api, limit=1000)
    product = next(c["data"] for c in changes if c["entity"] == "product")
    account = next(c["data"] for c in changes if c["entity"] == "customer")["account_number"]
    answer = api.post(
        "/sync/push", json={"device_id": device, "entries": [order_entry(2, product, account)]}
    )
    assert answer.status_code == 409
    again = api.post(
        "/sync/push", json={"device_id": device, "entries": [order_entry(1, product, account)]}
    )
    assert again.json()["watermark"] == 1


def test_a_damaged_payload_is_answered_and_does_not_block_the_queue(api: TestClient) -> None:
    device = sign_in(api)["device_id"]
    changes, _ = pull_everything(api, limit=1000)
    product = next(c["data"] for c in changes if c["entity"] == "product")
    account = next(c["data"] for c in changes if c["entity"] == "customer")["account_number"]
    damaged = order_entry(1, product, account)
    damaged["payload_hash"] = "0" * 64
    answer = api.post(
        "/sync/push",
        json={"device_id": device, "entries": [damaged, order_entry(2, product, account)]},
    )
    assert [v["status"] for v in answer.json()["verdicts"]][0] == "rejected"
    assert answer.json()["watermark"] == 2


def test_a_device_cannot_push_for_another(api: TestClient) -> None:
    sign_in(api, "rep2")
    other = sign_in(api, "rep")["device_id"]
    sign_in(api, "rep2")
    answer = api.post("/sync/push", json={"device_id": other, "entries": []})
    assert answer.status_code == 403


def test_signing_in_again_keeps_the_device(api: TestClient) -> None:
    first = sign_in(api)
    again = sign_in(api, device_id=first["device_id"])
    assert (
        again["device_id"] == first["device_id"]
        and again["device_prefix"] == first["device_prefix"]
    )
    stranger = sign_in(api, "rep2", device_id=first["device_id"])
    assert stranger["device_id"] != first["device_id"]
