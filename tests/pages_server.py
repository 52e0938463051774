"""A docs site on 127.0.0.1 for vendoring tests: pages, redirects and misbehaving answers."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    length: bool = True  # send Content-Length; without it the body ends when the connection closes


@dataclass
class Site:
    """What the server answers, by path; change it between requests to publish a new version."""

    base: str = ""
    answers: dict[str, Answer] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)

    def page(self, path: str, text: str, content_type: str = "text/markdown; charset=utf-8") -> str:
        self.answers[path] = Answer(body=text.encode("utf-8"), headers={"Content-Type": content_type})
        return self.base + path

    def redirect(self, path: str, location: str, status: int = 301) -> str:
        self.answers[path] = Answer(status=status, headers={"Location": location})
        return self.base + path


class _Handler(BaseHTTPRequestHandler):
    site: Site
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:
        self.site.requests.append(self.path)
        answer = self.site.answers.get(self.path, Answer(404, b"not found"))
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        if answer.length:
            self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client stopped reading: a real site sees that too
            self.wfile.write(answer.body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[Site]:
    pages = Site()
    handler = type("Handler", (_Handler,), {"site": pages})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    pages.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield pages
    server.shutdown()
    server.server_close()
