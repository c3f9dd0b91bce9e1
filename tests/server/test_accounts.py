"""Accounts on SQLite and PostgreSQL: argon2 passwords, revocable and expiring tokens, sign-in
lockout held in the database, the audit log, and `repapp-server users ...`."""

from __future__ import annotations

import hashlib
import os
import secrets
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from server.app import create_app
from server.config import Settings
from server.db import transaction
from server.models import AuditEntry, LoginFailure, Token, User
from server.services.audit import audit
from server.services.auth import login, verify_password
from tests.server.conftest import sign_in


def _factory(api: TestClient) -> sessionmaker[Session]:
    return api.app.state.session_factory  # type: ignore[attr-defined,no-any-return]


def _actions(api: TestClient, subject: str) -> list[str]:
    with _factory(api)() as session:
        return list(
            session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.subject == subject)
                .order_by(AuditEntry.id)
            )
        )


def _old_scrypt_hash(password: str) -> str:
    """A hash exactly as the server stored passwords before argon2."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    return f"scrypt${salt.hex()}${digest.hex()}"


def test_an_old_scrypt_password_still_signs_in_and_is_stored_again_with_argon2(
    api: TestClient,
) -> None:
    with transaction(_factory(api)) as session:
        user = session.scalar(select(User).where(User.username == "rep2"))
        assert user is not None and user.password_hash.startswith("$argon2id$")
        user.password_hash = _old_scrypt_hash("old-show-pw")
    wrong = api.post("/sync/login", json={"username": "rep2", "password": "old-show-px"})
    assert wrong.status_code == 401
    with _factory(api)() as session:
        stored = session.scalar(select(User.password_hash).where(User.username == "rep2"))
        assert stored is not None and stored.startswith("scrypt$")  # untouched by a failure
    answer = api.post("/sync/login", json={"username": "rep2", "password": "old-show-pw"})
    assert answer.status_code == 200, answer.text
    with _factory(api)() as session:
        stored = session.scalar(select(User.password_hash).where(User.username == "rep2"))
        assert stored is not None and stored.startswith("$argon2id$")
        assert verify_password("old-show-pw", stored)
        assert not verify_password("old-show-px", stored)
    assert (
        api.post("/sync/login", json={"username": "rep2", "password": "old-show-pw"}).status_code
        == 200
    )


def test_signing_out_revokes_only_that_token(api: TestClient) -> None:
    first = sign_in(api, "rep")["token"]
    second = sign_in(api, "rep")["token"]
    signed_out = api.post("/sync/logout", headers={"Authorization": f"Bearer {first}"})
    assert signed_out.status_code == 204
    refused = api.post(
        "/sync/pull", json={"cursor": 0, "limit": 1}, headers={"Authorization": f"Bearer {first}"}
    )
    assert refused.status_code == 401 and "signed out" in refused.json()["detail"]
    again = api.post("/sync/logout", headers={"Authorization": f"Bearer {first}"})
    assert again.status_code == 401
    still = api.post(
        "/sync/pull", json={"cursor": 0, "limit": 1}, headers={"Authorization": f"Bearer {second}"}
    )
    assert still.status_code == 200
    assert _actions(api, "rep") == ["token_revoked"]
    with _factory(api)() as session:
        revoked = session.scalars(select(Token).where(Token.revoked_at.is_not(None))).all()
        assert len(revoked) == 1


def test_an_expired_token_is_refused(api: TestClient) -> None:
    sign_in(api, "rep")
    assert api.post("/sync/pull", json={"cursor": 0, "limit": 1}).status_code == 200
    with transaction(_factory(api)) as session:
        session.execute(update(Token).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    refused = api.post("/sync/pull", json={"cursor": 0, "limit": 1})
    assert refused.status_code == 401 and "expired" in refused.json()["detail"]


def _cli(url: str, *args: str, password: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REPAPP_DATABASE_URL": url}
    if password:
        env["REPAPP_NEW_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args], env=env, capture_output=True, text=True
    )


def test_users_commands_disable_enable_reset_revoke_and_list(
    api: TestClient, server_db_url: str
) -> None:
    def pull(token: str) -> int:
        return api.post(
            "/sync/pull",
            json={"cursor": 0, "limit": 1},
            headers={"Authorization": f"Bearer {token}"},
        ).status_code

    added = _cli(server_db_url, "users", "add", "mara.lind", "--name", "Mara Lind", password="x")
    assert added.returncode == 2 and "at least 8 characters" in added.stderr
    added = _cli(
        server_db_url, "users", "add", "mara.lind", "--name", "Mara Lind", password="booth-42x"
    )
    assert added.returncode == 0 and "created (rep)" in added.stdout
    mara = sign_in(api, "mara.lind", password="booth-42x")["token"]
    laptop, tablet = sign_in(api, "rep")["token"], sign_in(api, "rep")["token"]
    assert pull(mara) == pull(laptop) == pull(tablet) == 200

    revoked = _cli(server_db_url, "users", "revoke", "rep")
    assert revoked.returncode == 0 and "2 sessions of rep revoked" in revoked.stdout
    assert pull(laptop) == pull(tablet) == 401
    assert pull(mara) == 200  # someone else's sessions are untouched
    sign_in(api, "rep")  # a revoked user signs in again

    disabled = _cli(server_db_url, "users", "disable", "mara.lind")
    assert disabled.returncode == 0 and "disabled (1 sessions ended)" in disabled.stdout
    assert pull(mara) == 401
    refused = api.post("/sync/login", json={"username": "mara.lind", "password": "booth-42x"})
    assert refused.status_code == 401
    listed = _cli(server_db_url, "users", "list")
    assert listed.returncode == 0
    line = next(line for line in listed.stdout.splitlines() if line.startswith("mara.lind"))
    assert "rep" in line and "disabled" in line and "Mara Lind" in line
    assert _cli(server_db_url, "users", "enable", "mara.lind").returncode == 0
    mara = sign_in(api, "mara.lind", password="booth-42x")["token"]

    reset = _cli(server_db_url, "users", "reset-password", "mara.lind", password="new-booth-7")
    assert reset.returncode == 0 and "1 sessions ended" in reset.stdout
    assert pull(mara) == 401
    assert (
        api.post("/sync/login", json={"username": "mara.lind", "password": "booth-42x"}).status_code
        == 401
    )
    sign_in(api, "mara.lind", password="new-booth-7")

    unknown = _cli(server_db_url, "users", "disable", "nobody")
    assert unknown.returncode == 2 and "no user 'nobody'" in unknown.stderr
    assert _actions(api, "mara.lind") == [
        "user_created",
        "user_disabled",
        "login_failed",
        "user_enabled",
        "password_reset",
        "login_failed",
    ]
    assert _actions(api, "rep") == ["tokens_revoked"]
    with _factory(api)() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "tokens_revoked"))
        assert entry is not None and entry.details == {"revoked_sessions": 2}
        assert entry.user_id is None and entry.at is not None  # done at the command line


def _limited(api: TestClient, **limits: int) -> None:
    settings: Settings = api.app.state.settings  # type: ignore[attr-defined]
    api.app.state.settings = settings.model_copy(update=limits)  # type: ignore[attr-defined]


def test_repeated_wrong_passwords_lock_the_name_out_even_with_the_right_one(
    api: TestClient, server_db_url: str
) -> None:
    _limited(api, login_max_failures=3, login_window_minutes=10)
    for _ in range(3):
        wrong = api.post("/sync/login", json={"username": "rep", "password": "guess"})
        assert wrong.status_code == 401
    locked = api.post("/sync/login", json={"username": "rep", "password": "demo"})
    assert locked.status_code == 429
    assert 590 <= int(locked.headers["Retry-After"]) <= 600
    assert "too many failed sign-ins: try again in 10 minutes" in locked.json()["detail"]
    # Another name from the same address is not locked by rep's failures.
    assert api.post("/sync/login", json={"username": "rep2", "password": "demo"}).status_code == 200

    # A second server process (another worker) over the same database sees the same lockout.
    other = create_app(Settings(database_url=server_db_url, login_max_failures=3))
    with TestClient(other) as second:
        assert (
            second.post("/sync/login", json={"username": "rep", "password": "demo"}).status_code
            == 429
        )
    other.state.engine.dispose()

    # Once the window has passed the right password works, and forgives the earlier failures.
    with transaction(_factory(api)) as session:
        session.execute(update(LoginFailure).values(at=datetime.now(UTC) - timedelta(minutes=11)))
    assert api.post("/sync/login", json={"username": "rep", "password": "demo"}).status_code == 200
    with _factory(api)() as session:
        assert session.scalars(select(LoginFailure)).all() == []
    assert _actions(api, "rep") == ["login_failed"] * 3 + ["login_locked"] * 2


def test_one_address_guessing_many_names_is_locked_out(api: TestClient) -> None:
    _limited(api, login_max_failures=5, login_max_failures_per_client=4)
    for name in ("ann", "bob", "cy", "dee"):
        assert (
            api.post("/sync/login", json={"username": name, "password": "guess"}).status_code == 401
        )
    locked = api.post("/sync/login", json={"username": "office", "password": "demo"})
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    with _factory(api)() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "login_locked"))
        assert entry is not None and entry.subject == "office"
        assert entry.details == {"client": "testclient"}


def test_the_audit_log_is_read_by_admins_only(api: TestClient) -> None:
    api.post("/sync/login", json={"username": "rep", "password": "wrong"})
    with transaction(_factory(api)) as session:
        admin = session.scalar(select(User).where(User.username == "admin"))
        audit(session, admin, "order_approved", "S-000123", reason="credit checked", lines=[1, 2])
    sign_in(api, "rep")
    assert api.get("/admin/audit").status_code == 403
    sign_in(api, "admin")
    entries = api.get("/admin/audit").json()
    assert [(e["user"], e["action"], e["subject"]) for e in entries] == [
        ("admin", "order_approved", "S-000123"),
        ("", "login_failed", "rep"),
    ]
    assert entries[0]["details"] == {"reason": "credit checked", "lines": [1, 2]}
    only = api.get("/admin/audit", params={"action": "login_failed", "limit": 5}).json()
    assert [e["action"] for e in only] == ["login_failed"]


def test_a_direct_login_rehashes_in_the_callers_transaction(api: TestClient) -> None:
    """The service alone (as the CLI and demo use it): an old hash is replaced on commit."""
    with transaction(_factory(api)) as session:
        user = session.scalar(select(User).where(User.username == "office"))
        assert user is not None
        user.password_hash = _old_scrypt_hash("office-pw-1")
    with transaction(_factory(api)) as session:
        _token, user, _device = login(session, "office", "office-pw-1", "desk", 1)
    with _factory(api)() as session:
        stored = session.scalar(select(User.password_hash).where(User.username == "office"))
        assert stored is not None and stored.startswith("$argon2id$")
