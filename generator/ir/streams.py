"""Streamed results: an operation whose success is a stream of items (server-sent events or JSON
lines) returns ``Stream[Item]`` (``AsyncStream[Item]`` on the async client) instead of one value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .types import TypeRef

StreamFormat = Literal["sse", "jsonl"]
DONE = "[DONE]"  # the data that ends a server-sent event stream unless the spec names another

# media type (lower case, without parameters) -> how its body is read
STREAM_MEDIA: dict[str, StreamFormat] = {
    "text/event-stream": "sse",
    "application/x-ndjson": "jsonl",
    "application/ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/x-jsonl": "jsonl",
    "application/jsonlines": "jsonl",
    "application/x-jsonlines": "jsonl",
}


def stream_format(media_type: str) -> StreamFormat | None:
    """How a response of ``media_type`` streams, or None when it is read whole."""
    return STREAM_MEDIA.get(media_type.split(";")[0].strip().lower())


@dataclass(frozen=True)
class StreamResult:
    """What a streamed method yields: ``item`` for each server-sent event's data (``str``: the data
    as text; else its JSON) or each JSON line, read as ``format`` from a ``media_type`` body."""

    format: StreamFormat
    item: TypeRef
    media_type: str
    sentinel: str = DONE  # an event whose data is exactly this ends the stream (server-sent events)
    # the wire name of the boolean request-body property the method sets to true to ask for the
    # stream: the ``<method>_stream`` sibling of a method that also returns JSON
    flag: str | None = None
    plain_method: str = ""  # for a ``<method>_stream`` sibling: the method that returns the JSON

