"""Fixtures for the wire tests: a fault-injecting server, the Jobs test package, sync/async calls."""

from __future__ import annotations

import asyncio
import importlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ..conftest import generate_package
from .faultserver import FaultServer, running

JOBS_SPEC = Path(__file__).resolve().parent / "specs" / "jobs.yaml"


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with running() as fault_server:
        yield fault_server


@pytest.fixture(scope="session")
def jobs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """``jobs_client.jobs``, generated from tests/wire/specs/jobs.yaml for this session."""
    output = tmp_path_factory.mktemp("jobs")
    result = generate_package(JOBS_SPEC, output, "jobs_client")
    assert result.returncode == 0, result.stderr
    sys.path.insert(0, str(output))
    try:
        yield importlib.import_module("jobs_client.jobs")
    finally:
        sys.path.remove(str(output))
        for name in [m for m in sys.modules if m == "jobs_client" or m.startswith("jobs_client.")]:
            del sys.modules[name]


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@dataclass(frozen=True)
class Provider:
    """A generated provider module and how to build its clients for a test server."""

    module: Any
    client: str  # the sync client's class name; the async one is "Async" + it
    credentials: dict[str, str]

    @property
    def errors(self) -> Any:
        """The package the provider belongs to, which exports the error classes its clients raise."""
        return importlib.import_module(self.module.__name__.split(".")[0])

    def make(self, mode: str, base_url: str, **arguments: Any) -> Any:
        name = self.client if mode == "sync" else "Async" + self.client
        return getattr(self.module, name)(base_url=base_url, **{**self.credentials, **arguments})

    def call(self, mode: str, base_url: str, operation: str, *args: Any, client: dict[str, Any] | None = None, raw: bool = False, **kwargs: Any) -> Any:
        """Make a client, call ``operation`` once through it (``with_raw_response`` if ``raw``), close it."""
        return self.call_on(mode, self.make(mode, base_url, **(client or {})), operation, *args, raw=raw, **kwargs)

    @staticmethod
    def call_on(mode: str, client: Any, operation: str, *args: Any, raw: bool = False, **kwargs: Any) -> Any:
        """Call ``operation`` on ``client`` inside its ``with`` (or ``async with``) block."""
        if mode == "sync":
            with client:
                return getattr(client.with_raw_response if raw else client, operation)(*args, **kwargs)

        async def go() -> Any:
            async with client:
                return await getattr(client.with_raw_response if raw else client, operation)(*args, **kwargs)

        return asyncio.run(go())


@pytest.fixture(scope="session")
def noxus() -> Provider:
    return Provider(importlib.import_module("provider_clients.noxus"), "NoxusClient", {"api_key_header": "noxus-secret-key"})


@pytest.fixture(scope="session")
def algolia() -> Provider:
    module = importlib.import_module("provider_clients.algolia_ingestion")
    return Provider(module, "AlgoliaIngestionClient", {"app_id": "APPID", "api_key": "algolia-secret-key"})


@pytest.fixture(scope="session")
def jobs_provider(jobs: ModuleType) -> Provider:
    return Provider(jobs, "JobsClient", {"query_key": "jobs-secret-key"})
