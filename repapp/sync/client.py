"""HTTP client for the sync server (httpx). No Qt: the UI runs these calls off the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from repapp import __version__
from repapp.sync.protocol import (
    HAS_MORE_HEADER,
    NEXT_CURSOR_HEADER,
    PROTOCOL_VERSION,
    LoginRequest,
    LoginResponse,
    MetaResponse,
    PullRequest,
    PullResponse,
    PushEntry,
    PushRequest,
    PushResponse,
)

Reply = TypeVar("Reply", bound=BaseModel)


class SyncError(Exception):
    """Something the rep should read: the message says what happened and what to do."""


class ServerUnreachable(SyncError):
    """No usable answer: offline, timed out, or a captive portal. Retry later; nothing was lost."""


class NotSignedIn(SyncError):
    pass


def _parse(reply: type[Reply], content: bytes) -> Reply:
    try:
        # Parsed and checked in one pass in pydantic-core: a first sync reads hundreds of MB.
        return reply.model_validate_json(content)
    except ValidationError as error:
        raise SyncError(f"the server's answer was not understood: {error}") from error


@dataclass
class FetchedPage:
    """A pull reply as received, with where the next page starts (from its headers).

    `parse()` reads the body, and refuses one whose cursor is not the one the headers gave: the
    next page was asked for from that cursor.
    """

    body: bytes
    next_cursor: int
    has_more: bool
    parsed: PullResponse | None = None

    def parse(self) -> PullResponse:
        page = self.parsed or _parse(PullResponse, self.body)
        if (page.next_cursor, page.has_more) != (self.next_cursor, self.has_more):
            raise SyncError(
                "the server's answer was not understood: its headers and its body give "
                "different cursors"
            )
        return page


class SyncClient:
    def __init__(self, base_url: str, token: str | None = None, timeout: float = 15.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._http = httpx.Client(
            base_url=self.base_url, timeout=httpx.Timeout(timeout, connect=5.0)
        )

    def close(self) -> None:
        self._http.close()

    def _send(
        self,
        method: str,
        path: str,
        body: BaseModel | None = None,
        params: dict[str, str] | None = None,
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        try:
            response = self._http.request(
                method,
                path,
                headers=headers,
                params=params,
                json=body.model_dump(mode="json", exclude_unset=True) if body is not None else None,
            )
        except httpx.HTTPError as error:
            raise ServerUnreachable(
                f"cannot reach the server at {self.base_url}: {error}"
            ) from error
        if response.status_code == 401:
            raise NotSignedIn(response.json().get("detail", "sign in again"))
        if response.status_code >= 500:
            raise ServerUnreachable(
                f"the server had a problem ({response.status_code}); try again later"
            )
        if not response.headers.get("content-type", "").startswith("application/json"):
            # Hotel and show-floor Wi-Fi answer every request with a login page until you sign in.
            raise ServerUnreachable(
                "the network answered with a web page (a Wi-Fi sign-in page?), not the server"
            )
        if response.status_code >= 400:
            raise SyncError(f"the server refused the request: {response.json().get('detail')}")
        return response

    def _call(
        self,
        method: str,
        path: str,
        reply: type[Reply],
        body: BaseModel | None = None,
        params: dict[str, str] | None = None,
    ) -> Reply:
        return _parse(reply, self._send(method, path, body, params).content)

    def end_session(self, timeout: float = 3.0) -> bool:
        """Ask the server to revoke this sign-in's token (best effort: a laptop signing out
        offline just forgets it, and the token expires by itself). True if the server did."""
        if not self.token:
            return False
        try:
            answer = self._http.post(
                "/sync/logout",
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=timeout,
            )
        except httpx.HTTPError:
            return False
        finally:
            self.token = None
        return answer.status_code == 204

    def meta(self) -> MetaResponse:
        params = {"protocol": str(PROTOCOL_VERSION), "app_version": __version__}
        return self._call("GET", "/sync/meta", MetaResponse, params=params)

    def login(
        self, username: str, password: str, device_name: str, device_id: str | None
    ) -> LoginResponse:
        body = LoginRequest(
            username=username, password=password, device_name=device_name, device_id=device_id
        )
        answer = self._call("POST", "/sync/login", LoginResponse, body)
        self.token = answer.token
        return answer

    def pull(self, cursor: int, limit: int = 1000) -> PullResponse:
        return self.fetch(cursor, limit).parse()

    def fetch(self, cursor: int, limit: int = 1000) -> FetchedPage:
        """A pull page off the wire, parsed only if the server did not say where the next starts."""
        response = self._send("POST", "/sync/pull", PullRequest(cursor=cursor, limit=limit))
        next_cursor = response.headers.get(NEXT_CURSOR_HEADER, "")
        has_more = response.headers.get(HAS_MORE_HEADER, "")
        if next_cursor.isdigit() and has_more in ("true", "false"):
            return FetchedPage(response.content, int(next_cursor), has_more == "true")
        page = _parse(PullResponse, response.content)
        return FetchedPage(response.content, page.next_cursor, page.has_more, page)

    def push(self, device_id: str, entries: list[PushEntry]) -> PushResponse:
        return self._call(
            "POST", "/sync/push", PushResponse, PushRequest(device_id=device_id, entries=entries)
        )

    def blob(self, sha256: str) -> bytes:
        """The bytes of a content-addressed blob (a product picture)."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        try:
            response = self._http.get(f"/sync/blobs/{sha256}", headers=headers)
        except httpx.HTTPError as error:
            raise ServerUnreachable(
                f"cannot reach the server at {self.base_url}: {error}"
            ) from error
        if response.status_code == 401:
            raise NotSignedIn("sign in again")
        if response.status_code >= 500:
            raise ServerUnreachable(
                f"the server had a problem ({response.status_code}); try again later"
            )
        if response.status_code != 200:
            raise SyncError(f"picture {sha256[:12]}… is not on the server ({response.status_code})")
        return response.content
