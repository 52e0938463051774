"""A real HTTP server on 127.0.0.1 that answers from a script of faults.

Each request takes the next :class:`Reply` of the script (the last one repeats once the script
runs out) and is recorded, with its arrival time, in :attr:`FaultServer.seen`. A reply can be a
status with headers and a body, an answer held back for ``delay`` seconds, or a connection reset
(RST, no response at all).
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: Any = b""  # bytes and str are sent as they are; anything else as JSON
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering
    reset: bool = False  # drop the connection with a TCP reset instead of answering
    echo: Callable[[Seen], Any] | None = None  # the body, made from the request, instead of ``body``
    respond: Callable[[Seen], Reply] | None = None  # the whole reply, made from the request (a paging server)

    def payload(self, seen: Seen) -> tuple[bytes, str]:
        if self.echo is not None:
            return json.dumps(self.echo(seen)).encode(), "application/json"
        if isinstance(self.body, bytes):
            return self.body, "application/octet-stream"
        if isinstance(self.body, str):
            return self.body.encode(), "application/json"  # as a server that claims JSON and sends anything
        return json.dumps(self.body).encode(), "application/json"


def json_reply(body: Any, status: int = 200, **headers: str) -> Reply:
    return Reply(status=status, body=body, headers={k.replace("_", "-"): v for k, v in headers.items()})


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]  # lower-case names
    body: bytes
    at: float  # time.monotonic() on arrival
    line: str = ""  # the request line as it came: "GET /a%2Fb?x=1 HTTP/1.1"
    names: tuple[str, ...] = ()  # the header names as they came, in order


class FaultServer:
    def __init__(self) -> None:
        self._script: list[Reply] = [Reply(status=599, body={"error": "no reply scripted"})]
        self._next = 0
        self._lock = threading.Lock()
        self.seen: list[Seen] = []
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="fault-server", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def script(self, *replies: Reply) -> None:
        """Answer the next requests with ``replies``, in order; the last one then repeats."""
        with self._lock:
            self._script = list(replies)
            self._next = 0
            self.seen = []

    def _take(self, seen: Seen) -> Reply:
        with self._lock:
            self.seen.append(seen)
            reply = self._script[min(self._next, len(self._script) - 1)]
            self._next += 1
            return reply

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=10)


@contextmanager
def running() -> Iterator[FaultServer]:
    server = FaultServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _handler_for(server: FaultServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            url = urlsplit(self.path)
            seen = Seen(
                method=self.command,
                path=url.path,
                query=parse_qsl(url.query, keep_blank_values=True),
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
                at=time.monotonic(),
                line=self.requestline,
                names=tuple(self.headers.keys()),
            )
            reply = server._take(seen)
            if reply.respond is not None:
                reply = reply.respond(seen)
            if reply.delay:
                time.sleep(reply.delay)
            if reply.reset:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True
                return
            content, content_type = reply.payload(seen)
            try:
                self.send_response(reply.status)
                headers = {"Content-Type": content_type, **reply.headers, "Content-Length": str(len(content))}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(content)
            except OSError:  # the client gave up waiting (a timeout test): nobody to answer
                self.close_connection = True

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def handle_one_request(self) -> None:
            try:
                super().handle_one_request()
            except (OSError, ValueError):  # a reset connection, closed under the handler
                self.close_connection = True

        def finish(self) -> None:
            with suppress(OSError, ValueError):
                super().finish()

    return Handler
