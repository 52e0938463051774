"""Pagination: from the declarations in pyproject.toml and from ``x-speakeasy-pagination`` and
``x-fern-pagination`` on an operation, checked against the spec.

A paged operation's paging parameters must be query parameters of it, and every response path must
lead through its success response's model to what the style reads (the items to a list). A wrong
declaration in pyproject.toml is an error at its line; a wrong extension costs only the paging,
with a warning at its line in the spec: the operation stays a plain method. A declaration wins
over an extension on the same operation.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from .. import ir
from ..config.pagination import LINK_HEADER, PaginationDeclaration, Style, path_error
from ..config.waiters import Place
from ..errors import Diagnostics, Location
from ..load.resolve import Node, Resolver
from .operations import METHODS

SPEAKEASY = "x-speakeasy-pagination"
FERN = "x-fern-pagination"
Report = Callable[[str, Location, str], None]


class PaginationBuilder:
    def __init__(self, api: ir.Api, diagnostics: Diagnostics) -> None:
        self.api = api
        self.diagnostics = diagnostics
        self.models = {m.name: m for m in api.models}
        self.aliases = {d.name: d for d in api.definitions if isinstance(d, ir.Alias)}

    def build(
        self, declared: tuple[PaginationDeclaration, ...], root: Node, resolver: Resolver, polled: dict[str, str] | None = None
    ) -> tuple[ir.Operation, ...]:
        """The API's operations, the paged ones with their :class:`ir.Paging`. ``polled`` maps the
        operationIds declared waiters poll to the waiter's name: a waiter needs a plain result."""
        self.polled = polled or {}
        found: dict[str, ir.Paging] = {}
        for declaration in declared:
            paging = self.paging(declaration, self.diagnostics.error, "")
            if paging is not None:
                found[declaration.operation] = paging
        names = {d.operation for d in declared}
        for declaration in self.from_spec(root, resolver):
            if declaration.operation not in names:
                paging = self.paging(declaration, self.diagnostics.warning, "; the operation stays a plain method")
                if paging is not None:
                    found[declaration.operation] = paging
        return tuple(
            dataclasses.replace(op, paging=found[op.operation_id]) if op.operation_id in found else op for op in self.api.operations
        )

    # --- checking a declaration against the spec --------------------------------------------

    def paging(self, declaration: PaginationDeclaration, report: Report, consequence: str) -> ir.Paging | None:
        extension = declaration.place.pointer.rsplit("/", 1)[-1]
        label = f"{extension if extension.startswith('x-') else 'pagination'} of {declaration.operation!r}"

        def at(key: str) -> Location:
            return declaration.place_of(key).location()

        operation = next((op for op in self.api.operations if op.operation_id == declaration.operation), None)
        if operation is None:
            known = ", ".join(sorted(op.operation_id for op in self.api.operations if op.method == "GET")) or "none"
            report(f"{label}: the spec has no operation {declaration.operation!r}{consequence}", declaration.place.location(), f"GET operations: {known}")
            return None
        if declaration.operation in self.polled:
            report(
                f"{label}: waiter {self.polled[declaration.operation]!r} polls {declaration.operation!r}, and a waiter needs "
                f"its plain result, not pages{consequence}",
                declaration.place.location(),
                "page another operation, or poll a GET that returns one resource",
            )
            return None
        success = operation.success
        if success is None or success.kind != "json" or success.type is None:
            report(f"{label}: {declaration.operation!r} returns no JSON body to read pages from{consequence}", declaration.place.location(), "")
            return None
        ok = True
        query = {p.wire_name for p in operation.parameters_in("query")}
        for key in ("param", "limit"):
            name = getattr(declaration, key)
            if name and name not in query:
                shown = "limit" if declaration.style == "offset" else "size"
                what = shown if key == "limit" else "param"
                report(
                    f"{label}: {declaration.style}.{what} names {name!r}, which is not a query parameter of {declaration.operation!r}{consequence}",
                    at(key),
                    f"its query parameters: {', '.join(sorted(query)) or 'none'}",
                )
                ok = False
        items = self.walk(label, success.type, declaration.items, at("items"), report, consequence)
        item_type: ir.TypeRef | None = None
        if items is not None:
            resolved = self.resolve(items)
            if isinstance(resolved, ir.ListType):
                item_type = resolved.item
            else:
                report(f"{label}: items {declaration.items} is not a list in the response{consequence}", at("items"), "")
        ok = ok and item_type is not None
        for key in ("next", "has_more", "total"):
            path = getattr(declaration, key)
            if path and path != LINK_HEADER:
                ok = self.walk(label, success.type, path, at(key), report, consequence) is not None and ok
        if not ok or item_type is None:
            return None
        return ir.Paging(
            declaration.style,
            declaration.items,
            item_type,
            declaration.param,
            declaration.next,
            declaration.has_more,
            declaration.limit,
            declaration.total,
            declaration.start,
            "pyproject.toml" if declaration.place.file.endswith(".toml") else declaration.place.pointer.rsplit("/", 1)[-1],
        )

    def resolve(self, type_: ir.TypeRef) -> ir.TypeRef:
        seen: set[str] = set()
        type_ = ir.strip_null(type_)
        while isinstance(type_, ir.AliasType) and type_.name in self.aliases and type_.name not in seen:
            seen.add(type_.name)
            type_ = ir.strip_null(self.aliases[type_.name].type)
        return type_

    def walk(
        self, label: str, type_: ir.TypeRef, path: str, where: Location, report: Report, consequence: str
    ) -> ir.TypeRef | None:
        """The type at ``path`` in the response (wire names), or None after reporting why there is none."""
        problem = path_error(path)
        if problem is not None:
            report(f"{label}: {problem}{consequence}", where, "")
            return None
        walked = "$"
        for part in _parts(path):
            resolved = self.resolve(type_)
            if isinstance(part, int):
                if not isinstance(resolved, ir.ListType):
                    report(f"{label}: {path}: {walked} is not a list, so it has no [{part}]{consequence}", where, "")
                    return None
                type_ = resolved.item
            else:
                model = self.models.get(resolved.name) if isinstance(resolved, ir.ModelType) else None
                field = next((f for f in self.api.fields_of(model) if f.wire_name == part), None) if model else None
                if field is None and isinstance(resolved, ir.ListType):
                    report(f"{label}: {path}: {walked} is a list: name one of its items first, with [0] or [-1]{consequence}", where, "")
                    return None
                if field is None:
                    known = ", ".join(f.wire_name for f in self.api.fields_of(model)) if model else "none: it is not an object"
                    owner = model.name if model and walked == "$" else walked
                    report(
                        f"{label}: {path}: the response has no {walked}.{part} ({owner} has no field {part!r}){consequence}",
                        where,
                        f"its fields (wire names): {known}",
                    )
                    return None
                type_ = field.type
            walked += f"[{part}]" if isinstance(part, int) else f".{part}"
        return type_

    # --- spec extensions -----------------------------------------------------------------------

    def from_spec(self, root: Node, resolver: Resolver) -> list[PaginationDeclaration]:
        result: list[PaginationDeclaration] = []
        for path, item in root.items("paths"):
            item = resolver.deref(item)
            for method in METHODS:
                if not isinstance(item.get(method), dict):
                    continue
                node = item.child(method)
                operation = next((op for op in self.api.operations if op.method == method.upper() and op.path == path), None)
                if operation is None:
                    continue
                for key, read in ((SPEAKEASY, _speakeasy), (FERN, _fern)):
                    if node.get(key) is None:
                        continue
                    entry = node.child(key)
                    declaration = read(entry, operation.operation_id, self.diagnostics)
                    if declaration is not None:
                        result.append(declaration)
                        break
        return result


