"""Where the request body is keyword arguments (``--resources tags``), the plain method of an
operation that also streams has openai-python's overloads: ``stream=True`` returns the
``_stream`` sibling's ``Stream[Item]`` (``AsyncStream`` async) and asks for it as the sibling does,
``stream=False`` (or no ``stream``) the JSON model, a ``bool`` either."""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from ..conftest import clientgen, imported
from .conftest import LLM_SPEC

PACKAGE = "llm_overloads"
EVENTS = (
    b'data: {"type": "delta", "index": 0, "delta": "Hel"}\n\n'
    b'data: {"type": "done", "finish_reason": "stop"}\n\n'
    b"data: [DONE]\n\n"
)


def generate(output: Path, spec: Path = LLM_SPEC, package: str = PACKAGE) -> None:
    result = clientgen(
        "generate", "--spec", spec, "--output", output, "--package", package,
        "--http", "httpx", "--resources", "tags", "--no-cache",
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    output = tmp_path_factory.mktemp("overloads")
    generate(output)
    with imported(output, PACKAGE):
        yield importlib.import_module(f"{PACKAGE}.streams")


def answer(request: httpx.Request) -> httpx.Response:
    """The completion as JSON, or its events when the request asks for them."""
    if request.headers["accept"].startswith("text/event-stream"):
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=EVENTS)
    return httpx.Response(200, json={"id": "c1", "text": "Hello"})


@pytest.mark.parametrize("is_async", [False, True])
def test_the_stream_flag_chooses_the_stream_or_the_model(package: ModuleType, is_async: bool) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return answer(request)

    models = package.models
    runtime = sys.modules[PACKAGE]

    async def call_async(stream: Any) -> tuple[Any, list[Any]]:
        transport = httpx.MockTransport(handler)
        async with httpx.AsyncClient(transport=transport) as http:
            client = package.AsyncStreamsClient(bearer="t", base_url="https://x.test", http_client=http)
            result = await client.create_chat_completion(model="m", prompt="p", stream=stream)
            items = [item async for item in result] if isinstance(result, runtime.AsyncStream) else []
            return result, items

    def call(stream: Any) -> tuple[Any, list[Any]]:
        if is_async:
            return asyncio.run(call_async(stream))
        with httpx.Client(transport=httpx.MockTransport(handler)) as http:
            client = package.StreamsClient(bearer="t", base_url="https://x.test", http_client=http)
            result = client.create_chat_completion(model="m", prompt="p", stream=stream)
            items = list(result) if isinstance(result, runtime.Stream) else []
            return result, items

    streamed, items = call(True)
    assert isinstance(streamed, runtime.AsyncStream if is_async else runtime.Stream)
    assert [type(i) for i in items] == [models.DeltaEvent, models.DoneEvent]
    assert items[0].delta == "Hel" and items[1].finish_reason == "stop"
    assert sent[-1].headers["accept"].startswith("text/event-stream")
    assert json.loads(sent[-1].content) == {"model": "m", "prompt": "p", "stream": True}

    for flag in (False, runtime.NOT_GIVEN):
        plain, _ = call(flag)
        assert plain == models.Completion(id="c1", text="Hello")
        assert not sent[-1].headers["accept"].startswith("text/event-stream")
        assert json.loads(sent[-1].content).get("stream") in (False, None)


USAGE = f'''
from __future__ import annotations

from {PACKAGE}.streams import AsyncStreamsClient, StreamsClient
from tagged.streams import StreamsClient as GroupedClient


def sync_usage(client: StreamsClient, flag: bool) -> None:
    reveal_type(client.create_chat_completion(model="m", prompt="p", stream=True))
    reveal_type(client.create_chat_completion(model="m", prompt="p", stream=False))
    reveal_type(client.create_chat_completion(model="m", prompt="p"))
    reveal_type(client.create_chat_completion(model="m", prompt="p", stream=flag))


async def async_usage(client: AsyncStreamsClient) -> None:
    reveal_type(await client.create_chat_completion(model="m", prompt="p", stream=True))
    reveal_type(await client.create_chat_completion(model="m", prompt="p", stream=False))


def grouped_usage(client: GroupedClient) -> None:
    reveal_type(client.chat.create_completion(model="m", prompt="p", stream=True))
    reveal_type(client.chat.create_completion(model="m", prompt="p", stream=False))
'''


def test_mypy_strict_types_the_stream_flag_overloads(tmp_path: Path) -> None:
    generate(tmp_path)
    # the operation in a resource, client.chat.create_completion (resource.py's methods)
    tagged = tmp_path / "spec" / LLM_SPEC.name
    tagged.parent.mkdir()
    text = LLM_SPEC.read_text(encoding="utf-8")
    tagged.write_text(text.replace("operationId: createChatCompletion", "operationId: createChatCompletion\n      tags: [chat]"), encoding="utf-8")
    generate(tmp_path / "grouped", tagged, "tagged")
    (tmp_path / "usage.py").write_text(USAGE, encoding="utf-8")
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--python-version", "3.10", "usage.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
        env={**os.environ, "MYPYPATH": str(tmp_path / "grouped")},
    )
    revealed = [line.split('Revealed type is "')[1].rstrip('"') for line in checked.stdout.splitlines() if "Revealed type" in line]
    models = f"{PACKAGE}.streams.models"
    event = f"{models}.DeltaEvent | {models}.DoneEvent | {PACKAGE}._runtime._unions.UnknownVariant"  # StreamEvent
    stream = f"{PACKAGE}._runtime._streaming.Stream[{event}]"
    completion = f"{models}.Completion"
    assert revealed[:4] == [stream, completion, completion, f"{completion} | {stream}"], checked.stdout
    assert revealed[4:6] == [stream.replace("Stream[", "AsyncStream["), completion], checked.stdout
    assert revealed[6:] == [item.replace(PACKAGE, "tagged") for item in (stream, completion)], checked.stdout
    assert checked.returncode == 0 and "error:" not in checked.stdout, checked.stdout
