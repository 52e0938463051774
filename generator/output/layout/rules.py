"""Black's rules that the layout checks rather than applies: the spacing between tokens, blank
lines and indentation, and docstrings. Text the templates wrote in black's style passes; anything
else is Uncertain, and goes to black.
"""

from __future__ import annotations

import re
from typing import Any

from .tokens import INDENT, LINE_LENGTH, PY_KEYWORDS, Line, Token, Uncertain, matching, split_items

_COMPOUND = {"class", "def", "async", "if", "elif", "else", "for", "while", "with", "try", "except", "finally", "match", "case"}

_DEFS = {"class", "def", "async"}


def check_blank_lines(lines: list[Line]) -> None:
    """Refuse indentation and blank lines black would change (its EmptyLineTracker, for the
    arrangements the templates use): the templates' blank lines are kept as they are."""
    previous: Line | None = None
    blank = 0
    body_of: list[Line] = []  # the def or class statements whose bodies enclose the line
    after_docstring = False
    for index, line in enumerate(lines):
        if not line.tokens:
            blank += 1
            continue
        depth = line.depth
        opener = previous is not None and previous.tokens[-1].text == ":"
        if line.is_comment:
            _check_comment(lines, index, opener)
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
            and ((depth == previous.depth == 0 and blank != 1) or (depth == previous.depth and not blank))
        ):
            raise Uncertain  # black ends module-level imports with one blank line, others with one or more
        class_docstring = previous is not None and previous.tokens[0].text == "class" and opener
        after_docstring = line.is_string and (previous is None or class_docstring)
        if is_def:
            body_of.append(line)
        previous, blank = line, 0


def _check_comment(lines: list[Line], index: int, opener: bool) -> None:
    """A comment on a line of its own, as the templates write one: black keeps it where it is
    when it is not first in its block or chunk and the plain statement it introduces follows
    directly, at its depth (no docstring, def, class or decorator, whose blank lines differ)."""
    following = lines[index + 1] if index + 1 < len(lines) else None
    if index == 0 or opener or following is None or not following.tokens or following.depth != lines[index].depth:
        raise Uncertain
    if following.is_string or following.is_comment or following.tokens[0].text in (*_DEFS, "@"):
        raise Uncertain


_WORDS = frozenset(("name", "string", "number"))


def check_spacing(tokens: list[Token]) -> None:
    """Refuse a line whose spacing between tokens is not black's (its ``whitespace``, for the
    tokens clientgen writes; anything else, such as operators black weighs, is refused)."""
    stack: list[list[Any]] = []  # per open bracket: [kind, whether the current item has an annotation]
    compound = tokens[0].text in _COMPOUND
    importing = tokens[0].text in ("from", "import")
    previous = tokens[0]
    for i, token in enumerate(tokens):
        text, kind = token.text, token.kind
        if i:
            before = previous.kind
            # the common cases first, as _space decides them
            if kind == "close" or kind == "comma" or before == "open":
                want: bool | None = False
            elif before == "comma" or (kind in _WORDS and (before in _WORDS or before == "close")):
                want = True
            elif kind == "open" and before == "name":
                want = previous.text in PY_KEYWORDS
            else:
                want = _space(tokens, i, stack, importing)
            if want is not token.space:
                raise Uncertain
        previous = token
        if kind == "name" or kind == "string" or kind == "number":
            if text == "lambda" and i + 1 < len(tokens) and tokens[i + 1].text != ":":
                raise Uncertain  # a lambda's parameters
        elif kind == "open":
            before_token = tokens[i - 1] if i else None
            called = before_token is not None and (
                before_token.kind in ("close", "string") or (before_token.kind == "name" and before_token.text not in PY_KEYWORDS)
            )
            bracket = "subscript" if text == "[" and called else "call" if text == "(" and called else "collection"
            if bracket == "call" and not stack and tokens[0].text in ("def", "async"):
                bracket = "parameters"
            if text == "(" and bracket == "collection" and not stack and _redundant_parentheses(tokens, i):
                raise Uncertain  # black drops redundant parentheses here
            stack.append([bracket, False])
        elif kind == "close":
            if not stack:
                raise Uncertain
            stack.pop()
        elif kind == "comma":
            if stack:
                stack[-1][1] = False
        elif text == ":":
            if not stack:
                if compound and i != len(tokens) - 1:
                    raise Uncertain  # a block on its header's line
            elif stack[-1][0] == "subscript":
                raise Uncertain  # a slice
            else:
                stack[-1][1] = True


def _redundant_parentheses(tokens: list[Token], opening: int) -> bool:
    """Parentheses after an operator or keyword at statement level, holding no tuple."""
    before = tokens[opening - 1] if opening else None
    if before is None or before.text == "import" or not (before.kind == "op" or before.text in PY_KEYWORDS):
        return False
    items = split_items(tokens[opening + 1 : matching(tokens, opening)])
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
        unary = i < 2 or tokens[i - 2].kind in ("open", "comma", "op") or tokens[i - 2].text in PY_KEYWORDS
        return False if unary else None
    if previous.kind == "op" or current.kind == "op":
        return None  # other operators
    if current.kind == "open":
        if previous.kind == "close":
            return False
        if previous.kind == "name":
            return before in PY_KEYWORDS
        return None
    return True  # names, keywords, strings and numbers, and after a closing bracket


def docstring(text: str, depth: int) -> str:
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
