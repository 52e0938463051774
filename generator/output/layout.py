"""Black's layout for the code clientgen emits, without black: most chunks never reach it.

:func:`format_chunk` lays a rendered chunk out the way black (the pinned 26.x, line length 100)
would, or returns None when it cannot be certain, and the chunk goes to black. It is a small
subset of black's line generator, for the constructs the templates emit, and it refuses
everything else rather than guess:

- a statement that fits on its line, spelled as the renderer spelled it (its spacing is
  black's: the templates and :mod:`generator.render.python` write black's style), with lines
  broken inside brackets joined as black joins them; strings and numbers only in the forms black
  keeps (double quotes or the fewer escapes, no prefix, lower-case hex escapes, plain numbers);
- a statement that does not fit is split the ways black splits these constructs: a ``def`` at
  its parameters (left-hand split), anything else at its last bracket pair (right-hand split,
  including the optional parentheses black puts around the right-hand side of ``=``), the body
  on one line when it fits and is not a collection literal or magic-trailing-comma body,
  otherwise one item a line with a trailing comma, each item laid out again;
- a lone string (a docstring) as it is.

Comments, operators where black would weigh delimiters, subscripts to split, lambdas, and every
other case it does not model make the chunk uncertain. The tests run black over every golden and
every corpus output to prove the two agree, including on chunks black never saw here.
"""

from __future__ import annotations

import itertools
import keyword
import re
from dataclasses import dataclass
from typing import Any

VERSION = 1  # part of the format cache's key: a change to these rules invalidates it
LINE_LENGTH = 100
INDENT = "    "


class Uncertain(Exception):
    """Only black can tell how this is laid out."""


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    kind: str  # name, number, string, op, open, close, comma
    space: bool  # a space before it, when on one line with the previous token


COMMA = Token(",", "comma", False)
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
  | (?P<op>->|\*\*|//|==|!=|<=|>=|:=|<<|>>|[-+*/%@&|^~<>=.:])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_PLAIN_NUMBER = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?(?:e-?[1-9]\d*)?")
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|.)", re.DOTALL)
# Operators that make a bracket-free stretch a delimiter black weighs (or that may need parentheses).
_NEUTRAL_OPS = {".", "=", ":", "->", "*", "**"}
_PY_KEYWORDS = frozenset(keyword.kwlist)
_KEYWORDS = {"return", "await", "in", "not", "and", "or", "if", "else", "is", "lambda", "for", "assert", "del"}


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
        lines = _logical_lines(text)
        _check_blank_lines(lines)
    except Uncertain:
        return [Unit(text)]
    laid: list[str | None] = []
    block_start = True  # the next statement is the first of its block (or of the module)
    for line in lines:
        try:
            laid.append(_line_out(line, block_start))
        except Uncertain:
            laid.append(None)
        if line.tokens:
            block_start = line.tokens[-1].text == ":"
    out: list[str | Unit] = []
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
        out.append(Unit(text[lines[start].start : lines[end - 1].end], header))
        i = resumed = end
    while out and out[-1] == "\n":
        out.pop()  # black drops blank lines at the end of its input, and at the start
    while out and out[0] == "\n":
        out.pop(0)
    return out


_HEADERS = {"class": "class _:\n", "def": "def _():\n", "async": "async def _():\n"}


@dataclass
class _Line:
    """A statement (or a blank line: no tokens) and where its source is in the chunk."""

    indent: str
    tokens: list[Token]
    start: int
    end: int  # after its newline

    @property
    def depth(self) -> int:
        return len(self.indent) // 4 if self.tokens else 99  # a blank line belongs to the block

    @property
    def is_string(self) -> bool:
        return len(self.tokens) == 1 and self.tokens[0].kind == "string"


def _line_out(line: _Line, block_start: bool) -> str:
    if not line.tokens:
        return "\n"
    if len(line.indent) % 4:
        raise Uncertain
    tokens = [_normal(t) for t in line.tokens]
    _check_spacing(tokens)
    depth = line.depth
    if line.is_string and block_start and not tokens[0].text.startswith('"""'):
        raise Uncertain  # a docstring clientgen does not write
    if line.is_string and tokens[0].text.startswith('"""'):
        if block_start and _docstring(tokens[0].text, depth) != tokens[0].text:
            raise Uncertain
        return line.indent + tokens[0].text + "\n"
    return "".join(INDENT * d + text + "\n" for d, text in _lay_out(tokens, depth, statement=True))


