"""Names are a type: each sanitises itself once, when made.

:class:`Identifier` is a snake_case Python name for fields, parameters and methods;
:class:`ClassName` a PascalCase one for models and clients. A :class:`Namespace` hands out
names in one scope and resolves collisions with a deterministic numeric suffix, so the same
spec always gives the same names; the wire name is kept beside the Python one by the IR. The names
generated code reserves are listed in :mod:`.reserved`.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from functools import cache
from typing import TypeVar

from .reserved import MODEL_ATTRIBUTES, REFERENCED_NAMES

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NON_WORD = re.compile(r"[^0-9a-zA-Z]+")


def words(text: str) -> tuple[str, ...]:
    """Split any wire name into words: ``x-algolia-APIKey`` -> ``x algolia API Key``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts: list[str] = []
    for chunk in _NON_WORD.split(ascii_text):
        parts.extend(p for p in _WORD_BOUNDARY.split(chunk) if p)
    return tuple(parts)


# Comparison operators a parameter's wire name may carry (Twilio's ``StartTime<``, ``StartTime>``):
# spelled as words, so that names which differ only by them stay apart without a counter.
OPERATOR_WORDS = {"<=": "lte", ">=": "gte", "!=": "ne", "<": "lt", ">": "gt"}
_OPERATOR = re.compile("|".join(re.escape(o) for o in OPERATOR_WORDS))


def spelled_operators(text: str) -> str:
    """``StartTime<`` -> ``StartTime lt``; text without an operator is returned as it is."""
    return _OPERATOR.sub(lambda m: f" {OPERATOR_WORDS[m[0]]} ", text)


@cache  # a large spec names the same thing many times (Box: 14,000 calls, 1,900 names)
def snake_case(text: str) -> str:
    return "_".join(w.lower() for w in words(text))


@cache
def pascal_case(text: str) -> str:
    return "".join(w[0].upper() + w[1:] for w in words(text))


def upper_snake_case(text: str) -> str:
    return snake_case(text).upper()


class Identifier(str):
    """A snake_case Python identifier that is neither a keyword nor a name generated code uses."""

    SEPARATOR = "_"  # between a name and the suffix that makes it unique

    def __new__(cls, text: str, *, reserved: frozenset[str] = frozenset()) -> Identifier:
        name = snake_case(text) or "value"
        if name[0].isdigit():
            name = "n" + name
        if keyword.iskeyword(name) or (keyword.issoftkeyword(name) and name != "_"):
            name += "_"
        if name in REFERENCED_NAMES or name in reserved or name.startswith("model_"):
            name += "_"
        return super().__new__(cls, name)


class FieldName(Identifier):
    """An identifier for a model field: also avoids pydantic's own attributes."""

    def __new__(cls, text: str, *, reserved: frozenset[str] = frozenset()) -> FieldName:
        return super().__new__(cls, text, reserved=reserved | MODEL_ATTRIBUTES)  # type: ignore[return-value]


class ClassName(str):
    """A PascalCase class name, never a keyword, never starting with a digit."""

    SEPARATOR = ""

    def __new__(cls, text: str) -> ClassName:
        name = pascal_case(text) or "Model"
        if name[0].isdigit():
            name = "Model" + name
        if keyword.iskeyword(name) or name in REFERENCED_NAMES:
            name += "_"
        return super().__new__(cls, name)


class ConstantName(str):
    """An UPPER_SNAKE_CASE name for an enum member."""

    SEPARATOR = "_"

    def __new__(cls, text: str) -> ConstantName:
        name = upper_snake_case(text)
        if not name:
            name = "EMPTY" if text == "" else "VALUE"
        if name[0].isdigit():
            name = "VALUE_" + name
        if keyword.iskeyword(name):  # only None, True and False are upper case keywords
            name += "_"
        return super().__new__(cls, name)


N = TypeVar("N", bound=str)


class Namespace:
    """Hands out unique names in one scope; a taken name gets ``_2``, ``_3``, ... in call order."""

    def __init__(self, taken: frozenset[str] | set[str] = frozenset()) -> None:
        self._taken: set[str] = {t.casefold() for t in taken}

    def claim(self, name: N) -> N:
        """``name`` itself if free, else the first free ``name_2``, ``name_3``, ... (``Name2`` for classes)."""
        candidate, n = str(name), 2
        separator = "" if name.endswith("_") else getattr(name, "SEPARATOR", "_")
        while candidate.casefold() in self._taken:
            candidate = f"{name}{separator}{n}"
            n += 1
        self._taken.add(candidate.casefold())
        return name if candidate == name else str.__new__(type(name), candidate)

    def __contains__(self, name: str) -> bool:
        return name.casefold() in self._taken
