"""What a laptop meets on show-floor networks, as real loopback servers for the tests:

- `CaptivePortal`: hotel / exhibition Wi-Fi that answers every request with its sign-in page
  (HTTP 200 HTML), or redirects every request to it (`redirect=True`), or answers some other
  service's JSON (`json_body=...`);
- `BlackHole`: accepts the connection and never answers (a dead upstream behind an access point).

Each runs on a thread, on 127.0.0.1, on the port given (so it can take over a stopped server's
port) or a free one, and stops (closing every connection) on `stop()` or at the end of a `with`.
"""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from repapp.server_process import free_port

PORTAL_PAGE = b"""<!doctype html><html><head><title>Welcome to ExpoNet</title></head>
<body><form action="/login" method="post">Accept the terms to get online
<button>Connect</button></form></body></html>"""


class _PortalHandler(BaseHTTPRequestHandler):
    server: _PortalServer

    def do_GET(self) -> None:  # noqa: N802 (the http.server name)
        self.server.requests += 1
        portal = self.server
        if portal.redirect and not self.path.startswith("/login"):
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{portal.server_port}/login?next=x")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body, kind = (
            (portal.json_body, "application/json")
            if portal.json_body is not None
            else (PORTAL_PAGE, "text/html; charset=utf-8")
        )
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # quiet: the test output is for the tests


class _PortalServer(ThreadingHTTPServer):
    daemon_threads = True
    redirect = False
    json_body: bytes | None = None
    requests = 0


class CaptivePortal:
    def __init__(
        self, port: int | None = None, redirect: bool = False, json_body: bytes | None = None
    ) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = _PortalServer(("127.0.0.1", self.port), _PortalHandler)
        self._server.redirect, self._server.json_body = redirect, json_body
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="portal"
        )
        self._thread.start()

    @property
    def requests(self) -> int:
        return self._server.requests

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> CaptivePortal:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


class BlackHole:
    """Accepts connections and holds them open without a byte in reply."""

    def __init__(self, port: int | None = None) -> None:
        self._listener = socket.create_server(("127.0.0.1", port or 0))
        self._listener.settimeout(0.05)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.accepted = 0
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="black-hole")
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            self.accepted += 1
            self._held.append(connection)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        for connection in self._held:
            connection.close()
        self._listener.close()

    def __enter__(self) -> BlackHole:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()
