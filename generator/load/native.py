"""The native YAML reader: one pass over the text gives the data and the line of every node.

The C extension :mod:`._yamlc` (``_yamlc.c`` beside this file, built when clientgen is installed)
reads the YAML that API documents are written in exactly as ruamel.yaml's safe loader and
:func:`.document._normalise` do, and says None for anything it is not sure of (its header lists
what); the caller then reads the document another way (:mod:`.fast`, or ruamel.yaml), which
also says what is wrong. A plain scalar that YAML may read as other than text (``200``, ``1.5``,
``2024-01-01``, ``~``) is resolved here, by ruamel.yaml's own resolver and constructor, so the two
agree by construction; the C side reads only the forms whose value is certain.

The positions come from the same pass (:class:`Marks`): the map from JSON pointer to line is made
from them only when a diagnostic needs a line, with no second parse.

Measured on Box's spec as YAML (1.4 MB; ``json.loads`` of the JSON: 6.6 ms): ruamel.yaml's safe
loader 530 ms, yaml-rs with the checks :mod:`.fast` needs 57 ms, this reader, positions
included, see ``bench/load_step.py``.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.nodes import ScalarNode

from . import guard

try:
    from . import _yamlc
except ImportError:  # pragma: no cover - built without a C compiler: the other readers take every document
    _yamlc = None  # type: ignore[assignment]

_TEXT = "tag:yaml.org,2002:str"
_READ_HERE = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp"))


# The longest plain scalar starting with a letter that YAML 1.2 may read as other than text: the
# resolver's words are true, false and null in three spellings each (``TRUE``, ``False``, ``null``).
_LONGEST_WORD = 5


class _NotSure(Exception):
    """A plain scalar this reader leaves to ruamel.yaml's whole load (a merge key, ``=``, a value
    its constructor refuses)."""


@dataclass(frozen=True)
class Marks:
    """The positions one read recorded: for each node in document order, its line and its kind
    and size (see ``_yamlc.c``), and the key of each mapping entry, in order."""

    nodes: bytes
    keys: list[str]

    def line_map(self) -> dict[str, int]:
        """Pointer (``/a/0/b``; ``""`` and ``"/"`` for the root) -> 1-based line, as
        :func:`.positions.line_map` gives it: a mapping's value at its key's line."""
        lines = {"": 1, "/": 1}
        numbers = memoryview(self.nodes).cast("i")
        keys = iter(self.keys)
        open_: list[list[Any]] = []  # [pointer, is a mapping, children left, next index]
        for at in range(0, len(numbers), 2):
            line, info = numbers[at], numbers[at + 1]
            pointer = ""
            if open_:
                parent = open_[-1]
                if parent[1]:
                    pointer = parent[0] + "/" + next(keys).replace("~", "~0").replace("/", "~1")
                else:
                    pointer = f"{parent[0]}/{parent[3]}"
                    parent[3] += 1
                parent[2] -= 1
                lines[pointer] = line
            if info >> 2:
                open_.append([pointer, info & 3 == 1, info >> 2, 0])
            while open_ and open_[-1][2] == 0:
                open_.pop()
        return lines


def read(text: str) -> tuple[Any, Marks] | None:
    """The document's data and positions, or None when this reader cannot be sure of them."""
    if _yamlc is None:
        return None
    try:
        found = _yamlc.read(text, _scalar, _key, _special(), _LONGEST_WORD, guard.MAX_DEPTH, guard.MAX_NODES)
    except _NotSure:
        return None
    if found is None:
        return None
    data, nodes, keys = found
    return data, Marks(nodes, keys)


@functools.cache
def _special() -> str:
    """The first characters of the plain scalars YAML may read as other than text: those the
    resolver has implicit types for (the empty scalar is null, and the C side knows it)."""
    return "".join(sorted(key for key in _loader()[0].versioned_resolver if key))


@functools.cache
def _loader() -> tuple[Any, Any]:
    yaml = YAML(typ="safe")
    return yaml.resolver, yaml.constructor


@functools.lru_cache(maxsize=4096)
def _construct(text: str) -> Any:
    """A plain scalar's value as ruamel.yaml's safe loader makes it."""
    resolver, constructor = _loader()
    tag = str(resolver.resolve(ScalarNode, text, (True, False)))  # a ruamel.yaml Tag
    if tag not in _READ_HERE:
        raise _NotSure(tag)
    if tag == _TEXT:
        return text
    try:
        return constructor.yaml_constructors[tag](constructor, ScalarNode(tag, text))
    except Exception as exc:  # "._", a date that does not exist: the whole load says where
        raise _NotSure(text) from exc


def _scalar(text: str) -> Any:
    value = _construct(text)
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def _key(text: str) -> str:
    from .document import _key as as_key  # here: document imports this module

    return as_key(_construct(text))

