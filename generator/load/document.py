"""Stage 1, load: a spec file becomes plain JSON-like data, with positions found on demand.

JSON is read with :mod:`json`. YAML is read by the first of three readers that is sure to read it
exactly as ruamel.yaml's safe loader does: the native reader (:mod:`.native`), which records the
positions in the same pass; yaml-rs (:mod:`.fast`), when the text shows it reads the document
alike; else ruamel.yaml's C-accelerated safe loader itself, after :mod:`.guard`'s checks, which
also says what is wrong. Without recorded positions (JSON, and YAML the native reader left),
they cost a second pass over the text (libyaml's events, :mod:`.positions`); either way the map
from pointer to line is made only when a diagnostic needs a line: a valid spec never pays for it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..errors import Diagnostic, GenerationError, Level, Location, unescape_pointer
from . import fast, guard, native, positions, scalars

JSON_SUFFIXES = frozenset({".json"})


@dataclass
class Document:
    """One parsed file of a spec: its data and a lazily built map from JSON pointer to line.

    ``grafts`` names the values spliced into ``data`` from other files (a ``$ref`` where OpenAPI
    defines none, resolved as bundlers do): under each such pointer the value is another
    document's, so its relative ``$ref``s resolve against that document (RFC 3986) and its
    positions are that document's lines."""

    path: Path
    data: Any
    text: str
    grafts: dict[str, Graft] = field(default_factory=dict, repr=False)
    marks: native.Marks | None = field(default=None, repr=False)  # the positions the read recorded
    _lines: dict[str, int] | None = field(default=None, repr=False)

    def line_of(self, pointer: str) -> int | None:
        """The line of the node at ``pointer``, or of its nearest ancestor that has one."""
        if self._lines is None:
            self._lines = self.marks.line_map() if self.marks is not None else positions.line_map(self.text)
        parts = pointer.lstrip("#").split("/")[1:] if pointer not in ("", "#") else []
        while True:
            key = "/" + "/".join(parts)
            if key in self._lines:
                return self._lines[key]
            if not parts:
                return None
            parts.pop()

    def locate(self, location: Location) -> Location:
        """``location`` with its line; in a grafted value, the location in the file it came from."""
        if self.grafts and location.file == self.path:
            found = self.graft_at(location.pointer)
            if found is not None:
                return found[0].document.locate(Location(found[0].document.path, found[1]))
        return Location(location.file, location.pointer, self.line_of(location.pointer))

    def graft_at(self, pointer: str) -> tuple[Graft, str] | None:
        """The graft that holds ``pointer`` (the deepest), and the pointer in its document."""
        for prefix in _prefixes(pointer):
            graft = self.grafts.get(prefix)
            if graft is not None:
                return graft, graft.pointer + pointer[len(prefix) :]
        return None


@dataclass(frozen=True)
class Graft:
    """Where a value spliced into a document came from: the document and the pointer there."""

    document: Document
    pointer: str


def _prefixes(pointer: str) -> Iterator[str]:
    """``#/a/b``, ``#/a``: the pointer and its ancestors, deepest first (not the root)."""
    while pointer not in ("", "#"):
        yield pointer
        pointer = pointer.rsplit("/", 1)[0]


def load(path: Path) -> Document:
    """Read and parse one file; an unreadable, malformed or unreasonably costly file (see
    :mod:`generator.guard`) is a located GenerationError."""
    _refuse(path, guard.check_file(path))
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _error(path, None, "file not found", "check the path, or the $ref that names it") from None
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise _error(
            path,
            line,
            f"not UTF-8: byte 0x{exc.object[exc.start]:02x} cannot start or continue a character",
            "save the file as UTF-8",
        ) from None
    except OSError as exc:
        raise _error(path, None, f"cannot read the file: {exc}", "") from None
    is_json = path.suffix.lower() in JSON_SUFFIXES
    if not is_json:
        read = native.read(text)  # None: a document it may read otherwise than ruamel.yaml
        if read is not None:
            return _as_openapi(Document(path, read[0], text, marks=read[1]))
        quick = fast.read(text)  # the same
        if quick is not None:
            return _as_openapi(Document(path, quick, text))
    _refuse(path, guard.check_json(text) if is_json else guard.check_yaml(text))
    data = _parse_json(path, text) if is_json else _parse_yaml(path, text)
    if is_json and guard.may_have_surrogates(text):
        _refuse(path, guard.lone_surrogate(data), text)
    try:
        document = Document(path, _normalise(data), text)
    except _NotJson:  # a YAML !!binary or !!set: find where, for the message
        _refuse(path, guard.not_json(data), text)
        raise
    return _as_openapi(document)


