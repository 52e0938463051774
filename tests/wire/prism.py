"""Start Prism (``@stoplight/prism-cli``, installed by ``npm ci``) on a free loopback port, wait
until it answers, and stop it afterwards."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from ..conftest import ROOT

PRISM = ROOT / "node_modules" / ".bin" / "prism"
STARTUP_SECONDS = 90.0
INVALID_REQUEST = "Request did not pass the validation rules"


@dataclass(frozen=True)
class Prism:
    url: str
    log: Path  # everything Prism printed

    def log_size(self) -> int:
        return self.log.stat().st_size

    def log_since(self, offset: int) -> str:
        with self.log.open("rb") as text:
            text.seek(offset)
            return text.read().decode(errors="replace")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running(spec: Path, log: Path) -> Iterator[Prism]:
    """``prism mock -d`` (dynamic: random valid responses) for ``spec``; fails the test if it cannot start."""
    if not PRISM.exists():
        pytest.fail(f"Prism is not installed at {PRISM.relative_to(ROOT)}: run `npm ci` (bash scripts/test.sh does)")
    for _ in range(3):  # the free port may be taken between choosing it and Prism binding it
        port = _free_port()
        with log.open("ab") as out:
            process = subprocess.Popen(
                [str(PRISM), "mock", "-d", "-h", "127.0.0.1", "-p", str(port), str(spec)],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        try:
            url = f"http://127.0.0.1:{port}"
            if _wait_until_listening(process, url):
                yield Prism(url, log)
                return
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    pytest.fail(f"Prism did not start for {spec.name}; its output:\n{log.read_text()[-3000:]}")


def _wait_until_listening(process: subprocess.Popen[bytes], url: str) -> bool:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            httpx.get(url + "/__ready__", timeout=2.0)  # any answer (a 404) means it is serving
            return True
        except httpx.TransportError:
            time.sleep(0.1)
    return False
