"""One operation as data: method, path, how to encode its parameters and decode its responses.

Generated modules hold one :class:`Endpoint` per operation at module level; each
:class:`Decoder` builds its pydantic validator once, on first use, so importing a client stays
cheap and no call pays for building one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import FunctionType
from typing import Any, ClassVar, Generic, Literal, TypeVar, cast

import pydantic

from ._http import httpx
from ._models import mark_received, mark_received_items

T = TypeVar("T")
BodyKind = Literal["json", "form", "multipart", "bytes", "text"]
ResponseKind = Literal["json", "text", "bytes", "empty"]
# QUERY (OpenAPI 3.2, RFC 9110's safe method with a body) is safe and idempotent like GET.
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE", "QUERY"})


class Decoder(Generic[T]):
    """Turns a response body into ``T``: JSON validated strictly against the spec's type.

    ``type_`` may be a function that returns the type: a large package's models load on first
    use, and its decoders find theirs on their first call, not when the client is imported.
    """

    streamed: ClassVar[bool] = False  # a success's body is left unread: see _streaming

    def __init__(self, type_: Any, kind: ResponseKind = "json") -> None:
        self._type = type_
        self.kind = kind

    def opened(self, response: httpx.Response, describe: str) -> T:
        """A streamed result, made of the unread response (``describe`` names the request)."""
        raise TypeError(f"{type(self).__name__} does not stream")

    @cached_property
    def type(self) -> Any:
        found = self._type
        return found() if isinstance(found, FunctionType) else found

    @cached_property
    def needs_body(self) -> bool:
        """An empty body is None where nothing (or anything) is documented, else a validation error."""
        return not (self.type is type(None) or self.type is Any)

    @cached_property
    def _validate_json(self) -> Callable[..., Any]:
        # the adapter's own validator: TypeAdapter.validate_json costs a Python call more a body
        return pydantic.TypeAdapter(self.type).validator.validate_json

    def decode(self, response: httpx.Response) -> T:
        """Raises :class:`pydantic.ValidationError` when the body does not fit."""
        # On every call's path, timed by bench/parse.py: each attribute read and call here counts.
        content = response.content
        if self.kind == "json" and (content or self.needs_body):
            # strict: JSON types must be the spec's (no "1" for 1); formats still parse from text
            result: T = self._validate_json(content, strict=True)
            try:  # a model keeps the body it came from, to dump it as received (see _models)
                mark_received(result, content)
            except TypeError:  # not a model
                mark_received_items(result, content)
            return result
        if self.kind == "text":
            return cast(T, response.text)
        if self.kind == "bytes":
            return cast(T, content)
        return cast(T, None)


@dataclass(frozen=True)
class Endpoint(Generic[T]):
    operation: str  # the method name, for messages
    method: str
    path: str
    result: Decoder[T]
    errors: Mapping[str, Decoder[Any]] = field(default_factory=dict)  # "404", "4XX", "default"
    security: tuple[tuple[str, ...], ...] = ()  # alternatives of scheme keys; () means none
    # "query:tags" -> (style, explode)
    styles: Mapping[str, tuple[str, bool]] = field(default_factory=dict)
    body: BodyKind | None = None
    media_type: str = "application/json"
    server: str = ""  # the operation's own server; a base_url the user gives overrides it
    accept: str = "application/json"  # the media types its success responses document

    @property
    def idempotent(self) -> bool:
        return self.method in IDEMPOTENT

    def error_body(self, response: httpx.Response) -> Any:
        """The documented error model for this status, else the decoded JSON, else the text."""
        status = str(response.status_code)
        decoder = (
            self.errors.get(status)
            or self.errors.get(status[0] + "XX")
            or self.errors.get("default")
        )
        if decoder is not None:
            try:
                return decoder.decode(response)
            except (pydantic.ValidationError, ValueError):
                pass
        try:
            return json.loads(response.content)
        except ValueError:
            return response.text
