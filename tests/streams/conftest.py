"""Fixtures for the stream tests: a client package generated from tests/fixtures/specs/streams.yaml
(an API in the style of public LLM APIs) for each HTTP library (as the wire tests run both), a
streaming loopback server, and sync/async calls."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pytest

from ..conftest import FIXTURES, HTTP_LIBRARIES, generate_package, imported
from .server import StreamServer, streaming

LLM_SPEC = FIXTURES / "specs" / "streams.yaml"


@pytest.fixture(scope="session", params=HTTP_LIBRARIES)
def http(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def llm_package(http: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    output = tmp_path_factory.mktemp(f"llm_{http}")
    result = generate_package(LLM_SPEC, output, f"llm_client_{http}", http=http)
    assert result.returncode == 0, result.stderr
    with imported(output, f"llm_client_{http}") as package:
        importlib.import_module(f"llm_client_{http}.streams")
        yield package


@pytest.fixture
def server() -> Iterator[StreamServer]:
    with streaming() as stream_server:
        yield stream_server


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@dataclass(frozen=True)
class Api:
    """The generated package and how to call it, sync or async, against the test server."""

    package: ModuleType
    base_url: str
    mode: str

    @property
    def models(self) -> Any:
        return self.package.streams.models

    def client(self, **arguments: Any) -> Any:
        name = "StreamsClient" if self.mode == "sync" else "AsyncStreamsClient"
        return getattr(self.package.streams, name)(base_url=self.base_url, bearer="secret-token", **arguments)

    def run(self, use: Callable[[Any], Any], **arguments: Any) -> Any:
        """``use(client)``, inside the client's with block; for async, ``use`` is a coroutine function."""
        if self.mode == "sync":
            with self.client(**arguments) as client:
                return use(client)

        async def go() -> Any:
            async with self.client(**arguments) as client:
                return await use(client)

        return asyncio.run(go())

    def items(self, operation: str, *args: Any, on_item: Callable[[Any], None] | None = None, **kwargs: Any) -> list[Any]:
        """Every item of the stream ``operation`` returns (``on_item`` sees each as it arrives)."""
        seen: list[Any] = []

        def take(item: Any) -> None:
            seen.append(item)
            if on_item is not None:
                on_item(item)

        if self.mode == "sync":

            def use(client: Any) -> list[Any]:
                with getattr(client, operation)(*args, **kwargs) as stream:
                    for item in stream:
                        take(item)
                return seen

            return list(self.run(use))

        async def use_async(client: Any) -> list[Any]:
            stream = await getattr(client, operation)(*args, **kwargs)
            async with stream:
                async for item in stream:
                    take(item)
            return seen

        return list(self.run(use_async))

    def events(self, operation: str, *args: Any, **kwargs: Any) -> list[Any]:
        """The raw server-sent events of ``operation``'s stream, through ``iter_events()``."""
        if self.mode == "sync":
            return self.run(lambda client: list(getattr(client, operation)(*args, **kwargs).iter_events()))

        async def use(client: Any) -> list[Any]:
            stream = await getattr(client, operation)(*args, **kwargs)
            return [event async for event in stream.iter_events()]

        return list(self.run(use))


@pytest.fixture
def api(llm_package: ModuleType, server: StreamServer, mode: str) -> Api:
    return Api(llm_package, server.url, mode)
