"""Errors as located values.

Every stage reports problems as :class:`Diagnostic` values that name the file, the line and the
JSON pointer of the offending node, say what is wrong and what happens because of it. A stage
collects them in :class:`Diagnostics`; the pipeline stops with :class:`GenerationError` once an
error-level diagnostic exists, before anything is written.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path


class Level(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # how something outside OpenAPI's letter was read; never an error, even strict


@dataclass(frozen=True)
class Location:
    """Where in which document: ``specs/nekt.yaml:42 #/components/schemas/Run``."""

    file: Path
    pointer: str = "#"
    line: int | None = None

    def __str__(self) -> str:
        where = f"{display_path(self.file)}:{self.line}" if self.line else display_path(self.file)
        return f"{where} {self.pointer}"

    def child(self, *parts: str | int) -> Location:
        """The location of a node below this one (its line is looked up when reported)."""
        pointer = self.pointer
        for part in parts:
            pointer += "/" + escape_pointer(str(part))
        return Location(self.file, pointer)


@dataclass(frozen=True)
class Diagnostic:
    level: Level
    message: str
    location: Location
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.location}: {self.level.value}: {self.message}"
        return f"{text}\n    {self.hint}" if self.hint else text


class GenerationError(Exception):
    """Generation cannot go on; every diagnostic says where and why."""

    def __init__(self, diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


@dataclass
class Diagnostics:
    """Collects diagnostics while a stage runs; the same one twice is kept once. ``skipped`` names
    each piece left out of the client (an operation, a path), with its warning."""

    items: list[Diagnostic] = field(default_factory=list)
    skipped: list[tuple[str, Diagnostic]] = field(default_factory=list)  # (the piece, why and where)
    _seen: set[Diagnostic] = field(default_factory=set, repr=False)

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self._seen:
            self._seen.add(diagnostic)
            self.items.append(diagnostic)

    def error(self, message: str, location: Location, hint: str = "") -> None:
        self.add(Diagnostic(Level.ERROR, message, location, hint))

    def warning(self, message: str, location: Location, hint: str = "") -> None:
        self.add(Diagnostic(Level.WARNING, message, location, hint))

    def note(self, message: str, location: Location) -> None:
        self.add(Diagnostic(Level.NOTE, message, location))

    def skip(self, piece: str, why: str, location: Location, hint: str = "") -> None:
        """A piece the client leaves out (``GET /pets``, a path): a warning, also listed as skipped."""
        diagnostic = Diagnostic(Level.WARNING, f"{piece} is skipped: {why}", location, hint)
        if diagnostic not in self._seen:
            self.skipped.append((piece, Diagnostic(Level.WARNING, why, location)))
        self.add(diagnostic)

    def extend(self, other: Diagnostics) -> None:
        """What ``other`` collected, as if collected here."""
        for pair in other.skipped:
            if pair not in self.skipped:
                self.skipped.append(pair)
        for diagnostic in other.items:
            self.add(diagnostic)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level is Level.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level is Level.WARNING]

    @property
    def notes(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level is Level.NOTE]


def escape_pointer(part: str) -> str:
    """RFC 6901: ``~`` becomes ``~0`` and ``/`` becomes ``~1``."""
    return part.replace("~", "~0").replace("/", "~1")


def unescape_pointer(part: str) -> str:
    return part.replace("~1", "/").replace("~0", "~")


def display_path(path: Path) -> str:
    """A path relative to the working directory where possible, as editors and terminals link it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass
class Report:
    """What a generation did for one spec, for ``--report`` and the summary line; the run stamp
    keeps it too (:mod:`generator.output.cache`), so it is plain data, here beside the
    diagnostics it is made from rather than in the IR."""

    key: str
    operations: int = 0
    models: int = 0
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how something outside OpenAPI's letter was read


# --- printing ------------------------------------------------------------------------------------

SHOWN_WARNINGS = 20  # a spec's warnings printed without --report; the rest are counted


def counted(count: int, noun: str) -> str:
    """``1 warning``, ``3 warnings``, ``0 models``: a count and its noun, singular for one."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def one_line(diagnostic: str) -> str:
    """A printed diagnostic without its hints: ``file:line #/pointer: warning: what, and what the
    client does instead``, on one line."""
    return diagnostic.split("\n    ", 1)[0].replace("\n", " ")


def warning_lines(warnings: list[str], limit: int = SHOWN_WARNINGS) -> list[str]:
    """What a run prints by default of a spec's warnings: the first ``limit``, one line each, then
    how many more there are and where they all are."""
    lines = [one_line(w) for w in warnings[:limit]]
    if len(warnings) > limit:
        lines.append(f"... and {len(warnings) - limit} more (--report lists all)")
    return lines
