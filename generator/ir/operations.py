"""Operations: parameters, request bodies and responses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .bodies import KeywordBody
from .models import NO_DEFAULT, _NoDefault
from .names import Identifier
from .pagination import Paging
from .streams import StreamResult
from .types import ANY, NONE, JsonValue, Scalar, ScalarType, TypeRef, UnionType, nullable

ParameterLocation = Literal["path", "query", "header", "cookie"]


@dataclass(frozen=True)
class Parameter:
    name: Identifier
    wire_name: str
    location: ParameterLocation
    type: TypeRef
    required: bool
    description: str = ""
    style: str = ""
    explode: bool = True
    deprecated: bool = False
    default: JsonValue | _NoDefault = NO_DEFAULT

    @property
    def annotation_type(self) -> TypeRef:
        return self.type if self.required else nullable(self.type)

    @property
    def default_value(self) -> JsonValue | _NoDefault:
        if self.required:
            return NO_DEFAULT
        return None if self.default is NO_DEFAULT else self.default


BodyKind = Literal["json", "form", "multipart", "bytes", "text"]


@dataclass(frozen=True)
class RequestBody:
    type: TypeRef
    media_type: str
    kind: BodyKind
    required: bool
    description: str = ""
    name: Identifier = field(default_factory=lambda: Identifier("body"))

    @property
    def annotation_type(self) -> TypeRef:
        return self.type if self.required else nullable(self.type)


ResponseKind = Literal["json", "text", "bytes", "empty"]


@dataclass(frozen=True)
class Response:
    status: str  # "200", "2XX" or "default"
    kind: ResponseKind
    type: TypeRef | None
    media_type: str = ""
    description: str = ""

    @property
    def is_success(self) -> bool:
        return self.status.startswith("2")

    @property
    def result_type(self) -> TypeRef:
        if self.kind == "empty":
            return NONE
        if self.kind == "text":
            return ScalarType(Scalar.STR)
        if self.kind == "bytes":
            return ScalarType(Scalar.BYTES)
        return self.type or ANY


@dataclass(frozen=True)
class Operation:
    name: Identifier
    operation_id: str
    method: str  # upper case
    path: str
    parameters: tuple[Parameter, ...]
    body: RequestBody | None
    responses: tuple[Response, ...]
    security: tuple[tuple[str, ...], ...]  # alternatives; each a set of scheme keys used together
    summary: str = ""
    description: str = ""
    deprecated: bool = False
    server: str = ""  # the operation's own server URL (variables at their defaults), if it has one
    accept: tuple[str, ...] = ()  # the media types its success responses document; () for JSON
    undefined_security: tuple[str, ...] = ()  # schemes its requirements name that the spec does not define (dropped)
    paging: Paging | None = None  # a list operation that pages by itself (ir/pagination.py)
    stream: StreamResult | None = None  # the method returns a stream of these items (ir/streams.py)
    tags: tuple[str, ...] = ()  # the spec's tags, in order
    tag_path: tuple[str, ...] = ()  # the first tag, after its parents (OpenAPI 3.2 tag ``parent``)
    sdk_group: tuple[str, ...] = ()  # x-speakeasy-group (dots nest) or x-fern-sdk-group-name (a list nests)
    sdk_name: str = ""  # x-speakeasy-name-override or x-fern-sdk-method-name
    keyword_body: KeywordBody | None = None  # the body taken as keyword arguments (resources only)

    @property
    def accept_header(self) -> str:
        """What the method asks for: the documented media types, or JSON when they are only JSON."""
        return ", ".join(self.accept) or "application/json"

    def parameters_in(self, location: ParameterLocation) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == location)

    @property
    def success(self) -> Response | None:
        """The documented 2xx response whose body the method returns (the lowest status)."""
        successes = sorted((r for r in self.responses if r.is_success), key=lambda r: r.status)
        return successes[0] if successes else None

    @property
    def result_type(self) -> TypeRef:
        """What the method returns: the union of the distinct 2xx bodies, or ``None``."""
        results: list[TypeRef] = []
        for r in sorted((r for r in self.responses if r.is_success), key=lambda r: r.status):
            if r.result_type not in results:
                results.append(r.result_type)
        if not results:
            default = next((r for r in self.responses if r.status == "default"), None)
            return default.result_type if default else ANY
        return results[0] if len(results) == 1 else UnionType(tuple(results))

    @property
    def error_responses(self) -> tuple[Response, ...]:
        return tuple(r for r in self.responses if not r.is_success and r.type is not None)
