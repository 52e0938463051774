"""Where each key of a TOML document is, for messages: tomllib gives values, not line numbers.

:func:`key_lines` scans the text just enough to know its structure (tables, keys, dotted keys,
arrays and inline tables, strings and comments) and maps every key path to the line it starts
on: ``("tool", "clientgen", "providers", "nekt", "waiters", "run", "success", 0, "status")``.
The document is already known to be valid TOML (tomllib read it first), so the scanner never
has to report a syntax error; on anything it does not follow it stops, keeping what it found.
"""

from __future__ import annotations

import contextlib
import re

Path = tuple[str | int, ...]
_BARE = re.compile(r"[A-Za-z0-9_-]+")
_SPACE = re.compile(r"[ \t]*")


def key_lines(text: str) -> dict[Path, int]:
    scanner = _Scanner(text)
    with contextlib.suppress(IndexError, ValueError):  # not followed: what was found so far stands
        scanner.document()
    return scanner.lines


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of ``path``, else of its nearest ancestor that has one."""
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.lines: dict[Path, int] = {}
        self.array_tables: dict[Path, int] = {}

    @property
    def line(self) -> int:
        return self.text.count("\n", 0, self.pos) + 1

    def mark(self, path: Path) -> None:
        self.lines.setdefault(path, self.line)

    def mark_all(self, path: Path) -> None:
        """``path`` and every table above it not seen yet: a provider table written only as
        ``[tool.clientgen.providers.nekt.waiters.run]`` is first mentioned there."""
        for end in range(1, len(path) + 1):
            self.mark(path[:end])

    def blank(self, newlines: bool) -> None:
        """Skip spaces and comments (and line ends, if ``newlines``)."""
        while self.pos < len(self.text):
            self.pos = _SPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]
            char = self.text[self.pos : self.pos + 1]
            if char == "#":
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end == -1 else end
            elif newlines and char in ("\n", "\r"):
                self.pos += 1
            else:
                return

    def document(self) -> None:
        table: Path = ()
        while True:
            self.blank(newlines=True)
            if self.pos >= len(self.text):
                return
            if self.text.startswith("[[", self.pos):
                self.pos += 2
                header = self.key()
                index = self.array_tables[header] = self.array_tables.get(header, -1) + 1
                table = (*header, index)
                self.mark_all(table)
                self.pos = self.text.index("]]", self.pos) + 2
            elif self.text[self.pos] == "[":
                self.pos += 1
                table = self.key()
                self.mark_all(table)
                self.pos = self.text.index("]", self.pos) + 1
            else:
                self.assignment(table)

    def assignment(self, table: Path) -> None:
        line = self.line
        path = (*table, *self.key())
        for end in range(len(table) + 1, len(path) + 1):
            self.lines.setdefault(path[:end], line)
        self.blank(newlines=False)
        if self.text[self.pos] != "=":
            raise ValueError("expected =")
        self.pos += 1
        self.value(path)

    def key(self) -> Path:
        parts: list[str | int] = []
        while True:
            self.blank(newlines=False)
            parts.append(self.string() if self.text[self.pos] in "\"'" else self.bare())
            self.blank(newlines=False)
            if self.text[self.pos] != ".":
                return tuple(parts)
            self.pos += 1

    def bare(self) -> str:
        match = _BARE.match(self.text, self.pos)
        if match is None:
            raise ValueError("expected a key")
        self.pos = match.end()
        return match.group()

    def string(self) -> str:
        quote = self.text[self.pos]
        if self.text.startswith(quote * 3, self.pos):
            end = self.text.index(quote * 3, self.pos + 3)
            while self.text.startswith(quote, end + 3):  # up to two quotes may end the content
                end += 1
            value, self.pos = self.text[self.pos + 3 : end], end + 3
            return value
        end = self.pos + 1
        while self.text[end] != quote:
            end += 2 if quote == '"' and self.text[end] == "\\" else 1
        value, self.pos = self.text[self.pos + 1 : end], end + 1
        return value  # escapes are left as written: keys with escapes are not looked up

    def value(self, path: Path) -> None:
        self.blank(newlines=False)
        char = self.text[self.pos]
        if char in "\"'":
            self.string()
        elif char == "[":
            self.pos += 1
            index = 0
            while True:
                self.blank(newlines=True)
                if self.text[self.pos] == "]":
                    self.pos += 1
                    return
                self.mark((*path, index))
                self.value((*path, index))
                index += 1
                self.blank(newlines=True)
                if self.text[self.pos] == ",":
                    self.pos += 1
        elif char == "{":
            self.pos += 1
            while True:
                self.blank(newlines=False)
                if self.text[self.pos] == "}":
                    self.pos += 1
                    return
                self.assignment(path)
                self.blank(newlines=False)
                if self.text[self.pos] == ",":
                    self.pos += 1
        else:  # a number, boolean or date: up to the next delimiter
            match = re.compile(r"[^,\]}#\n\r]*").match(self.text, self.pos)
            self.pos = match.end()  # type: ignore[union-attr]
