"""A clock for one module of a generated package's runtime, on which time passes only when that
module sleeps: a test of a deadline, a backoff or a wait computed from a date gets exact numbers
on any machine, fast or slow, and waits for none of it. Requests still go over the loopback."""

from __future__ import annotations

import importlib
from types import ModuleType, SimpleNamespace

import pytest


class VirtualClock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now  # a whole second, so an HTTP date (whole seconds) is exact
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def install(self, monkeypatch: pytest.MonkeyPatch, package: str, module: str) -> VirtualClock:
        """Make this the clock of ``package._runtime.<module>`` (its ``time`` and ``anyio``) for the test."""
        runtime: ModuleType = importlib.import_module(f"{package}._runtime.{module}")
        monkeypatch.setattr(runtime, "time", SimpleNamespace(monotonic=self.monotonic, time=self.time, sleep=self.sleep))
        if hasattr(runtime, "anyio"):
            monkeypatch.setattr(runtime, "anyio", SimpleNamespace(sleep=self.async_sleep))
        return self