def _parts(path: str) -> list[str | int]:
    parts: list[str | int] = []
    for piece in path[1:].replace("[", ".[").split("."):
        if piece:
            parts.append(int(piece[1:-1]) if piece.startswith("[") else piece)
    return parts


def _place(node: Node) -> Place:
    location = node.location
    return Place(str(location.file), location.pointer, location.line)


def _declaration(entry: Node, operation: str, style: Style, items: str, **values: Any) -> PaginationDeclaration:
    place = _place(entry)
    return PaginationDeclaration(operation, style, items, place=place, **values)


def _skip(diagnostics: Diagnostics, entry: Node, key: str, message: str) -> None:
    diagnostics.warning(
        f"{key} of {entry.location.pointer.rsplit('/', 1)[0]}: {message}; the operation stays a plain method",
        entry.location,
        "declare its paging in pyproject.toml instead: [tool.clientgen.providers.<key>.pagination.<operationId>]",
    )


def _speakeasy(entry: Node, operation: str, diagnostics: Diagnostics) -> PaginationDeclaration | None:
    """``type: offsetLimit | cursor | url``, ``inputs`` (name, in: parameters, type: page | offset |
    limit | cursor) and ``outputs`` (results, numPages, nextCursor, nextUrl) as JSONPath."""
    value = entry.value
    if not isinstance(value, dict):
        _skip(diagnostics, entry, SPEAKEASY, "it must be a mapping with type, inputs and outputs")
        return None
    kind, outputs = value.get("type"), value.get("outputs")
    inputs: dict[str, str] = {}
    for item in value.get("inputs") or []:
        if isinstance(item, dict) and item.get("in", "parameters") == "parameters" and isinstance(item.get("name"), str):
            inputs[str(item.get("type"))] = item["name"]
    if not isinstance(outputs, dict) or not isinstance(outputs.get("results"), str):
        _skip(diagnostics, entry, SPEAKEASY, "outputs.results (where the items are) is missing")
        return None
    items = outputs["results"]
    if kind == "offsetLimit" and "page" in inputs:
        pages = outputs.get("numPages", "")
        return _declaration(entry, operation, "page", items, param=inputs["page"], limit=inputs.get("limit", ""), total=pages)
    if kind == "offsetLimit" and "offset" in inputs:
        return _declaration(entry, operation, "offset", items, param=inputs["offset"], limit=inputs.get("limit", ""))
    if kind == "cursor" and "cursor" in inputs and isinstance(outputs.get("nextCursor"), str):
        return _declaration(entry, operation, "cursor", items, param=inputs["cursor"], next=outputs["nextCursor"])
    if kind == "url" and isinstance(outputs.get("nextUrl"), str):
        return _declaration(entry, operation, "next_url", items, next=outputs["nextUrl"])
    _skip(
        diagnostics,
        entry,
        SPEAKEASY,
        f"type {kind!r} with inputs {sorted(inputs)} is not one clientgen follows (offsetLimit with a page or offset input, "
        "cursor with a cursor input and outputs.nextCursor, url with outputs.nextUrl)",
    )
    return None


