"""Black's layout for the code clientgen emits, without black: most chunks never reach it.

:func:`format_chunk` lays a rendered chunk out the way black (the pinned 26.x, line length 100)
would, or returns None when it cannot be certain, and the chunk goes to black. It is a small
subset of black's line generator, for the constructs the templates emit, and it refuses
everything else rather than guess:

- a statement that fits on its line, spelled as the renderer spelled it (its spacing is
  black's: the templates and :mod:`generator.render.python` write black's style), with lines
  broken inside brackets joined as black joins them; strings and numbers only in the forms black
  keeps (double quotes or the fewer escapes, no prefix but ``f"``, lower-case hex escapes, plain
  numbers); a comment on a line of its own before a plain statement, or after a statement when
  the two fit on the line;
- a statement that does not fit is split the ways black splits these constructs: a ``def`` at
  its parameters (left-hand split; a union return annotation in parentheses), an import exploded,
  anything else at its last bracket pair (right-hand split: a call's or a name's subscript's,
  or the optional parentheses black puts around the right-hand side of ``=`` and around an
  annotation, kept or omitted as its ``_maybe_split_omitting_optional_parens`` decides), the body
  on one line when it fits and is not a collection literal or magic-trailing-comma body,
  otherwise one item a line with a trailing comma, each item laid out again; a union split
  before each ``|``;
- a lone string (a docstring) as it is.

Operators where black would weigh other delimiters, slices, lambdas' parameters, comments inside
brackets, and every other case it does not model make the statement (or chunk) uncertain. The
tests run black over every golden and every corpus output to prove the two agree, including on
chunks black never saw here.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .rules import check_blank_lines, check_spacing, docstring
from .split import lay_out
from .tokens import INDENT, LINE_LENGTH, Line, Uncertain, fits, logical_lines, rows

__all__ = ["LINE_LENGTH", "VERSION", "Uncertain", "Unit", "format_chunk", "pieces"]

VERSION = 2  # part of the format cache's key: a change to these rules invalidates it


@dataclass(frozen=True)
class Unit:
    """Source only black can lay out: a whole chunk, or one statement of a class or function body
    (with its attribute docstrings), which black formats inside a header of the same kind."""

    source: str
    header: str = ""  # "class _:\n" or "def _():\n", when the unit is a body's statement

    def black_source(self) -> str:
        return self.header + self.source

    def unwrap(self, formatted: str) -> str:
        if not formatted.startswith(self.header):
            raise ValueError("black changed the header of a unit")
        return formatted[len(self.header) :].lstrip("\n")


def format_chunk(text: str) -> str | None:
    """``text`` (a chunk of a rendered module) as black lays it out, or None if not certain."""
    laid = pieces(text)
    return "".join(laid) if all(isinstance(p, str) for p in laid) else None  # type: ignore[arg-type]


def pieces(text: str) -> list[str | Unit]:
    """The chunk laid out, in pieces: text where the layout is certain, :class:`Unit` where only
    black can tell. A doubt outside a class or function body leaves the whole chunk to black."""
    try:
        lines = logical_lines(text)
        check_blank_lines(lines)
    except Uncertain:
        return [Unit(text)]
    laid: list[str | None] = []
    block_start = True  # the next statement is the first of its block (or of the module)
    for line in lines:
        try:
            laid.append(_line_out(line, block_start))
        except Uncertain:
            laid.append(None)
        if line.tokens and not line.is_comment:
            block_start = line.tokens[-1].text == ":"
    out: list[str | Unit] = []
    offsets: list[int] = []  # where each row of the text starts, once a unit needs it
    i = resumed = 0
    while i < len(lines):
        if laid[i] is not None:
            out.append(laid[i])  # type: ignore[arg-type]
            i += 1
            continue
        start, end = i, i + 1
        while start > resumed and (lines[start].depth > 1 or lines[start].is_string):
            start -= 1  # back to the statement of the class or function body that holds line i
        while end < len(lines) and (lines[end].depth >= 2 or (lines[end].depth == 1 and lines[end].is_string)):
            end += 1
        while not lines[end - 1].tokens:
            end -= 1  # blank lines stay outside: black would drop them at the end of its input
        if lines[start].depth != 1 or lines[start].is_string:
            return [Unit(text)]
        outer = next((line for line in reversed(lines[:start]) if line.depth == 0 and line.tokens), None)
        header = _HEADERS.get(outer.tokens[0].text) if outer and outer.tokens and lines[start].depth == 1 else None
        if header is None:
            return [Unit(text)]
        del out[len(out) - (i - start) :]
        offsets = offsets or rows(text)
        out.append(Unit(text[offsets[lines[start].start] : offsets[lines[end - 1].end]], header))
        i = resumed = end
    while out and out[-1] == "\n":
        out.pop()  # black drops blank lines at the end of its input, and at the start
    while out and out[0] == "\n":
        out.pop(0)
    return out


_HEADERS = {"class": "class _:\n", "def": "def _():\n", "async": "async def _():\n"}


def _line_out(line: Line, block_start: bool) -> str:
    if not line.tokens:
        return "\n"
    if len(line.indent) % 4 or line.doubt:
        raise Uncertain
    if line.is_comment:
        return line.indent + line.tokens[0].text + "\n"
    if line.comment:
        if line.is_string:
            raise Uncertain  # a docstring's comment
        # black leaves a statement with its comment as it is when the two fit on the line
        laid = _line_out(dataclasses.replace(line, comment=""), block_start)
        if laid.count("\n") != 1 or not fits(0, laid[:-1] + "  " + line.comment):
            raise Uncertain
        return laid[:-1] + "  " + line.comment + "\n"
    tokens = line.tokens
    check_spacing(tokens)
    depth = line.depth
    if line.is_string and block_start and not tokens[0].text.startswith('"""'):
        raise Uncertain  # a docstring clientgen does not write
    if line.is_string and tokens[0].text.startswith('"""'):
        if block_start and docstring(tokens[0].text, depth) != tokens[0].text:
            raise Uncertain
        return line.indent + tokens[0].text + "\n"
    return "".join(INDENT * d + text + "\n" for d, text in lay_out(tokens, depth, statement=True))
