"""What validation forgives: deviations from the letter of OpenAPI that change nothing generated.

Real documents omit ``info`` or a response's ``description``, leave ``paths`` empty, write
``version: 1.0`` (a YAML number), use JSON Schema's boolean schemas, or use 3.1 schema syntax
(``type: 'null'``, ``type: [string, 'null']``) in a document that says 3.0. Refusing them would
refuse most published specs for no gain, so each such problem becomes a located warning that
says how it is read. Everything else stays an error.

A rule sees one problem - the JSON pointer of the wrong node, the validator's message and the
value found there - and returns the warning text, or ``None`` when it does not apply.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..load.document import pointer_parts, value_in

MISSING = "required field is missing"


@dataclass(frozen=True)
class Problem:
    pointer: str
    message: str
    value: Any  # the value at the pointer; None when absent


Rule = Callable[[Problem], str | None]

# Fields OpenAPI requires that carry nothing a client needs; absent (or null) reads as empty.
_HARMLESS_MISSING: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^#/info$"), "the document has no `info`; the title and version read as empty"),
    (re.compile(r"^#/info/title$"), "`info` has no `title`; the client is named after the file"),
    (re.compile(r"^#/info/version$"), "`info` has no `version`; it reads as empty"),
    (re.compile(r"^#/paths$"), "the document has no `paths`; only its models are generated"),
    (re.compile(r"^#/paths/[^/]+/[a-z]+/responses$"), "the operation lists no responses; its method returns the body as Any"),
    (re.compile(r"/responses/[^/]+/description$"), "the response has no `description`"),
)


def harmless_missing(problem: Problem) -> str | None:
    absent = problem.message == MISSING or (problem.value is None and "valid dictionary" in problem.message)
    if not absent:
        return None
    return next((text for pattern, text in _HARMLESS_MISSING if pattern.search(problem.pointer)), None)


def numeric_version(problem: Problem) -> str | None:
    if problem.pointer == "#/info/version" and isinstance(problem.value, (int, float)) and not isinstance(problem.value, bool):
        return f"`info.version` is the number {problem.value!r}, not a string; it reads as {str(problem.value)!r} (quote it)"
    return None


def boolean_schema(problem: Problem) -> str | None:
    if isinstance(problem.value, bool) and "Schema" in problem.message:
        meaning = "anything" if problem.value else "nothing"
        return f"boolean schema `{str(problem.value).lower()}` (allows {meaning})"
    return None


RULES: tuple[Rule, ...] = (harmless_missing, numeric_version, boolean_schema)


def forgive(problem: Problem, version: str) -> str | None:
    """The warning for a forgivable problem, else ``None``. Boolean schemas are valid 3.1 (the
    validator's models lack them): no warning at all, so the text is empty."""
    for rule in RULES:
        text = rule(problem)
        if text is not None:
            return "" if rule is boolean_schema and version == "3.1" else text
    return None


def newer_syntax(pointer: str, message: str, value: Any) -> tuple[str, str]:
    """The warning for a problem that OpenAPI 3.1 would not have, in a 3.0 document."""
    what = f"`type: {value!r}`" if pointer.endswith("/type") else f"this ({message})"
    return (
        f"{what} is OpenAPI 3.1 syntax in a 3.0 document; it is read as OpenAPI 3.1 defines it",
        "declare `openapi: 3.1.0`, or write `nullable: true` as OpenAPI 3.0 does",
    )


def value_at(data: Any, pointer: str) -> Any:
    return value_in(data, pointer_parts(pointer))


def explained_by(pointer: str, others: list[str]) -> bool:
    """Whether a problem at ``pointer`` also shows (at it, above or below it) in ``others``."""
    return any(o == pointer or o.startswith(pointer + "/") or pointer.startswith(o + "/") for o in others)
