"""Paged and streamed operations inside resource groups: the three result shapes and the raw and
unread responses work through ``client.files...`` as they do on the client itself, on both HTTP
libraries, sync and async, and the package passes mypy --strict."""

from __future__ import annotations

import asyncio
import importlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from .conftest import FIXTURES, HTTP_LIBRARIES, clientgen, imported

EXTRA_PATHS = """  /pages:
    get:
      operationId: listPages
      tags: [files]
      x-speakeasy-pagination:
        type: offsetLimit
        inputs:
          - {name: offset, in: parameters, type: offset}
          - {name: limit, in: parameters, type: limit}
        outputs:
          results: $.data
      parameters:
        - {name: offset, in: query, schema: {type: integer}}
        - {name: limit, in: query, schema: {type: integer}}
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/ThingPage'}}}}}
  /events:
    get:
      operationId: streamEvents
      tags: [files]
      responses: {'200': {description: ok, content: {text/event-stream: {schema: {$ref: '#/components/schemas/Thing'}}}}}
"""
EXTRA_SCHEMA = """    ThingPage:
      type: object
      properties:
        data: {type: array, items: {$ref: '#/components/schemas/Thing'}}
"""
THINGS = 5  # the server's items, two a page


@pytest.fixture(scope="module", params=HTTP_LIBRARIES)
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ModuleType, Path, str]]:
    http = str(request.param)
    folder = tmp_path_factory.mktemp(f"shapes_{http}")
    text = (FIXTURES / "resources" / "big.yaml").read_text()
    text = text.replace("paths:\n", "paths:\n" + EXTRA_PATHS, 1).replace("  schemas:\n", "  schemas:\n" + EXTRA_SCHEMA, 1)
    (folder / "big.yaml").write_text(text)
    package = f"shapes_client_{http}"
    result = clientgen("generate", "--spec", folder / "big.yaml", "--output", folder / "out", "--package", package, "--http", http)
    assert result.returncode == 0, result.stderr
    with imported(folder / "out", f"{package}.big") as module:
        yield module, folder / "out", http


def _transport(http: str) -> Any:
    library = importlib.import_module(http)

    def answer(request: Any) -> Any:
        if request.url.path == "/pages":
            offset = int(request.url.params.get("offset", "0"))
            data = [{"name": f"t{i}"} for i in range(offset, min(offset + 2, THINGS))]
            return library.Response(200, json={"data": data})
        if request.url.path == "/events":
            body = b'data: {"name": "a"}\n\ndata: {"name": "b"}\n\n'
            return library.Response(200, headers={"content-type": "text/event-stream"}, content=body)
        return library.Response(200, json={"name": request.url.path})

    return library, library.MockTransport(answer)


def test_a_grouped_paged_method_pages_and_a_grouped_stream_streams(generated: tuple[ModuleType, Path, str]) -> None:
    big, _, http = generated
    library, transport = _transport(http)
    client = big.BigClient(base_url="https://big.example.test", http_client=library.Client(transport=transport))
    assert [thing.name for thing in client.files.list_pages(limit=2)] == [f"t{i}" for i in range(THINGS)]
    with client.files.stream_events() as stream:
        assert [event.name for event in stream] == ["a", "b"]
    with client.with_streaming_response.files.list() as response:
        assert response.read() == b'{"name":"/files"}'
    assert client.with_raw_response.files.list().parsed.name == "/files"

    async def main() -> tuple[list[str], list[str]]:
        async_client = big.AsyncBigClient(base_url="https://big.example.test", http_client=library.AsyncClient(transport=transport))
        names = [thing.name async for thing in async_client.files.list_pages(limit=2)]
        stream = await async_client.files.stream_events()
        async with stream:
            events = [event.name async for event in stream]
        return names, events

    assert asyncio.run(main()) == ([f"t{i}" for i in range(THINGS)], ["a", "b"])


def test_grouped_shapes_pass_mypy_strict(generated: tuple[ModuleType, Path, str]) -> None:
    _, output, http = generated
    if http != HTTP_LIBRARIES[0]:
        pytest.skip("the same code on every HTTP library")
    package = f"shapes_client_{http}"
    (output / "usage.py").write_text(
        f"from {package}.big import BigClient\n\n"
        "client = BigClient()\n"
        "names: list[str] = [thing.name for thing in client.files.list_pages()]\n"
        "with client.files.stream_events() as stream:\n"
        "    first: str = next(iter(stream)).name\n"
        "count: int = client.files.list_pages().items[0].name\n"
    )
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", package, "usage.py"]
    result = subprocess.run(command, cwd=output, capture_output=True, text=True, timeout=600)
    assert 'usage.py:7: error: Incompatible types in assignment (expression has type "str", variable has type "int")' in result.stdout
    assert "Found 1 error in 1 file" in result.stdout, result.stdout
