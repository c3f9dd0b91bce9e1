"""Against a real server process, through the app's sync client: guessing a password locks the
name out with a clear message, and an administrator's `users disable` / `users revoke` end a
laptop's session at once."""

from __future__ import annotations

import httpx
import pytest

from repapp.server_process import ServerProcess
from repapp.sync.client import NotSignedIn, SyncClient, SyncError


def test_guessing_locks_the_name_out_and_the_admin_ends_sessions(
    demo_server: ServerProcess,
) -> None:
    guesser = SyncClient(demo_server.url)
    for _ in range(5):  # the default allowance
        with pytest.raises(NotSignedIn, match="wrong user name or password"):
            guesser.login("rep", "summer2026", "stolen laptop", None)
    with pytest.raises(SyncError, match="too many failed sign-ins: try again in 15 minutes"):
        guesser.login("rep", "demo", "Dana's laptop", None)
    locked = httpx.post(
        f"{demo_server.url}/sync/login", json={"username": "rep", "password": "demo"}
    )
    assert locked.status_code == 429 and 0 < int(locked.headers["Retry-After"]) <= 900
    guesser.close()

    laptop, tablet = SyncClient(demo_server.url), SyncClient(demo_server.url)
    laptop.login("rep2", "demo", "Luis's laptop", None)
    tablet.login("rep2", "demo", "Luis's tablet", None)
    assert laptop.pull(0, limit=10).changes and tablet.pull(0, limit=10).changes

    signed_out = httpx.post(
        f"{demo_server.url}/sync/logout", headers={"Authorization": f"Bearer {tablet.token}"}
    )
    assert signed_out.status_code == 204
    with pytest.raises(NotSignedIn, match="signed out"):
        tablet.pull(0, limit=10)
    assert laptop.pull(0, limit=10).changes  # the other laptop carries on

    assert "1 sessions of rep2 revoked" in demo_server.run_cli("users", "revoke", "rep2")
    with pytest.raises(NotSignedIn, match="signed out"):
        laptop.pull(0, limit=10)
    laptop.login("rep2", "demo", "Luis's laptop", None)
    assert "disabled (1 sessions ended)" in demo_server.run_cli("users", "disable", "rep2")
    with pytest.raises(NotSignedIn, match="this account is disabled: ask an administrator"):
        laptop.pull(0, limit=10)
    assert "rep2" in demo_server.run_cli("users", "list")
    laptop.close()
    tablet.close()
