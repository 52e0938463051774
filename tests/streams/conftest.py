"""Fixtures for the stream tests: a client package generated from tests/fixtures/specs/streams.yaml
(an API in the style of public LLM APIs) for each HTTP library (as the wire tests run both), a
streaming loopback server, and sync/async calls."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ..conftest import FIXTURES, HTTP_LIBRARIES, clientgen, generate_package, imported
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


# --- the overloaded method (stream=True/False) on the client and in a group: with_raw_response,
# with_streaming_response (test_raw_overloads.py, test_parse.py) ---


def generate(spec: Path, output: Path, package: str, http: str) -> None:
    result = clientgen(
        "generate", "--spec", spec, "--output", output, "--package", package,
        "--http", http, "--resources", "tags", "--no-cache",
    )
    assert result.returncode == 0, result.stderr


def tagged_spec(folder: Path) -> Path:
    """The LLM spec with createChatCompletion tagged ``chat``: ``client.chat.create_completion``."""
    spec = folder / LLM_SPEC.name
    text = LLM_SPEC.read_text(encoding="utf-8")
    spec.write_text(text.replace("operationId: createChatCompletion", "operationId: createChatCompletion\n      tags: [chat]"), encoding="utf-8")
    return spec


@pytest.fixture(scope="session")
def packages(http: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, ModuleType]]:
    """The package with the method on the client ("client") and in the group ``chat`` ("group")."""
    output = tmp_path_factory.mktemp(f"raw_overloads_{http}")
    (output / "spec").mkdir()
    names = {"client": f"llm_kw_{http}", "group": f"llm_kw_grouped_{http}"}
    generate(LLM_SPEC, output / "client", names["client"], http)
    generate(tagged_spec(output / "spec"), output / "group", names["group"], http)
    with ExitStack() as stack:
        made = {where: stack.enter_context(imported(output / where, name)) for where, name in names.items()}
        for package in made.values():
            importlib.import_module(f"{package.__name__}.streams")
        yield made


@dataclass(frozen=True)
class Call:
    """The overloaded method on the client or in its group, sync or async, against the server."""

    package: ModuleType
    where: str
    mode: str
    base_url: str

    def run(self, use: Callable[[Any], Any]) -> Any:
        """``use(client)`` inside the client's with block (for async, ``use`` is a coroutine function)."""
        name = "StreamsClient" if self.mode == "sync" else "AsyncStreamsClient"
        client = getattr(self.package.streams, name)(base_url=self.base_url, bearer="secret-token")
        if self.mode == "sync":
            with client:
                return use(client)

        async def go() -> Any:
            async with client:
                return await use(client)

        return asyncio.run(go())

    def method(self, wrapper: Any) -> Any:
        """The overloaded method on ``client.with_raw_response`` or ``client.with_streaming_response``."""
        if self.where == "group":
            return wrapper.chat.create_completion
        return wrapper.create_chat_completion


@pytest.fixture(params=["client", "group"])
def call(request: pytest.FixtureRequest, packages: dict[str, ModuleType], server: StreamServer, mode: str) -> Call:
    return Call(packages[request.param], request.param, mode, server.url)
