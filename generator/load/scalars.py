"""How YAML reads a plain scalar, for the readers that do not build values through ruamel.yaml:
ruamel.yaml's own resolver and constructor, so that they read as its safe loader does by
construction. The native reader (:mod:`.native`) asks here for the plain scalars whose value it is
not certain of, and :mod:`.positions` for the text of a plain key."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.nodes import ScalarNode

# The longest plain scalar starting with a letter that YAML 1.2 may read as other than text: the
# resolver's words are true, false and null in three spellings each (``TRUE``, ``False``, ``null``).
LONGEST_WORD = 5

_TEXT = "tag:yaml.org,2002:str"
_READ = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp"))


class NotSure(Exception):
    """A plain scalar that only ruamel.yaml's whole load reads right, or refuses with its line: a
    merge key, ``=``, a value its constructor refuses (``._``, a date that does not exist)."""


@functools.cache
def first_characters() -> str:
    """The first characters of the plain scalars YAML may read as other than text: those the
    resolver has implicit types for (besides the empty scalar, which is null)."""
    return "".join(sorted(key for key in _loader()[0].versioned_resolver if key))


def value(text: str) -> Any:
    """A plain scalar's value in the data: as ruamel.yaml's safe loader builds it, a timestamp as
    its ISO text. Raises :class:`NotSure`."""
    built = _construct(text)
    return built.isoformat() if isinstance(built, (dt.date, dt.datetime)) else built


def key(text: str) -> str:
    """A plain mapping key as the data spells it: ``200`` is ``"200"``, ``~`` is ``"null"``.
    Raises :class:`NotSure`."""
    return key_text(_construct(text))


def key_text(key: Any) -> str:
    """A key YAML read as a value other than text, spelled as text."""
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return key if isinstance(key, str) else str(key)


@functools.cache
def _loader() -> tuple[Any, Any]:
    yaml = YAML(typ="safe")
    return yaml.resolver, yaml.constructor


@functools.lru_cache(maxsize=4096)
def _construct(text: str) -> Any:
    resolver, constructor = _loader()
    tag = str(resolver.resolve(ScalarNode, text, (True, False)))  # str(): a ruamel.yaml Tag
    if tag not in _READ:
        raise NotSure(tag)
    if tag == _TEXT:
        return text
    try:
        return constructor.yaml_constructors[tag](constructor, ScalarNode(tag, text))
    except Exception as exc:
        raise NotSure(text) from exc
