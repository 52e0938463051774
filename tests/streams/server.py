"""A loopback HTTP server that streams: each request is answered by a script of pieces, sent one
at a time as chunks of a chunked body, with waits between them and, if asked, a dropped connection.

A piece is bytes (sent and flushed at once), a :class:`Gate` (the server waits until the test
opens it, or gives up after a while and records that it had to), a :class:`Pause`, or
:data:`DROP` (the connection is cut mid-body, without the chunked terminator). A script may be a
callable that makes the pieces on the fly, so a long stream is never held whole.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Gate:
    """The server stops here until the test calls :meth:`open` (at most ``timeout`` seconds)."""

    timeout: float = 5.0
    opened: threading.Event = field(default_factory=threading.Event)
    waited_out: bool = False  # the server gave up waiting: nobody opened it in time

    def open(self) -> None:
        self.opened.set()


@dataclass(frozen=True)
class Pause:
    seconds: float


DROP = object()  # cut the connection here


@dataclass
class Script:
    pieces: Callable[[], Iterable[Any]] | Iterable[Any]
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/event-stream"})
    chunked: bool = True  # else the body is sent whole with a Content-Length


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class StreamServer:
    def __init__(self) -> None:
        self._scripts: list[Script] = []
        self._lock = threading.Lock()
        self.seen: list[Seen] = []
        self.sent: list[float] = []  # time.monotonic() as each piece is sent
        self.ended = threading.Semaphore(0)  # released as each connection ends (the server's side)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), name="stream-server", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def script(self, *scripts: Script) -> None:
        """Answer the next requests with ``scripts`` in order; the last one repeats."""
        with self._lock:
            self._scripts = list(scripts)
            self.seen = []
            self.sent = []

    def _take(self, seen: Seen) -> Script:
        with self._lock:
            self.seen.append(seen)
            index = min(len(self.seen), len(self._scripts)) - 1
            return self._scripts[index]


@contextmanager
def streaming() -> Iterator[StreamServer]:
    server = StreamServer()
    server._thread.start()
    try:
        yield server
    finally:
        server._httpd.shutdown()
        server._httpd.server_close()
        server._thread.join(timeout=10)


def _pieces(script: Script) -> Iterable[Any]:
    return script.pieces() if callable(script.pieces) else script.pieces


def _handler_for(server: StreamServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            seen = Seen(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            script = server._take(seen)
            try:
                self.send_response(script.status)
                for name, value in script.headers.items():
                    self.send_header(name, value)
                if not script.chunked:
                    content = b"".join(p for p in _pieces(script) if isinstance(p, bytes))
                    self.send_header("Content-Length", str(len(content)))
                    self.end_headers()
                    self.wfile.write(content)
                    return
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                self.wfile.flush()
                for piece in _pieces(script):
                    if isinstance(piece, bytes):
                        if piece:
                            server.sent.append(time.monotonic())  # before: the client may read it at once
                            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                            self.wfile.flush()
                    elif isinstance(piece, Gate):
                        piece.waited_out = not piece.opened.wait(piece.timeout)
                    elif isinstance(piece, Pause):
                        time.sleep(piece.seconds)
                    elif piece is DROP:
                        self.wfile.flush()
                        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                        self.connection.close()
                        self.close_connection = True
                        return
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()
            except OSError:  # the client closed the stream early: nobody to send to
                self.close_connection = True

        do_GET = do_POST = _answer

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def handle_one_request(self) -> None:
            try:
                super().handle_one_request()
            except (OSError, ValueError):
                self.close_connection = True

        def finish(self) -> None:
            with suppress(OSError, ValueError):
                super().finish()
            server.ended.release()

    return Handler
