"""Is the sync server there? One real request with a short timeout, not the system's online flag.

Show-floor and hotel Wi-Fi say "connected" while every request lands on a sign-in page, and a
laptop on a dead access point still has an address. So the only answer that counts is the
server's own: `GET /sync/meta` answering HTTP 200 with JSON that reads as a `MetaResponse`.
Anything else (a web page, a redirect to a login page, other JSON, no answer within the time
allowed, a refused connection) is offline, with a short reason the rep can read in a tooltip.

No Qt: the UI runs `probe` on its network thread.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx
from pydantic import ValidationError

from repapp import __version__
from repapp.sync.protocol import PROTOCOL_VERSION, MetaAction, MetaResponse

PROBE_TIMEOUT = 2.0  # seconds for the whole answer
MAX_ANSWER_BYTES = 64 * 1024  # a meta answer is ~200 bytes; a portal's page is not read whole


@dataclass(frozen=True)
class Reachability:
    online: bool
    reason: str  # why offline, or what the server said ("" when all is well)
    server_url: str = ""
    meta: MetaResponse | None = None

    @property
    def upgrade_required(self) -> bool:
        return self.meta is not None and self.meta.action is MetaAction.UPGRADE_REQUIRED


def _offline(url: str, reason: str) -> Reachability:
    return Reachability(False, reason, url)


def _read(response: httpx.Response, deadline: float) -> bytes | None:
    """The body, or None when it is too big or too slow: a server's meta is neither."""
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > MAX_ANSWER_BYTES or time.monotonic() > deadline:
            return None
    return bytes(body)


def probe(server_url: str, timeout: float = PROBE_TIMEOUT) -> Reachability:
    """Ask the server for its meta; returns within about `timeout` seconds, whatever answers."""
    url = server_url.rstrip("/")
    if not url:
        return _offline(url, "no server yet: sign in once to name it")
    deadline = time.monotonic() + timeout
    params = {"protocol": str(PROTOCOL_VERSION), "app_version": __version__}
    try:
        with (
            httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False) as http,
            http.stream("GET", f"{url}/sync/meta", params=params) as response,
        ):
            if response.is_redirect:
                where = response.headers.get("location", "another page")
                return _offline(url, f"the network sent us to {where} (a Wi-Fi sign-in page?)")
            if response.status_code != 200:
                return _offline(url, f"the server answered HTTP {response.status_code}")
            kind = response.headers.get("content-type", "")
            if not kind.startswith("application/json"):
                return _offline(url, "the network answered with a web page (a Wi-Fi sign-in page?)")
            body = _read(response, deadline)
    except httpx.TimeoutException:
        return _offline(url, f"no answer within {timeout:g} s")
    except httpx.ConnectError as error:
        return _offline(url, f"cannot connect ({_short(error)})")
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        return _offline(url, f"no usable answer ({_short(error)})")
    if body is None:
        return _offline(url, "the answer was not the server's (too long or too slow)")
    try:
        meta = MetaResponse.model_validate_json(body)
    except ValidationError:
        return _offline(url, "something answered, but not a RepApp server")
    return Reachability(True, meta.message, url, meta)


def _short(error: Exception) -> str:
    text = str(error) or type(error).__name__
    return text.removeprefix("[Errno 111] ").strip()
