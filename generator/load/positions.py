"""Positions: the line of every node of a YAML (or JSON) text, by JSON pointer.

Made only when a diagnostic needs a line (:meth:`.document.Document.line_of`), from one pass over
the events of libyaml's parser (ruamel.yaml's C parser): no node graph is composed and no value is
built, which makes it several times cheaper than composing the document. A mapping's child is at
its key's line, a sequence's item at the item's; under an alias, the nodes of what it names, at
their own lines (a sequence item that is an alias, at the line of the node it names).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    MappingStartEvent,
    ScalarEvent,
)

from . import scalars

_STR_TAG = "tag:yaml.org,2002:str"


@dataclass
class _Open:
    """A collection being read: its pointer, and where in it the reader is."""

    pointer: str
    mapping: bool
    index: int = 0  # the next item's (sequence)
    key: str | None = None  # the pointer of the value to come (mapping); None: a key comes next
    skip: int = 0  # inside a key that is itself a collection: its depth, which gets no lines


def line_map(text: str) -> dict[str, int]:
    """Pointer (``/a/0/b``; ``""`` and ``"/"`` for the root) -> 1-based line. libyaml refuses what
    the pure-Python parser reads, such as JSON's ``"\\ud800"``; the latter is tried then. A text
    neither parses: only the root's line."""
    for pure in (False, True):
        try:
            return _walk(YAML(typ="safe", pure=pure).parse(text))
        except YAMLError:
            continue
    return {"": 1, "/": 1}


def _walk(events: Any) -> dict[str, int]:
    lines: dict[str, int] = {"": 1, "/": 1}
    anchored: dict[str, tuple[str, int]] = {}  # anchor -> (pointer, line) of the node it names
    scalar_keys: dict[str, str] = {}  # anchor of a scalar -> its text as a key
    stack: list[_Open] = []
    for event in events:
        if isinstance(event, CollectionEndEvent):
            done = stack.pop()
            if done.skip:
                stack.append(done)
                done.skip -= 1
            continue
        if not isinstance(event, (CollectionStartEvent, ScalarEvent, AliasEvent)):
            continue
        line = event.start_mark.line + 1
        parent = stack[-1] if stack else None
        if parent is not None and parent.skip:
            parent.skip += isinstance(event, CollectionStartEvent)
            continue
        if parent is None:
            pointer = ""
        elif not parent.mapping:
            pointer = f"{parent.pointer}/{parent.index}"
            parent.index += 1
            lines[pointer] = anchored[event.anchor][1] if isinstance(event, AliasEvent) and event.anchor in anchored else line
        elif parent.key is None:  # a key
            if isinstance(event, ScalarEvent):
                text = _key_text(event)
            else:  # a collection, or an alias: of a scalar, that scalar's text
                text = scalar_keys.get(event.anchor, "?") if isinstance(event, AliasEvent) else "?"
            parent.key = f"{parent.pointer}/{text.replace('~', '~0').replace('/', '~1')}"
            if isinstance(event, AliasEvent) and event.anchor in anchored:
                line = anchored[event.anchor][1]  # an alias is the node it names, where that stands
            lines.setdefault(parent.key, line)  # the first of duplicate keys
            if isinstance(event, CollectionStartEvent):
                parent.skip = 1
            continue
        else:
            pointer, parent.key = parent.key, None
        if isinstance(event, AliasEvent):
            _copy(lines, anchored.get(event.anchor), pointer)
            continue
        if event.anchor is not None:
            anchored[event.anchor] = (pointer, line)
            if isinstance(event, ScalarEvent):
                scalar_keys[event.anchor] = _key_text(event)
        if isinstance(event, CollectionStartEvent):
            stack.append(_Open(pointer, isinstance(event, MappingStartEvent)))
    return lines


def _copy(lines: dict[str, int], named: tuple[str, int] | None, pointer: str) -> None:
    """An alias at ``pointer``: the lines of the nodes below the one it names, below it."""
    if named is None:
        return
    source = named[0] + "/"
    for below, line in [(p, n) for p, n in lines.items() if p.startswith(source)]:
        lines.setdefault(pointer + below[len(named[0]) :], line)


def _key_text(event: ScalarEvent) -> str:
    """A mapping key as the data spells it: ``200:`` is ``"200"``, ``~:`` is ``"null"``."""
    tag = event.tag if event.tag not in (None, "!") else None
    if tag == _STR_TAG or (tag is None and (event.style or not event.value or event.value[0] not in scalars.first_characters())):
        return str(event.value)
    if tag is None:  # read as the data reads it, not as a document of its own ("y:", "---", "-")
        try:
            return scalars.key(str(event.value))
        except scalars.NotSure:
            return str(event.value)
    return _read_key(str(event.value))


@functools.lru_cache(maxsize=1024)
def _read_key(value: str) -> str:
    """A tagged key's text (``!!int "14"``): the text read as a document."""
    try:
        return scalars.key_text(YAML(typ="safe").load(value))
    except YAMLError:
        return value