_COMPOUND = {"class", "def", "async", "if", "elif", "else", "for", "while", "with", "try", "except", "finally", "match", "case"}
_DEFS = {"class", "def", "async"}


def _check_blank_lines(lines: list[_Line]) -> None:
    """Refuse indentation and blank lines black would change (its EmptyLineTracker, for the
    arrangements the templates use): the templates' blank lines are kept as they are."""
    previous: _Line | None = None
    blank = 0
    body_of: list[_Line] = []  # the def or class statements whose bodies enclose the line
    after_docstring = False
    for line in lines:
        if not line.tokens:
            blank += 1
            continue
        depth = line.depth
        opener = previous is not None and previous.tokens[-1].text == ":"
        if previous is not None and depth > previous.depth + opener:
            raise Uncertain  # black re-indents by four spaces a level
        if opener and depth != previous.depth + 1:  # type: ignore[union-attr]
            raise Uncertain
        closed = [d for d in body_of if d.depth >= depth]
        body_of = [d for d in body_of if d.depth < depth]
        first = line.tokens[0].text
        is_def = first in _DEFS
        if previous is None:
            pass
        elif opener:
            if blank:
                raise Uncertain  # a block's first line follows its header
        elif after_docstring:
            if blank != 1 or (is_def and depth == 0):
                raise Uncertain  # one blank line after a module or class docstring
        elif is_def or closed:
            if blank != (1 if depth else 2) or first in ("else", "elif", "except", "finally"):
                raise Uncertain  # around a def or class: two at module level, one inside
        elif blank > (1 if depth else 2):
            raise Uncertain
        elif (
            previous.tokens[0].text in ("import", "from")
            and first not in ("import", "from")
            and blank != (1 if depth == 0 else blank or 1)
        ):
            raise Uncertain  # black ends imports with one blank line
        class_docstring = previous is not None and previous.tokens[0].text == "class" and opener
        after_docstring = line.is_string and (previous is None or class_docstring)
        if is_def:
            body_of.append(line)
        previous, blank = line, 0


def _check_spacing(tokens: list[Token]) -> None:
    """Refuse a line whose spacing between tokens is not black's (its ``whitespace``, for the
    tokens clientgen writes; anything else, such as operators black weighs, is refused)."""
    stack: list[list[Any]] = []  # per open bracket: [kind, whether the current item has an annotation]
    compound = tokens[0].text in _COMPOUND
    importing = tokens[0].text in ("from", "import")
    for i, token in enumerate(tokens):
        if i:
            want = _space(tokens, i, stack, importing)
            if want is None or want != token.space:
                raise Uncertain
        text = token.text
        if text == ":" and not stack and compound and i != len(tokens) - 1:
            raise Uncertain  # a block on its header's line
        if token.kind == "open":
            before = tokens[i - 1] if i else None
            called = before is not None and (
                before.kind in ("close", "string") or (before.kind == "name" and before.text not in _PY_KEYWORDS)
            )
            kind = "subscript" if text == "[" and called else "call" if text == "(" and called else "collection"
            if kind == "call" and not stack and tokens[0].text in ("def", "async"):
                kind = "parameters"
            if text == "(" and kind == "collection" and not stack and _redundant_parentheses(tokens, i):
                raise Uncertain  # black drops redundant parentheses here
            stack.append([kind, False])
        elif token.kind == "close":
            if not stack:
                raise Uncertain
            stack.pop()
        elif stack and token.kind == "comma":
            stack[-1][1] = False
        elif stack and text == ":":
            if stack[-1][0] == "subscript":
                raise Uncertain  # a slice
            stack[-1][1] = True
        elif text == "lambda" and i + 1 < len(tokens) and tokens[i + 1].text != ":":
            raise Uncertain  # a lambda's parameters


