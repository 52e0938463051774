"""``parse()`` on ``with_streaming_response`` and ``with`` on ``with_raw_response``, called as a user
would on the overloaded chat-completion method (on the client and in a group), sync and async, on
both HTTP libraries, against the loopback server that sends one piece at a time.

``with client.with_streaming_response.<method>(...) as response: response.parse()`` (``await`` on
the async client) is what the plain method returns: the model, decoded from the body read then, or
the typed stream over the still-unread body. ``with client.with_raw_response.<method>(...) as raw``
(``async with``) closes the response when the block ends. mypy --strict types both from the
method and refuses wrong uses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ..conftest import GOLDEN
from .conftest import LLM_SPEC, Call, generate, tagged_spec
from .server import Gate, Script, StreamServer

EVENTS = [
    'data: {"type": "delta", "index": 0, "delta": "Hel"}',
    'data: {"type": "delta", "index": 1, "delta": "lo"}',
    'data: {"type": "done", "finish_reason": "stop"}',
    "data: [DONE]",
]
SSE = {"Content-Type": "text/event-stream"}
JSON = {"Content-Type": "application/json", "X-Request-Id": "req-2"}


def sse(*events: str) -> list[bytes]:
    return [f"{event}\n\n".encode() for event in events]


def gated_events(server: StreamServer) -> Gate:
    """The events, the server waiting after the first until the gate opens."""
    gate = Gate()
    first, *rest = sse(*EVENTS)
    server.script(Script([first, gate, *rest], headers=SSE))
    return gate


def after_the_block(server: StreamServer, gate: Gate, response: Any) -> tuple[bool, bool]:
    """Right after a with block, before the client is closed: whether the response is closed, and
    whether the server saw the connection end (it sends the rest of its events, then finds it closed)."""
    closed = response.http_response.is_closed
    gate.open()
    return closed, server.ended.acquire(timeout=5)


def test_parse_of_stream_true_gives_the_typed_stream_as_it_arrives(call: Call, server: StreamServer) -> None:
    models = call.package.streams.models
    gate = gated_events(server)
    arrived: list[tuple[Any, int]] = []  # each item, and how many pieces the server had sent

    def take(item: Any) -> None:
        arrived.append((item, len(server.sent)))
        gate.open()  # the rest is sent only once the first item has arrived

    if call.mode == "sync":

        def use(client: Any) -> tuple[Any, Any, bool]:
            with call.method(client.with_streaming_response)(model="m", prompt="p", stream=True) as response:
                stream = response.parse()
                assert isinstance(stream, call.package.Stream) and response.parse() is stream
                for item in stream:
                    take(item)
            return response, stream, stream.response is response.http_response

    else:

        async def use(client: Any) -> tuple[Any, Any, bool]:
            async with call.method(client.with_streaming_response)(model="m", prompt="p", stream=True) as response:
                stream = await response.parse()
                assert isinstance(stream, call.package.AsyncStream) and await response.parse() is stream
                async for item in stream:
                    take(item)
            return response, stream, stream.response is response.http_response

    response, stream, same = call.run(use)
    items = [item for item, _ in arrived]
    assert [type(i) for i in items] == [models.DeltaEvent, models.DeltaEvent, models.DoneEvent]
    assert [i.delta for i in items[:2]] == ["Hel", "lo"] and items[2].finish_reason == "stop"
    assert arrived[0][1] == 1, "the first item waited for more than the first piece"
    assert not gate.waited_out and same and stream.delivered == 3
    assert response.http_response.is_closed
    assert len(server.seen) == 1 and server.seen[0].headers["accept"] == "text/event-stream"


def test_parse_of_stream_false_reads_the_body_then_and_gives_the_model(call: Call, server: StreamServer) -> None:
    """Entering the block does not wait for the body: the server holds its second half until the
    test opens the gate, after the block has begun; parse() reads it and decodes the model."""
    gate = Gate()
    server.script(Script([b'{"id": "c1", ', gate, b'"text": "Hello"}'], headers=JSON))

    if call.mode == "sync":

        def use(client: Any) -> tuple[Any, Any, int]:
            with call.method(client.with_streaming_response)(model="m", prompt="p", stream=False) as response:
                sent_on_entering = len(server.sent)
                gate.open()
                completion = response.parse()
                assert response.parse() is completion
            return response, completion, sent_on_entering

    else:

        async def use(client: Any) -> tuple[Any, Any, int]:
            async with call.method(client.with_streaming_response)(model="m", prompt="p") as response:
                sent_on_entering = len(server.sent)
                gate.open()
                completion = await response.parse()
                assert await response.parse() is completion
            return response, completion, sent_on_entering

    response, completion, sent_on_entering = call.run(use)
    assert sent_on_entering <= 1, "entering the block waited for the body"
    assert completion == call.package.streams.models.Completion(id="c1", text="Hello")
    assert (response.status_code, response.headers["x-request-id"]) == (200, "req-2")
    assert response.http_response.is_closed and not gate.waited_out
    assert len(server.seen) == 1 and server.seen[0].headers["accept"] == "application/json"


def test_parse_of_a_body_that_does_not_match_raises_response_validation_error(call: Call, server: StreamServer) -> None:
    server.script(Script([b'{"id": 1}'], headers=JSON, chunked=False))
    error = call.package.ResponseValidationError
    if call.mode == "sync":

        def use(client: Any) -> Any:
            with pytest.raises(error) as raised, call.method(client.with_streaming_response)(model="m", prompt="p") as response:
                response.parse()
            return raised.value

    else:

        async def use(client: Any) -> Any:
            with pytest.raises(error) as raised:
                async with call.method(client.with_streaming_response)(model="m", prompt="p") as response:
                    await response.parse()
            return raised.value

    assert "does not match the spec" in call.run(use).message


def test_leaving_the_block_early_closes_the_parsed_stream_and_the_connection(call: Call, server: StreamServer) -> None:
    """After the first item, the block is left while the server still has events to send: the
    server sees the connection end before the client is closed, and the stream gives no more."""
    gate = gated_events(server)
    if call.mode == "sync":

        def use(client: Any) -> tuple[Any, tuple[bool, bool], list[Any]]:
            with call.method(client.with_streaming_response)(model="m", prompt="p", stream=True) as response:
                stream = response.parse()
                first = next(stream)
            return first, after_the_block(server, gate, response), list(stream)

    else:

        async def use(client: Any) -> tuple[Any, tuple[bool, bool], list[Any]]:
            async with call.method(client.with_streaming_response)(model="m", prompt="p", stream=True) as response:
                stream = await response.parse()
                first = await stream.__anext__()
            return first, after_the_block(server, gate, response), [item async for item in stream]

    first, (closed, ended), after = call.run(use)
    assert first.delta == "Hel" and after == []
    assert closed, "the response is still open after its with block"
    assert ended, "the connection stayed open after the with block"
    assert not gate.waited_out


def test_with_on_a_raw_response_closes_it_when_left_early(call: Call, server: StreamServer) -> None:
    """``with client.with_raw_response.<method>(..., stream=True) as raw`` (``async with``), left by
    an exception after the first item: the response is closed and the connection ends."""
    gate = gated_events(server)

    class Leave(Exception):
        pass

    if call.mode == "sync":

        def use(client: Any) -> tuple[Any, tuple[bool, bool]]:
            with pytest.raises(Leave), call.method(client.with_raw_response)(model="m", prompt="p", stream=True) as raw:
                first = next(raw.parsed)
                raise Leave
            return first, after_the_block(server, gate, raw)

    else:

        async def use(client: Any) -> tuple[Any, tuple[bool, bool]]:
            raw = await call.method(client.with_raw_response)(model="m", prompt="p", stream=True)
            assert isinstance(raw, call.package.AsyncRawResponse) and isinstance(raw, call.package.RawResponse)
            with pytest.raises(TypeError, match="async with"), raw:  # the sync block, on an async response
                pass
            with pytest.raises(Leave):
                async with raw as entered:
                    assert entered is raw
                    first = await raw.parsed.__anext__()
                    raise Leave
            return first, after_the_block(server, gate, raw)

    first, (closed, ended) = call.run(use)
    assert first.delta == "Hel"
    assert closed, "the raw response is still open after its with block"
    assert ended, "the connection stayed open after the with block"
    assert not gate.waited_out


def test_with_on_a_raw_json_response_keeps_its_model(call: Call, server: StreamServer) -> None:
    server.script(Script([b'{"id": "c1", "text": "Hello"}'], headers=JSON, chunked=False))
    if call.mode == "sync":

        def use(client: Any) -> Any:
            with call.method(client.with_raw_response)(model="m", prompt="p") as raw:
                return raw

    else:

        async def use(client: Any) -> Any:
            async with await call.method(client.with_raw_response)(model="m", prompt="p") as raw:
                return raw

    raw = call.run(use)
    assert raw.parsed == call.package.streams.models.Completion(id="c1", text="Hello")
    assert raw.http_response.is_closed


USAGE = '''
from __future__ import annotations

from flat.streams import AsyncStreamsClient, StreamsClient
from flat.streams.models import Completion
from grouped.streams import AsyncStreamsClient as AsyncGroupedClient, StreamsClient as GroupedClient
from pagination_client.pagination import AsyncPaginationClient, PaginationClient


def sync_usage(client: StreamsClient, grouped: GroupedClient, paged: PaginationClient, flag: bool) -> None:
    with client.with_streaming_response.create_chat_completion(model="m", prompt="p", stream=True) as response:
        reveal_type(response.parse())
    with client.with_streaming_response.create_chat_completion(model="m", prompt="p", stream=False) as response:
        reveal_type(response.parse())
    with client.with_streaming_response.create_chat_completion(model="m", prompt="p") as response:
        reveal_type(response.parse())
    with client.with_streaming_response.create_chat_completion(model="m", prompt="p", stream=flag) as response:
        reveal_type(response.parse())
    with grouped.with_streaming_response.chat.create_completion(model="m", prompt="p", stream=True) as response:
        reveal_type(response.parse())
    with client.with_streaming_response.stream_run_logs("r1") as response:
        reveal_type(response.parse())
    with paged.with_streaming_response.list_widgets() as response:
        reveal_type(response.parse())
    with client.with_raw_response.create_chat_completion(model="m", prompt="p", stream=True) as raw:
        reveal_type(raw)


async def async_usage(client: AsyncStreamsClient, grouped: AsyncGroupedClient, paged: AsyncPaginationClient) -> None:
    async with client.with_streaming_response.create_chat_completion(model="m", prompt="p", stream=True) as response:
        reveal_type(await response.parse())
    async with grouped.with_streaming_response.chat.create_completion(model="m", prompt="p") as response:
        reveal_type(await response.parse())
    async with paged.with_streaming_response.list_widgets() as response:
        reveal_type(await response.parse())
    async with await grouped.with_raw_response.chat.create_completion(model="m", prompt="p", stream=True) as raw:
        reveal_type(raw)


async def wrong(client: StreamsClient, aclient: AsyncStreamsClient) -> None:
    with client.with_streaming_response.create_chat_completion(model="m", prompt="p", stream=True) as response:
        completion: Completion = response.parse()  # E1
        await response.parse()  # E2
    async with aclient.with_streaming_response.create_chat_completion(model="m", prompt="p") as aresponse:
        model: Completion = aresponse.parse()  # E3
    async with client.with_raw_response.create_chat_completion(model="m", prompt="p", stream=True):  # E4
        pass
'''


def test_mypy_strict_types_parse_and_with_from_the_method(tmp_path: Path) -> None:
    generate(LLM_SPEC, tmp_path / "flat", "flat", "httpx2")  # one output folder a package
    (tmp_path / "spec").mkdir()
    generate(tagged_spec(tmp_path / "spec"), tmp_path / "grouped", "grouped", "httpx2")
    (tmp_path / "usage.py").write_text(USAGE, encoding="utf-8")
    folders = [tmp_path / "flat", tmp_path / "grouped", GOLDEN / "pagination"]
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--python-version", "3.10", "usage.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600, env={**os.environ, "MYPYPATH": os.pathsep.join(map(str, folders))},
    )
    revealed = [line.split('Revealed type is "')[1].rstrip('"') for line in checked.stdout.splitlines() if "Revealed type" in line]
    event = "{0}.streams.models.DeltaEvent | {0}.streams.models.DoneEvent | {0}._runtime._unions.UnknownVariant"
    flat, grouped = event.format("flat"), event.format("grouped")
    page = "pagination_client._runtime._pagination.{}[pagination_client.pagination.models.Widget, pagination_client.pagination.models.ListWidgetsResponse]"
    assert revealed == [
        f"flat._runtime._streaming.Stream[{flat}]",
        "flat.streams.models.Completion",
        "flat.streams.models.Completion",
        f"flat.streams.models.Completion | flat._runtime._streaming.Stream[{flat}]",
        f"grouped._runtime._streaming.Stream[{grouped}]",
        "flat._runtime._streaming.Stream[flat.streams.models.LogEvent]",
        page.format("Page"),
        f"flat._runtime._raw.RawResponse[flat._runtime._streaming.Stream[{flat}]]",
        f"flat._runtime._streaming.AsyncStream[{flat}]",
        "grouped.streams.models.Completion",
        page.format("AsyncPage"),
        f"grouped._runtime._raw.AsyncRawResponse[grouped._runtime._streaming.AsyncStream[{grouped}]]",
    ], checked.stdout
    lines = USAGE.splitlines()
    errors = {lines[int(line.split(":")[1]) - 1].rsplit("# ", 1)[-1] for line in checked.stdout.splitlines() if ": error:" in line}
    assert errors == {"E1", "E2", "E3", "E4"}, checked.stdout
    assert checked.returncode == 1
