"""Tokens and statements of a rendered chunk, as the layout reads them.

A small tokenizer (one regular expression) for the Python clientgen writes: names, numbers,
strings, brackets, commas, operators, and comments outside brackets (a line of its own, or after
a statement); a backslash or any other character makes the chunk uncertain. Lines broken inside
brackets are joined as black joins them, so a statement is one list of tokens, each knowing
whether a space stands before it.
"""

from __future__ import annotations

import keyword
import operator
import re
from dataclasses import dataclass
from typing import NamedTuple

LINE_LENGTH = 100

INDENT = "    "


class Uncertain(Exception):
    """Only black can tell how this is laid out."""


class Token(NamedTuple):
    text: str
    kind: str  # name, number, string, op, open, close, comma, comment (a line of its own)
    space: bool  # a space before it, when on one line with the previous token
    spaced: str  # the text, after a space if there is one (what join writes)


def token(text: str, kind: str, space: bool) -> Token:
    return Token(text, kind, space, " " + text if space else text)


COMMA = token(",", "comma", False)

# The spaces before a token, and the token: a string (with its prefix), a number, a name, a
# comment, an operator, a newline, or any other character (which makes the chunk uncertain).
_TOKEN = re.compile(
    r"""
    ([ ]*)
    ( [A-Za-z]{0,2}(?:\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
        |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | \d[\d_]*(?:\.\d[\d_]*)?(?:[eE][-+]?\d+)?[jJlL]?|\.\d+
    | [^\W\d]\w*
    | \#[^\n]*
    | ->|\*\*|//|==|!=|<=|>=|:=|<<|>>
    | . )
    """,
    re.VERBOSE | re.DOTALL,
)

# A token's kind by its first character (names, prefixed strings and dots apart: see _kind).
_KINDS = {
    **dict.fromkeys("([{", "open"),
    **dict.fromkeys(")]}", "close"),
    ",": "comma",
    "#": "comment",
    "\n": "newline",
    **dict.fromkeys("\"'", "string"),
    **dict.fromkeys("0123456789", "number"),
    **dict.fromkeys("-+*/%@&|^~<>=:", "op"),
    **dict.fromkeys("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_", "name"),  # or a prefixed string
}
_new_token = tuple.__new__  # Token(...) without a Python-level __new__: the tokenizer's hot path

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
    start: int  # the row it starts on (0-based)
    end: int  # the row after it
    comment: str = ""  # a comment after the statement, two spaces after it
    doubt: bool = False  # a string or number black would spell otherwise, and not modelled

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
    """The statements and blank lines of ``text``, lines broken inside brackets joined; strings
    and numbers as black spells them (a line with one it does not model is in doubt)."""
    if "\t" in text or "\r" in text or "\f" in text or "\\\n" in text:
        raise Uncertain
    lines: list[Line] = []
    tokens: list[Token] = []
    indent = ""
    depth = 0
    start = row = 0
    broken = False  # a line break since the last token, inside brackets
    comment = ""
    doubt = False
    kinds = _KINDS.get
    for space, value in _TOKEN.findall(text):
        kind = kinds(value[0]) or _kind(value)
        if kind == "newline":
            row += 1
            if depth == 0:
                if not tokens and space:
                    raise Uncertain  # whitespace on a blank line
                lines.append(Line(indent, tokens, start, row, comment, doubt))
                tokens, indent, start, comment, doubt = [], "", row, "", False
            else:
                broken = True
            continue
        if kind == "name" and (value[-1] in "\"'" or value == "yield"):
            kind = _kind(value)  # a prefixed string
        if kind == "string" or kind == "number":
            try:
                value = _normal(value, kind)
            except Uncertain:
                doubt = True
            row += value.count("\n")
        elif kind == "comment":
            if depth or (tokens and space != "  ") or not _COMMENT.fullmatch(value) or "fmt:" in value:
                raise Uncertain  # inside brackets, or not as black writes it
            if tokens:
                comment = value
            else:
                indent = space
                tokens.append(_new_token(Token, (value, "comment", False, value)))
            continue
        if not tokens:
            indent = space
        elif broken:
            previous = tokens[-1][1]
            if previous == "open" or kind == "close":
                space = ""
            elif previous == "comma":
                space = " "
            else:
                raise Uncertain  # a line broken somewhere black would not join it plainly
            broken = False
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        if space and tokens:
            tokens.append(_new_token(Token, (value, kind, True, " " + value)))
        else:
            tokens.append(_new_token(Token, (value, kind, False, value)))
    if tokens or depth or not text.endswith("\n"):
        raise Uncertain  # a chunk ends with a newline, outside brackets
    return lines


def _kind(value: str) -> str:
    """The kind of a token its first character does not tell: a name (not ``yield``) or a
    prefixed string, a dot or a number; other characters (a backslash, a semicolon...) are not read."""
    first = value[0]
    if first == ".":
        return "number" if len(value) > 1 else "op"
    if value == "!=":
        return "op"
    if first.isidentifier():
        if value[-1] in "\"'" and len(value) > 1:
            return "string"
        if value != "yield":
            return "name"
    raise Uncertain


def rows(text: str) -> list[int]:
    """Where each row of ``text`` starts, and its end: offsets of a :class:`Line`'s rows."""
    offsets = [0]
    at = text.find("\n")
    while at >= 0:
        offsets.append(at + 1)
        at = text.find("\n", at + 1)
    return offsets


def _normal(text: str, kind: str) -> str:
    """A string or number as black spells it; Uncertain where that is not modelled."""
    if kind == "string":
        return _normal_string(text)
    if not _PLAIN_NUMBER.fullmatch(text):
        raise Uncertain
    return text


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
    """The tokens on one line, a space where one stands (never before the first)."""
    text = "".join(map(_SPACED, tokens))
    return text[1:] if tokens and tokens[0][2] else text


_SPACED = operator.itemgetter(3)


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