def _redundant_parentheses(tokens: list[Token], opening: int) -> bool:
    """Parentheses after an operator or keyword at statement level, holding no tuple."""
    before = tokens[opening - 1] if opening else None
    if before is None or before.text == "import" or not (before.kind == "op" or before.text in _PY_KEYWORDS):
        return False
    items = _items(tokens[opening + 1 : _matching(tokens, opening)])
    return len(items) < 2 and not (items and items[-1][-1].kind == "comma")


def _space(tokens: list[Token], i: int, stack: list[list[Any]], importing: bool) -> bool | None:
    """Whether black puts a space before ``tokens[i]``; None where this does not model it."""
    previous, current = tokens[i - 1], tokens[i]
    before, text = previous.text, current.text
    if current.kind in ("close", "comma") or previous.kind == "open":
        return False
    if previous.kind == "comma":
        return True
    if text == ":":
        return False
    if before == ":":
        return True
    if importing and "." in (before, text):
        return before == "from" or text == "import"
    if "." in (before, text):
        return False if previous.kind != "number" else None
    if "=" in (before, text):
        if not stack:
            return True
        kind, annotated = stack[-1]
        if kind == "call" or (kind == "parameters" and not annotated):
            return False
        return True if kind == "parameters" else None
    if "->" in (before, text) or "|" in (before, text):
        return True
    if before in ("*", "**"):
        unpacking = i < 2 or tokens[i - 2].kind in ("open", "comma")
        return False if unpacking else None
    if text in ("*", "**"):
        return None  # binary: only after an opening bracket or a comma (handled above) it unpacks
    if before == "-":
        unary = i < 2 or tokens[i - 2].kind in ("open", "comma", "op") or tokens[i - 2].text in _PY_KEYWORDS
        return False if unary else None
    if previous.kind == "op" or current.kind == "op":
        return None  # other operators
    if current.kind == "open":
        if previous.kind == "close":
            return False
        if previous.kind == "name":
            return before in _PY_KEYWORDS
        return None
    return True  # names, keywords, strings and numbers, and after a closing bracket


def _normal(token: Token) -> Token:
    """The token as black spells it; Uncertain where that is not modelled."""
    if token.kind == "string":
        text = _normal_string(token.text)
        return token if text == token.text else Token(text, token.kind, token.space)
    if token.kind == "number" and not _PLAIN_NUMBER.fullmatch(token.text):
        raise Uncertain
    return token


def _docstring(text: str, depth: int) -> str:
    """What black makes of a docstring (linegen's visit_STRING, for the ones clientgen writes)."""
    if re.search(r"\\\s*\n", text):
        raise Uncertain  # black leaves these alone, but the filter never writes them
    docstring = text[3:-3]
    started_empty = not docstring
    indent = INDENT * depth
    if "\n" in docstring:
        lines = docstring.split("\n")
        common = min((len(line) - len(line.lstrip()) for line in lines[1:] if line.lstrip()), default=None)
        trimmed = [lines[0].strip()]
        if common is not None:
            for i, line in enumerate(lines[1:]):
                stripped = line[common:].rstrip()
                trimmed.append(indent + stripped if stripped or i == len(lines) - 2 else "")
        docstring = "\n".join(trimmed)
    else:
        docstring = docstring.strip()
    if docstring:
        if docstring[0] == '"':
            docstring = " " + docstring
        if docstring[-1] == '"':
            docstring += " "
        if docstring[-1] == "\\" and (len(docstring) - len(docstring.rstrip("\\"))) % 2:
            raise Uncertain
    elif not started_empty:
        docstring = " "
    lines = docstring.splitlines()
    last = len(lines[-1]) if docstring and not docstring.endswith("\n") else 0
    if len(lines) > 1 and last + 3 > LINE_LENGTH:
        raise Uncertain  # black moves the closing quotes to a line of their own
    return f'"""{docstring}"""'


