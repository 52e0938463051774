"""``clientgen vendor SOURCE --provider KEY --operation ID [--operation ID ...]``: take only some
operations of a large document, with the components they reach.

The selection keeps the document's top-level keys that every operation depends on (``openapi``,
``info``, ``jsonSchemaDialect``, ``servers``, ``security``, ``externalDocs``), the chosen
operations under their paths (with the path's own ``parameters``, ``servers``, ``summary`` and
``description``), the tags they name, and every component their ``$ref``s reach, transitively, with
the security schemes their requirements name; all in the source's order, comments and layout
(a round-trip tree), so that it merges like any other source.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..load.document import pointer_parts

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
KEPT_TOP_LEVEL = ("openapi", "info", "jsonSchemaDialect", "servers", "security", "externalDocs")
PATH_LEVEL = ("summary", "description", "servers", "parameters")


class SelectionError(Exception):
    """An operationId the source does not have; the message lists those it has."""


def select(tree: Any, operations: Iterable[str]) -> CommentedMap:
    """The part of the round-trip document ``tree`` that ``operations`` (operationIds) need."""
    wanted = list(dict.fromkeys(operations))
    found: dict[str, tuple[str, str]] = {}
    paths = tree.get("paths") if isinstance(tree.get("paths"), dict) else {}
    for path, item in paths.items():
        for method in METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if isinstance(operation, dict) and operation.get("operationId") in wanted:
                found[str(operation["operationId"])] = (path, method)
    missing = [name for name in wanted if name not in found]
    if missing:
        known = sorted(
            str(op["operationId"])
            for item in paths.values()
            if isinstance(item, dict)
            for method in METHODS
            if isinstance(op := item.get(method), dict) and isinstance(op.get("operationId"), str)
        )
        raise SelectionError(
            f"the source has no operation {', '.join(map(repr, missing))}; its operationIds: {', '.join(known) or 'none'}"
        )
    result = CommentedMap()
    for key in tree:
        if key in KEPT_TOP_LEVEL:
            result[key] = tree[key]
    chosen = CommentedMap()
    for path, item in paths.items():
        methods = [m for m in METHODS if (path, m) in found.values()]
        if not methods:
            continue
        kept = CommentedMap()
        for key, value in item.items():  # in the source's order
            if key in PATH_LEVEL or key in methods:
                kept[key] = value
        chosen[path] = kept
    tags = {tag for path, method in found.values() for tag in paths[path][method].get("tags") or []}
    source_tags = tree.get("tags")
    if tags and isinstance(source_tags, list):
        kept_tags = CommentedSeq(t for t in source_tags if isinstance(t, dict) and t.get("name") in tags)
        if kept_tags:
            result["tags"] = kept_tags
    result["paths"] = chosen
    components = _reached(tree, chosen, found, paths)
    if components:
        result["components"] = components
    return _in_order(tree, result)


def _reached(tree: Any, chosen: CommentedMap, found: dict[str, tuple[str, str]], paths: Any) -> CommentedMap:
    """Every component the chosen operations reach, by ``$ref`` and by security requirement."""
    source = tree.get("components") if isinstance(tree.get("components"), dict) else {}
    reached: set[tuple[str, str]] = set()
    todo: list[Any] = [chosen]
    schemes: set[str] = set()
    for requirement in [*(tree.get("security") or [])] + [
        r for path, method in found.values() for r in paths[path][method].get("security") or []
    ]:
        if isinstance(requirement, dict):
            schemes.update(str(name) for name in requirement)
    for name in schemes:
        if name in (source.get("securitySchemes") or {}):
            reached.add(("securitySchemes", str(name)))
    while todo:
        for ref in _refs(todo.pop()):
            parts = pointer_parts(ref[1:]) if ref.startswith("#/components/") else []
            if len(parts) < 3:
                continue
            key = (parts[1], parts[2])
            if key in reached or not isinstance(source.get(key[0]), dict) or key[1] not in source[key[0]]:
                continue
            reached.add(key)
            todo.append(source[key[0]][key[1]])
    result = CommentedMap()
    for kind, members in source.items():
        if not isinstance(members, dict):
            continue
        kept = CommentedMap((name, value) for name, value in members.items() if (str(kind), str(name)) in reached)
        if kept:
            result[kind] = kept
    return result


def _refs(node: Any) -> Iterable[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _in_order(tree: Any, result: CommentedMap) -> CommentedMap:
    """``result``'s keys in the order the source has them."""
    ordered = CommentedMap()
    for key in tree:
        if key in result:
            ordered[key] = result[key]
    return ordered

