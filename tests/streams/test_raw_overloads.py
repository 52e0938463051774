"""``with_raw_response`` and ``with_streaming_response`` on a method with the ``stream`` flag
overloads (a body taken as keyword arguments, ``--resources tags``), called with ``stream=True`` as
a user would: on the client and in a resource group, sync and async, on both HTTP libraries,
against the loopback server that sends one piece at a time.

``client.with_raw_response.<method>(..., stream=True)`` gives a :class:`RawResponse`: the status and
headers of the response, and in ``.parsed`` the typed stream, read as it arrives.
``client.with_streaming_response.<method>(..., stream=True)`` is a context manager giving the
events unread (``iter_lines``, ``iter_bytes``, ``read``), their connection closed when it ends.
mypy --strict types both from the overloads and refuses a wrong use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import LLM_SPEC, Call, generate, tagged_spec
from .server import Gate, Script, StreamServer

EVENTS = [
    'data: {"type": "delta", "index": 0, "delta": "Hel"}',
    'data: {"type": "delta", "index": 1, "delta": "lo"}',
    'data: {"type": "done", "finish_reason": "stop"}',
    "data: [DONE]",
]
SSE = {"Content-Type": "text/event-stream", "X-Request-Id": "req-1"}
ASKED = {"model": "m", "prompt": "p", "stream": True}  # the body a stream=True call sends


def sse(*events: str) -> list[bytes]:
    return [f"{event}\n\n".encode() for event in events]


def test_with_raw_response_and_stream_true_gives_the_response_and_its_typed_stream(call: Call, server: StreamServer) -> None:
    models = call.package.streams.models
    gate = Gate()
    first, *rest = sse(*EVENTS)
    server.script(Script([first, gate, *rest], headers=SSE))
    arrived: list[tuple[Any, int]] = []  # each item, and how many pieces the server had sent

    def take(item: Any) -> None:
        arrived.append((item, len(server.sent)))
        gate.open()  # the rest is sent only once the first item has arrived

    if call.mode == "sync":

        def use(client: Any) -> Any:
            raw = call.method(client.with_raw_response)(model="m", prompt="p", stream=True)
            assert isinstance(raw.parsed, call.package.Stream)
            for item in raw.parsed:
                take(item)
            return raw

    else:

        async def use(client: Any) -> Any:
            raw = await call.method(client.with_raw_response)(model="m", prompt="p", stream=True)
            assert isinstance(raw.parsed, call.package.AsyncStream)
            async for item in raw.parsed:
                take(item)
            return raw

    raw = call.run(use)
    assert isinstance(raw, call.package.RawResponse)
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == "req-1" and raw.headers["content-type"] == "text/event-stream"
    assert raw.http_response is raw.parsed.response
    items = [item for item, _ in arrived]
    assert [type(i) for i in items] == [models.DeltaEvent, models.DeltaEvent, models.DoneEvent]
    assert [i.delta for i in items[:2]] == ["Hel", "lo"] and items[2].finish_reason == "stop"
    assert arrived[0][1] == 1, "the first item waited for more than the first piece"
    assert not gate.waited_out
    assert raw.http_response.is_closed  # the stream's end closed it
    assert json.loads(server.seen[0].body) == ASKED
    assert server.seen[0].headers["accept"] == "text/event-stream"


def test_with_raw_response_and_stream_false_gives_the_model(call: Call, server: StreamServer) -> None:
    server.script(Script([b'{"id": "c1", "text": "Hello"}'], headers={"Content-Type": "application/json"}, chunked=False))

    def use(client: Any) -> Any:
        return call.method(client.with_raw_response)(model="m", prompt="p", stream=False)

    raw = call.run(use)
    assert raw.status_code == 200
    assert raw.parsed == call.package.streams.models.Completion(id="c1", text="Hello")
    assert server.seen[0].headers["accept"] == "application/json"
    assert json.loads(server.seen[0].body) == {"model": "m", "prompt": "p", "stream": False}


def test_stream_true_retries_and_raises_as_the_plain_call(call: Call, server: StreamServer) -> None:
    """The raw response is the final one (after a retry); a status error is raised, not wrapped,
    by with_raw_response and on entering with_streaming_response's block."""
    busy = Script([b'{"message": "busy"}'], status=503, headers={"Content-Type": "application/json", "Retry-After": "0"})
    refused = Script([b'{"message": "no such model"}'], status=400, headers={"Content-Type": "application/json"})
    retried = {"extra_headers": {"Idempotency-Key": "k1"}}  # a POST is sent again only with one
    server.script(busy, Script(sse(*EVENTS), headers=SSE))
    errors = call.package.BadRequestError
    if call.mode == "sync":

        def use(client: Any) -> tuple[Any, list[Any], int, list[Any]]:
            raw = call.method(client.with_raw_response)(model="m", prompt="p", stream=True, **retried)
            with raw.parsed as stream:
                items = list(stream)
            attempts = len(server.seen)
            server.script(refused)
            with pytest.raises(errors) as raw_error:
                call.method(client.with_raw_response)(model="m", prompt="p", stream=True)
            with pytest.raises(errors) as streaming_error, call.method(client.with_streaming_response)(model="m", prompt="p", stream=True):
                pass
            return raw, items, attempts, [raw_error.value, streaming_error.value]

    else:

        async def use(client: Any) -> tuple[Any, list[Any], int, list[Any]]:
            raw = await call.method(client.with_raw_response)(model="m", prompt="p", stream=True, **retried)
            async with raw.parsed as stream:
                items = [item async for item in stream]
            attempts = len(server.seen)
            server.script(refused)
            with pytest.raises(errors) as raw_error:
                await call.method(client.with_raw_response)(model="m", prompt="p", stream=True)
            with pytest.raises(errors) as streaming_error:
                async with call.method(client.with_streaming_response)(model="m", prompt="p", stream=True):
                    pass
            return raw, items, attempts, [raw_error.value, streaming_error.value]

    raw, items, attempts, raised = call.run(use)
    assert attempts == 2  # the 503, then the stream
    assert raw.status_code == 200 and raw.headers["x-request-id"] == "req-1"
    assert [i.type for i in items] == ["delta", "delta", "done"]
    assert [(e.status_code, e.body.message) for e in raised] == [(400, "no such model")] * 2
    assert [json.loads(seen.body) for seen in server.seen] == [ASKED, ASKED]