def _logical_lines(text: str) -> list[_Line]:
    """The statements and blank lines of ``text``, lines broken inside brackets joined."""
    if "\t" in text or "\r" in text or "\f" in text or "\\\n" in text:
        raise Uncertain
    lines: list[_Line] = []
    tokens: list[Token] = []
    indent = ""
    depth = 0
    start = 0
    broken = False  # a line break since the last token, inside brackets
    space = False
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind == "space":
            if not tokens:
                indent = value
            space = True
            continue
        if kind == "newline":
            if depth == 0:
                if not tokens and indent:
                    raise Uncertain  # whitespace on a blank line
                lines.append(_Line(indent, tokens, start, match.end()))
                tokens, indent, start, space = [], "", match.end(), False
            else:
                broken = True
            continue
        if kind == "other" or kind is None or (kind == "name" and value == "yield"):
            raise Uncertain  # comments, backslashes, semicolons...
        if broken:
            previous = tokens[-1]
            if previous.kind == "open" or kind == "close":
                space = False
            elif previous.kind == "comma":
                space = True
            else:
                raise Uncertain  # a line broken somewhere black would not join it plainly
            broken = False
        depth += kind == "open"
        depth -= kind == "close"
        tokens.append(Token(value, kind, space and bool(tokens)))
        space = False
    if tokens or depth:
        raise Uncertain  # a chunk ends with a newline, outside brackets
    return lines


def _normal_string(text: str) -> str:
    """``text`` in black's quotes (linegen's normalize_string_quotes, for the strings clientgen
    writes); Uncertain for prefixes and escaped quotes."""
    if text.startswith(('"""', "'''")):
        if text[0] != '"':
            raise Uncertain
        if "\\" in text:
            _check_escapes(text[3:-3])
        return text
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


# --- laying out one statement ------------------------------------------------------------------


def _lay_out(tokens: list[Token], depth: int, *, statement: bool = False, parameter: bool = False) -> list[tuple[int, str]]:
    """The lines (depth, text) black makes of one line of ``tokens``; raises Uncertain.

    ``statement`` is a whole statement; otherwise the line is an item inside brackets."""
    text = _join(tokens)
    if not _magic_trailing_comma(tokens) and _fits(depth, text):
        if statement:
            _require_no_redundant_parentheses(tokens)
        return [(depth, text)]
    if parameter:
        annotated = _split_annotation(tokens, depth)
        if annotated is not None:
            return annotated
    if not statement:
        # black first splits an item at its operators (delimiter_split); none here but a lone dot
        if _top_level_delimiters(tokens[:-1] if tokens[-1].kind == "comma" else tokens):
            raise Uncertain
        if not any(t.kind == "close" for t in tokens):
            return [(depth, text)]  # nothing to split at: black leaves it long
        return _split_right(tokens, depth)
    if tokens[0].text in ("def", "async"):
        return _split_def(tokens, depth)
    if tokens[0].text in ("from", "import"):
        return _split_import(tokens, depth)
    value = _assignment_value(tokens)
    if value is not None:
        return _split_assignment(tokens, value, depth)
    if tokens[0].text == "return":
        _require_plain_call(tokens[2:] if len(tokens) > 1 and tokens[1].text == "await" else tokens[1:])
    elif tokens[0].text != "class":
        raise Uncertain  # other statements: black may add parentheses
    elif sum(t.kind == "open" for t in tokens) == 1:
        return _split_right(tokens, depth, long_head=True)  # no other bracket for black to try
    return _split_right(tokens, depth)


def _split_annotation(tokens: list[Token], depth: int) -> list[tuple[int, str]] | None:
    """A parameter ``name: A | B = default,`` too long for its line: black puts the annotation
    in the parentheses it adds around parameters' annotations (linegen's visit_tname)."""
    if len(tokens) < 4 or tokens[0].kind != "name" or tokens[1].text != ":":
        return None
    end = len(tokens) - (tokens[-1].kind == "comma")
    level = 0
    for i in range(2, end):
        level += (tokens[i].kind == "open") - (tokens[i].kind == "close")
        if level == 0 and tokens[i].text == "=":
            end = i
            break
    annotation = tokens[2:end]
    if not _union(annotation, least=1) or (annotation[-1].kind != "name" and annotation[-1].text != "]"):
        return None
    head = _join(tokens[:2]) + " ("
    tail = ")" + "".join(" " + t.text if t.space else t.text for t in tokens[end:])
    if not (_fits(depth, head) and _fits(depth, tail)):
        raise Uncertain
    one_line = _join(annotation)
    if _fits(depth + 1, one_line):
        return [(depth, head), (depth + 1, one_line), (depth, tail)]
    lines = [(depth + 1, _join(operand)) for operand in _operands(annotation)]
    if not all(_fits(d, text) for d, text in lines):
        raise Uncertain
    return [(depth, head), *lines, (depth, tail)]


