"""Online means the RepApp server answered: a real server process, a captive portal, a refused
port and a server that never answers, all on loopback."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from repapp import __version__
from repapp.server_process import ServerProcess, free_port
from repapp.sync.protocol import MetaAction
from repapp.sync.reachability import PROBE_TIMEOUT, probe
from tests.fake_networks import BlackHole, CaptivePortal


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("server")
    process = ServerProcess(f"sqlite:///{folder / 'server.db'}", folder / "server.log")
    process.run_cli("init")
    process.start()
    yield process
    process.stop()


def test_the_real_server_is_online(server: ServerProcess) -> None:
    started = time.monotonic()
    found = probe(server.url + "/")  # a trailing slash as typed in the sign-in dialog
    assert time.monotonic() - started < PROBE_TIMEOUT
    assert found.online and found.reason == ""
    assert found.server_url == server.url
    assert found.meta is not None and found.meta.server_version == __version__
    assert found.meta.action is MetaAction.OK and not found.upgrade_required


def test_a_port_nobody_listens_on_is_offline_at_once() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    started = time.monotonic()
    found = probe(url)
    assert time.monotonic() - started < 1.0
    assert not found.online and found.meta is None
    assert found.reason.startswith("cannot connect")
    assert found.server_url == url


def test_a_captive_portal_page_is_offline() -> None:
    with CaptivePortal() as portal:
        found = probe(portal.url)
        assert portal.requests == 1  # a real request reached it, and it answered 200 HTML
    assert not found.online
    assert found.reason == "the network answered with a web page (a Wi-Fi sign-in page?)"


def test_a_redirect_to_a_login_page_is_offline_and_not_followed() -> None:
    with CaptivePortal(redirect=True) as portal:
        found = probe(portal.url)
        assert portal.requests == 1  # the login page itself was never asked for
    assert not found.online
    assert found.reason == (
        f"the network sent us to {portal.url}/login?next=x (a Wi-Fi sign-in page?)"
    )


def test_json_that_is_not_the_servers_meta_is_offline() -> None:
    with CaptivePortal(json_body=b'{"status": "ok", "portal": true}') as other:
        found = probe(other.url)
    assert not found.online
    assert found.reason == "something answered, but not a RepApp server"


@pytest.mark.parametrize("timeout", [0.5, PROBE_TIMEOUT])
def test_a_server_that_never_answers_is_offline_within_the_timeout(timeout: float) -> None:
    with BlackHole() as hole:
        started = time.monotonic()
        found = probe(hole.url, timeout=timeout)
        took = time.monotonic() - started
        assert hole.accepted == 1  # connected, then nothing came back
    assert timeout <= took < timeout + 1.0
    assert not found.online and found.reason == f"no answer within {timeout:g} s"


def test_the_server_stopped_then_back(server: ServerProcess) -> None:
    assert probe(server.url).online
    server.stop()
    try:
        found = probe(server.url)
        assert not found.online and found.reason.startswith("cannot connect")
    finally:
        server.start()
    assert probe(server.url).online


def test_no_server_named_yet_is_offline_without_a_request() -> None:
    found = probe("")
    assert not found.online and found.reason == "no server yet: sign in once to name it"
