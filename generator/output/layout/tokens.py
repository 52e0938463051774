"""Tokens and statements of a rendered chunk, as the layout reads them.

A small tokenizer (one regular expression) for the Python clientgen writes: names, numbers,
strings, brackets, commas, operators, and comments outside brackets (a line of its own, or after
a statement); a backslash or any other character makes the chunk uncertain. Lines broken inside
brackets are joined as black joins them, so a statement is one list of tokens, each knowing
whether a space stands before it.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass

LINE_LENGTH = 100

INDENT = "    "


class Uncertain(Exception):
    """Only black can tell how this is laid out."""


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    kind: str  # name, number, string, op, open, close, comma, comment (a line of its own)
    space: bool  # a space before it, when on one line with the previous token


COMMA = Token(",", "comma", False)
DOT = Token(".", "op", False)

_TOKEN = re.compile(
    r"""
    (?P<space>[ ]+)
  | (?P<newline>\n)
  | (?P<string>[A-Za-z]{0,2}(?:\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
        |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'))
  | (?P<number>\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][-+]?\d+)?[jJlL]?|\.\d+)
  | (?P<name>[^\W\d]\w*)
  | (?P<open>[(\[{])
  | (?P<close>[)\]}])
  | (?P<comma>,)
  | (?P<comment>\#[^\n]*)
  | (?P<op>->|\*\*|//|==|!=|<=|>=|:=|<<|>>|[-+*/%@&|^~<>=.:])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

# A comment as black writes it (comments.py's make_comment): "# " and text, no trailing space; not a
# type comment or a formatter directive, which black treats apart.
_COMMENT = re.compile(r"# (?!type:)[^\s\u00a0](?:[^\n]*\S)?")

_PLAIN_NUMBER = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?(?:e-?[1-9]\d*)?")

_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|.)", re.DOTALL)
# Operators that are no delimiter black weighs when it splits a line.
NEUTRAL_OPS = {".", "=", ":", "->", "*", "**"}

PY_KEYWORDS = frozenset(keyword.kwlist)

KEYWORDS = {"return", "await", "in", "not", "and", "or", "if", "else", "is", "lambda", "for", "assert", "del"}


@dataclass
class Line:
    """A statement (or a blank line: no tokens) and where its source is in the chunk."""

    indent: str
    tokens: list[Token]
    start: int
    end: int  # after its newline
    comment: str = ""  # a comment after the statement, two spaces after it

    @property
    def is_comment(self) -> bool:
        return len(self.tokens) == 1 and self.tokens[0].kind == "comment"

    @property
    def depth(self) -> int:
        return len(self.indent) // 4 if self.tokens else 99  # a blank line belongs to the block

    @property
    def is_string(self) -> bool:
        return len(self.tokens) == 1 and self.tokens[0].kind == "string"


def logical_lines(text: str) -> list[Line]:
    """The statements and blank lines of ``text``, lines broken inside brackets joined."""
    if "\t" in text or "\r" in text or "\f" in text or "\\\n" in text:
        raise Uncertain
    lines: list[Line] = []
    tokens: list[Token] = []
    indent = ""
    depth = 0
    start = 0
    broken = False  # a line break since the last token, inside brackets
    space = ""
    comment = ""
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind == "space":
            if not tokens:
                indent = value
            space = value
            continue
        if kind == "newline":
            if depth == 0:
                if not tokens and indent:
                    raise Uncertain  # whitespace on a blank line
                lines.append(Line(indent, tokens, start, match.end(), comment))
                tokens, indent, start, space, comment = [], "", match.end(), "", ""
            else:
                broken = True
            continue
        if kind == "comment":
            if depth or (tokens and space != "  ") or not _COMMENT.fullmatch(value) or "fmt:" in value:
                raise Uncertain  # inside brackets, or not as black writes it
            if tokens:
                comment = value
            else:
                tokens.append(Token(value, "comment", False))
            continue
        if kind == "other" or kind is None or (kind == "name" and value == "yield"):
            raise Uncertain  # backslashes, semicolons, yield...
        if broken:
            previous = tokens[-1]
            if previous.kind == "open" or kind == "close":
                space = ""
            elif previous.kind == "comma":
                space = " "
            else:
                raise Uncertain  # a line broken somewhere black would not join it plainly
            broken = False
        depth += kind == "open"
        depth -= kind == "close"
        if comment or (tokens and tokens[0].kind == "comment"):
            raise Uncertain  # never: a comment runs to the end of its line
        tokens.append(Token(value, kind, bool(space) and bool(tokens)))
        space = ""
    if tokens or depth:
        raise Uncertain  # a chunk ends with a newline, outside brackets
    return lines


def normal(token: Token) -> Token:
    """The token as black spells it; Uncertain where that is not modelled."""
    if token.kind == "string":
        text = _normal_string(token.text)
        return token if text == token.text else Token(text, token.kind, token.space)
    if token.kind == "number" and not _PLAIN_NUMBER.fullmatch(token.text):
        raise Uncertain
    return token


def _normal_string(text: str) -> str:
    """``text`` in black's quotes (linegen's normalize_string_quotes, for the strings clientgen
    writes); Uncertain for prefixes and escaped quotes."""
    if text.startswith(('"""', "'''")):
        if text[0] != '"':
            raise Uncertain
        if "\\" in text:
            _check_escapes(text[3:-3])
        return text
    if text.startswith('f"') and "\\" not in text and '"' not in text[2:-1]:
        return text  # black keeps an f-string's double quotes, and normalizes nothing else here
    if not text.startswith(('"', "'")):
        raise Uncertain  # a prefix
    body = text[1:-1]
    escapes = _check_escapes(body) if "\\" in body else set()
    if escapes & {"'", '"'}:
        raise Uncertain  # black may unescape them or swap the quotes
    if text[0] == "'" and '"' not in body:
        return f'"{body}"'  # black prefers double quotes when they need no more escapes
    return text


def _check_escapes(body: str) -> set[str]:
    seen: set[str] = set()
    for match in _ESCAPE.finditer(body):
        escape = match.group(1)
        if escape[0] in "xuU" and len(escape) > 1 and escape[1:] != escape[1:].lower():
            raise Uncertain  # black lower-cases hex escapes
        if escape[0] == "N" and len(escape) > 1:
            raise Uncertain  # and upper-cases \N{...} names
        seen.add(escape[0])
    return seen


def split_items(body: list[Token]) -> list[list[Token]]:
    """The comma-separated items of a bracket's contents, each with its comma."""
    items: list[list[Token]] = [[]]
    level = 0
    for t in body:
        items[-1].append(t)
        level += (t.kind == "open") - (t.kind == "close")
        if level == 0 and t.kind == "comma":
            items.append([])
    return [item for item in items if item]


def top_level(tokens: list[Token]) -> list[Token]:
    level, out = 0, []
    for t in tokens:
        if t.kind == "close":
            level -= 1
        if level == 0:
            out.append(t)
        if t.kind == "open":
            level += 1
    return out


def matching(tokens: list[Token], opening: int) -> int:
    level = 0
    for i in range(opening, len(tokens)):
        level += (tokens[i].kind == "open") - (tokens[i].kind == "close")
        if level == 0:
            return i
    raise Uncertain


def matching_open(tokens: list[Token], closing: int) -> int:
    level = 0
    for i in range(closing, -1, -1):
        level += (tokens[i].kind == "close") - (tokens[i].kind == "open")
        if level == 0:
            return i
    raise Uncertain


def join(tokens: list[Token]) -> str:
    return "".join(" " + t.text if t.space and i else t.text for i, t in enumerate(tokens))


def fits(depth: int, text: str, length: int = LINE_LENGTH) -> bool:
    width = 4 * depth + len(text)
    if text.isascii():
        return width <= length
    wide = sum(1 for c in text if not c.isascii())
    if width + wide <= length:  # each at most two columns wide
        return True
    if width - wide > length:  # each at least none
        return False
    raise Uncertain  # black's width table decides