def _split_import(tokens: list[Token], depth: int) -> list[tuple[int, str]]:
    """``from module import (`` and one name a line with its comma: black explodes imports."""
    start = next((i + 1 for i, t in enumerate(tokens) if t.text == "import"), None)
    if tokens[0].text != "from" or start is None or start == len(tokens):
        raise Uncertain
    names = tokens[start:]
    if names[0].text == "(":
        if names[-1].text != ")" or names[-2].kind != "comma":
            raise Uncertain  # black drops parentheses that no trailing comma keeps
        names = names[1:-1]
    if any(t.kind not in ("name", "comma") for t in names):
        raise Uncertain
    head = _join([*tokens[:start], Token("(", "open", True)])
    if not _fits(depth, head):
        raise Uncertain
    lines = [(depth + 1, _join(item if item[-1].kind == "comma" else [*item, COMMA])) for item in _items(names)]
    return [(depth, head), *lines, (depth, ")")]


def _require_no_redundant_parentheses(tokens: list[Token]) -> None:
    """Black drops parentheses around a returned or assigned value that holds no comma."""
    if tokens[0].text in ("from", "import") and any(t.text == "(" for t in tokens):
        raise Uncertain
    start = _assignment_value(tokens)
    if start is None and tokens[0].text == "return":
        start = 1
    if start is not None and start < len(tokens) and tokens[start].text == "(":
        raise Uncertain


def _split_def(tokens: list[Token], depth: int) -> list[tuple[int, str]]:
    """Black's left-hand split of a def: ``def name(``, the parameters, ``) -> result:``."""
    opening = next(i for i, t in enumerate(tokens) if t.kind == "open")
    if tokens[opening].text != "(":
        raise Uncertain
    closing = _matching(tokens, opening)
    head, body, tail = tokens[: opening + 1], tokens[opening + 1 : closing], tokens[closing:]
    if not body or any(t.kind == "string" for t in tail) or _magic_trailing_comma(tail):
        raise Uncertain  # black splits such a def at its return annotation first
    if not any(t.kind == "comma" for t in _top_level(body)):
        body = [*body, COMMA]  # black adds one to a lone parameter
    return _bracket_lines(head, body, tail, depth, collection=False, parameters=True)


def _assignment_value(tokens: list[Token]) -> int | None:
    """Where the value of ``target = value`` (or ``target: T = value``) starts."""
    level = 0
    for i, t in enumerate(tokens):
        level += (t.kind == "open") - (t.kind == "close")
        if level == 0 and t.kind == "op" and t.text == "=":
            return i + 1
    return None


