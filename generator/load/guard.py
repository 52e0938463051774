"""What one spec file may cost before it is parsed into objects: its size, its nesting depth and,
for YAML, how far its aliases expand.

A spec is outside input. Without these bounds a few hundred bytes of YAML aliases (the "billion
laughs") expand to gigabytes, ten thousand nested brackets overflow the parser's stack (the C
YAML loader crashes the process), and a special file (a FIFO, ``/dev/zero``) never ends. Each
check runs in linear time on the raw text - JSON with one regular expression, YAML on the parser's
event stream, which never builds nodes - and returns a :class:`Refusal` that :mod:`generator.load`
reports at its line.
"""

from __future__ import annotations

import datetime
import itertools
import json
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, MappingStartEvent, ScalarEvent

MAX_BYTES = 32 * 1024 * 1024  # 18 times the largest public spec in the corpus (box.json, 1.7 MB)
MAX_DEPTH = 128  # nested mappings and sequences; real specs stay below 40
MAX_NODES = 4_000_000  # scalars and collections once every YAML alias is expanded
MAX_DIGITS = 4300  # Python's limit for converting decimal text to int (sys.get_int_max_str_digits)

_JSON_STRING_PATTERN = r'"(?:[^"\\]|\\.)*"'
_LONG_NUMBER_PATTERN = rf"(?<![0-9.eE+-])[0-9]{{{MAX_DIGITS + 1},}}(?![0-9.eE])"
_JSON_TOKENS = re.compile(rf"{_JSON_STRING_PATTERN}|[\[\]{{}}:,]|{_LONG_NUMBER_PATTERN}", re.DOTALL)
_JSON_STRING = re.compile(_JSON_STRING_PATTERN, re.DOTALL)
_LONG_DIGITS = re.compile(f"[0-9]{{{MAX_DIGITS + 1},}}")  # every long number the scan refuses, and more
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_BRACKET_STEPS = bytes.maketrans(b"[{]}", bytes([1, 1, 255, 255]))  # +1 and -1 as signed bytes
_DECIMAL = re.compile(r"[-+]?[0-9][0-9_]*")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Refusal:
    message: str
    hint: str
    line: int | None = None
    pointer: str = "#"


def check_file(path: Path) -> Refusal | None:
    """A regular file of at most :data:`MAX_BYTES`; a missing file is left to the reader to report."""
    try:
        info = path.stat()
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return Refusal("not a regular file", "a spec and the files its $refs name must be ordinary files")
    if info.st_size > MAX_BYTES:
        return Refusal(
            f"the file is {info.st_size / 2**20:.1f} MiB, more than the {MAX_BYTES // 2**20} MiB clientgen reads",
            "split the document into files joined by relative $refs, or remove what the client does not need",
        )
    return None


def check_json(text: str) -> Refusal | None:
    """Depth and number lengths: :func:`scan_json`, unless the document is plainly within the
    limits (the usual case, decided at C speed)."""
    return None if _plainly_within_limits(text) else scan_json(text)


def scan_json(text: str) -> Refusal | None:
    """Depth and number lengths from a scan of every token; keys are followed for the pointer
    (as their raw tokens, decoded only for a refusal's pointer)."""
    stack: list[list[Any]] = []  # open containers: [kind, current key token or index]
    key = ""
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            stack.append([token, 0 if token == "[" else '""'])
            if len(stack) > MAX_DEPTH:
                return _too_deep(_line(text, match.start()), _json_pointer(stack[:-1]))
        elif token in ("]", "}"):
            if stack:
                stack.pop()
        elif token == ":":
            if stack and stack[-1][0] == "{":  # malformed JSON may put one in a list
                stack[-1][1] = key
        elif token == ",":
            if stack and stack[-1][0] == "[":
                stack[-1][1] += 1
        elif token.startswith('"'):
            key = token
        else:
            return _too_long(_line(text, match.start()), _json_pointer(stack), len(token))
    return None


def _plainly_within_limits(text: str) -> bool:
    """What :func:`scan_json` finds when it finds nothing, at C speed: with strings removed as
    the scan skips them, no run of digits too long and brackets never nested too deep. Any doubt
    is left to the scan."""
    bare = _JSON_STRING.sub("", text)
    if _LONG_DIGITS.search(bare):
        return False
    steps = _NOT_BRACKET.sub("", bare).encode("ascii").translate(_BRACKET_STEPS)
    depths = list(itertools.accumulate(memoryview(steps).cast("b")))
    # a closer with nothing open is ignored by the scan, so depths below zero are left to it
    return not depths or (min(depths) >= 0 and max(depths) <= MAX_DEPTH)


