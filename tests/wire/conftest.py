"""Fixtures for the wire tests: a fault-injecting server, the provider and Jobs packages, sync/async calls.

Every test that takes a provider runs once per HTTP library (``http``, session-scoped): on
httpx2, the committed generated/ package; on httpx, the same specs generated with ``--http httpx``
as ``provider_clients_httpx``. Tests reach errors, models and the library through the
:class:`Provider` (``.errors``, ``.models``, ``.http``), never by importing one package.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ..conftest import HTTP_LIBRARIES, generate_package, imported
from .faultserver import FaultServer, running

JOBS_SPEC = Path(__file__).resolve().parent / "specs" / "jobs.yaml"


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with running() as fault_server:
        yield fault_server


@pytest.fixture(scope="session", params=HTTP_LIBRARIES)
def http(request: pytest.FixtureRequest) -> str:
    """The HTTP library the clients under test are generated for."""
    return str(request.param)


@pytest.fixture(scope="session")
def jobs(http: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """``jobs_client_HTTP.jobs``, generated from tests/wire/specs/jobs.yaml for this session."""
    output = tmp_path_factory.mktemp(f"jobs_{http}")
    result = generate_package(JOBS_SPEC, output, f"jobs_client_{http}", http=http)
    assert result.returncode == 0, result.stderr
    with imported(output, f"jobs_client_{http}.jobs") as module:
        yield module


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
        return importlib.import_module(self.package)

    @property
    def package(self) -> str:
        """The package's import name, which is also its logger's name."""
        return str(self.module.__name__.split(".")[0])

    @property
    def models(self) -> Any:
        return importlib.import_module(self.module.__name__ + ".models")

    @property
    def http(self) -> Any:
        """The HTTP library the package was generated for (the module ``httpx2`` or ``httpx``)."""
        return importlib.import_module(self.package + "._runtime._http").httpx

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


@pytest.fixture
def noxus(providers: ModuleType) -> Provider:
    module = importlib.import_module(f"{providers.__name__}.noxus")
    return Provider(module, "NoxusClient", {"api_key_header": "noxus-secret-key"})


@pytest.fixture
def algolia(providers: ModuleType) -> Provider:
    module = importlib.import_module(f"{providers.__name__}.algolia_ingestion")
    return Provider(module, "AlgoliaIngestionClient", {"app_id": "APPID", "api_key": "algolia-secret-key"})


@pytest.fixture(scope="session")
def jobs_provider(jobs: ModuleType) -> Provider:
    return Provider(jobs, "JobsClient", {"query_key": "jobs-secret-key"})