def _split_assignment(tokens: list[Token], start: int, depth: int) -> list[tuple[int, str]]:
    """Black's right-hand split of an assignment: at the value's last bracket, or around the value
    in the optional parentheses black adds (linegen's ``_prefer_split_rhs_oop_over_rhs``)."""
    target, value = tokens[:start], tokens[start:]
    wrapped = _join(target) + " ("
    # black puts an annotation in invisible parentheses: for it, an annotated target has brackets
    target_brackets = any(t.kind in ("open", "close") or t.text == ":" for t in _top_level(target[:-1]))
    if len(value) == 1 and value[0].kind in ("name", "string", "number") and not target_brackets:
        if _fits(depth, wrapped) and _fits(depth + 1, value[0].text):
            return [(depth, wrapped), (depth + 1, value[0].text), (depth, ")")]
        return [(depth, _join(tokens))]  # black cannot make it fit: left as it is
    if _union(value) and _fits(depth, wrapped):
        # more than one "|": black keeps the optional parentheses, then splits before each "|"
        one_line = _join(value)
        if _fits(depth + 1, one_line):
            return [(depth, wrapped), (depth + 1, one_line), (depth, ")")]
        operands = _operands(value)
        lines = [(depth + 1, _join(operand)) for operand in operands]
        if not all(_fits(d, text) for d, text in lines):
            raise Uncertain
        return [(depth, wrapped), *lines, (depth, ")")]
    _require_plain_call(value)
    if not target_brackets:  # nothing on the left to prefer: split the value
        opening = _matching_open(tokens, len(tokens) - 1)
        if _fits(depth, _join(tokens[: opening + 1])):
            return _split_right(tokens, depth)
        # the head is too long: black's "second opinion" keeps the parentheses if all then fits
        wrapped_lines = [(depth, wrapped), *_lay_out(value, depth + 1), (depth, ")")]
        if all(_fits(d, text) for d, text in wrapped_lines):
            return wrapped_lines
        return _split_right(tokens, depth, long_head=True)
    if not _fits(depth, wrapped):
        raise Uncertain  # black's other splits (at the target's subscript)
    opening = _matching_open(tokens, len(tokens) - 1)
    if _fits(depth, _join(tokens[: opening + 1])):
        return _split_right(tokens, depth)
    return [(depth, wrapped), *_lay_out(value, depth + 1), (depth, ")")]


def _union(value: list[Token], least: int = 2) -> bool:
    """Whether ``value`` is ``A | B | C``: ``least`` "|" or more, no other operator outside brackets."""
    top = _top_level(value)
    if not value or sum(t.text == "|" for t in top) < least or value[0].kind == "open":
        return False
    return not any(t.kind in ("comma", "string", "number") or (t.kind == "op" and t.text not in ("|", ".")) for t in top)


def _operands(value: list[Token]) -> list[list[Token]]:
    """``A``, ``| B``, ``| C``: the lines black's delimiter split makes of a union."""
    operands: list[list[Token]] = [[]]
    level = 0
    for t in value:
        if level == 0 and t.text == "|":
            operands.append([])
        level += (t.kind == "open") - (t.kind == "close")
        operands[-1].append(t)
    return operands


def _require_plain_call(value: list[Token]) -> None:
    """A value black splits without its optional parentheses: a name, attribute or call ending in
    its one bracket pair (``Field(...)``, ``self._request(...)``, ``{...}``), no operators."""
    if not value or value[-1].kind != "close" or value[0].text == "(":
        raise Uncertain
    top = _top_level(value)
    if sum(t.kind == "open" for t in top) != 1 or sum(t.text == "." for t in top) > 1:
        raise Uncertain
    if any(t.kind in ("comma", "string", "number") or (t.kind == "op" and t.text != ".") for t in top):
        raise Uncertain
    if any(t.text in _KEYWORDS for t in top):
        raise Uncertain


def _split_right(tokens: list[Token], depth: int, *, long_head: bool = False) -> list[tuple[int, str]]:
    """Black's right-hand split: up to the last opening bracket, what it holds, the rest."""
    closing = max((i for i, t in enumerate(tokens) if t.kind == "close"), default=-1)
    after = tokens[closing + 1 :]
    if closing < 0 or len(after) > 1 or (after and after[0].text not in (",", ":")):
        raise Uncertain
    opening = _matching_open(tokens, closing)
    if opening == 0:
        raise Uncertain
    bracket, before = tokens[opening], tokens[opening - 1]
    collection = before.kind in ("op", "comma", "open") or before.text in _KEYWORDS
    if bracket.text == "[" and not collection:
        raise Uncertain  # a subscript: black's trailing-comma rules differ
    if bracket.text == "(" and collection:
        raise Uncertain  # a parenthesized tuple or expression
    head, body, tail = tokens[: opening + 1], tokens[opening + 1 : closing], tokens[closing:]
    return _bracket_lines(head, body, tail, depth, collection=collection, long_head=long_head)


