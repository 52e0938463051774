"""Streamed results through the generated client (tests/fixtures/specs/streams.yaml), sync and async, on both
HTTP libraries, against a loopback server that sends one piece at a time."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from .conftest import Api
from .server import DROP, Gate, Pause, Script, StreamServer

JSON = {"Content-Type": "application/json"}


def sse(*events: str) -> list[bytes]:
    return [f"{event}\n\n".encode() for event in events]


def log(seq: int, message: str = "line") -> str:
    return "data: " + json.dumps({"seq": seq, "message": message})


# --- streaming, not buffering --------------------------------------------------------------------


@pytest.mark.parametrize("operation", ["stream_run_logs", "export_records"])
def test_the_first_item_reaches_the_caller_before_the_server_sends_the_second(
    api: Api, server: StreamServer, operation: str
) -> None:
    gate = Gate()
    if operation == "stream_run_logs":
        first, second = sse(log(0)), sse(log(1), "data: [DONE]")
        headers = {"Content-Type": "text/event-stream"}
    else:
        first, second = [b'{"id": 0}\n'], [b'{"id": 1}\n']
        headers = {"Content-Type": "application/x-ndjson"}
    server.script(Script([*first, gate, *second], headers=headers))

    def on_item(item: Any) -> None:
        if not gate.opened.is_set():
            assert len(server.sent) == 1, "the second piece was sent before the first item arrived"
            gate.open()  # only now does the server send the second

    items = api.items(operation, "run-1", on_item=on_item)
    assert not gate.waited_out, "the client waited for more than the first piece"
    assert len(items) == 2
    assert server.seen[0].headers["accept"] == headers["Content-Type"]


def test_an_llm_style_stream_sibling_yields_the_typed_union_members(api: Api, server: StreamServer) -> None:
    """JSON and server-sent events on one 200 with a boolean ``stream`` in the body: the plain
    method returns the JSON model, ``<method>_stream`` sends stream: true and yields the events."""
    models = api.models
    events = [
        'data: {"type": "delta", "index": 0, "delta": "Hel"}',
        ': keep-alive',
        'data: {"type": "delta", "index": 1, "delta": "lo"}',
        'data: {"type": "done", "finish_reason": "stop"}',
        "data: [DONE]",
    ]
    server.script(Script(sse(*events)))
    body = models.CompletionRequest(model="m", prompt="hi")
    items = api.items("create_chat_completion_stream", body=body)
    assert [type(i) for i in items] == [models.DeltaEvent, models.DeltaEvent, models.DoneEvent]
    assert "".join(i.delta for i in items[:2]) == "Hello" and items[2].finish_reason == "stop"
    sent = server.seen[0]
    assert json.loads(sent.body) == {"model": "m", "prompt": "hi", "stream": True}
    assert sent.headers["accept"] == "text/event-stream"

    server.script(Script([json.dumps({"id": "c1", "text": "Hello"}).encode()], headers=JSON, chunked=False))
    completion = api.run(_call("create_chat_completion", body=body))
    assert isinstance(completion, models.Completion) and completion.text == "Hello"
    assert json.loads(server.seen[0].body) == {"model": "m", "prompt": "hi"}
    assert server.seen[0].headers["accept"] == "application/json"


def test_an_event_type_the_spec_does_not_list_is_kept(api: Api, server: StreamServer) -> None:
    server.script(Script(sse('data: {"type": "ping", "at": 1}', "data: [DONE]")))
    (item,) = api.items("create_chat_completion_stream", body=api.models.CompletionRequest(model="m", prompt="p"))
    assert type(item).__name__ == "UnknownVariant" and item.model_extra == {"type": "ping", "at": 1}


# --- server-sent events as the WHATWG standard reads them ------------------------------------------


@pytest.mark.parametrize(
    ("pieces", "expected"),
    [
        pytest.param([b"data: a\ndata: b\n\n"], ["a\nb"], id="data lines joined with \\n"),
        pytest.param([b": a comment\ndata: x\n:another\n\n"], ["x"], id="comments ignored"),
        pytest.param([b"foo: bar\ndata: x\nbaz\n\n"], ["x"], id="unknown fields ignored"),
        pytest.param([b"data: a\r\rdata: b\r\n\r\ndata: c\n\n"], ["a", "b", "c"], id="CR, CRLF and LF line ends"),
        pytest.param([b"data: a\r", b"\ndata: b\r\n\r\n"], ["a\nb"], id="CRLF split across chunks"),
        pytest.param([b"\xef\xbb\xbfdata: x\n\n"], ["x"], id="leading BOM dropped"),
        pytest.param([b"data: caf\xc3", b"\xa9\n\n"], ["caf\u00e9"], id="UTF-8 split across chunks"),
        pytest.param([b"data:x\n\ndata:  y\n\n"], ["x", " y"], id="one space after the colon dropped"),
        pytest.param([b"data\n\n", b"event: e\n\n"], [""], id="empty data dispatched; no data, no event"),
        pytest.param([b"data: a\n\ndata: b"], ["a"], id="an unterminated last event is dropped"),
        pytest.param([b"data: a\n\ndata: END\n\ndata: b\n\n"], ["a"], id="the spec's sentinel ends the stream"),
    ],
)
def test_server_sent_event_parsing(api: Api, server: StreamServer, pieces: list[bytes], expected: list[str]) -> None:
    server.script(Script(pieces))
    assert api.items("stream_ticks", "r") == expected
    assert [e.data for e in api.events("stream_ticks", "r")] == expected


def test_event_names_ids_and_retry_are_kept(api: Api, server: StreamServer) -> None:
    package = api.package
    pieces = [b"id: 7\nretry: 1500\nevent: tick\ndata: a\n\n", b"data: b\nretry: soon\nid: x\x00y\n\n", b"id: 8\ndata: c\n\n"]
    server.script(Script(pieces))
    events = api.events("stream_ticks", "r")
    assert events == [
        package.ServerSentEvent(event="tick", data="a", id="7", retry=1500),
        package.ServerSentEvent(event="message", data="b", id="7", retry=1500),  # carried over; bad ones ignored
        package.ServerSentEvent(event="message", data="c", id="8", retry=1500),
    ]


def test_done_ends_the_stream_without_waiting_for_the_server(api: Api, server: StreamServer) -> None:
    server.script(Script([*sse(log(0), "data: [DONE]", log(1)), Gate(timeout=3)]))
    started = time.monotonic()
    assert [i.seq for i in api.items("stream_run_logs", "r")] == [0]
    assert time.monotonic() - started < 2, "the stream waited for the server to end the body"


def test_an_error_event_raises_an_api_error_carrying_its_data(api: Api, server: StreamServer) -> None:
    errors = api.package
    server.script(Script(sse(log(0), 'event: error\ndata: {"message": "overloaded", "code": 529}', log(1))))
    delivered: list[Any] = []
    with pytest.raises(errors.APIStreamError) as raised:
        api.items("stream_run_logs", "r", on_item=delivered.append)
    assert isinstance(raised.value, errors.APIError)
    assert raised.value.data == {"message": "overloaded", "code": 529}
    assert raised.value.event.event == "error"
    assert "after 1 item" in str(raised.value) and len(delivered) == 1
    assert "secret-token" not in str(raised.value)


def test_a_malformed_event_raises_a_decode_error_naming_its_index(api: Api, server: StreamServer) -> None:
    errors = api.package
    server.script(Script(sse(log(0), log(1), 'id: 3\ndata: {"seq": "three", "message": "m"}', log(3))))
    delivered: list[Any] = []
    with pytest.raises(errors.StreamValidationError) as raised:
        api.items("stream_run_logs", "r", on_item=delivered.append)
    error = raised.value
    assert isinstance(error, errors.ResponseValidationError)
    assert error.index == 2 and len(delivered) == 2
    assert "item 2 of the stream" in str(error) and "id '3'" in str(error)
    assert error.errors and error.errors[0].startswith("seq:")

    server.script(Script(sse(log(0), "data: {not json")))
    with pytest.raises(errors.StreamValidationError, match=r"item 1 .*not valid JSON"):
        api.items("stream_run_logs", "r")


# --- JSON lines ----------------------------------------------------------------------------------


def test_json_lines_with_blank_lines_and_a_last_line_without_newline(api: Api, server: StreamServer) -> None:
    pieces = [b'{"id": 1}\n', b"\n", b'{"id": 2, "name"', b': "two"}\r\n', b"   \n", b'{"id": 3}']
    server.script(Script(pieces, headers={"Content-Type": "application/x-ndjson"}))
    records = api.items("export_records", "e")
    assert [(r.id, r.name) for r in records] == [(1, None), (2, "two"), (3, None)]
    assert isinstance(records[0], api.models.Record)
    with pytest.raises(TypeError, match="JSON lines stream has no events"):
        api.events("export_records", "e")


def test_a_malformed_json_line_names_its_index(api: Api, server: StreamServer) -> None:
    server.script(Script([b'{"id": 1}\n', b'{"id": "x"}\n'], headers={"Content-Type": "application/x-ndjson"}))
    with pytest.raises(api.package.StreamValidationError) as raised:
        api.items("export_records", "e")
    assert raised.value.index == 1 and raised.value.event is None


# --- the connection ------------------------------------------------------------------------------


def test_a_dropped_connection_raises_the_connection_error_with_the_items_delivered(api: Api, server: StreamServer) -> None:
    errors = api.package
    server.script(Script([*sse(log(0), log(1)), b"data: {\"seq\"", DROP]))
    delivered: list[Any] = []
    with pytest.raises(errors.APIConnectionError) as raised:
        api.items("stream_run_logs", "r", on_item=delivered.append)
    assert not isinstance(raised.value, errors.APITimeoutError)
    assert "after 2 items of the stream" in str(raised.value) and len(delivered) == 2
    assert len(server.seen) == 1, "a stream that has started is not retried"


def test_the_read_timeout_applies_between_chunks_not_to_the_whole_stream(api: Api, server: StreamServer) -> None:
    errors = api.package
    pieces = [b": open\n\n"]
    for seq in range(4):
        pieces += [Pause(0.3), *sse(log(seq))]
    server.script(Script([*pieces, *sse("data: [DONE]")]))
    assert len(api.items("stream_run_logs", "r", timeout=0.8)) == 4  # 1.2 s in all

    server.script(Script([*sse(log(0)), Pause(1.5), *sse(log(1))]))
    with pytest.raises(errors.APITimeoutError, match="after 1 item of the stream"):
        api.items("stream_run_logs", "r", timeout=0.5)


def test_retries_and_status_errors_hold_before_the_body_starts(api: Api, server: StreamServer) -> None:
    errors = api.package
    busy = Script([b'{"message": "busy"}'], status=503, headers={**JSON, "Retry-After": "0"})
    server.script(busy, Script(sse(log(0), "data: [DONE]")))
    assert len(api.items("stream_run_logs", "r")) == 1
    assert len(server.seen) == 2

    server.script(Script([b'{"message": "bad prompt"}'], status=400, headers=JSON))
    with pytest.raises(errors.BadRequestError) as raised:
        api.items("create_chat_completion_stream", body=api.models.CompletionRequest(model="m", prompt="p"), max_retries=0)
    assert isinstance(raised.value.body, api.models.ErrorBody) and raised.value.body.message == "bad prompt"


def test_close_ends_the_stream_and_iterating_to_the_end_closes_it(api: Api, server: StreamServer) -> None:
    if api.mode == "sync":

        def use(client: Any) -> tuple[list[int], bool, list[int], bool]:
            stream = client.stream_run_logs("r")
            first = next(stream)
            stream.close()
            rest = [i.seq for i in stream]
            closed_early = stream.response.is_closed
            whole = client.stream_run_logs("r")
            seqs = [i.seq for i in whole]
            return [first.seq, *rest], closed_early, seqs, whole.response.is_closed

    else:

        async def use(client: Any) -> tuple[list[int], bool, list[int], bool]:
            stream = await client.stream_run_logs("r")
            first = await stream.__anext__()
            await stream.close()
            rest = [i.seq async for i in stream]
            closed_early = stream.response.is_closed
            whole = await client.stream_run_logs("r")
            seqs = [i.seq async for i in whole]
            return [first.seq, *rest], closed_early, seqs, whole.response.is_closed

    server.script(Script(sse(log(0), log(1), log(2), "data: [DONE]")))
    early, closed_early, whole, closed_at_end = api.run(use)
    assert early == [0] and closed_early
    assert whole == [0, 1, 2] and closed_at_end


def test_a_one_megabyte_event(api: Api, server: StreamServer) -> None:
    message = "x" * (1 << 20)
    data = ("data: " + json.dumps({"seq": 0, "message": message}) + "\n\n").encode()
    pieces = [data[i : i + 50_000] for i in range(0, len(data), 50_000)]
    server.script(Script([*pieces, *sse(log(1), "data: [DONE]")]))
    items = api.items("stream_run_logs", "r")
    assert [len(i.message) for i in items] == [1 << 20, 4]


def test_with_raw_response_gives_the_stream_and_its_response(api: Api, server: StreamServer) -> None:
    server.script(Script(sse(log(0), "data: [DONE]"), headers={"Content-Type": "text/event-stream", "X-Request-Id": "r1"}))
    if api.mode == "sync":

        def use(client: Any) -> tuple[str, list[int]]:
            raw = client.with_raw_response.stream_run_logs("r")
            with raw.parsed as stream:
                return raw.headers["x-request-id"], [i.seq for i in stream]

    else:

        async def use(client: Any) -> tuple[str, list[int]]:
            raw = await client.with_raw_response.stream_run_logs("r")
            async with raw.parsed as stream:
                return raw.headers["x-request-id"], [i.seq async for i in stream]

    assert api.run(use) == ("r1", [0])


def _call(operation: str, *args: Any, **kwargs: Any) -> Any:
    """``use`` for :meth:`Api.run`: the call's result (for an async client, its coroutine)."""
    return lambda client: getattr(client, operation)(*args, **kwargs)
