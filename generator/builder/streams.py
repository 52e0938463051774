"""Streamed results: which operations stream, what their items are, and the ``<method>_stream``
sibling of a method that returns JSON or a stream from one response.

An operation whose success response is only a stream (``text/event-stream``, JSON lines) streams
itself. One whose success response offers JSON and a stream (OpenAI's pattern, usually chosen by a
boolean ``stream`` property of the request body) keeps its method, which returns the JSON, and
gets a sibling ``<method>_stream`` that asks for the stream (``Accept`` the stream's media type, the
property set to true) and returns it.

The item type: OpenAPI 3.2's ``itemSchema`` (for server-sent events, the schema of its ``data``
property: ``contentSchema`` where ``contentMediaType`` is JSON), else the media type's ``schema``
as one item (the 3.0/3.1 convention public specs use), or, where that schema describes the event
itself (properties ``data`` and maybe ``event``, ``id``, ``retry``: Speakeasy's convention), its
``data``. Server-sent event data typed as a string is delivered as text; anything else is decoded
as JSON.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .. import ir
from ..errors import Diagnostics
from ..ir.names import ClassName, Identifier, Namespace
from ..ir.reserved import RESERVED_METHODS
from ..load.resolve import Node, Resolver
from .schemas import SchemaBuilder

SENTINEL = "x-speakeasy-sse-sentinel"  # on a stream's media type: the data that ends it
FLAG = "x-speakeasy-stream-request-field"  # the request body property that asks for the stream
STREAM_PROPERTY = "stream"  # the boolean body property OpenAI's pattern uses when no FLAG names one


@dataclass(frozen=True)
class Found:
    """The stream media type of an operation's success response."""

    media_type: str
    media: Node
    exclusive: bool  # no JSON beside it: the method itself streams


