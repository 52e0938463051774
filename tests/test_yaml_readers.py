"""The two fast YAML readers - the native one (:mod:`generator.load.native`) and yaml-rs
(:mod:`generator.load.fast`) - each give what ruamel.yaml gives: the same data and the same
positions for every YAML document of the corpus, the same data for YAML's corner cases (YAML 1.1
booleans and octals, ``1_000``, timestamps, keys that are numbers), and, for what they leave, the
same messages, read the old way. Positions, from libyaml's events (:mod:`generator.load.positions`)
or recorded by the native reader, are those ruamel.yaml's composer gave, for every document."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import GenerationError, escape_pointer
from generator.load import document, fast, guard, native, positions, scalars

from .conftest import CORPUS

pytestmark = pytest.mark.shared("corpus")

YAML_DOCUMENTS = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.suffix in (".yaml", ".yml"))


def native_data(text: str) -> Any:
    read = native.read(text)
    return None if read is None else read[0]


READERS = {"native": native_data, "yaml-rs": fast.read}  # text -> data, or None: read the old way
reader_names = pytest.mark.parametrize("reader", READERS)


def both_ways(path: Path, monkeypatch: pytest.MonkeyPatch, reader: str) -> tuple[Any, Any]:
    """What :func:`document.load` gives (a Document or the error's text) with ``reader`` as the
    only fast reader, and the old way (ruamel.yaml only)."""
    results = []
    for quick in (True, False):
        with monkeypatch.context() as patch:
            if reader != "native" or not quick:
                patch.setattr(native, "read", lambda text: None)
            if reader != "yaml-rs" or not quick:
                patch.setattr(fast, "read", lambda text: None)
            try:
                results.append(document.load(path))
            except GenerationError as exc:
                results.append(str(exc))
    return results[0], results[1]


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (``1`` is not ``1.0`` or ``True``)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def pointers(data: Any, pointer: str = "#") -> Iterator[str]:
    yield pointer
    children = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in children:
        yield from pointers(value, f"{pointer}/{escape_pointer(str(key))}")


@reader_names
@pytest.mark.parametrize("name", YAML_DOCUMENTS)
def test_every_corpus_document_reads_the_same_both_ways(name: str, reader: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = CORPUS / name
    monkeypatch.setattr(document, "_as_openapi", lambda read: read)  # the reader's data, before Swagger 2.0 is converted
    quick, old = both_ways(path, monkeypatch, reader)
    if isinstance(old, str):
        assert quick == old  # refused the same way, with the same message
        return
    assert isinstance(quick, document.Document)
    assert same(quick.data, old.data)
    lines_of_keys = READERS[reader](path.read_text(encoding="utf-8")) is not None  # no alias or merge key: each node has its place
    for pointer in pointers(old.data):
        assert quick.line_of(pointer) == old.line_of(pointer), pointer
        if lines_of_keys:  # the pointer itself has a line: the keys are spelled as the positions spell them
            assert pointer.lstrip("#") in (quick._lines or {}), pointer


@reader_names
def test_most_of_the_corpus_takes_the_fast_way(reader: str) -> None:
    taken = [name for name in YAML_DOCUMENTS if READERS[reader]((CORPUS / name).read_text(encoding="utf-8")) is not None]
    assert len(taken) >= 0.85 * len(YAML_DOCUMENTS)
    assert "large/algolia_ingestion_full.yml" in taken


CORNERS = {
    "yaml 1.1 booleans stay text": "a: yes\nb: no\nc: on\nd: off\ne: y\nf: True\ng: FALSE\n",
    "octal, hex, binary, underscores": "a: 0777\nb: 0o17\nc: 0x1F\nd: 0b101\ne: 1_000\nf: +12\ng: -0\nh: 00\ni: 09\n",
    "floats": "a: 1e3\nb: .5\nc: -.inf\nd: .NaN\ne: 1.\nf: 6.8523015e+5\ng: 1.10\nh: 0.0\n",
    "nulls": "a: ~\nb: null\nc:\nd: Null\n",
    "timestamps, iso": "a: 2001-12-14\nb: 2012-12-12T10:53:43-08:00\nc: '2020-07-22T11:26:08Z'\n",
    "timestamps, other forms": "a: 2001-12-14t21:59:43.10-05:00\nb: 2020-07-22T11:26:08Z\nc: 2001-12-14 21:59:43.10 -5\n",
    "keys that are not text": "200: a\n1.5: b\ntrue: c\n~: d\nx: {404: e, false : f}\ny:\n- 0x10: g\n",
    "strings": "a: '123'\nb: \"true\"\nc: 1:20\nd: 50%\ne: ''\nf: |\n  multi\n  line\ng: >-\n  folded\n  text\n",
    "big int": "a: 123456789012345678901234567890\n",
    "a first document marker": "# comment\n---\na: 1\n",
    "windows line ends": "a: 1\r\nb:\r\n  - 200: x\r\n  - -5: y\r\n  - +.5: z\r\nc: 2001-12-14t21:59:43.10-05:00\r\n",
    "a byte order mark": "\ufeffa: 1\nb: [x, {y: 2}]\n",
}


@reader_names
@pytest.mark.parametrize("text", CORNERS.values(), ids=CORNERS.keys())
def test_corner_cases_read_as_ruamel_yaml_reads_them(text: str, reader: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(text)
    quick, old = both_ways(path, monkeypatch, reader)
    assert isinstance(quick, document.Document) and isinstance(old, document.Document)
    assert same(quick.data, old.data), (quick.data, old.data)


def nested_block(depth: int) -> str:
    return "".join(" " * i + "k:\n" for i in range(depth - 1)) + " " * (depth - 1) + "k: 1\n"


def nested_flow(depth: int) -> str:
    return "a: " + "[" * (depth - 1) + "]" * (depth - 1) + "\n"


REFUSED = {
    "malformed": "a: [1, 2\n",
    "a tab": "a:\n\tb: 1\n",
    "a duplicate key": "a: 1\na: 2\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "an unknown tag": "a: !foo 1\n",
    "binary": "a: !!binary aGVsbG8=\n",
    "a python tag": "a: !!python/object:os.system 1\n",
    "a list as a key": "? [1, 2]\n: x\n",
    "a long number": "a: " + "1" * (guard.MAX_DIGITS + 1) + "\n",
    "an alias bomb": "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9) if p else '1'}]\n" for p, c in zip(" abcdefgh", "abcdefghi", strict=True)
    ),
    "a recursive alias": "a: &x [1, *x]\n",
    "block nesting past the limit": nested_block(guard.MAX_DEPTH + 1),
    "flow nesting past the limit": nested_flow(guard.MAX_DEPTH + 1),
    "block nesting at the limit": nested_block(guard.MAX_DEPTH),
    "flow nesting at the limit": nested_flow(guard.MAX_DEPTH),
    "merge keys": "x: &x {a: 1}\ny:\n  <<: *x\n  b: 2\n",
    "yaml 1.1": "%YAML 1.1\n---\na: yes\n",
    "deep sequences on one line": "a:\n" + "- " * 200 + "x\n",
    "numbers yaml-rs reads otherwise": "a: _1\nb: 0X1F\nc: .Nan\nd: .5e1\ne: 0B11\n",
    "a float ruamel.yaml refuses": "a: ._\n",
    "values ruamel.yaml refuses": "a: =\nb: <<\n",
    "an empty key": "a:\n  : x\n",
    "a colon in a flow scalar": "servers: [{url: http://example.com}]\n",
    "a flow collection on the next line": "a:\n  [x, y:z]\n",
    "a block indicator in a flow collection": "a: [|]\n",
    "an empty block scalar at the end": "a: 1\nb: |\n",
    "a timestamp as a key": "2001-12-14T21:59:43: v\n",
    "a timestamp in a flow collection": "a: [2001-12-14T21:59:43.123456+05:30]\n",
}


@reader_names
@pytest.mark.parametrize("text", REFUSED.values(), ids=REFUSED.keys())
def test_what_the_fast_reader_leaves_reads_the_old_way(text: str, reader: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each is read (or refused, with the same message) as ruamel.yaml reads it."""
    path = tmp_path / "spec.yaml"
    path.write_text(text)
    quick, old = both_ways(path, monkeypatch, reader)
    if isinstance(old, str):
        assert quick == old
    else:
        assert isinstance(quick, document.Document) and same(quick.data, old.data)


@reader_names
def test_a_deep_nesting_is_left_to_the_guard(reader: str) -> None:
    """yaml-rs has no depth limit of its own: a deep enough block nesting overflows its stack. The
    native reader recurses too, and stops at the guard's limit."""
    for text in (nested_block(3000), "a:\n" + "- " * 20000 + "x\n", nested_flow(20000), nested_block(guard.MAX_DEPTH + 1)):
        assert READERS[reader](text) is None


# --- positions ------------------------------------------------------------------------------
# What the lines were found from before: ruamel.yaml's composer, a node graph of the whole
# document. The event pass that replaced it (generator/load/positions.py) must give the same map.


def composed_line_map(text: str) -> dict[str, int]:
    root = None
    for pure in (False, True):
        try:
            root = YAML(typ="safe", pure=pure).compose(text)
            break
        except YAMLError:
            continue
    lines: dict[str, int] = {"": 1, "/": 1}
    stack: list[tuple[Node | None, str]] = [(root, "")]
    while stack:
        node, pointer = stack.pop()
        if isinstance(node, MappingNode):
            for key, child in node.value:
                child_pointer = f"{pointer}/{composed_key_text(key).replace('~', '~0').replace('/', '~1')}"
                lines.setdefault(child_pointer, key.start_mark.line + 1)
                stack.append((child, child_pointer))
        elif isinstance(node, SequenceNode):
            for index, child in enumerate(node.value):
                child_pointer = f"{pointer}/{index}"
                lines[child_pointer] = child.start_mark.line + 1
                stack.append((child, child_pointer))
    return lines


def composed_key_text(key: Node) -> str:
    if isinstance(key, ScalarNode) and key.tag == "tag:yaml.org,2002:str":
        return str(key.value)
    try:
        return scalars.key_text(YAML(typ="safe").load(key.value)) if isinstance(key, ScalarNode) else "?"
    except YAMLError:
        return str(key.value)


ALL_DOCUMENTS = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))


