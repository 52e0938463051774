"""Where the network splits a stream never changes what it reads: any server-sent event stream,
with any line ends, comments, a BOM and multi-byte text, cut into chunks at any bytes, gives the
events it gives whole. A property test on the runtime's decoder (the loopback tests in
test_streams.py pin each rule through the client; drawing thousands of splits needs no server)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from provider_clients._runtime._streaming import ServerSentEvent, StreamBody, StreamDecoder, _Items

line_text = st.text(st.characters(blacklist_characters="\r\n\x00", blacklist_categories=("Cs",)), max_size=12)
line_end = st.sampled_from(["\n", "\r", "\r\n"])


@st.composite
def streams(draw: Any) -> tuple[bytes, list[ServerSentEvent]]:
    """A stream's bytes and the events a reader must find in it."""
    text = "\ufeff" if draw(st.booleans()) else ""
    expected: list[ServerSentEvent] = []
    last_id: str | None = None
    for _ in range(draw(st.integers(0, 5))):
        end = draw(line_end)
        if draw(st.booleans()):
            text += ":" + draw(line_text) + end
        name = draw(st.one_of(st.none(), st.sampled_from(["tick", "update", "message"])))
        if name is not None:
            text += f"event: {name}{end}"
        if draw(st.booleans()):
            last_id = draw(st.text(st.characters(whitelist_categories=("Nd", "Ll")), max_size=4))
            text += f"id: {last_id}{end}"
        data = draw(st.lists(line_text, min_size=1, max_size=3))
        for line in data:
            text += f"data: {line}{end}"
        text += end
        joined = "\n".join(data)
        if joined != "[DONE]":
            expected.append(ServerSentEvent(name or "message", joined, last_id, None))
        else:
            break
    return text.encode(), expected


def read(chunks: list[bytes]) -> list[ServerSentEvent]:
    items: _Items[Any] = _Items(StreamBody(None, StreamDecoder(str, "sse"), "GET /"))  # type: ignore[arg-type]
    events: list[ServerSentEvent] = []
    for chunk in [*chunks, None]:
        events.extend(items.events(chunk))
        if items.done:
            break
    return events


@given(streams(), st.lists(st.integers(0, 400), max_size=8))
def test_any_split_of_a_stream_gives_the_events_it_gives_whole(stream: tuple[bytes, list[ServerSentEvent]], cuts: list[int]) -> None:
    body, expected = stream
    assert read([body]) == expected
    points = sorted({min(c, len(body)) for c in cuts})
    chunks = [body[a:b] for a, b in zip([0, *points], [*points, len(body)], strict=True)]
    assert read(chunks) == expected
    assert read([body[i : i + 1] for i in range(len(body))]) == expected  # one byte at a time
