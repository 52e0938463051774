"""The native YAML reader: one pass over the text gives the data and the line of every node.

The C extension :mod:`._yamlc` (``_yamlc.c`` beside this file, built when clientgen is installed)
reads the YAML that API documents are written in exactly as ruamel.yaml's safe loader and
:func:`.document._normalise` do, and says None for anything it is not sure of (its header lists
what); the caller then reads the document another way (:mod:`.fast`, or ruamel.yaml), which
also says what is wrong. A plain scalar that YAML may read as other than text (``200``, ``1.5``,
``2024-01-01``, ``~``) is resolved by ruamel.yaml's own resolver and constructor (:mod:`.scalars`),
so the two agree by construction; the C side reads only the forms whose value is certain.

The positions come from the same pass (:class:`Marks`): the map from JSON pointer to line is made
from them only when a diagnostic needs a line, with no second parse.

Why a document was left: build the extension with ``-DYAMLC_DEBUG`` (``CFLAGS=-DYAMLC_DEBUG
pip install -e .``) and each give-up prints the C line and the document line where it happened.

Measured on Box's spec as YAML (1.4 MB; ``json.loads`` of the same data as JSON: 4.3 to 4.7 ms),
loading the file (``bench/load_step.py``): this reader 10 to 12 ms, positions included; yaml-rs,
with the checks :mod:`.fast` needs, 60 to 67 ms; ruamel.yaml's safe loader 440 to 520 ms.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from typing import Any

from . import guard, scalars

try:
    from . import _yamlc
except ImportError:  # pragma: no cover - built without a C compiler: the other readers take every document
    _yamlc = None  # type: ignore[assignment]


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
                lines.setdefault(pointer, line)  # a key "" at the root: "/" stays the root's
            if info >> 2:
                open_.append([pointer, info & 3 == 1, info >> 2, 0])
            while open_ and open_[-1][2] == 0:
                open_.pop()
        return lines


def built() -> bool:
    """Whether the C extension was built at install (it needs a C compiler)."""
    return _yamlc is not None


def read(text: str) -> tuple[Any, Marks] | None:
    """The document's data and positions, or None when this reader cannot be sure of them."""
    if _yamlc is None:
        return None
    if "\r" in text:  # Windows line ends: YAML reads "\r\n" as "\n" everywhere (a lone "\r" is left)
        text = text.replace("\r\n", "\n")
    collecting = gc.isenabled()
    gc.disable()  # the collector finds no cycle in fresh data, and would walk it many times over
    try:
        found = _yamlc.read(
            text, scalars.value, scalars.key, scalars.first_characters(), scalars.LONGEST_WORD, guard.MAX_DEPTH, guard.MAX_NODES
        )
    except scalars.NotSure:
        return None
    finally:
        if collecting:
            gc.enable()
    if found is None:
        return None
    data, nodes, keys = found
    return data, Marks(nodes, keys)