def _as_openapi(document: Document) -> Document:
    """The document, or a Swagger 2.0 document read as OpenAPI 3.0."""
    if isinstance(document.data, dict) and "swagger" in document.data:
        from .swagger2 import converted  # here: it imports this module, and a 3.x run never needs it

        return converted(document)
    return document


def _parse_json(path: Path, text: str) -> Any:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise ValueError(f"duplicate key {key!r}")
            result[key] = value
        return result

    try:
        return json.loads(text, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        raise _error(path, exc.lineno, f"invalid JSON: {exc.msg}", "fix the syntax at that line") from None
    except ValueError as exc:  # from no_duplicates; find the line by a YAML parse, which also sees it
        line = _duplicate_line(text)
        raise _error(path, line, f"invalid JSON: {exc}", "each key may appear once in an object") from None


def _parse_yaml(path: Path, text: str) -> Any:
    yaml = YAML(typ="safe")  # the C loader when ruamel.yaml.clib is installed
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = (exc.problem or exc.context or "malformed YAML").strip()
        hint = "YAML does not allow tabs for indentation; use spaces" if "\t" in _line_text(text, line) else ""
        if "duplicate key" in str(exc):
            problem, hint = f"duplicate key: {problem}", "each key may appear once in a mapping"
        elif "could not determine a constructor" in problem:  # !!python/object and other local tags: never run
            hint = "only YAML's standard tags are read; remove the tag"
        raise _error(path, line, f"invalid YAML: {problem}", hint) from None
    except YAMLError as exc:
        raise _error(path, None, f"invalid YAML: {exc}", "") from None
    except (ValueError, OverflowError) as exc:  # a scalar its constructor cannot read, such as "._"
        raise _error(path, None, f"invalid YAML: a value cannot be read ({exc})", "quote the value to make it a string") from None


def _normalise(value: Any) -> Any:
    """Keys become strings (YAML reads ``200:`` as an int) and YAML timestamps become ISO text."""
    if isinstance(value, dict):
        return {scalars.key_text(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_normalise(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float)):
        return value
    raise _NotJson


class _NotJson(Exception):
    pass


def _duplicate_line(text: str) -> int | None:
    try:
        YAML(typ="safe", pure=True).load(text)
    except MarkedYAMLError as exc:
        return exc.problem_mark.line + 1 if exc.problem_mark else None
    except YAMLError:
        return None
    return None


def _line_text(text: str, line: int | None) -> str:
    if line is None:
        return ""
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _refuse(path: Path, refusal: guard.Refusal | None, text: str = "") -> None:
    if refusal is not None:
        line = refusal.line if refusal.line is not None or not text else Document(path, None, text).line_of(refusal.pointer)
        raise GenerationError([Diagnostic(Level.ERROR, refusal.message, Location(path, refusal.pointer, line), refusal.hint)])


class UnreadableError(GenerationError):
    """A file that cannot be read or parsed: missing, not UTF-8, not valid YAML or JSON. Named by a
    ``$ref``, it costs only the pieces that refer to it (:mod:`.resolve`); the guard's refusals
    are not of this kind, and refuse the run wherever the file is."""


def _error(path: Path, line: int | None, message: str, hint: str) -> UnreadableError:
    return UnreadableError([Diagnostic(Level.ERROR, message, Location(path, "#", line), hint)])


def pointer_parts(pointer: str) -> list[str]:
    """``#/a/b~1c`` -> ``["a", "b/c"]``."""
    body = pointer.lstrip("#")
    return [unescape_pointer(p) for p in body.split("/")[1:]] if body else []


def value_in(data: Any, parts: list[str]) -> Any:
    """The value under the keys and indexes ``parts`` in JSON-like ``data``, or None."""
    for part in parts:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data
