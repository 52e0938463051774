"""A real HTTP(S) server on 127.0.0.1 for the security tests: it answers with the responses it is
given and records every request exactly as it arrived on the wire (raw request target, headers)."""

from __future__ import annotations

import json
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    method: str
    target: str  # the request target as sent: path and query, still percent-encoded
    headers: dict[str, str]


@dataclass
class Reply:
    status: int = 200
    body: bytes = b"{}"
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})

    @classmethod
    def json(cls, value: Any, status: int = 200) -> Reply:
        return cls(status, json.dumps(value).encode())


class Server:
    """``reply`` answers every request; ``received`` lists them in order."""

    def __init__(self, httpd: ThreadingHTTPServer, scheme: str) -> None:
        self.httpd = httpd
        self.reply = Reply()
        self.received: list[Received] = []
        host, port = httpd.server_address[:2]
        self.url = f"{scheme}://{host!s}:{port}"


@contextmanager
def serve(tls: ssl.SSLContext | None = None) -> Iterator[Server]:
    state: dict[str, Server] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            server = state["server"]
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            server.received.append(Received(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}))
            reply = server.reply
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

        def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    if tls is not None:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    server = Server(httpd, "https" if tls else "http")
    state["server"] = server
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