@pytest.mark.parametrize("name", ALL_DOCUMENTS)
def test_positions_are_those_the_composer_gives(name: str) -> None:
    text = (CORPUS / name).read_text(encoding="utf-8")
    assert positions.line_map(text) == composed_line_map(text)


ALIASES = {
    "aliases of collections": "a: &x\n  p: 1\n  q: [1, 2]\nb: *x\nc:\n  - *x\n  - &y\n    r: *x\nd: [*y, *x]\n",
    "merge keys, scalar aliases": "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  z: 3\nn: &s hello\no: [*s, *s]\n",
    "collections as keys": "? [1, {a: 2}]\n: v\n? {k: [x]}\n: w\nafter: 1\n",
    "an alias as a key": "k: &k key\n*k : v\nz: 2\n",
    "yaml 1.1 keys": "%YAML 1.1\n---\nyes: 1\n0777: 2\n",
    "sequences of aliases": "- &i item\n- *i\n- - *i\n  - x\n",
    "tagged keys": 'a: !!str 12\n!!str 13: x\n!!int "14": y\n"15": z\n200: a\n~: b\nTrue: c\n',
    "not yaml": "a: [1\n",
    "keys a document of their own would read otherwise": "y:: 1\n---: 2\n-: 3\nn: [x]\n",
}


