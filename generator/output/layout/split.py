"""Black's splits of a statement too long for its line, for the statements clientgen writes:
right-hand split at the last bracket pair (with the optional parentheses black puts around an
assignment's value or an annotation, kept or omitted as black decides), left-hand split of a
``def``, one item a line with the magic trailing comma, imports exploded, unions split before
each ``|``.
"""

from __future__ import annotations

import itertools

from .tokens import (
    COMMA,
    KEYWORDS,
    NEUTRAL_OPS,
    Token,
    Uncertain,
    fits,
    join,
    matching,
    matching_open,
    split_items,
    token,
    top_level,
)


def lay_out(tokens: list[Token], depth: int, *, statement: bool = False, parameter: bool = False) -> list[tuple[int, str]]:
    """The lines (depth, text) black makes of one line of ``tokens``; raises Uncertain.

    ``statement`` is a whole statement; otherwise the line is an item inside brackets."""
    text = join(tokens)
    # a comma before a closing bracket is written without a space: most lines have none
    magic = (",)" in text or ",]" in text or ",}" in text) and _magic_trailing_comma(tokens)
    if not magic and fits(depth, text):
        if statement:
            _require_no_redundant_parentheses(tokens)
        return [(depth, text)]
    if parameter:
        annotated = _split_annotation(tokens, depth)
        if annotated is not None:
            return annotated
    if not statement:
        item = tokens[:-1] if tokens[-1].kind == "comma" else tokens
        if not magic and _union(item, least=1):
            return _union_lines(tokens, depth)  # delimiter_split before each "|", the comma last
        # black first splits an item at its operators (delimiter_split); none here but a lone dot
        if _top_level_delimiters(item):
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
    if len(tokens) > 2 and tokens[0].kind == "name" and tokens[1].text == ":":
        return _split_at_annotation(tokens, [], depth)  # an annotation without a value
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
    if not _parenthesized_union(annotation):
        return None
    head = join(tokens[:2]) + " ("
    tail = ")" + "".join(" " + t.text if t.space else t.text for t in tokens[end:])
    if not (fits(depth, head) and fits(depth, tail)):
        raise Uncertain
    return [(depth, head), *_union_lines(annotation, depth + 1), (depth, tail)]


def _split_import(tokens: list[Token], depth: int) -> list[tuple[int, str]]:
    """``from module import (`` and one name a line with its comma: black explodes imports (the
    only brackets an import has, so nothing else to try: linegen's rhs, and ``should_split_line``)."""
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
    # the head stays too long when it is (it has no bracket to split at), as do the names
    head = join([*tokens[:start], token("(", "open", True)])
    lines = [(depth + 1, join(item if item[-1].kind == "comma" else [*item, COMMA])) for item in split_items(names)]
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
    closing = matching(tokens, opening)
    head, body, tail = tokens[: opening + 1], tokens[opening + 1 : closing], tokens[closing:]
    if not body or (len(tail) > 2 and tail[2].kind == "string") or _magic_trailing_comma(tail):
        raise Uncertain  # black may split such a def at its return annotation first (should_split_funcdef_with_rhs)
    if not any(t.kind == "comma" for t in top_level(body)):
        body = [*body, COMMA]  # black adds one to a lone parameter
    # the head stays long if it is: left_hand_split has nothing else to try
    if fits(depth, join(tail)):
        return _bracket_lines(head, body, tail, depth, collection=False, long_head=True, parameters=True)
    # ") -> A | B:" too long: black splits it in the parentheses it puts around a return annotation,
    # which it keeps around a union (can_omit_invisible_parens: a delimiter, no bracket at the ends)
    annotation = tail[2:-1]
    if len(tail) < 4 or tail[1].text != "->" or tail[-1].text != ":" or not _parenthesized_union(annotation):
        raise Uncertain
    lines = _bracket_lines(head, body, tail[:1], depth, collection=False, long_head=True, parameters=True)
    return [*lines[:-1], (depth, ") -> ("), *_union_lines(annotation, depth + 1), (depth, "):")]


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
    wrapped = join(target) + " ("
    # black puts an annotation in invisible parentheses: for it, an annotated target has brackets
    target_brackets = any(t.kind in ("open", "close") or t.text == ":" for t in top_level(target[:-1]))
    if len(value) == 1 and value[0].kind in ("name", "string", "number") and not target_brackets:
        if fits(depth, wrapped) and fits(depth + 1, value[0].text):
            return [(depth, wrapped), (depth + 1, value[0].text), (depth, ")")]
        return [(depth, join(tokens))]  # black cannot make it fit: left as it is
    if len(value) == 1 and value[0].kind in ("name", "string", "number"):
        if fits(depth, wrapped):  # black keeps the optional parentheses: nothing it prefers
            return [(depth, wrapped), (depth + 1, value[0].text), (depth, ")")]
        return _split_at_annotation(target[:-1], tokens[start - 1 :], depth)
    if _parenthesized_union(value) and fits(depth, wrapped):
        # black keeps the optional parentheses, then splits before each "|"
        return [(depth, wrapped), *_union_lines(value, depth + 1), (depth, ")")]
    _require_plain_call(value)
    if not target_brackets:  # nothing on the left to prefer: split the value
        opening = matching_open(tokens, len(tokens) - 1)
        if fits(depth, join(tokens[: opening + 1])):
            return _split_right(tokens, depth)
        # the head is too long: black's "second opinion" keeps the parentheses if all then fits
        wrapped_lines = [(depth, wrapped), *lay_out(value, depth + 1), (depth, ")")]
        if all(fits(d, text) for d, text in wrapped_lines):
            return wrapped_lines
        return _split_right(tokens, depth, long_head=True)
    opening = matching_open(tokens, len(tokens) - 1)
    if not fits(depth, wrapped):
        return _split_call_of_annotated(tokens, start, opening, depth)
    if fits(depth, join(tokens[: opening + 1])):
        return _split_right(tokens, depth)
    return [(depth, wrapped), *lay_out(value, depth + 1), (depth, ")")]