def test_with_streaming_response_and_stream_true_gives_the_events_unread_in_order(call: Call, server: StreamServer) -> None:
    server.script(Script(sse(*EVENTS), headers=SSE))
    if call.mode == "sync":

        def use(client: Any) -> tuple[int, str, list[str], Any]:
            with call.method(client.with_streaming_response)(model="m", prompt="p", stream=True) as response:
                lines = [line for line in response.iter_lines() if line]
            return response.status_code, response.headers["x-request-id"], lines, response

    else:

        async def use(client: Any) -> tuple[int, str, list[str], Any]:
            async with call.method(client.with_streaming_response)(model="m", prompt="p", stream=True) as response:
                lines = [line async for line in response.iter_lines() if line]
            return response.status_code, response.headers["x-request-id"], lines, response

    status, request_id, lines, response = call.run(use)
    assert (status, request_id, lines) == (200, "req-1", EVENTS)
    assert isinstance(response, call.package.StreamResponse if call.mode == "sync" else call.package.AsyncStreamResponse)
    assert json.loads(server.seen[0].body) == ASKED
    assert server.seen[0].headers["accept"] == "text/event-stream"


def test_with_streaming_response_and_stream_true_closes_the_connection_when_left_early(call: Call, server: StreamServer) -> None:
    """Leaving the block after the first event closes the connection while the server still has
    events to send: the server sees it end before the client itself is closed."""
    gate = Gate()
    first, *rest = sse(*EVENTS)
    server.script(Script([first, gate, *rest], headers=SSE))

    def after_the_block(response: Any) -> tuple[bool, bool]:
        gate.open()  # the server sends the rest to a closed connection, then finds it closed
        return response.http_response.is_closed, server.ended.acquire(timeout=5)

    if call.mode == "sync":

        def use(client: Any) -> tuple[str, bool, bool]:
            with call.method(client.with_streaming_response)(model="m", prompt="p", stream=True) as response:
                lines = response.iter_lines()  # kept: a dropped iterator may close the response itself
                line = next(lines)
            return (line, *after_the_block(response))

    else:

        async def use(client: Any) -> tuple[str, bool, bool]:
            async with call.method(client.with_streaming_response)(model="m", prompt="p", stream=True) as response:
                lines = response.iter_lines()
                line = await lines.__anext__()
            return (line, *after_the_block(response))

    line, closed, ended = call.run(use)
    assert line == EVENTS[0]
    assert closed, "the response is still open after its with block"
    assert ended, "the connection stayed open after the with block"
    assert not gate.waited_out