class StreamBuilder:
    def __init__(self, resolver: Resolver, schemas: SchemaBuilder, diagnostics: Diagnostics) -> None:
        self.resolver = resolver
        self.schemas = schemas
        self.diagnostics = diagnostics

    def find(self, node: Node) -> Found | None:
        """The stream among the media types of the lowest 2xx response that has content."""
        successes = sorted((s, r) for s, r in node.items("responses") if s.startswith("2"))
        for _, raw in successes:
            response = self.resolver.deref(raw)
            content = response.items("content")
            if not content:
                continue
            streams = [(m, self.resolver.deref(media)) for m, media in content if ir.stream_format(m) is not None]
            if not streams:
                return None
            media_type, media = streams[0]
            exclusive = not any(_json_media(m) for m, _ in content)
            return Found(media_type, media, exclusive)
        return None

    def result(self, found: Found, owner: ClassName) -> ir.StreamResult:
        """The items of the stream ``found`` describes; ``owner`` names an inline item model."""
        media = found.media
        stream_format = ir.stream_format(found.media_type)
        assert stream_format is not None
        sentinel = media.get(SENTINEL)
        if sentinel is not None and not isinstance(sentinel, str):
            self.diagnostics.warning(
                f"{SENTINEL} is not a string; the stream ends at data [DONE]", media.location.child(SENTINEL)
            )
            sentinel = None
        return ir.StreamResult(
            format=stream_format,
            item=self._item(stream_format, media, ClassName(owner + "Event")),
            media_type=found.media_type.split(";")[0].strip(),
            sentinel=sentinel if sentinel is not None else ir.streams.DONE,
        )

    def _item(self, stream_format: ir.StreamFormat, media: Node, hint: ClassName) -> ir.TypeRef:
        text = ir.ScalarType(ir.Scalar.STR)
        if isinstance(media.get("itemSchema"), dict):  # OpenAPI 3.2
            item = self.resolver.deref(media.child("itemSchema"))
            if stream_format == "jsonl":
                return self.schemas.type_of(media.child("itemSchema"), hint)
            properties = item.get("properties")
            if not isinstance(properties, dict) or not isinstance(properties.get("data"), dict):
                self.diagnostics.warning(
                    "the itemSchema of a server-sent event stream describes no data property; each item is the event's data as text",
                    item.location,
                )
                return text
            return self._data(item.child("properties", "data"), hint)
        if not isinstance(media.get("schema"), dict):
            return text if stream_format == "sse" else ir.ANY
        schema = media.child("schema")
        target = self.resolver.deref(schema)
        if stream_format == "sse" and _is_plain_string(target.value):
            return text
        if stream_format == "sse" and _describes_events(target.value):  # Speakeasy's convention
            return self._data(target.child("properties", "data"), hint)
        return self.schemas.type_of(schema, hint)

    def _data(self, data: Node, hint: ClassName) -> ir.TypeRef:
        """The item a server-sent event's ``data`` schema (3.2) describes."""
        schema = self.resolver.deref(data)
        if isinstance(schema.get("contentSchema"), dict):
            media_type = schema.get("contentMediaType", "application/json")
            if isinstance(media_type, str) and _json_media(media_type):
                return self.schemas.type_of(schema.child("contentSchema"), hint)
        if _is_plain_string(schema.value):
            return ir.ScalarType(ir.Scalar.STR)
        return self.schemas.type_of(data, hint)  # data described as the JSON value itself

    def sibling(self, operation: ir.Operation, node: Node, found: Found, method_names: Namespace) -> ir.Operation:
        """``<method>_stream``: the operation asking for its stream instead of its JSON."""
        name = method_names.claim(Identifier(f"{operation.name}_stream", reserved=RESERVED_METHODS))
        result = dataclasses.replace(
            self.result(found, ClassName(operation.name)), flag=self._flag(node), plain_method=str(operation.name)
        )
        return dataclasses.replace(operation, name=name, stream=result, accept=(result.media_type,))

    def _flag(self, node: Node) -> str | None:
        """The wire name of the boolean body property that asks for the stream, if the body has one."""
        if not isinstance(node.get("requestBody"), dict):
            return None
        body = self.resolver.deref(node.child("requestBody"))
        named = node.get(FLAG, body.get(FLAG))
        for media_type, media in body.items("content"):
            if not _json_media(media_type) or not isinstance(media.get("schema"), dict):
                continue
            named = media.get(FLAG, named)
            schema = self.resolver.deref(media.child("schema"))
            wanted = named if isinstance(named, str) else STREAM_PROPERTY
            found = self._property(schema, wanted)
            if found is not None and (named is not None or _is_boolean(found.value)):
                return wanted
        return None

    def _property(self, schema: Node, name: str, depth: int = 0) -> Node | None:
        """Property ``name`` of an object schema, also from the schemas an allOf combines."""
        properties = schema.get("properties")
        if isinstance(properties, dict) and isinstance(properties.get(name), dict):
            return self.resolver.deref(schema.child("properties", name))
        for part in schema.elements("allOf") if depth < 8 else ():
            found = self._property(self.resolver.deref(part), name, depth + 1)
            if found is not None:
                return found
        return None


def without_stream_media(operation: ir.Operation) -> ir.Operation:
    """The plain method of an operation with a ``_stream`` sibling asks for its JSON only."""
    accept = tuple(m for m in operation.accept if ir.stream_format(m) is None)
    return dataclasses.replace(operation, accept=() if accept == ("application/json",) else accept)


def _json_media(media: str) -> bool:
    base = media.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def _is_plain_string(schema: object) -> bool:
    """A string schema that is only text: no format or content a richer type would parse."""
    if not isinstance(schema, dict):
        return False
    kind = schema.get("type")
    return (kind == "string" or kind == ["string"]) and not {"format", "enum", "const", "contentSchema"} & schema.keys()


def _describes_events(schema: object) -> bool:
    """A schema of the event itself rather than of its data: an object whose properties are SSE's
    fields (``data`` and maybe ``event``, ``id``, ``retry``), as Speakeasy's specs write them."""
    properties = schema.get("properties") if isinstance(schema, dict) else None
    return isinstance(properties, dict) and "data" in properties and set(properties) <= {"data", "event", "id", "retry"}


def _is_boolean(schema: object) -> bool:
    if not isinstance(schema, dict):
        return False
    kind = schema.get("type")
    return kind == "boolean" or (isinstance(kind, list) and "boolean" in kind)