def _bracket_lines(
    head: list[Token],
    body: list[Token],
    tail: list[Token],
    depth: int,
    *,
    collection: bool,
    long_head: bool = False,
    parameters: bool = False,
) -> list[tuple[int, str]]:
    """``head`` on its line, ``body`` one level deeper, ``tail`` after (linegen's
    ``bracket_split_build_line`` and what black does with the body line next)."""
    head_text, tail_text = _join(head), _join(tail)
    if not body or not ((long_head or _fits(depth, head_text)) and _fits(depth, tail_text)):
        raise Uncertain
    items = _items(body)
    one_tuple = head[-1].text == "(" and collection and len(items) == 1
    trailing_comma = body[-1].kind == "comma" and not one_tuple
    # should_split_line: a trailing comma, or a collection literal of several items, explodes
    explode = trailing_comma or (collection and len(items) > 1)
    one_line = _join(body)
    if not explode and not _magic_trailing_comma(body) and _fits(depth + 1, one_line):
        lines = [(depth + 1, one_line)]
    elif len(items) == 1 and not trailing_comma:
        lines = _lay_out(items[0], depth + 1, parameter=parameters)
    else:
        lines = []
        for item in items:
            lines.extend(_lay_out(item if item[-1].kind == "comma" else [*item, COMMA], depth + 1, parameter=parameters))
    return [(depth, head_text), *lines, (depth, tail_text)]


def _items(body: list[Token]) -> list[list[Token]]:
    """The comma-separated items of a bracket's contents, each with its comma."""
    items: list[list[Token]] = [[]]
    level = 0
    for t in body:
        items[-1].append(t)
        level += (t.kind == "open") - (t.kind == "close")
        if level == 0 and t.kind == "comma":
            items.append([])
    return [item for item in items if item]


def _top_level(tokens: list[Token]) -> list[Token]:
    level, out = 0, []
    for t in tokens:
        if t.kind == "close":
            level -= 1
        if level == 0:
            out.append(t)
        if t.kind == "open":
            level += 1
    return out


def _top_level_delimiters(tokens: list[Token]) -> bool:
    """Whether black would split ``tokens`` at a delimiter outside brackets: an operator, a
    keyword, a comma, adjacent strings, or more than one attribute dot."""
    top = _top_level(tokens)
    if sum(t.text == "." for t in top) > 1 or any(a.kind == b.kind == "string" for a, b in itertools.pairwise(top)):
        return True
    return any(t.kind == "comma" or (t.kind == "op" and t.text not in _NEUTRAL_OPS) or t.text in _KEYWORDS for t in top)


def _matching(tokens: list[Token], opening: int) -> int:
    level = 0
    for i in range(opening, len(tokens)):
        level += (tokens[i].kind == "open") - (tokens[i].kind == "close")
        if level == 0:
            return i
    raise Uncertain


def _matching_open(tokens: list[Token], closing: int) -> int:
    level = 0
    for i in range(closing, -1, -1):
        level += (tokens[i].kind == "close") - (tokens[i].kind == "open")
        if level == 0:
            return i
    raise Uncertain


def _magic_trailing_comma(tokens: list[Token]) -> bool:
    """Whether a comma before a closing bracket makes black keep the brackets exploded."""
    for i in range(1, len(tokens)):
        if tokens[i].kind != "close" or tokens[i - 1].kind != "comma":
            continue
        opening = _matching_open(tokens, i)
        before = tokens[opening - 1] if opening else None
        called = before is not None and before.kind in ("name", "close", "string") and before.text not in _KEYWORDS
        if tokens[i].text == "]" and called:
            raise Uncertain  # a subscript's trailing comma: black's rules depend on the subscript
        if tokens[i].text == ")" and not called and len(_items(tokens[opening + 1 : i])) == 1:
            continue  # a one-tuple's comma is not magic
        return True
    return False


def _join(tokens: list[Token]) -> str:
    return "".join(" " + t.text if t.space and i else t.text for i, t in enumerate(tokens))


def _fits(depth: int, text: str, length: int = LINE_LENGTH) -> bool:
    width = 4 * depth + len(text)
    if text.isascii():
        return width <= length
    wide = sum(1 for c in text if not c.isascii())
    if width + wide <= length:  # each at most two columns wide
        return True
    if width - wide > length:  # each at least none
        return False
    raise Uncertain  # black's width table decides
