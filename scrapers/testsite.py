"""A local web site on 127.0.0.1 for offline tests and demos: saved pages, robots.txt, feeds, misbehaviour."""

from __future__ import annotations

import hashlib
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    conditional: bool = True  # answer If-None-Match with 304


Behaviour = Callable[[BaseHTTPRequestHandler], None]


@dataclass(frozen=True)
class Hit:
    path: str
    at: float  # time.monotonic() when the request arrived
    headers: dict[str, str]
    status: int


class SiteServer:
    """Serves `routes` (path → Page or a behaviour function) and records every request."""

    def __init__(self) -> None:
        self.routes: dict[str, Page | Behaviour] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence stderr
                return

            def do_GET(self) -> None:  # noqa: N802 - http.server naming
                server._serve(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return self.base_url + path

    def add(
        self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8", **kw: Any
    ) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Page(data, content_type, **kw)
        return self.url(path)

    def hits_of(self, path: str) -> list[Hit]:
        return [h for h in self.hits if h.path == path]

    def _record(self, handler: BaseHTTPRequestHandler, status: int) -> None:
        with self._lock:
            self.hits.append(
                Hit(
                    handler.path, time.monotonic(), {k.lower(): v for k, v in handler.headers.items()}, status
                )
            )

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        route = self.routes.get(handler.path)
        if route is None:
            self._record(handler, 404)
            self.send(handler, 404, b"not found", "text/plain")
            return
        if callable(route):
            self._record(handler, 0)
            route(handler)
            return
        etag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
        if route.conditional and route.status == 200 and handler.headers.get("If-None-Match") == etag:
            self._record(handler, 304)
            self.send(handler, 304, b"", None, {"ETag": etag})
            return
        self._record(handler, route.status)
        headers = {"ETag": etag, **route.headers} if route.conditional else dict(route.headers)
        self.send(handler, route.status, route.body, route.content_type, headers)

    @staticmethod
    def send(
        handler: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        content_type: str | None,
        headers: dict[str, str] | None = None,
    ) -> None:
        handler.send_response(status)
        if content_type:
            handler.send_header("Content-Type", content_type)
        for k, v in (headers or {}).items():
            handler.send_header(k, v)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if body:
            handler.wfile.write(body)


# --- misbehaviours for bad-input tests -------------------------------------------------------------


def reset_connection(handler: BaseHTTPRequestHandler) -> None:
    """Close the socket with RST before answering."""
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    handler.connection.close()
    handler.close_connection = True


def stall(seconds: float) -> Behaviour:
    """Answer nothing for `seconds` (longer than the client's timeout)."""

    def behave(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        handler.close_connection = True

    return behave


def truncated(body: bytes) -> Behaviour:
    """Promise more bytes than are sent, then hang up."""

    def behave(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body) * 2))
        handler.end_headers()
        handler.wfile.write(body)
        handler.wfile.flush()
        handler.close_connection = True

    return behave


def huge(total: int, declare_length: bool = True) -> Behaviour:
    """Stream `total` bytes of HTML (the client should stop early)."""

    def behave(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        if declare_length:
            handler.send_header("Content-Length", str(total))
        else:
            handler.send_header("Connection", "close")
        handler.end_headers()
        chunk = b"<p>" + b"x" * 65530 + b"</p>"
        sent = 0
        try:
            while sent < total:
                handler.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        handler.close_connection = True

    return behave


def redirect(to: str, status: int = 302) -> Behaviour:
    def behave(handler: BaseHTTPRequestHandler) -> None:
        SiteServer.send(handler, status, b"", None, {"Location": to})

    return behave


def sequence(*behaviours: Behaviour) -> Behaviour:
    """Behave differently on each request (the last one repeats)."""
    calls = [0]

    def behave(handler: BaseHTTPRequestHandler) -> None:
        i = min(calls[0], len(behaviours) - 1)
        calls[0] += 1
        behaviours[i](handler)

    return behave


def status(code: int, headers: dict[str, str] | None = None) -> Behaviour:
    def behave(handler: BaseHTTPRequestHandler) -> None:
        SiteServer.send(handler, code, f"status {code}".encode(), "text/plain", headers)

    return behave


def serve(page: Page) -> Behaviour:
    def behave(handler: BaseHTTPRequestHandler) -> None:
        SiteServer.send(handler, page.status, page.body, page.content_type, page.headers)

    return behave


# --- the network guard -----------------------------------------------------------------------------

_LOOPBACK = ("127.", "::1", "localhost")


class NonLoopbackConnection(AssertionError):
    """A test tried to reach the internet."""


def guard_sockets() -> Callable[[], None]:
    """Make any non-loopback socket connection fail; returns the function that undoes it."""
    original = socket.socket.connect
    original_ex = socket.socket.connect_ex

    def check(address: Any) -> None:
        if isinstance(address, tuple) and address and not str(address[0]).startswith(_LOOPBACK):
            raise NonLoopbackConnection(f"test tried to connect to {address[0]} (only 127.0.0.1 is allowed)")

    def connect(self: socket.socket, address: Any) -> None:
        check(address)
        return original(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check(address)
        return original_ex(self, address)

    socket.socket.connect = connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign,assignment]

    def undo() -> None:
        socket.socket.connect = original  # type: ignore[method-assign]
        socket.socket.connect_ex = original_ex  # type: ignore[method-assign]

    return undo