def check_yaml(text: str) -> Refusal | None:
    """Depth, expanded size and number lengths from the event stream; aliases count as what they
    stand for. Malformed YAML is left to the loader, which reports it with its line."""
    sizes: dict[str, tuple[int, int]] = {}  # anchor -> (nodes, height) of the node it names
    stack: list[_Open] = []
    expanded = 0
    try:
        for event in YAML(typ="safe").parse(text):
            line = event.start_mark.line + 1 if event.start_mark is not None else None
            if isinstance(event, CollectionStartEvent):
                stack.append(_Open(event.anchor, isinstance(event, MappingStartEvent)))
                expanded += 1
                if len(stack) > MAX_DEPTH:
                    return _too_deep(line, _pointer(entry.part for entry in stack[:-1]))
                continue
            if isinstance(event, CollectionEndEvent):
                done = stack.pop()
                anchor, nodes, height, value = done.anchor, done.nodes, done.height + 1, None
            elif isinstance(event, ScalarEvent):
                anchor, nodes, height, value = event.anchor, 1, 0, event.value
                expanded += 1
                if not event.style and len(value) > MAX_DIGITS and _DECIMAL.fullmatch(value):
                    return _too_long(line, _pointer(entry.part for entry in stack), len(value))
            elif isinstance(event, AliasEvent):
                if event.anchor not in sizes:
                    if any(entry.anchor == event.anchor for entry in stack):
                        return Refusal(
                            f"alias *{event.anchor} refers to the node that contains it",
                            "a recursive YAML structure has no JSON form; write the value out",
                            line,
                            _pointer(entry.part for entry in stack),
                        )
                    continue  # an undefined alias: the loader reports it
                anchor, (nodes, height), value = None, sizes[event.anchor], None
                expanded += nodes
                if len(stack) + height > MAX_DEPTH:
                    return _too_deep(line, _pointer(entry.part for entry in stack), f" once alias *{event.anchor} is expanded")
            else:
                continue
            if expanded > MAX_NODES:
                return Refusal(
                    f"the document expands to more than {MAX_NODES:,} values once its aliases are resolved",
                    "YAML aliases that repeat large nodes many times are refused; write the values out or use $ref",
                    line,
                    _pointer(entry.part for entry in stack),
                )
            if anchor is not None:
                sizes[anchor] = (nodes, height)
            if stack:
                stack[-1].add(nodes, height, value)
    except YAMLError:
        return None
    return None


@dataclass
class _Open:
    """A YAML collection being read: its size so far and where in it the reader is."""

    anchor: str | None
    mapping: bool
    nodes: int = 1
    height: int = 0
    part: str | int = 0  # the key (mapping) or index (sequence) of the node being read
    expect_key: bool = True

    def __post_init__(self) -> None:
        self.part = "" if self.mapping else 0

    def add(self, nodes: int, height: int, value: str | None) -> None:
        """A child is complete: count it, and move to the next key or index."""
        self.nodes += nodes
        self.height = max(self.height, height)
        if not self.mapping:
            assert isinstance(self.part, int)
            self.part += 1
        elif self.expect_key:
            self.part, self.expect_key = value if value is not None else "?", False
        else:
            self.expect_key = True


def lone_surrogate(data: Any, pointer: str = "#") -> Refusal | None:
    """The first string with half of a UTF-16 surrogate pair (JSON's ``"\\ud800"``): not text,
    and not writable as UTF-8."""
    if isinstance(data, str):
        found = _SURROGATE.search(data)
        return (
            Refusal(
                f"a string has an unpaired UTF-16 surrogate (\\u{ord(found.group()):04x}) at offset {found.start()}",
                "escape astral characters as a surrogate pair (\\ud83d\\ude00) or write them as UTF-8",
                pointer=pointer,
            )
            if found
            else None
        )
    children: list[tuple[str, Any]] = []
    if isinstance(data, dict):
        children = [(str(k), k) for k in data] + [(str(k), v) for k, v in data.items()]
    elif isinstance(data, list):
        children = [(str(i), v) for i, v in enumerate(data)]
    for part, child in children:
        found_below = lone_surrogate(child, pointer + _pointer([part])[1:])
        if found_below is not None:
            return found_below
    return None


def not_json(data: Any, pointer: str = "#") -> Refusal | None:
    """The first value with no JSON form: YAML's ``!!binary`` (bytes) and ``!!set``."""
    if isinstance(data, dict):
        children: Iterable[tuple[Any, Any]] = data.items()
    elif isinstance(data, (list, tuple)):
        children = enumerate(data)
    elif data is None or isinstance(data, (str, int, float, datetime.date)):
        return None
    else:
        return Refusal(
            f"a YAML {type(data).__name__} value has no JSON form",
            "OpenAPI documents are JSON: write the value as a string, a list or a mapping",
            pointer=pointer,
        )
    for part, child in children:
        found = not_json(child, pointer + _pointer([str(part)])[1:])
        if found is not None:
            return found
    return None


def may_have_surrogates(text: str) -> bool:
    """Only a ``\\uD800``-``\\uDFFF`` escape can make one; a valid document rarely has any."""
    return _SURROGATE_ESCAPE.search(text) is not None


def _too_deep(line: int | None, pointer: str, how: str = "") -> Refusal:
    return Refusal(
        f"the document nests deeper than {MAX_DEPTH} levels{how}",
        "flatten the structure: name deep schemas as components and refer to them with $ref",
        line,
        pointer,
    )


def _too_long(line: int | None, pointer: str, digits: int) -> Refusal:
    return Refusal(
        f"a number with {digits:,} digits; Python reads integers of at most {MAX_DIGITS:,}",
        "write the value as a string, or remove it",
        line,
        pointer,
    )


def _pointer(parts: Iterable[str | int]) -> str:
    return "#" + "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def _json_pointer(stack: list[list[Any]]) -> str:
    return _pointer(entry[1] if isinstance(entry[1], int) else _json_string(entry[1]) for entry in stack)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _json_string(token: str) -> str:
    try:
        value = json.loads(token)
    except ValueError:
        return token[1:-1]
    return value if isinstance(value, str) else token[1:-1]
