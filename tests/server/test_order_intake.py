"""Intake of what the order desk sends beyond lines: prospects, discount limits, tax, revisions,
signatures and ship windows; and a payload from before those fields keeps its hash."""

from __future__ import annotations

import base64
import hashlib
import json
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from repapp.core.money import Money
from repapp.core.pricing import order_totals, price_line
from repapp.sync.protocol import (
    OrderLinePayload,
    OrderPayload,
    ProspectPayload,
    payload_hash,
    payload_json,
)
from server.db import make_engine
from server.models import Blob, Customer, Order, User
from tests.server.conftest import sign_in
from tests.server.test_sync_api import list_priced, pull_everything

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def _payload(
    seq: int,
    product: dict[str, Any],
    account: str,
    discount: str = "0",
    tax: str = "0",
    **extra: Any,
) -> OrderPayload:
    quantity = product["min_qty"]
    priced = price_line(
        product["sku"], Money(Decimal(product["list_price"]), "USD"), quantity, discount
    )
    totals = order_totals([priced], "USD", Decimal(tax))
    if totals.tax is not None:
        extra.update(tax_percent=Decimal(tax), tax=totals.tax.amount)
    return OrderPayload(
        order_uuid=f"00000000-0000-4000-8000-{seq:012d}",
        provisional_ref=f"D001-{seq:05d}",
        customer_account=account,
        currency="USD",
        captured_at="2026-11-23T10:00:00+00:00",
        lines=[
            OrderLinePayload(
                sku=product["sku"],
                quantity=quantity,
                unit_price=Decimal(product["list_price"]),
                discount_percent=Decimal(discount),
                line_total=priced.net.amount,
            )
        ],
        total=totals.total.amount,
        **extra,
    )


def _push(api: TestClient, device: str, seq: int, payload: OrderPayload) -> dict[str, Any]:
    entry = {
        "seq": seq,
        "order_uuid": payload.order_uuid,
        "payload": payload_json(payload),
        "payload_hash": payload_hash(payload),
    }
    answer = api.post("/sync/push", json={"device_id": device, "entries": [entry]})
    assert answer.status_code == 200, answer.text
    verdict: dict[str, Any] = answer.json()["verdicts"][0]
    return verdict


def _setup(api: TestClient) -> tuple[str, dict[str, Any], dict[str, Any], int]:
    body = sign_in(api, "rep")
    changes, _ = pull_everything(api, limit=1000)
    customers, products = list_priced(changes)
    cursor = max(c["version"] for c in changes)
    return body["device_id"], customers[0], products[0], cursor


def test_sign_in_tells_the_rep_their_discount_limit(api: TestClient) -> None:
    assert Decimal(sign_in(api, "rep")["max_discount_percent"]) == Decimal(10)


def test_a_discount_above_the_reps_limit_goes_to_the_office(api: TestClient) -> None:
    device, customer, product, _ = _setup(api)
    within = _push(api, device, 1, _payload(1, product, customer["account_number"], discount="10"))
    assert within["status"] == "accepted", within
    above = _push(api, device, 2, _payload(2, product, customer["account_number"], discount="12.5"))
    assert above["status"] == "needs_approval"
    assert any("discount" in r and "12.5%" in r and "limit of 10" in r for r in above["reasons"])


def test_a_prospect_goes_to_the_office_as_a_new_account_with_its_details(
    api: TestClient, server_db_url: str
) -> None:
    device, _customer, product, _ = _setup(api)
    prospect = ProspectPayload(name="Café Lumière", city="Montréal", email="achat@lumiere.ca")
    verdict = _push(api, device, 1, _payload(1, product, "NEW-D001-1", prospect=prospect))
    assert verdict["status"] == "needs_approval"
    assert verdict["reasons"] == ["new account: Café Lumière (a prospect written offline)"]
    engine = make_engine(server_db_url)
    with engine.connect() as connection:
        row = connection.execute(
            select(Order.customer_id, Order.prospect).where(Order.customer_account == "NEW-D001-1")
        ).one()
    engine.dispose()
    assert row.customer_id is None
    assert row.prospect["city"] == "Montréal"


def test_tax_is_checked_against_the_accounts_rate(api: TestClient, server_db_url: str) -> None:
    device, customer, product, _ = _setup(api)
    engine = make_engine(server_db_url)
    with engine.begin() as connection:
        connection.execute(
            update(Customer)
            .where(Customer.account_number == customer["account_number"])
            .values(tax_percent=Decimal("8.25"))
        )
    engine.dispose()
    taxed = _push(api, device, 1, _payload(1, product, customer["account_number"], tax="8.25"))
    assert taxed["status"] == "accepted", taxed
    untaxed = _push(api, device, 2, _payload(2, product, customer["account_number"]))
    assert untaxed["status"] == "needs_approval"
    assert any(r.startswith("tax:") for r in untaxed["reasons"])


