"""Orders arrive in bursts from many laptops at once: every order lands once, with unique numbers,
and pull versions stay unique and ordered (the counter row serializes writers)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import httpx

from repapp.core.money import Money
from repapp.core.pricing import price_line
from repapp.server_process import ServerProcess
from repapp.sync.protocol import (
    OrderLinePayload,
    OrderPayload,
    PushEntry,
    PushRequest,
    payload_hash,
)

DEVICES, ORDERS_EACH = 4, 8


def _sign_in(url: str) -> tuple[str, str]:
    body = httpx.post(f"{url}/sync/login", json={"username": "rep", "password": "demo"}).json()
    return body["token"], body["device_id"]


def _push_all(url: str, token: str, device: str, product: dict, account: str) -> list[dict]:
    headers = {"Authorization": f"Bearer {token}"}
    verdicts = []
    for seq in range(1, ORDERS_EACH + 1):
        net = price_line(
            product["sku"], Money(Decimal(product["list_price"]), "USD"), product["min_qty"]
        ).net.amount
        payload = OrderPayload(
            order_uuid=f"{device[:8]}-0000-4000-8000-{seq:012d}",
            provisional_ref=f"X-{seq}",
            customer_account=account,
            currency="USD",
            captured_at="2026-11-23T10:00:00+00:00",
            lines=[
                OrderLinePayload(
                    sku=product["sku"],
                    quantity=product["min_qty"],
                    unit_price=Decimal(product["list_price"]),
                    line_total=net,
                )
            ],
            total=net,
        )
        entry = PushEntry(
            seq=seq,
            order_uuid=payload.order_uuid,
            payload=payload,
            payload_hash=payload_hash(payload),
        )
        body = PushRequest(device_id=device, entries=[entry]).model_dump(
            mode="json", exclude_unset=True
        )
        for _attempt in range(2):  # the second send is a retry after a "lost" response
            answer = httpx.post(f"{url}/sync/push", json=body, headers=headers, timeout=60)
            assert answer.status_code == 200, answer.text
        verdicts += answer.json()["verdicts"]
    return verdicts


def test_bursts_from_several_devices(demo_server: ServerProcess) -> None:
    url = demo_server.url
    sessions = [_sign_in(url) for _ in range(DEVICES)]
    token = sessions[0][0]
    changes = httpx.post(
        f"{url}/sync/pull",
        json={"cursor": 0, "limit": 5000},
        headers={"Authorization": f"Bearer {token}"},
    ).json()["changes"]
    product = next(c["data"] for c in changes if c["entity"] == "product")
    account = next(
        c["data"]
        for c in changes
        if c["entity"] == "customer"
        and Decimal(c["data"]["credit_limit"]) >= 10000
        and not c["data"]["credit_hold"]
        and Decimal(c["data"]["open_balance"]) == 0
    )
    with ThreadPoolExecutor(DEVICES) as pool:
        results = list(
            pool.map(
                lambda s: _push_all(url, s[0], s[1], product, account["account_number"]), sessions
            )
        )
    verdicts = [v for device_verdicts in results for v in device_verdicts]
    assert len(verdicts) == DEVICES * ORDERS_EACH

    after = httpx.post(
        f"{url}/sync/pull",
        json={"cursor": 0, "limit": 5000},
        headers={"Authorization": f"Bearer {token}"},
    ).json()["changes"]
    pushed = {v["order_uuid"] for v in verdicts}  # the demo's own order history is pulled too
    orders = [c for c in after if c["entity"] == "order" and c["key"] in pushed]
    assert len(orders) == DEVICES * ORDERS_EACH
    assert len({o["key"] for o in orders}) == len(orders)
    numbers = [o["data"]["order_number"] for o in orders if o["data"]["order_number"]]
    assert len(set(numbers)) == len(numbers)
    versions = [c["version"] for c in after]
    assert len(set(versions)) == len(versions) and versions == sorted(versions)
