"""Paths become operations: parameters, request bodies and responses, each typed by the schema
builder and named once, in the scope where the name is used.

A defect costs the smallest piece that holds it: a parameter or a response the client cannot
read is left out (a path placeholder without its parameter becomes a string argument); an
operation that cannot be made at all (its request body cannot be found) is skipped. Each says so
in a located warning.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, cast

from .. import ir
from ..errors import Diagnostics
from ..ir.names import ClassName, Identifier, Namespace, spelled_operators
from ..ir.reserved import CALL_OPTIONS, RESERVED_METHODS
from ..load.resolve import Node, RefError, Resolver
from . import values
from .reading import text
from .resources import resource_hints, tag_parents
from .schemas import SchemaBuilder
from .streams import StreamBuilder, without_stream_media

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")  # query: OpenAPI 3.2
_STATUS = re.compile(r"^([1-5][0-9][0-9]|[1-5]XX|default)$")
_PLACEHOLDER = re.compile(r"{([^{}]+)}")
_LOCATIONS = ("path", "query", "header", "cookie", "querystring")  # querystring: OpenAPI 3.2
_MEDIA_TYPE = re.compile(r"^[A-Za-z0-9!#$&^_.+*-]+/[A-Za-z0-9!#$&^_.+*-]+$")  # type/subtype: RFC 6838 names, or *


def _json_media(media: str) -> bool:
    base = media.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json") or base == "*/*"


class OperationBuilder:
    def __init__(self, resolver: Resolver, schemas: SchemaBuilder, diagnostics: Diagnostics, method_names: Namespace) -> None:
        self.resolver = resolver
        self.schemas = schemas
        self.diagnostics = diagnostics
        self.method_names = method_names
        self.streams = StreamBuilder(resolver, schemas, diagnostics)
        self.tag_parents: dict[str, str] = {}

    def build_all(self, root: Node, default_security: tuple[tuple[str, ...], ...]) -> list[ir.Operation]:
        self.tag_parents = tag_parents(root.get("tags"))
        operations: list[ir.Operation] = []
        for path, raw in root.items("paths"):
            try:
                item = self.resolver.follow(raw)
            except RefError as exc:
                problem = exc.diagnostics[0]
                self.diagnostics.skip(f"path {path}", problem.message, problem.location, problem.hint)
                continue
            if not path.startswith("/"):
                self.diagnostics.skip(f"path {path}", "it does not start with '/'", item.location, "write paths as '/things/{id}'")
                continue
            for method, node in _operations(item):
                try:
                    operation = self.build(path, method, item, node, default_security)
                    operations.extend(self.with_stream_sibling(operation, node))
                except RefError as exc:  # what the operation cannot do without: its request body
                    problem = exc.diagnostics[0]
                    self.diagnostics.skip(f"{_http(method)} {path}", problem.message, problem.location, problem.hint)
        for name, _ in root.items("webhooks"):  # valid OpenAPI the client has no use for: a note, not a defect
            self.diagnostics.note(
                f"webhook {name!r} is a request the provider sends, not one a client makes; no method is generated for it "
                "(its component schemas are generated as models)",
                root.location.child("webhooks", name),
            )
        return operations

    def build(self, path: str, method: str, item: Node, node: Node, default_security: tuple[tuple[str, ...], ...]) -> ir.Operation:
        operation_id = node.get("operationId")
        if not isinstance(operation_id, str) or not operation_id.strip():
            operation_id = f"{method}_{path}"
        name = self.method_names.claim(Identifier(operation_id, reserved=RESERVED_METHODS))
        scope = Namespace(CALL_OPTIONS)
        parameters = self.parameters(path, item, node, ClassName(name), scope)
        body = self.request_body(node, ClassName(name), scope)
        security = node.get("security")
        self._report_unsupported(path, method, node)
        responses = self.responses(node, ClassName(name))
        found = self.streams.find(node)
        return ir.Operation(
            name=name,
            operation_id=operation_id,
            method=_http(method),
            path=path,
            parameters=tuple(parameters),
            body=body,
            responses=responses,
            security=_requirements(security) if isinstance(security, list) else default_security,
            summary=text(node.get("summary")),
            description=text(node.get("description")),
            deprecated=bool(node.get("deprecated")),
            server=self._server(path, method, item, node),
            accept=self._accept(node, responses),
            stream=self.streams.result(found, ClassName(name)) if found and found.exclusive else None,
            tags=tuple(t for t in node.get("tags") or () if isinstance(t, str)) if isinstance(node.get("tags"), list) else (),
            **resource_hints(node, self.tag_parents),
        )

    def with_stream_sibling(self, operation: ir.Operation, node: Node) -> list[ir.Operation]:
        """``operation``, and after it its ``<method>_stream`` sibling when its success response
        offers JSON and a stream (builder/streams.py)."""
        found = self.streams.find(node)
        if found is None or found.exclusive:
            return [operation]
        return [without_stream_media(operation), self.streams.sibling(operation, node, found, self.method_names)]

    def _accept(self, node: Node, responses: tuple[ir.Response, ...]) -> tuple[str, ...]:
        """The media types the success responses document (``default``'s when no 2xx has a body),
        JSON ones first and ``*/*`` last, without parameters; () when that is just JSON."""
        statuses = {r.status for r in responses if r.is_success and r.kind != "empty"}
        statuses = statuses or {r.status for r in responses if r.status == "default"}
        found: list[str] = []
        for status, response in node.items("responses"):
            if _status(status) not in statuses:
                continue
            for media_type, media in self.resolver.deref(response).items("content"):
                base = media_type.split(";")[0].strip()
                if not _MEDIA_TYPE.match(base):
                    self.diagnostics.warning(f"{media_type!r} is not a media type; the Accept header leaves it out", media.location)
                elif base.lower() not in (f.lower() for f in found):
                    found.append(base)
        found.sort(key=lambda m: 2 if m == "*/*" else 0 if _json_media(m) else 1)  # stable: document order within each
        return () if found in (["application/json"], ["*/*"], ["application/json", "*/*"]) else tuple(found)

    def _server(self, path: str, method: str, item: Node, node: Node) -> str:
        """The operation's own server (or its path's), variables at their defaults: uploads often
        go to another host. An absolute URL only; a relative one is reported and not used."""
        for owner in (node, item):
            for server in owner.elements("servers")[:1]:
                url = server.get("url")
                if not isinstance(url, str):
                    continue
                for name, variable in server.items("variables"):
                    url = url.replace("{" + name + "}", str(variable.get("default", "")))
                if "://" in url and "{" not in url:
                    return url.rstrip("/")
                self.diagnostics.warning(
                    f"{method.upper()} {path} has its own server {url!r}, which is not an absolute URL; the method sends to the client's base_url",
                    server.location, "give the server an absolute URL, or pass base_url for a client that calls it",
                )
        return ""

    def _report_unsupported(self, path: str, method: str, node: Node) -> None:
        """What an operation declares that its method does not do, said out loud."""
        for name, _ in node.items("callbacks"):  # valid OpenAPI the client has no use for: a note
            self.diagnostics.note(
                f"{_http(method)} {path}: callback {name!r} is a request the provider sends; no method is generated for it",
                node.location.child("callbacks", name),
            )

    # --- parameters --------------------------------------------------------------------------

    def parameters(self, path: str, item: Node, node: Node, owner: ClassName, scope: Namespace) -> list[ir.Parameter]:
        merged: dict[tuple[str, str], Node] = {}
        for source in (item, node):  # operation-level parameters override path-level ones
            for raw in source.elements("parameters"):
                param = self.resolver.follow_or_warn(raw, "the method has no argument for this parameter")
                if param is None:
                    continue
                wire, location = param.get("name"), param.get("in")
                if isinstance(wire, str) and location in _LOCATIONS:
                    merged[(location, wire if location != "header" else wire.lower())] = param
        placeholders = _PLACEHOLDER.findall(path)
        result: list[ir.Parameter] = []
        declared_path = {wire for (location, wire) in merged if location == "path"}
        for missing in [p for p in placeholders if p not in declared_path]:
            self.diagnostics.warning(
                f"path {path!r} has placeholder {{{missing}}} but no path parameter named {missing!r}; the method takes it as a string",
                node.location, "declare it under parameters with `in: path` and `required: true`",
            )
            merged[("path", missing)] = Node(node.document, node.pointer, {"name": missing, "in": "path", "required": True, "schema": {"type": "string"}})
        path_order = {p: i for i, p in enumerate(placeholders)}
        ordered = sorted(merged.items(), key=lambda kv: (kv[0][0] != "path", path_order.get(kv[0][1], 0)))
        for (location, _), param in ordered:
            wire = cast(str, param.get("name"))
            if location == "header" and wire.lower() in ("accept", "content-type", "authorization"):
                self.diagnostics.warning(  # OpenAPI says such a parameter is ignored
                    f"header parameter {wire!r} is set by the client itself (Accept, Content-Type and Authorization "
                    "parameters are ignored, as OpenAPI specifies); the method has no argument for it",
                    param.location, "pass it with extra_headers if the API needs a particular value",
                )
                continue
            if location == "path":
                if wire not in placeholders:
                    self.diagnostics.warning(f"path parameter {wire!r} is not in the path {path!r}; it is ignored", param.location)
                    continue
                if param.get("required") is not True:
                    self.diagnostics.warning(
                        f"path parameter {wire!r} is not marked required; it is read as required (the path needs it)",
                        param.location.child("required"), "OpenAPI requires `required: true` on every path parameter",
                    )
            if location == "querystring":
                result.append(self.query_string(param, owner, scope))
                continue
            result.append(self.parameter(param, cast(ir.ParameterLocation, location), owner, scope))
        return result

    def query_string(self, param: Node, owner: ClassName, scope: Namespace) -> ir.Parameter:
        """OpenAPI 3.2's ``in: querystring``: one argument is the whole query string, serialised by
        the media type of its ``content`` (``application/x-www-form-urlencoded``: the object's
        fields as pairs). It is a query parameter whose style names that media type."""
        media_type = next((m for m, _ in param.items("content")), "application/x-www-form-urlencoded")
        made = self.parameter(param, "query", owner, scope)
        return dataclasses.replace(made, style=f"querystring:{media_type.split(';')[0].strip().lower()}", explode=False)

    def parameter(self, param: Node, location: ir.ParameterLocation, owner: ClassName, scope: Namespace) -> ir.Parameter:
        wire = cast(str, param.get("name"))
        schema_node = self._parameter_schema(param)
        hint = ClassName(owner + ClassName(wire))
        described = self.schemas.described(schema_node, hint) if schema_node is not None else None
        type_ = described.type if described else ir.ScalarType(ir.Scalar.STR)
        default = schema_node.get("default", ir.NO_DEFAULT) if schema_node is not None and isinstance(schema_node.value, dict) else ir.NO_DEFAULT
        if schema_node is not None and default is not ir.NO_DEFAULT:
            default = values.checked_default(self.schemas, default, type_, schema_node)
        style = param.get("style")
        explode = param.get("explode")
        default_style = "form" if location in ("query", "cookie") else "simple"
        return ir.Parameter(
            name=scope.claim(Identifier(spelled_operators(wire))),  # StartTime< -> start_time_lt
            wire_name=wire,
            location=location,
            type=type_,
            required=param.get("required") is True or location == "path",
            description=text(param.get("description")) or (described.description if described else ""),
            style=style if isinstance(style, str) else default_style,
            explode=explode if isinstance(explode, bool) else (style or default_style) == "form",
            deprecated=bool(param.get("deprecated")),
            default=default if not isinstance(default, (dict, list)) else ir.NO_DEFAULT,
        )

    def _parameter_schema(self, param: Node) -> Node | None:
        if isinstance(param.get("schema"), dict):
            return param.child("schema")
        for _, media in param.items("content"):  # a parameter serialised as a media type
            if isinstance(media.get("schema"), dict):
                return media.child("schema")
        return None

    # --- bodies ------------------------------------------------------------------------------

    def request_body(self, node: Node, owner: ClassName, scope: Namespace) -> ir.RequestBody | None:
        raw = node.get("requestBody")
        if raw is None:
            return None
        body = self.resolver.follow(node.child("requestBody"))  # a body that cannot be found costs the operation
        chosen = _choose_media(body)
        if chosen is None:
            self.diagnostics.warning("the request body lists no media type; the method sends no body", body.location)
            return None
        media_type, media = chosen
        others = [m for m, _ in body.items("content") if m != media_type]
        if others:  # valid OpenAPI: a note of the choice made
            self.diagnostics.note(
                f"the request body is also accepted as {', '.join(others)}; the method sends {media_type}",
                body.location.child("content"),
            )
        kind = _body_kind(media_type)
        schema = media.child("schema") if isinstance(media.get("schema"), dict) else None
        if kind in ("bytes", "text"):
            type_: ir.TypeRef = ir.ScalarType(ir.Scalar.BYTES if kind == "bytes" else ir.Scalar.STR)
        else:
            type_ = self.schemas.type_of(schema, ClassName(owner + "Body")) if schema is not None else ir.ANY
        return ir.RequestBody(
            type=type_,
            media_type=media_type,
            kind=kind,
            required=body.get("required") is True,
            description=text(body.get("description")),
            name=scope.claim(Identifier("body")),
        )

    def responses(self, node: Node, owner: ClassName) -> tuple[ir.Response, ...]:
        result: list[ir.Response] = []
        raw = node.items("responses")
        for status, response in raw:
            status = _status(status)
            if not _STATUS.match(status):
                self.diagnostics.warning(
                    f"{status!r} is not a response status code; the response is skipped", response.location,
                    "use a code from 100 to 599, a range like 2XX, or default",
                )
                continue
            followed = self.resolver.follow_or_warn(response, "the response is skipped")
            if followed is None:
                continue
            response = followed
            chosen = _choose_media(response)
            if chosen is None:
                result.append(ir.Response(status, "empty", None, "", text(response.get("description"))))
                continue
            media_type, media = chosen
            kind = _response_kind(media_type)
            schema = media.child("schema") if isinstance(media.get("schema"), dict) else None
            hint = ClassName(owner + ("Response" if status.startswith("2") and len(raw) == 1 else f"Response{status}"))
            type_ = self.schemas.type_of(schema, hint) if kind == "json" and schema is not None else None
            result.append(ir.Response(status, kind, type_, media_type, text(response.get("description"))))
        return tuple(sorted(result, key=lambda r: (r.status == "default", r.status)))


def _operations(item: Node) -> list[tuple[str, Node]]:
    """The operations of a path item: its fixed methods, then OpenAPI 3.2's ``additionalOperations``
    (methods by their name, such as ``COPY``), each under its key."""
    found = [(method, item.child(method)) for method in METHODS if isinstance(item.get(method), dict)]
    for name, operation in item.items("additionalOperations"):
        if isinstance(operation.value, dict) and name.lower() not in METHODS:
            found.append((name, operation))
    return found


def _http(method: str) -> str:
    """The request's method: a fixed one in upper case, an additional one as it is spelled (HTTP
    methods are case-sensitive)."""
    return method.upper() if method in METHODS else method


def _status(key: str) -> str:
    return key.upper() if key.lower() != "default" else "default"


def _choose_media(node: Node) -> tuple[str, Node] | None:
    content = node.items("content")
    if not content:
        return None
    for preference in (_json_media, lambda m: "form" in m, lambda m: True):
        for media_type, media in content:
            if preference(media_type.lower()):
                return media_type, media
    return None


def _body_kind(media_type: str) -> ir.BodyKind:
    base = media_type.split(";")[0].strip().lower()
    if _json_media(base):
        return "json"
    if base == "application/x-www-form-urlencoded":
        return "form"
    if base.startswith("multipart/"):
        return "multipart"
    if base.startswith("text/"):
        return "text"
    return "bytes"


def _response_kind(media_type: str) -> ir.ResponseKind:
    base = media_type.split(";")[0].strip().lower()
    if _json_media(base):
        return "json"
    if base.startswith("text/") or base in ("application/xml", "application/yaml"):
        return "text"
    return "bytes"


def _requirements(value: list[Any]) -> tuple[tuple[str, ...], ...]:
    """Security requirement alternatives; ``{}`` among them means "or no credentials"."""
    return tuple(tuple(sorted(r)) for r in value if isinstance(r, dict))