def _split_call_of_annotated(tokens: list[Token], start: int, opening: int, depth: int) -> list[tuple[int, str]]:
    """``name: T = Call(...)`` whose ``name: T = (`` does not fit: black prefers the split at the
    call's parentheses (``_prefer_split_rhs_oop_over_rhs``: the head is not short), and splits
    the head ``name: T = Call(`` again at the annotation when that does not fit either."""
    value = tokens[start:]
    if opening != start + 1 or value[0].kind != "name":
        raise Uncertain  # a value with delimiters: black may keep its parentheses
    if fits(depth, join(tokens[: opening + 1])):
        return _split_right(tokens, depth)
    if tokens[-2].kind != "comma" and fits(depth, "   " + join(value)):
        # no magic trailing comma, and the call fits after the annotation: black's next try
        # omits the call's brackets (generate_trailers_to_omit), and that head fits
        return _split_at_annotation(tokens[: start - 1], tokens[start - 1 :], depth)
    lines = _split_right(tokens, depth, long_head=True)
    return [*_split_at_annotation(tokens[: start - 1], tokens[start - 1 : opening + 1], depth), *lines[1:]]


def _split_at_annotation(target: list[Token], rest: list[Token], depth: int) -> list[tuple[int, str]]:
    """``name: T`` and ``rest`` split at the annotation, as black does once it prefers that
    split: in the parentheses it puts around an annotation (``name: (``, ``T``, ``) rest``), which
    it omits when ``T`` is ``Name[...]``: ``name: Name[``, what the subscript holds, ``] rest``."""
    if len(target) < 3 or target[0].kind != "name" or target[1].text != ":":
        raise Uncertain
    annotation = target[2:]
    subscript = (
        len(annotation) > 3
        and annotation[0].kind == "name"
        and annotation[1].text == "["
        and matching(annotation, 1) == len(annotation) - 1
    )
    if subscript:  # no delimiter in the annotation: black omits the optional parentheses
        return _bracket_lines(target[:4], annotation[2:-1], [annotation[-1], *rest], depth, collection=False)
    head = join(target[:2]) + " ("
    tail = join([token(")", "close", False), *rest])
    if len(annotation) == 1 and annotation[0].kind == "name":
        lines = [(depth + 1, annotation[0].text)]  # nothing to omit them for
    elif _parenthesized_union(annotation):
        lines = _union_lines(annotation, depth + 1)
    else:
        raise Uncertain
    if not all(fits(d, text) for d, text in [(depth, head), *lines, (depth, tail)]):
        raise Uncertain
    return [(depth, head), *lines, (depth, tail)]


def _parenthesized_union(value: list[Token]) -> bool:
    """A union black keeps in its optional parentheses (can_omit_invisible_parens): more than one
    "|", or one and no bracket it could split at instead at either end (a subscript does not count)."""
    if not _union(value, least=1):
        return False
    if _union(value) or value[-1].kind == "name":
        return True
    opening = matching_open(value, len(value) - 1) if value[-1].text == "]" else 0
    return opening > 0 and value[opening - 1].kind == "name"


def _union(value: list[Token], least: int = 2) -> bool:
    """Whether ``value`` is ``A | B | C``: ``least`` "|" or more, no other operator outside brackets."""
    top = top_level(value)
    if not value or sum(t.text == "|" for t in top) < least or value[0].kind == "open":
        return False
    return not any(t.kind in ("comma", "string", "number") or (t.kind == "op" and t.text not in ("|", ".")) for t in top)