USAGE = '''
from __future__ import annotations

from flat.streams import AsyncStreamsClient, StreamsClient
from grouped.streams import AsyncStreamsClient as AsyncGroupedClient, StreamsClient as GroupedClient
from flat.streams.models import Completion


def sync_usage(client: StreamsClient, grouped: GroupedClient) -> None:
    raw = client.with_raw_response.create_chat_completion(model="m", prompt="p", stream=True)
    reveal_type(raw)
    for item in raw.parsed:
        reveal_type(item)
    reveal_type(client.with_raw_response.create_chat_completion(model="m", prompt="p").parsed)
    reveal_type(grouped.with_raw_response.chat.create_completion(model="m", prompt="p", stream=True).parsed)
    with client.with_streaming_response.create_chat_completion(model="m", prompt="p", stream=True) as response:
        reveal_type(response)
    with grouped.with_streaming_response.chat.create_completion(model="m", prompt="p", stream=True) as response:
        reveal_type(response)


async def async_usage(client: AsyncStreamsClient, grouped: AsyncGroupedClient) -> None:
    raw = await client.with_raw_response.create_chat_completion(model="m", prompt="p", stream=True)
    reveal_type(raw.parsed)
    async for item in raw.parsed:
        reveal_type(item)
    reveal_type((await grouped.with_raw_response.chat.create_completion(model="m", prompt="p", stream=True)).parsed)
    async with grouped.with_streaming_response.chat.create_completion(model="m", prompt="p", stream=True) as response:
        reveal_type(response)


def wrong(client: StreamsClient, grouped: AsyncGroupedClient) -> None:
    completion: Completion = client.with_raw_response.create_chat_completion(model="m", prompt="p", stream=True).parsed  # E1
    client.with_raw_response.create_chat_completion(model="m", prompt="p", stream=False).parsed.close()  # E2
    client.with_raw_response.create_chat_completion(model="m", prompt="p", stream="yes")  # E3
    with grouped.with_streaming_response.chat.create_completion(model="m", prompt="p", stream=True):  # E4
        pass
'''


def test_mypy_strict_types_raw_and_streaming_responses_of_the_stream_flag(tmp_path: Path) -> None:
    generate(LLM_SPEC, tmp_path / "flat", "flat", "httpx2")  # one output folder a package
    (tmp_path / "spec").mkdir()
    generate(tagged_spec(tmp_path / "spec"), tmp_path / "grouped", "grouped", "httpx2")
    (tmp_path / "usage.py").write_text(USAGE, encoding="utf-8")
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--python-version", "3.10", "usage.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600, env={**os.environ, "MYPYPATH": os.pathsep.join(str(tmp_path / name) for name in ("flat", "grouped"))},
    )
    revealed = [line.split('Revealed type is "')[1].rstrip('"') for line in checked.stdout.splitlines() if "Revealed type" in line]
    event = "{0}.streams.models.DeltaEvent | {0}.streams.models.DoneEvent | {0}._runtime._unions.UnknownVariant"
    flat, grouped = event.format("flat"), event.format("grouped")
    assert revealed == [
        f"flat._runtime._raw.RawResponse[flat._runtime._streaming.Stream[{flat}]]",
        flat,
        "flat.streams.models.Completion",
        f"grouped._runtime._streaming.Stream[{grouped}]",
        f"flat._runtime._unread.StreamResponse[flat._runtime._streaming.Stream[{flat}]]",
        f"grouped._runtime._unread.StreamResponse[grouped._runtime._streaming.Stream[{grouped}]]",
        f"flat._runtime._streaming.AsyncStream[{flat}]",
        flat,
        f"grouped._runtime._streaming.AsyncStream[{grouped}]",
        f"grouped._runtime._unread.AsyncStreamResponse[grouped._runtime._streaming.AsyncStream[{grouped}]]",
    ], checked.stdout
    lines = USAGE.splitlines()
    errors = {lines[int(line.split(":")[1]) - 1].rsplit("# ", 1)[-1] for line in checked.stdout.splitlines() if ": error:" in line}
    assert errors == {"E1", "E2", "E3", "E4"}, checked.stdout
    assert checked.returncode == 1