def _fern(entry: Node, operation: str, diagnostics: Diagnostics) -> PaginationDeclaration | None:
    """``cursor``/``next_cursor``/``results``, ``offset``/``results`` (with ``step``, ``has-next-page``),
    ``next_uri`` or ``next_path``/``results``; ``$request.<parameter>`` and ``$response.<path>``."""
    value = entry.value
    if not isinstance(value, dict):
        _skip(diagnostics, entry, FERN, "it must be a mapping, like {cursor: $request.after, next_cursor: $response.next, results: $response.data}")
        return None

    def request(key: str) -> str | None:
        text = value.get(key)
        if not isinstance(text, str) or not text.startswith("$request.") or "." in text[len("$request.") :]:
            return None
        return text[len("$request.") :]

    def response(key: str) -> str | None:
        text = value.get(key)
        if not isinstance(text, str) or not text.startswith("$response"):
            return None
        return "$" + text[len("$response") :]

    items = response("results")
    if items is None:
        _skip(diagnostics, entry, FERN, "results must be a $response path (where the items are)")
        return None
    if "cursor" in value:
        param, following = request("cursor"), response("next_cursor")
        if param is None or following is None:
            _skip(diagnostics, entry, FERN, "cursor must be $request.<query parameter> and next_cursor a $response path")
            return None
        return _declaration(entry, operation, "cursor", items, param=param, next=following)
    if "offset" in value:
        param, step = request("offset"), request("step") if "step" in value else ""
        more = response("has-next-page") if "has-next-page" in value else ""
        if param is None or step is None or more is None:
            _skip(diagnostics, entry, FERN, "offset and step must be $request.<query parameter>, has-next-page a $response path")
            return None
        if step:  # the offset moves on by the page size
            return _declaration(entry, operation, "offset", items, param=param, limit=step)
        return _declaration(entry, operation, "page", items, param=param)  # by one: a page number
    for key in ("next_uri", "next_path"):
        if key in value:
            following = response(key)
            if following is None:
                _skip(diagnostics, entry, FERN, f"{key} must be a $response path")
                return None
            return _declaration(entry, operation, "next_url", items, next=following)
    _skip(diagnostics, entry, FERN, "it names none of cursor, offset, next_uri and next_path")
    return None
