"""Merge one source's OpenAPI document into a vendored spec, keeping the spec's comments and key
order (ruamel.yaml round trip).

A document merges by *units*: each operation and path-level key under ``paths`` (and
``webhooks``), each component under ``components``, each tag by name, and every other top-level
key whole. A unit the spec lacks is added; an identical one is fine; a different one is a
conflict, unless the source is being re-vendored: then its newer content replaces the old.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..errors import escape_pointer
from ..load.document import pointer_parts

# The conventional order of an OpenAPI document's top-level keys: where a new one is inserted.
TOP_LEVEL_ORDER = (
    "openapi", "info", "jsonSchemaDialect", "servers", "security", "tags", "paths", "webhooks", "components", "externalDocs",
)  # fmt: skip


@dataclass(frozen=True)
class Conflict:
    pointer: str  # JSON pointer of the unit
    line: int | None  # its line in the spec's document (1-based, below the header)
    old: Any  # the spec's value (plain data)
    new: Any  # the source's value


@dataclass
class Outcome:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    identical: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # conflicts resolved by keeping the spec's (--keep-existing)


def yaml_round_trip(text: str = "") -> YAML:
    """A round-trip YAML that writes ``text``'s indentation back, and ``null`` as ``null``."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line
    mapping, sequence, offset = guess_indent(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.representer.add_representer(
        type(None), lambda representer, _: representer.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return yaml


def guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping indent, sequence indent, dash offset) as the text uses them; (2, 4, 2) by default."""
    mapping = next((len(m[1]) for m in re.finditer(r"^[^\s#-][^\n]*:[ \t]*\n( +)[^\s#-]", text, re.M)), 2)
    dash = re.search(r"^( *)[^\s#-][^\n]*:[ \t]*\n( *)- ", text, re.M)
    offset = max(len(dash[2]) - len(dash[1]), 0) if dash else 2
    return mapping, offset + 2, offset


def load_round_trip(text: str) -> Any:
    return yaml_round_trip(text).load(text)


def dump(yaml: YAML, data: Any) -> str:
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def plain(value: Any) -> Any:
    """Comparable plain data: mappings compare regardless of key order, comments ignored."""
    return json.loads(json.dumps(value, default=str, sort_keys=True))


def as_block(value: Any) -> Any:
    """Plain data (from JSON) as round-trip nodes in block style."""
    if isinstance(value, dict):
        node = CommentedMap((k, as_block(v)) for k, v in value.items())
        node.fa.set_block_style()
        return node
    if isinstance(value, list):
        seq = CommentedSeq(as_block(v) for v in value)
        seq.fa.set_block_style()
        return seq
    return value


def first_difference(old: Any, new: Any, pointer: str = "") -> tuple[str, Any, Any]:
    """Where two plain values first differ: (pointer below them, old part, new part)."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            if key not in old or key not in new or old[key] != new[key]:
                return first_difference(old.get(key), new.get(key), f"{pointer}/{escape_pointer(str(key))}")
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            if a != b:
                return first_difference(a, b, f"{pointer}/{index}")
    return pointer, old, new


def merge(target: CommentedMap, incoming: CommentedMap, *, replace: bool) -> Outcome:
    """Merge ``incoming`` into ``target`` in place; conflicts leave ``target`` partly merged, so
    the caller discards it when :attr:`Outcome.conflicts` is not empty."""
    outcome = Outcome()
    for key, value in incoming.items():
        rule = UNIT_RULES.get(str(key), _whole)
        if key not in target:
            _insert_top_level(target, key, value)
            outcome.added.append(_pointer(key))
        else:
            # a re-vendored source replaces its own parts, never the spec's OpenAPI version: the
            # other sources' parts were written for it (a different one is a conflict, or --keep-existing)
            rule(_Place(target, key, value, _pointer(key), replace and key != "openapi", outcome))
    return outcome


@dataclass(frozen=True)
class _Place:
    """One key of ``parent`` that the incoming document also has."""

    parent: Any  # a mapping, or the list of a by-name unit
    key: Any
    value: Any
    pointer: str
    replace: bool
    outcome: Outcome

    @property
    def current(self) -> Any:
        return self.parent[self.key]


def _whole(place: _Place) -> None:
    if plain(place.current) == plain(place.value):
        place.outcome.identical.append(place.pointer)
    elif place.replace:
        place.parent[place.key] = place.value
        place.outcome.replaced.append(place.pointer)
    else:
        place.outcome.conflicts.append(Conflict(place.pointer, _line(place.parent, place.key), plain(place.current), plain(place.value)))


def _nested(depth: int) -> Callable[[_Place], None]:
    """Units ``depth`` levels below the key: ``paths/{path}/{method}``, ``components/{kind}/{name}``."""

    def rule(place: _Place) -> None:
        if depth == 0 or not isinstance(place.current, dict) or not isinstance(place.value, dict):
            _whole(place)
            return
        inner = _nested(depth - 1)
        for key, value in place.value.items():
            pointer = f"{place.pointer}/{escape_pointer(str(key))}"
            if key not in place.current:
                place.current[key] = value
                place.outcome.added.append(pointer)
            else:
                inner(_Place(place.current, key, value, pointer, place.replace, place.outcome))

    return rule


def _by_name(place: _Place) -> None:
    """A list of named objects (tags): each name is a unit; new names are appended."""
    current, incoming = place.current, place.value
    if not isinstance(current, list) or not isinstance(incoming, list):
        _whole(place)
        return
    names = {item.get("name"): index for index, item in enumerate(current) if isinstance(item, dict)}
    for item in incoming:
        name = item.get("name") if isinstance(item, dict) else None
        pointer = f"{place.pointer}/{escape_pointer(str(name))}"
        if name is None or name not in names:
            current.append(item)
            place.outcome.added.append(pointer)
        else:
            _whole(_Place(current, names[name], item, pointer, place.replace, place.outcome))


UNIT_RULES: dict[str, Callable[[_Place], None]] = {
    "paths": _nested(2),
    "webhooks": _nested(2),
    "components": _nested(2),
    "tags": _by_name,
}


def _insert_top_level(target: CommentedMap, key: Any, value: Any) -> None:
    rank = TOP_LEVEL_ORDER.index(key) if key in TOP_LEVEL_ORDER else len(TOP_LEVEL_ORDER)
    for position, existing in enumerate(target):
        existing_rank = TOP_LEVEL_ORDER.index(existing) if existing in TOP_LEVEL_ORDER else len(TOP_LEVEL_ORDER)
        if existing_rank > rank:
            target.insert(position, key, value)
            return
    target[key] = value


def _pointer(key: Any) -> str:
    return "#/" + escape_pointer(str(key))


def _line(parent: Any, key: Any) -> int | None:
    try:
        return int(parent.lc.key(key)[0]) + 1 if isinstance(parent, CommentedMap) else int(parent.lc.item(key)[0]) + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return None


def line_at(root: Any, pointer: str) -> int | None:
    """The 1-based line of the node at ``pointer`` in a round-trip tree, if it has one."""
    node, line = root, None
    for part in pointer_parts(pointer):
        if isinstance(node, CommentedSeq) and part.isdigit() and int(part) < len(node):
            line, node = _line(node, int(part)), node[int(part)]
        elif isinstance(node, CommentedMap) and part in node:
            line, node = _line(node, part), node[part]
        else:
            return line
    return line
