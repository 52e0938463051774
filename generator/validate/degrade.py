"""What a defect costs: the smallest piece of the document that contains it.

Validation reports each wrong node by its JSON pointer. :func:`piece` maps that pointer to the
piece that holds it, smallest first - a value (a ``default``, an ``example``), an entry of a
schema's ``required``, a keyword of a schema, a schema, a parameter, a response, an operation -
and :class:`Pruned` takes that piece out of a copy of the data (copying only the containers on
its path), so the builder never sees it. Each cut is one located warning that says what the
client does instead.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

from ..load.document import pointer_parts, value_in

METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace", "query"})
# Schema keywords whose value is one schema, and those whose value maps names (or indexes) to schemas.
_ONE_SCHEMA = frozenset(
    {"items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedItems",
     "unevaluatedProperties", "additionalItems", "contentSchema"}
)
_SCHEMA_MAPS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "allOf", "anyOf", "oneOf", "prefixItems"}
)
_KINDS: dict[type, str] = {list: "a list", str: "a string", int: "a number", float: "a number", bool: "a boolean", type(None): "null"}
# Keys that change nothing the client does: an invalid one is dropped, not the piece it is in.
_COSMETIC = frozenset(
    {"description", "summary", "deprecated", "example", "examples", "externalDocs", "tags", "headers", "links", "callbacks",
     "servers", "operationId", "title"}
)
_VALUES = frozenset({"default", "example", "examples"})
_EMPTY_ENUM_NOTE = "The spec's `enum` lists no values (it accepts nothing it lists); the client accepts any value of the type."


@dataclass(frozen=True)
class Cut:
    """The piece to take out (``pointer``), what replaces it (``replacement``, or nothing), and what
    the client does instead. ``skipped`` names an operation or path left out of the client."""

    pointer: str
    consequence: str
    replacement: Any = None
    replace: bool = False
    skipped: str = ""
    problem: str = ""  # says what is wrong better than the validator's message


def piece(pointer: str, data: Any) -> Cut:
    """The smallest piece around the wrong node at ``pointer``."""
    parts = pointer_parts(pointer)
    schema = _schema_root(parts)
    if schema is not None:
        return _in_schema(parts, _deepest_schema(parts, schema), data)
    if len(parts) >= 3 and parts[0] == "paths":
        return _in_path(parts)
    if len(parts) == 2 and parts[0] == "paths":
        return Cut(_pointer(parts), "its operations are skipped", skipped=f"path {parts[1]}")
    if len(parts) >= 3 and parts[0] == "components":
        return _within(parts, 3, f"components/{parts[1]} {parts[2]!r} is left out")
    if len(parts) >= 2 and parts[0] == "webhooks":
        return Cut(_pointer(parts[:2]), "the webhook is left out")
    return Cut(_pointer(parts[:2]), "it is ignored")  # in info, servers, tags, ...: the entry


def _schema_root(parts: list[str]) -> int | None:
    """How many leading parts make the outermost schema on the path, if there is one: a component
    schema, or the ``schema`` of a media type, a parameter or a header."""
    if len(parts) >= 3 and parts[0] == "components" and parts[1] == "schemas":
        return 3
    for index, part in enumerate(parts):
        if part == "schema" and index >= 2 and parts[index - 2] in ("content", "parameters", "headers"):
            return index + 1
    return None


def _deepest_schema(parts: list[str], start: int) -> int:
    """Follow subschema keywords from the schema at ``parts[:start]`` as deep as the pointer goes."""
    end = start
    index = start
    while index < len(parts):
        key = parts[index]
        if key in _ONE_SCHEMA:
            index += 1
        elif key in _SCHEMA_MAPS and index + 1 < len(parts):
            index += 2
        else:
            break
        end = index
    return end


def _in_schema(parts: list[str], end: int, data: Any) -> Cut:
    here = _pointer(parts[:end])
    if end == len(parts):
        found = value_in(data, parts)
        problem = f"`{parts[-1]}` is {_KINDS.get(type(found), 'a value')}, not a schema" if not isinstance(found, dict) else ""
        return Cut(here, "the client types it as any JSON value", {}, replace=True, problem=problem)
    keyword = parts[end]
    value = value_in(data, parts[: end + 1])
    if keyword in _VALUES:
        return Cut(_pointer(parts[: end + 1]), f"the {keyword} is dropped")
    if keyword == "enum" and value == []:
        schema = value_in(data, parts[:end])
        described = schema.get("description") if isinstance(schema, dict) else None
        note = f"{described}\n\n{_EMPTY_ENUM_NOTE}" if isinstance(described, str) and described else _EMPTY_ENUM_NOTE
        replacement = {k: v for k, v in schema.items() if k != "enum"} | {"description": note} if isinstance(schema, dict) else {}
        return Cut(
            here, "the client types it as its base type and documents that the spec lists no value", replacement, replace=True,
            problem="`enum: []` lists no value, so it accepts nothing",
        )
    if keyword == "required" and isinstance(value, list) and end + 1 < len(parts):
        entry = json.dumps(value_in(data, parts[: end + 2]))
        return Cut(_pointer(parts[: end + 2]), "the entry is ignored", problem=f"`required` lists {entry}, which is not a property name")
    return Cut(_pointer(parts[: end + 1]), f"the client ignores `{keyword}`")


def _in_path(parts: list[str]) -> Cut:
    path = parts[1]
    if parts[2] == "parameters" and len(parts) >= 4:
        return _within(parts, 4, "the methods of this path have no argument for this parameter")
    if parts[2] == "additionalOperations" and len(parts) >= 4:  # OpenAPI 3.2: an operation under its method's name
        cut = _in_operation([*parts[:2], *parts[3:]], f"{parts[3]} {path}")
        return dataclasses.replace(cut, pointer=_pointer(parts[: len(pointer_parts(cut.pointer)) + 1]))
    if parts[2] not in METHODS:
        return Cut(_pointer(parts[:3]), "it is ignored")
    return _in_operation(parts, f"{parts[2].upper()} {path}")


def _in_operation(parts: list[str], label: str) -> Cut:
    """A defect inside the operation at ``parts[:3]`` (path, its path, method)."""
    where = parts[3] if len(parts) > 3 else ""
    if where == "parameters" and len(parts) >= 5:
        return _within(parts, 5, "the method has no argument for this parameter")
    if where == "responses" and len(parts) >= 5:
        return _within(parts, 5, "the response is skipped")
    if where == "requestBody":
        return _within(parts, 4, f"{label} is skipped", skipped=label)
    if _cosmetic(where):
        return Cut(_pointer(parts[:4]), "it is ignored")
    if where == "security":
        return Cut(_pointer(parts[:4]), "the operation has the document's `security`")
    return Cut(_pointer(parts[:3]), f"{label} is skipped", skipped=label)


def _within(parts: list[str], size: int, consequence: str, skipped: str = "") -> Cut:
    """The piece of ``size`` parts; only the key below it, when that key changes nothing the client does."""
    if len(parts) > size and _cosmetic(parts[size]):
        return Cut(_pointer(parts[: size + 1]), "it is ignored")
    return Cut(_pointer(parts[:size]), consequence, skipped=skipped)


def _cosmetic(key: str) -> bool:
    return key in _COSMETIC or key.startswith("x-")


def _pointer(parts: list[str]) -> str:
    return "#" + "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)


class Pruned:
    """A copy of the data with pieces taken out or replaced; the original is never changed (the
    loaded document is cached), and only the containers on a changed path are copied. An element
    of a list is replaced by null rather than removed, which every reader skips."""

    def __init__(self, data: Any) -> None:
        self.data = data
        self._copies: dict[int, Any] = {}

    def cut(self, cut: Cut) -> bool:
        """Apply ``cut``; False when its piece is gone already (inside an earlier cut)."""
        parts = pointer_parts(cut.pointer)
        if not parts:
            return False
        parent = self._owned(parts[:-1])
        last = parts[-1]
        if isinstance(parent, dict) and last in parent:
            if cut.replace:
                parent[last] = cut.replacement
            else:
                del parent[last]
            return True
        if isinstance(parent, list) and last.isdecimal() and int(last) < len(parent):
            parent[int(last)] = cut.replacement  # null, not removed: the pointers of the others stay true
            return True
        return False

    def _owned(self, parts: list[str]) -> Any:
        """The container at ``parts``, and every one above it, copied once."""
        node = self.data = self._copy(self.data)
        for part in parts:
            if isinstance(node, dict) and part in node:
                node[part] = node = self._copy(node[part])
            elif isinstance(node, list) and part.isdecimal() and int(part) < len(node):
                node[int(part)] = node = self._copy(node[int(part)])
            else:
                return None
        return node

    def _copy(self, value: Any) -> Any:
        if id(value) in self._copies or not isinstance(value, (dict, list)):
            return value
        copied = dict(value) if isinstance(value, dict) else list(value)
        self._copies[id(copied)] = copied
        return copied


def order(pointer: str) -> list[tuple[int, int | str]]:
    """Sort key: list indexes numerically; in reverse, what is inside a piece is cut before the piece."""
    return [(0, int(p)) if p.isdecimal() else (1, p) for p in pointer_parts(pointer)]