def test_a_revision_replaces_the_held_order_and_the_rep_pulls_both_outcomes(
    api: TestClient,
) -> None:
    device, customer, product, cursor = _setup(api)
    account = customer["account_number"]
    held = _payload(1, product, account, discount="50")
    assert _push(api, device, 1, held)["status"] == "needs_approval"
    fixed = _payload(2, product, account, revises=held.order_uuid)
    assert _push(api, device, 2, fixed)["status"] == "accepted"
    page = api.post("/sync/pull", json={"cursor": cursor, "limit": 1000}).json()
    orders = {c["key"]: c["data"] for c in page["changes"] if c["entity"] == "order"}
    assert orders[held.order_uuid]["status"] == "superseded"
    assert "replaced by revision D001-00002" in orders[held.order_uuid]["reasons"]
    assert orders[fixed.order_uuid]["lines"][0]["sku"] == product["sku"]
    assert orders[fixed.order_uuid]["customer_account"] == account
    # An accepted order cannot be revised behind the office's back.
    again = _push(api, device, 3, _payload(3, product, account, revises=fixed.order_uuid))
    assert again["status"] == "needs_approval"
    assert any("already accepted" in r for r in again["reasons"])


def test_signature_and_ship_window_are_kept_with_the_order(
    api: TestClient, server_db_url: str
) -> None:
    device, customer, product, _ = _setup(api)
    payload = _payload(
        1,
        product,
        customer["account_number"],
        signature_png=base64.b64encode(PNG).decode(),
        signed_by="Ana Ruiz",
        ship_from="2027-01-10",
        ship_until="2027-01-20",
    )
    assert _push(api, device, 1, payload)["status"] == "accepted"
    engine = make_engine(server_db_url)
    with engine.connect() as connection:
        order = connection.execute(
            select(Order).where(Order.order_uuid == payload.order_uuid)
        ).one()
        blob = connection.execute(select(Blob.data).where(Blob.sha256 == order.signature_sha256))
        assert blob.scalar() == PNG
    engine.dispose()
    assert order.signature_sha256 == hashlib.sha256(PNG).hexdigest()
    assert (str(order.ship_from), str(order.ship_until), order.signed_by) == (
        "2027-01-10",
        "2027-01-20",
        "Ana Ruiz",
    )


def test_a_payload_from_before_the_new_fields_keeps_its_hash() -> None:
    """An order queued by an older app: its JSON has every field of the time, no newer one."""
    old_json = {
        "order_uuid": "00000000-0000-4000-8000-000000000001",
        "provisional_ref": "D001-00001",
        "customer_account": "C1001",
        "currency": "USD",
        "captured_at": "2026-11-23T10:00:00+00:00",
        "po_number": "",
        "notes": "",
        "lines": [
            {
                "sku": "MUG-1",
                "quantity": 12,
                "unit_price": "3.10",
                "discount_percent": "0",
                "line_total": "37.20",
            }
        ],
        "total": "37.20",
    }
    old_hash = hashlib.sha256(
        json.dumps(old_json, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()
    assert payload_hash(OrderPayload.model_validate(old_json)) == old_hash


def test_rep_limit_is_per_user(api: TestClient, server_db_url: str) -> None:
    engine = make_engine(server_db_url)
    with engine.begin() as connection:
        connection.execute(
            update(User).where(User.username == "rep").values(max_discount_percent=Decimal(25))
        )
    engine.dispose()
    assert Decimal(sign_in(api, "rep")["max_discount_percent"]) == Decimal(25)


def test_an_order_above_the_large_order_limit_goes_to_the_office(api: TestClient) -> None:
    device, customer, product, _ = _setup(api)
    one = _payload(1, product, customer["account_number"])
    api.app.state.settings.large_order_total = one.total  # type: ignore[attr-defined]
    assert _push(api, device, 1, one)["status"] == "accepted"  # at the limit: fine
    api.app.state.settings.large_order_total = one.total - Decimal("0.01")  # type: ignore[attr-defined]
    held = _push(api, device, 2, _payload(2, product, customer["account_number"]))
    assert held["status"] == "needs_approval"
    assert held["reasons"] == [
        f"large order: USD {one.total:,.2f} is above {one.total - Decimal('0.01'):,.2f}, "
        "the most an order goes through without the office"
    ]


def test_the_large_order_limit_is_a_setting_that_can_be_switched_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from server.config import Settings

    assert Settings().large_order_total == Decimal(50000)
    monkeypatch.setenv("REPAPP_LARGE_ORDER_TOTAL", "12500.50")
    assert Settings().large_order_total == Decimal("12500.50")
    monkeypatch.setenv("REPAPP_LARGE_ORDER_TOTAL", "")
    assert Settings().large_order_total is None
