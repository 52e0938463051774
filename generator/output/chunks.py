"""A Python module cut into top-level chunks that black formats independently.

Black formats each top-level statement the same wherever it stands; only the blank lines
*between* statements depend on their neighbours. :func:`split` cuts a rendered module only at
boundaries where those blank lines are known without black - next to a ``class`` or ``def``
(always two) or between two plain statements (what the source had, at most two) - and glues
everything else (the module docstring and imports, comments, docstrings after an alias,
compound statements) to its neighbour. :func:`join` puts the formatted chunks back together, so

    join(black(c.text) for c in split(source)) == black(source)

which the tests check on every golden tree. Chunks are the unit of the format cache and of
parallel formatting: regenerating after one schema changed reformats one chunk.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass

DEFS = (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
# Statements a chunk may end with, besides a def: black's blank-line rules after them are plain.
PLAIN_BEFORE = (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Expr, ast.Pass)
# Statements a chunk may start with, besides a def (never an expression: it may be a docstring).
PLAIN_AFTER = (ast.Assign, ast.AnnAssign, ast.AugAssign)
MAX_BLANK_LINES = 2  # at module level


@dataclass(frozen=True)
class Chunk:
    text: str  # source lines, each ending with a newline
    blank_lines_before: int  # once formatted; 0 for the first chunk
    parsed: bool = True  # False: the module is not valid Python, and only black can say where


def split(source: str) -> list[Chunk]:
    """The chunks of ``source``; one chunk (the whole text) when it cannot be cut safely."""
    whole = [Chunk(source, 0)]
    if "fmt:" in source or "\f" in source or "\r" in source or not source.endswith("\n"):
        return whole  # formatter directives, form feeds and odd newlines: let black see it all
    try:
        statements = ast.parse(source).body
    except SyntaxError:
        return [Chunk(source, 0, parsed=False)]  # black reports the error, with its position
    lines = source.splitlines(keepends=True)
    cuts: list[tuple[int, int]] = []  # (0-based first line of a chunk, blank lines before it)
    for index in range(2, len(statements)):  # never after the first statement (a module docstring)
        blank_lines = _blank_lines_between(statements[index - 1], statements[index], lines)
        if blank_lines is not None:
            cuts.append((_first_line(statements[index]) - 1, blank_lines))
    if not cuts:
        return whole
    chunks: list[Chunk] = []
    start, before = 0, 0
    for line, blank_lines in [*cuts, (len(lines), 0)]:
        end = line
        while end > start and not lines[end - 1].strip():
            end -= 1  # black drops a module's trailing blank lines: without them, more chunks are hits
        chunks.append(Chunk("".join(lines[start:end]), before))
        start, before = line, blank_lines
    return chunks


def join(formatted: Iterable[tuple[Chunk, str]]) -> str:
    """The module from each chunk and its formatted text, in order."""
    return "".join("\n" * chunk.blank_lines_before + text for chunk, text in formatted)


def _blank_lines_between(previous: ast.stmt, current: ast.stmt, lines: list[str]) -> int | None:
    """Blank lines black puts before ``current``, or None when only black can tell."""
    if not isinstance(previous, DEFS + PLAIN_BEFORE) or not isinstance(current, DEFS + PLAIN_AFTER):
        return None
    end = previous.end_lineno
    if end is None:
        return None
    gap = lines[end : _first_line(current) - 1]
    if not gap or any(line.strip() for line in gap):
        return None  # same line, or comments between: they belong with a neighbour
    if isinstance(previous, DEFS) or isinstance(current, DEFS):
        return MAX_BLANK_LINES
    return min(len(gap), MAX_BLANK_LINES)


def _first_line(statement: ast.stmt) -> int:
    decorators = statement.decorator_list if isinstance(statement, DEFS) else []
    return min([statement.lineno, *(d.lineno for d in decorators)])
