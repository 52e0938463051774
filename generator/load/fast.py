"""The fast YAML reader: yaml-rs (Rust) for the documents it reads exactly as ruamel.yaml does.

ruamel.yaml's safe loader builds every value in Python (its resolver and constructor), which is
most of the time a large spec takes to load. yaml-rs parses in Rust into the same values, five to
twenty times faster. What it reads differently from ruamel.yaml - and what the guard must see
before anything is parsed - is recognised on the raw text, at C speed, and then :func:`read`
returns None: the caller reads the document the old way (:mod:`.guard`, then ruamel.yaml), with
the same data and the same messages. So, conservatively, a document goes the old way when it has:

- a tag (``!!binary``, ``!foo``), an anchor (``&a``; an alias needs one), a merge key (``<<``), a
  directive (``%YAML 1.1`` changes what ``yes`` means), a document marker past the first line, a
  complex key (``? ``) or more than three sequences nested on one line (``- - - - x``);
- a run of digits longer than Python reads as an integer (:data:`.guard.MAX_DIGITS`);
- a plain timestamp with a time, or a date whose ISO form is not its text (ruamel.yaml reads them
  as dates and datetimes, which become ISO text; ``2001-12-14`` reads the same either way);
- a plain scalar the two read differently, found by fuzzing both (``_1``, ``0X1F``, ``.Nan``,
  ``.5e1`` are numbers to yaml-rs, text to ruamel.yaml; ``._``, ``=``, ``<<``, an empty key, an
  empty block scalar at the end), or, in a flow collection, a plain scalar with a ``:`` inside
  (``{url: http://x}``) or starting with ``|`` or ``>``: ruamel.yaml refuses those;
- nesting that may be deeper than :data:`.guard.MAX_DEPTH` (a bound from the indentation and the
  brackets; yaml-rs has no depth limit of its own, and a deep enough block nesting overflows its stack);
- more characters than the guard allows values (:data:`.guard.MAX_NODES`: each value takes one);
- anything yaml-rs refuses (malformed YAML, duplicate keys: the old way says where).

Keys that YAML reads as numbers, booleans or null (``200:``) become the text ruamel.yaml's gives
them, through one C-speed round trip by :mod:`json`, only when the text has such a key.

Why yaml-rs (measured on Box's spec as YAML, 1.4 MB, where ``json.loads`` of the JSON takes 6.4 ms;
ruamel.yaml's safe loader 385 ms):

- yaml-rs 0.1.6: 16 ms. YAML 1.2 as ruamel.yaml reads it here: ``yes``/``no``/``on``/``off`` stay
  text, ``0777`` is 777, ``1_000`` is 1000, ``0b101`` is 5. Timestamps stay text with
  ``parse_datetime=False`` (with True it also turns quoted ones into datetimes); duplicate keys
  are refused. No depth limit (a deep block nesting crashes it: hence the bound above), no positions.
- fastyaml-rs 0.7.0: 22 ms, with a depth limit of its own, but a duplicate key silently keeps the
  last value, a second document is dropped, unknown tags are ignored, ``1_000`` stays text.
- rapidyaml 0.15.2 (parse, emit JSON, ``json.loads``): 23 ms, but it types scalars its own way
  (``True``, ``~``, ``0x1F``, ``.inf`` stay text; ``+12`` is not JSON) and its Python API exposes
  no node positions (its C++ tree has them).
- ryaml 0.5.1: 38 ms; refuses integers past 128 bits.
- PyYAML's CSafeLoader (libyaml): 215 ms, and YAML 1.1 (``yes`` is true, ``0777`` is 511).

None hands node positions to Python, so lines are still found, only when a warning needs one, in
a pass over libyaml's events (:mod:`.positions`).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from typing import Any

from ruamel.yaml import YAML

from . import guard

try:
    import yaml_rs
except ImportError:  # pragma: no cover - a platform without a wheel: every document goes the old way
    yaml_rs = None  # type: ignore[assignment]

_NODE_START = frozenset(" \t\r\n[{,")  # what stands before a node's first character
_TAGS_AND_ANCHORS = (re.compile(r"!"), re.compile(r"&[^ \t\r\n,\]}]"))  # "&amp;", "![image](...)" too: only slower
_COMPLEX_KEY = re.compile(r"\?(?=[ \t\r\n]|\Z)")
_NESTED_ON_ONE_LINE = re.compile(r"-[ \t]+-[ \t]+-[ \t]+-(?=[ \t\r\n]|\Z)")
_FIRST_MARKER = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\r?\n)*---[ \t]*(?:#[^\n]*)?(?=\r?\n|\Z)")
_MARKER_END = frozenset(" \t\r\n")
_DIGIT_RUN = re.compile(r"[0-9]*")
_DATE_PART = re.compile(r"-[0-9][0-9]?-[0-9]")
_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?"
)
# A plain key YAML reads as a number, a boolean or null, or a flow collection as a key. Found in
# two steps, for speed: where one may start (after a line's indentation and "- ", or after "{",
# "[" or "," in a flow collection; a boolean or null by its spelling), then the whole key. A
# markdown link's "[1]: https://..." in a description matches too: that document is only checked further.
_KEY_START = re.compile(r"\n[ \t-]*\+?[.0-9~\[{:]")  # a sign is taken by "[ \t-]*" or "\+?": the key from its digit on
_FLOW_KEY_START = re.compile(r"[\[{,][ \t]*[-+.0-9~\[{TtFfNn:]")
# After each ":" that ends a key, whether a boolean or null stands before it (a lookbehind for
# each length, fast); with spaces before the ":" (rare), the slower search by spelling.
_WORD_KEY = re.compile(r":(?:(?<=true:|True:|TRUE:|null:|Null:|NULL:)|(?<=false:|False:|FALSE:)|(?<=~:))(?=[ \t\r\n]|\Z)")
_SPACED_COLONS = (re.compile(r" :(?=[ \t\r\n]|\Z)"), re.compile(r"\t:(?=[ \t\r\n]|\Z)"))
_WORDS = frozenset({"true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL", "~"})
_SCALAR_KEY = re.compile(r"(?:(?:[-+]?[.0-9]|~)[^:\n]*|[Tt]rue|TRUE|[Ff]alse|FALSE|[Nn]ull|NULL)[ \t]*:(?=[ \t\r\n]|\Z)")
_FLOW_SCALAR_KEY = re.compile(
    r"(?:(?:[-+]?[.0-9]|~)[^:\n\[\]{},]*|[Tt]rue|TRUE|[Ff]alse|FALSE|[Nn]ull|NULL)[ \t]*:(?=[ \t\r\n,\]}]|\Z)"
)
_COLLECTION_KEY = re.compile(r"[\[{][^:\n]*:(?=[ \t\r\n]|\Z)")
_INFINITE_KEY = re.compile(r"[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)[ \t]*:")  # json spells them otherwise
# Numbers the two read differently (``_1``, ``.5e1``, ``0X1F``, ``.Nan``, ``._``), and "=", which
# ruamel.yaml refuses: a plain scalar that starts (after a sign) so. Each such scalar is read both ways.
_BEFORE_SCALAR = frozenset(b" \t\r\n[{,:?-+")
_ODD_NUMBERS = re.compile(rb"_(?:[0-9_.]|(?=[ \t\r\n,\]}:#])|\Z)|\.[0-9_iInN]|0[BOX]|=")
_SCALAR_END = re.compile(rb"[ \t\r\n,\[\]{}:#]")
_GOES_ON = re.compile(rb"[ \t]+(?:[^ \t\r\n#:,\]}]|:[^ \t\r\n])")  # more words: a longer plain scalar, text either way
_EMPTY_BLOCK_SCALAR_AT_END = re.compile(r"[|>][-+0-9]*[ \t]*(?:#[^\n]*)?\Z")  # ruamel.yaml reads "", yaml-rs "\n"
# In a flow collection ruamel.yaml refuses a plain scalar with ":" inside ("{url: http://x}") or
# starting with "|" or ">", which yaml-rs reads. Each flow collection is looked into, quoted
# strings taken out (a JSON-like '{"a":1}' is then refused too: only slower).
_FLOW_TOKEN = re.compile(r"[\[\]{}]|'(?:[^']|'')*'|\"(?:[^\"\\]|\\.)*\"")
_FLOW_REFUSED = re.compile(r":[^ \t\r\n,\[\]{}]|[\[{,][ \t]*[|>]")
_LONGEST_FLOW = 20_000
# What ruamel.yaml's reader refuses (control characters; NUL, which yaml-rs ends the text at), and
# line breaks other than "\n" and "\r" its scanner refuses where yaml-rs reads them.
# Found on the UTF-8 bytes: an ASCII control byte, or the encodings of U+0080-U+009F, U+2028,
# U+2029, U+FFFE, U+FFFF and of surrogates.
_READ_ALIKE_BYTES = bytes(range(0x20, 0x7F)) + b"\t\n\r" + bytes(range(0x80, 0x100))
_NOT_READ_ALIKE = re.compile(rb"\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9]|\xef\xbf[\xbe\xbf]|\xed[\xa0-\xbf]")
_SPACE_RUNS = (1, 2, 4, 8, 16, 32, 64, 128)
_BRACKETS_ONLY = bytes(c for c in range(256) if chr(c) not in "[]{}")


def read(text: str) -> Any | None:
    """The document's data as ruamel.yaml's safe loader and :func:`.document._normalise` give
    it, or None when this reader cannot be sure of that (see the module)."""
    if yaml_rs is None or len(text) >= guard.MAX_NODES or not _plain(text) or not _shallow(text):
        return None
    body = text[1:] if text.startswith("\ufeff") else text  # ruamel.yaml drops a byte order mark; yaml-rs keeps it
    if not body.isascii() and "\ufeff" in body:
        return None
    try:
        data = yaml_rs.loads(body, parse_datetime=False)
    except Exception:  # malformed, a duplicate key: the old way says where
        return None
    keys = _odd_keys(text)
    if keys is None:
        return None
    scalar_keys, collection_keys = keys
    if scalar_keys:
        if _INFINITE_KEY.search(text):
            return None
        try:  # keys made text as ruamel.yaml's are: str(200), "true", "null"; a collection as a key refused
            return json.loads(json.dumps(data, allow_nan=True, default=_not_json))
        except (TypeError, ValueError):
            return None
    if collection_keys:
        try:  # a list or a mapping as a key: ruamel.yaml refuses it
            json.dumps(data, allow_nan=True, default=_not_json)
        except (TypeError, ValueError):
            return None
    return data


def _odd_keys(text: str) -> tuple[bool, bool] | None:
    """Whether the text may have a key YAML reads as a number, a boolean or null; and one that is a
    flow collection. None: it may have an empty key, which ruamel.yaml refuses."""
    scalar = collection = False
    starts = [(match.end() - 2, _SCALAR_KEY) for match in _KEY_START.finditer("\n" + text)]  # at in ``text``
    if "{" in text or "[" in text:
        starts += [(match.end() - 1, _FLOW_SCALAR_KEY) for match in _FLOW_KEY_START.finditer(text)]
    for at, scalar_key in starts:
        if text[at] == ":":  # an empty key: ruamel.yaml refuses it
            return None
        scalar = scalar or scalar_key.match(text, at) is not None
        collection = collection or _COLLECTION_KEY.match(text, at) is not None
    if not scalar:
        ends = [match.start() for match in _WORD_KEY.finditer(text)]
        for spaced in _SPACED_COLONS:
            for match in spaced.finditer(text):
                end = _before_spaces(text, match.start())
                if text[_word_start(text, end) : end] in _WORDS:
                    ends.append(end)
        scalar = any(_starts_node(text, _word_start(text, end)) for end in ends)
    return scalar, collection


def _word_start(text: str, end: int) -> int:
    """Where the word that ends at ``end`` begins."""
    at = end
    while at > 0 and text[at - 1] not in " \t\r\n[{,-":
        at -= 1
    return at


def _before_spaces(text: str, end: int) -> int:
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    return end


def _starts_node(text: str, at: int) -> bool:
    return at == 0 or text[at - 1] in _NODE_START or text[at - 1] == "-"


def _printable(text: str) -> bool:
    """Whether every character is one both read alike (see above)."""
    raw = text.encode("utf-8", "surrogatepass")
    if raw.translate(None, _READ_ALIKE_BYTES):
        return False
    return text.isascii() or _NOT_READ_ALIKE.search(raw) is None


def _plain(text: str) -> bool:
    """Whether nothing in the text is read differently, or needs the guard (see the module)."""
    if not _printable(text):
        return False
    for pattern in _TAGS_AND_ANCHORS:
        if any(m.start() == 0 or text[m.start() - 1] in _NODE_START for m in pattern.finditer(text)):
            return False
    if "<<" in text or _EMPTY_BLOCK_SCALAR_AT_END.search(text[-4096:].rstrip()) or not _flow_alike(text):
        return False
    if any(m.start() == 0 or text[m.start() - 1] in _NODE_START for m in _COMPLEX_KEY.finditer(text)):
        return False
    if _NESTED_ON_ONE_LINE.search(text) or text.startswith("%") or "\n%" in text:
        return False
    if not _one_document(text) or _long_number(text) or not _numbers_alike(text):
        return False
    return all(_same_timestamp(text, match.start()) for match in _DATE_PART.finditer(text))


def _flow_alike(text: str) -> bool:
    """Whether no flow collection holds what ruamel.yaml refuses there (see above)."""
    if "[" not in text and "{" not in text:
        return True
    checked = 0
    for at in sorted(_positions(text, "[") + _positions(text, "{")):
        if at < checked or not _starts_flow(text, at):
            continue  # inside one already looked into, or not where a node starts ("a[0]", prose)
        depth, outside, end = 0, [], None
        last = at
        for token in _FLOW_TOKEN.finditer(text, at, at + _LONGEST_FLOW):
            if token.group()[0] in "'\"":
                outside.append(text[last : token.start()])
                last = token.end()
                continue
            depth += 1 if token.group() in "[{" else -1
            if depth == 0:
                end = token.end()
                break
        if end is None:  # not closed soon: a bracket in prose, or a long flow collection
            return False
        outside.append(text[last:end])
        if _FLOW_REFUSED.search("".join(outside)):
            return False
        checked = end
    return True


def _positions(text: str, character: str) -> list[int]:
    found, at = [], text.find(character)
    while at != -1:
        found.append(at)
        at = text.find(character, at + 1)
    return found


def _starts_flow(text: str, at: int) -> bool:
    """Whether a bracket at ``at`` may start a flow collection: after "key: ", "- " or "? " on its
    line, or first on a line that follows one ending a key or a dash ("a:" then "  [x, y]"), or
    at the text's start. A bracket in a description's prose is not where a node starts."""
    line_start = text.rfind("\n", 0, at) + 1
    before = text[line_start:at]
    if '\\"' in before:  # an escaped quote: inside a quoted string (JSON in an example)
        return False
    if before.strip(" \t"):
        return before.rstrip(" \t").endswith((":", "-", "?")) and before[-1] in " \t"
    end = line_start - 1
    while end > 0:  # the line before, past blank lines and comments
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].split(" #", 1)[0].strip(" \t\r")
        if line and not line.startswith("#"):
            return line.endswith((":", "-", "?")) and '\\"' not in line
        end = start - 1
    return True


def _numbers_alike(text: str) -> bool:
    """Whether each plain scalar that may be a number yaml-rs reads otherwise reads the same."""
    raw = b"\n" + text.encode("utf-8", "surrogatepass")  # a scalar at the very start has a line start before it
    for odd in _ODD_NUMBERS.finditer(raw):
        start = odd.start()
        if raw[start - 1] not in _BEFORE_SCALAR:
            continue  # inside a word
        end = _SCALAR_END.search(raw, start + 1)
        while raw[start - 1] in b"+-":  # the sign is the scalar's
            start -= 1
        stop = end.start() if end else len(raw)
        if not _GOES_ON.match(raw, stop) and not _same_scalar(raw[start:stop].decode("utf-8", "surrogatepass")):
            return False
    return True


@functools.lru_cache(maxsize=1024)
def _same_scalar(written: str) -> bool:
    """Whether yaml-rs and ruamel.yaml read ``written`` as the same value."""
    text = f"a: {written}\n"
    try:
        ours = yaml_rs.loads(text, parse_datetime=False)
        theirs = _ruamel().load(text)
    except Exception:
        return False
    return type(ours) is type(theirs) and repr(ours) == repr(theirs)


def _one_document(text: str) -> bool:
    """No document marker at a line's start, but a first ``---`` before any content."""
    first = _FIRST_MARKER.match(text)
    if first is None and text[:3] in ("---", "...") and text[3:4] in ("", " ", "\t", "\r", "\n"):
        return False
    begin = first.end() if first is not None else 0
    for marker in ("\n---", "\n..."):
        at = text.find(marker, begin)
        while at != -1:
            after = at + len(marker)
            if after == len(text) or text[after] in _MARKER_END:
                return False
            at = text.find(marker, after)
    return True