@pytest.mark.parametrize("text", ALIASES.values(), ids=ALIASES.keys())
def test_positions_under_aliases_and_odd_keys(text: str) -> None:
    assert positions.line_map(text) == composed_line_map(text)


def scalar_shapes() -> list[str]:
    """Plain scalars of every shape YAML may read as a number, a boolean, null or a timestamp."""
    parts = ["", "0", "1", "12", "_", "1_0", "01", "007", "08"]
    bodies = {a + b + c for a in parts for b in ("", ".", "._", ".5", ".05_") for c in ("", "e1", "e+1", "e-1", "E1", "e")}
    bodies |= {p + d for p in ("0x", "0X", "0o", "0O", "0b", "0B", "0") for d in ("", "1", "F", "_1", "1_", "8")}
    for word in ("inf", "nan", "true", "false", "null", "yes", "no", "on", "off", "y", "~"):
        bodies |= {w for v in (word, word.upper(), word.capitalize(), word.swapcase()) for w in (v, "." + v)}
    bodies |= {"1:20", "190:20:30.15", "2001-12-14", "2001-1-4", "2001-12-14T21:59:43Z", "2001-12-14 21:59:43.1 +5", "=", "<<"}
    return sorted(sign + body for body in bodies if body for sign in ("", "+", "-"))


@reader_names
@pytest.mark.parametrize("where", ["a: {}\n", "- {}\n", "{}: v\n", "a: [{}]\n", "a: {{{}: 1}}\n", "a: x\n  {}\n"])
def test_every_scalar_reads_as_ruamel_yaml_reads_it_or_the_old_way(where: str, reader: str) -> None:
    different = []
    for scalar in scalar_shapes():
        text = where.format(scalar)
        quick = READERS[reader](text)
        if quick is None:
            continue
        try:
            old = document._normalise(YAML(typ="safe").load(text))
        except Exception as exc:
            different.append((text, type(exc).__name__, quick))
            continue
        if not same(quick, old):
            different.append((text, old, quick))
    assert not different


@reader_names
def test_every_character_reads_as_ruamel_yaml_reads_it_or_the_old_way(reader: str) -> None:
    """Control characters (ruamel.yaml's reader refuses them; yaml-rs ends the text at a NUL) and
    line breaks other than \\n and \\r (ruamel.yaml's scanner refuses them in plain scalars)."""
    characters = [chr(c) for c in range(0xA1)] + [
        "\u2028",
        "\u2029",
        "\ufffe",
        "\uffff",
        "\ufeff",
        "\ue000",
        "\U0001f600",
        "\ud7ff",
    ]
    different = []
    for character in characters:
        for where in ("a: x{}y\n", "a: 'x{}y'\n", 'a: "x{}y"\n', "a: |\n  x{}y\n", "x{}y: 1\n", "# c{}\na: 1\n"):
            text = where.format(character)
            quick = READERS[reader](text)
            if quick is None:
                continue
            try:
                old = document._normalise(YAML(typ="safe").load(text))
            except Exception as exc:
                different.append((text, type(exc).__name__, quick))
                continue
            if not same(quick, old):
                different.append((text, old, quick))
    assert not different
