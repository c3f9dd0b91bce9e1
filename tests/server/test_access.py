"""Who may call what, on SQLite and PostgreSQL.

Every route of the app is walked and must be listed in ACCESS: a new route added without saying
who may call it fails `test_every_route_is_listed`. Protected routes refuse a missing or forged
token with 401 and a role they do not allow with 403; a rep's pull carries only their own
customers and orders, and a rep's push for another rep's account or order never lands on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from server.app import create_app
from server.config import Settings
from server.models import Customer, CustomerRep, Order, User
from tests.server.conftest import sign_in
from tests.server.test_sync_api import list_priced, order_entry, pull_everything

PUBLIC = "public"
ANY_ROLE = ("rep", "back_office", "admin")
ROLES = ("rep", "back_office", "admin")
NO_BODY: dict[str, Any] = {}

# (method, path) -> who may call it, and a sample request (path filled in, JSON body).
ACCESS: dict[tuple[str, str], tuple[str | tuple[str, ...], str, dict[str, Any] | None]] = {
    ("GET", "/health"): (PUBLIC, "/health", None),
    ("GET", "/openapi.json"): (PUBLIC, "/openapi.json", None),
    ("GET", "/docs"): (PUBLIC, "/docs", None),
    ("GET", "/docs/oauth2-redirect"): (PUBLIC, "/docs/oauth2-redirect", None),
    ("GET", "/redoc"): (PUBLIC, "/redoc", None),
    ("GET", "/sync/meta"): (PUBLIC, "/sync/meta", None),
    ("POST", "/sync/login"): (PUBLIC, "/sync/login", {"username": "rep", "password": "demo"}),
    ("POST", "/sync/logout"): (ANY_ROLE, "/sync/logout", None),
    ("POST", "/sync/pull"): (ANY_ROLE, "/sync/pull", {"cursor": 0, "limit": 5}),
    ("POST", "/sync/push"): (ANY_ROLE, "/sync/push", {"device_id": "", "entries": []}),
    # Catalog pictures: any signed-in user, whoever's customers they serve.
    ("GET", "/sync/blobs/{sha256}"): (ANY_ROLE, "/sync/blobs/" + "0" * 64, None),
    ("GET", "/admin/audit"): (("admin",), "/admin/audit", None),
    ("POST", "/stock/receipts"): (
        ("back_office", "admin"),
        "/stock/receipts",
        {"sku": "NO-SUCH-SKU", "warehouse": "MAIN", "quantity": 1},
    ),
}


def _routes(app: Any) -> Iterator[tuple[str, str, Any]]:
    """(method, path, dependant) of every route, through included routers however FastAPI
    keeps them."""
    for route in app.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        for item in contexts() if contexts else [route]:
            for method in sorted(item.methods or ()):
                if method != "HEAD":
                    yield method, item.path, getattr(item, "dependant", None)


def _roles_required(dependant: Any) -> set[tuple[str, ...]]:
    found = set()
    for dependency in dependant.dependencies if dependant is not None else ():
        roles = getattr(dependency.call, "roles", None)
        if roles is not None:
            found.add(tuple(roles))
        found |= _roles_required(dependency)
    return found


def test_every_route_is_listed_and_guarded_as_listed(tmp_path: Any) -> None:
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'routes.db'}"))
    routes = {(method, path): dependant for method, path, dependant in _routes(app)}
    assert set(routes) == set(ACCESS), (
        "routes and the access table differ: say who may call "
        f"{sorted(set(routes) - set(ACCESS))}; drop {sorted(set(ACCESS) - set(routes))}"
    )
    for key, dependant in routes.items():
        expected = ACCESS[key][0]
        assert _roles_required(dependant) == (set() if expected == PUBLIC else {expected}), key
    app.state.engine.dispose()


def _call(api: TestClient, key: tuple[str, str], token: str | None, device: str = "") -> Any:
    _who, path, body = ACCESS[key]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if body is not None and "device_id" in body:
        body = {**body, "device_id": device}
    return api.request(key[0], path, json=body, headers=headers)


def test_no_token_a_forged_one_or_the_wrong_role_is_refused(api: TestClient) -> None:
    api.headers.pop("Authorization", None)
    for key, (who, _path, _body) in ACCESS.items():
        if who == PUBLIC:
            assert _call(api, key, None).status_code < 400, key
            continue
        missing = _call(api, key, None)
        assert missing.status_code == 401 and missing.json()["detail"] == "sign in first", key
        assert missing.headers["WWW-Authenticate"] == "Bearer"
        assert _call(api, key, "forged").status_code == 401, key
        for role, user in zip(ROLES, ("rep", "office", "admin"), strict=True):
            signed = sign_in(api, user)  # a fresh token each time: /sync/logout ends it
            api.headers.pop("Authorization")
            answer = _call(api, key, signed["token"], signed["device_id"])
            if role in who:
                assert answer.status_code not in (401, 403), (key, role, answer.text)
            else:
                assert answer.status_code == 403, (key, role)
                assert f"signed in as {role}" in answer.json()["detail"]


def _factory(api: TestClient) -> sessionmaker[Session]:
    return api.app.state.session_factory  # type: ignore[attr-defined,no-any-return]


def _accounts_of(session: Session, username: str) -> set[str]:
    return set(
        session.scalars(
            select(Customer.account_number)
            .join(CustomerRep, CustomerRep.customer_id == Customer.id)
            .join(User, User.id == CustomerRep.user_id)
            .where(User.username == username)
        )
    )


def test_a_reps_pull_and_push_reach_only_their_own_customers_and_orders(api: TestClient) -> None:
    with _factory(api)() as session:
        mine, theirs = _accounts_of(session, "rep"), _accounts_of(session, "rep2")
        all_accounts = set(session.scalars(select(Customer.account_number)))
        history = {
            rep: set(
                session.scalars(
                    select(Order.order_uuid)
                    .join(User, User.id == Order.rep_id)
                    .where(User.username == rep)
                )
            )
            for rep in ("rep", "rep2")
        }
    only_rep2 = sorted(theirs - mine)
    assert only_rep2 and history["rep"]  # the demo gives each side something to leak

    # rep writes an order for one of their accounts.
    device = sign_in(api, "rep")["device_id"]
    changes, _ = pull_everything(api, limit=1000)
    customers, products = list_priced(changes)
    product = next(p for p in products if p["case_pack"] == 1)
    own = next(c["account_number"] for c in customers if c["account_number"] not in theirs)
    entry = order_entry(1, product, own, order_uuid="00000000-0000-4000-8000-00000000a001")
    pushed = api.post("/sync/push", json={"device_id": device, "entries": [entry]}).json()
    assert pushed["verdicts"][0]["status"] in ("accepted", "needs_approval")

    # Each rep's pull: customers assigned to them, orders they wrote; nothing else.
    for rep, accounts in (("rep", mine), ("rep2", theirs)):
        sign_in(api, rep)
        changes, _ = pull_everything(api, limit=1000)
        pulled_customers = {c["key"] for c in changes if c["entity"] == "customer"}
        pulled_orders = {c["key"] for c in changes if c["entity"] == "order"}
        assert pulled_customers == accounts, rep
        expected = history[rep] | ({entry["order_uuid"]} if rep == "rep" else set())
        assert pulled_orders == expected, rep
        assert all(
            c["data"]["customer_account"] in accounts for c in changes if c["entity"] == "order"
        )
    # The office sees every account.
    sign_in(api, "office")
    changes, _ = pull_everything(api, limit=1000)
    assert {c["key"] for c in changes if c["entity"] == "customer"} == all_accounts

    # rep2 pushes an order for an account only rep serves: rejected, as if it did not exist.
    device2 = sign_in(api, "rep2")["device_id"]
    foreign = order_entry(1, product, sorted(mine - theirs)[0])
    verdict = api.post("/sync/push", json={"device_id": device2, "entries": [foreign]}).json()
    assert verdict["verdicts"][0]["status"] == "rejected"
    assert verdict["verdicts"][0]["reasons"][0].startswith("unknown customer account")
    # ... and one reusing rep's order id, for their own account: refused, rep's order untouched.
    clash = order_entry(
        2, product, sorted(theirs - mine)[0], quantity=2, order_uuid=entry["order_uuid"]
    )
    verdict = api.post("/sync/push", json={"device_id": device2, "entries": [clash]}).json()
    assert verdict["verdicts"][0]["status"] == "mismatch"
    with _factory(api)() as session:
        order = session.scalar(select(Order).where(Order.order_uuid == entry["order_uuid"]))
        rep = session.scalar(select(User).where(User.username == "rep"))
        assert order is not None and rep is not None
        assert order.rep_id == rep.id and order.customer_account == own
        assert order.payload_hash == entry["payload_hash"]
    # ... and one resending rep's very order (same id, same contents): its fate stays rep's.
    copy = {**entry, "seq": 3}
    verdict = api.post("/sync/push", json={"device_id": device2, "entries": [copy]}).json()
    [answer] = verdict["verdicts"]
    assert (answer["status"], answer["order_number"]) == ("mismatch", None)
    assert answer["reasons"] == ["an order with this id was already received from another rep"]
    # A token of one device cannot push as another.
    refused = api.post("/sync/push", json={"device_id": device, "entries": []})
    assert refused.status_code == 403