def _long_number(text: str) -> bool:
    """Whether a run of digits is longer than Python reads as an integer: such a run covers one
    of every ``MAX_DIGITS // 2`` characters, so only the digits there are looked around."""
    step = guard.MAX_DIGITS // 2
    for index, character in enumerate(text[::step]):
        if character.isdigit():
            at = index * step
            start = at
            while start > 0 and text[start - 1].isdigit():
                start -= 1
            run = _DIGIT_RUN.match(text, start)
            if run is not None and run.end() - start > guard.MAX_DIGITS:
                return True
    return False


def _same_timestamp(text: str, dash: int) -> bool:
    """Whether a timestamp whose first dash is at ``dash`` reads as the same text both ways: only
    a plain scalar can be one (a quoted one is a string either way), and its ISO form is its text."""
    start = dash - 4
    if start < 0 or not text[start:dash].isdigit() or (start > 0 and text[start - 1] not in " \t\n[{,:-?"):
        return True
    match = _TIMESTAMP.match(text, start)
    if match is None:
        return True
    end = match.end()
    if end < len(text) and text[end] not in " \t\r\n,]}#:":
        return True  # part of a longer plain scalar: a string either way
    written = match.group()
    if ":" in written:  # with a time: as a key, str() of a datetime; in a flow collection, refused by ruamel.yaml
        return False
    return _iso(written) == written