def _union_lines(value: list[Token], depth: int) -> list[tuple[int, str]]:
    """A union on one line at ``depth``, or black's delimiter split of it: one operand a line, the
    first laid out again if it does not fit (``list[`` ... ``]``), the others fitting."""
    one_line = join(value)
    if fits(depth, one_line):
        return [(depth, one_line)]
    lines: list[tuple[int, str]] = []
    for index, operand in enumerate(_operands(value)):
        text = join(operand)
        if fits(depth, text):
            lines.append((depth, text))
        elif index == 0:
            lines.extend(lay_out(operand, depth))
        else:
            raise Uncertain  # a line starting with "|": no delimiter of its own to split at
    return lines


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
    top = top_level(value)
    if sum(t.kind == "open" for t in top) != 1 or sum(t.text == "." for t in top) > 1:
        raise Uncertain
    if any(t.kind in ("comma", "string", "number") or (t.kind == "op" and t.text != ".") for t in top):
        raise Uncertain
    if any(t.text in KEYWORDS for t in top):
        raise Uncertain


def _split_right(tokens: list[Token], depth: int, *, long_head: bool = False) -> list[tuple[int, str]]:
    """Black's right-hand split: up to the last opening bracket, what it holds, the rest."""
    closing = max((i for i, t in enumerate(tokens) if t.kind == "close"), default=-1)
    after = tokens[closing + 1 :]
    if closing < 0 or len(after) > 1 or (after and after[0].text not in (",", ":")):
        raise Uncertain
    opening = matching_open(tokens, closing)
    bracket, before = tokens[opening], tokens[opening - 1]
    if opening == 0:  # an item that is a literal: its bracket is the head (a tuple is not modelled)
        before = COMMA
    collection = before.kind in ("op", "comma", "open") or before.text in KEYWORDS
    # a name's subscript (``Annotated[...]``) splits as a call does; its trailing comma (never
    # magic here, see _magic_trailing_comma) and subscripts of other things are not modelled
    if bracket.text == "[" and not collection and (before.kind != "name" or (opening > 1 and tokens[opening - 2].text == ".")):
        raise Uncertain
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
    head_text, tail_text = join(head), join(tail)
    if not body or not ((long_head or fits(depth, head_text)) and fits(depth, tail_text)):
        raise Uncertain
    items = split_items(body)
    one_tuple = head[-1].text == "(" and collection and len(items) == 1
    trailing_comma = body[-1].kind == "comma" and not one_tuple
    # should_split_line: a trailing comma, or a collection literal of several items, explodes
    explode = trailing_comma or (collection and len(items) > 1)
    one_line = join(body)
    if not explode and not _magic_trailing_comma(body) and fits(depth + 1, one_line):
        lines = [(depth + 1, one_line)]
    elif len(items) == 1 and not trailing_comma and _union(items[0], least=1):
        lines = _union_lines(items[0], depth + 1)  # black's delimiter split, before each "|"
    elif len(items) == 1 and not trailing_comma:
        lines = lay_out(items[0], depth + 1, parameter=parameters)
    else:
        lines = []
        for item in items:
            lines.extend(lay_out(item if item[-1].kind == "comma" else [*item, COMMA], depth + 1, parameter=parameters))
    return [(depth, head_text), *lines, (depth, tail_text)]


def _top_level_delimiters(tokens: list[Token]) -> bool:
    """Whether black would split ``tokens`` at a delimiter outside brackets: an operator, a
    keyword, a comma, adjacent strings, or more than one attribute dot."""
    top = top_level(tokens)
    if sum(t.text == "." for t in top) > 1 or any(a.kind == b.kind == "string" for a, b in itertools.pairwise(top)):
        return True
    return any(t.kind == "comma" or (t.kind == "op" and t.text not in NEUTRAL_OPS) or t.text in KEYWORDS for t in top)


def _magic_trailing_comma(tokens: list[Token]) -> bool:
    """Whether a comma before a closing bracket makes black keep the brackets exploded."""
    for i in range(1, len(tokens)):
        if tokens[i].kind != "close" or tokens[i - 1].kind != "comma":
            continue
        opening = matching_open(tokens, i)
        before = tokens[opening - 1] if opening else None
        called = before is not None and before.kind in ("name", "close", "string") and before.text not in KEYWORDS
        if tokens[i].text == "]" and called:
            raise Uncertain  # a subscript's trailing comma: black's rules depend on the subscript
        if tokens[i].text == ")" and not called and len(split_items(tokens[opening + 1 : i])) == 1:
            continue  # a one-tuple's comma is not magic
        return True
    return False