@functools.lru_cache(maxsize=256)
def _iso(written: str) -> str | None:
    """ruamel.yaml's reading of a timestamp, as ISO text (what :func:`.document._normalise` makes of it)."""
    try:
        value = _ruamel().load(written)
    except Exception:
        return None
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else None


@functools.cache
def _ruamel() -> YAML:
    return YAML(typ="safe")


def _shallow(text: str) -> bool:
    """Whether the nesting is surely within :data:`.guard.MAX_DEPTH`. A block collection starts
    further right than its parent's parent (a sequence may stand at its mapping's indentation), so
    block nesting is at most twice the rightmost column a collection starts at, plus two: the
    deepest indentation, plus two columns for each of at most three sequences nested on one line
    (``- - - x``). Flow brackets add at most their nesting, counted on every bracket, in strings
    too (a closer with nothing open ignored); yaml-rs itself refuses flow nesting past 255."""
    indent = 0
    for step in reversed(_SPACE_RUNS):
        if "\n" + " " * (indent + step) in text or text.startswith(" " * (indent + step)):
            indent += step
    block = 2 * (indent + 2 * 3 + 2)
    if block > guard.MAX_DEPTH:
        return False
    brackets = text.encode("utf-8", "surrogatepass").translate(None, _BRACKETS_ONLY)
    if block + len(brackets) <= guard.MAX_DEPTH:
        return True
    depth = deepest = 0
    for bracket in brackets:
        depth = depth + 1 if bracket in b"[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return block + deepest <= guard.MAX_DEPTH


def _not_json(value: Any) -> Any:
    raise TypeError(type(value).__name__)
