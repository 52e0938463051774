"""The native YAML reader (:mod:`generator.load.native`, the C extension ``_yamlc``): it is built,
it reads what API documents are written in, and whatever it reads - documents written by a YAML
emitter in every style, and hundreds of thousands of corrupted corpus documents - it reads as
ruamel.yaml does, with the positions ruamel.yaml's composer gives; what it is not sure of it leaves
to the old way. The corpus itself is read both ways in ``test_yaml_readers.py``."""

from __future__ import annotations

import io
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from generator.load import document, guard, native, positions

from .conftest import CORPUS
from .test_yaml_readers import composed_line_map, same

EXTENSION = Path(native.__file__).with_name("_yamlc.c")


def old_way(text: str) -> Any:
    return document._normalise(YAML(typ="safe").load(text))


def test_the_extension_is_built_from_the_source_beside_it() -> None:
    """Without a C compiler clientgen installs all the same, but here (setup.sh, CI) it must build:
    else every test of this file would pass by reading everything the old way."""
    assert native._yamlc is not None, "the native YAML reader did not build: run scripts/setup.sh and read pip's output"
    built = Path(native._yamlc.__file__)
    assert built.stat().st_mtime >= EXTENSION.stat().st_mtime, "_yamlc.c changed since it was built: run scripts/setup.sh"


READ_HERE = {
    "block mappings and sequences": "a:\n  b: 1\n  c:\n    - x\n    - y: 2\n      z: [3]\n  d:\n  - indentless\n  -\n  - - nested\n    - on one line\n",
    "comments everywhere": "# head\na: 1 # after\n# between\nb:   # after a key\n  # before a value\n  c: d\n\n\n# tail\n",
    "plain scalars": "a: it's fine\nb: a#b c # d\nc: x:y\nd: -5\ne: -x\nf: http://example.com/a?b=c#d\n",
    "multi-line plain scalars": "a: one\n  two\n\n  three\n\n\n  four\nb:\n  five\n  six\n- x\n".replace("- x\n", ""),
    "quoted scalars": "a: 'it''s'\nb: \"tab\\there\\u00e9\\U0001F600\\x41\\\\\\\"\"\nc: ''\nd: \"\"\n'e': 1\n\"f g\": 2\n",
    "multi-line quoted scalars": "a: \"one\n  two\n\n  three \\\n  four\"\nb: 'five\n\n\n  six  \n  seven'\n",
    "literal block scalars": "a: |\n  x\n   y\n\n  z\n\nb: |-\n  x\nc: |+\n  x\n\n\nd: |2\n    indented\ne: |\n\n  leading blank\nf: |\nafter: 1\n",
    "folded block scalars": "a: >\n  x\n  y\n\n  z\n    more\n  w\nb: >-\n  x\n  y\nc: >+\n  x\n\n",
    "block scalars in sequences": "- |\n  x\n- >-\n  y\n  z\n- k: |\n    v\n  l: 1\n",
    "flow collections": "a: [1, 'x', \"y\", [], {}, {k: v, 'l': [m]}]\nb: {a: 1,\n  b: [2,\n3],\n}\nc: [x, y,]\n",
    "JSON": '{\n  "openapi": "3.1.0",\n  "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}},\n  "x": [1, 2.5, true, null, -3, 1e10]\n}\n',
    "a first document marker": "# c\n---\na: 1\n",
    "a flow collection after the marker": "--- {a: [1, 2]}\n",
    "keys YAML reads as values": "200: a\n1.5: b\ntrue: c\n~: d\nFalse: e\n2001-12-14: f\n0x10: g\n",
    "scalars YAML reads as values": "a: [1, -0, 007, 0x1F, 0o17, 1_000, 1.5, .5, 1e3, .inf, -.Inf, .nan, true, False, ~, null, 2001-12-14, yes, No]\nb: 2001-12-14t21:59:43.10-05:00\n",
    "big numbers": "a: 123456789012345678901234567890\nb: 999999999999999999\nc: -1000000000000000000\n",
    "unicode": "é: ü\nemoji: 😀\n\"\\u00e8\": x\n",
    "no line break at the end": "a: 1\nb: |\n  x",
    "a byte order mark": "\ufeffa: 1\n",
    "Windows line ends": 'a: 1\r\nb: |\r\n  x\r\n\r\n  y\r\nc: "p\r\n  q"\r\nd: >\r\n  f\r\n  g\r\ne: [1,\r\n  2]\r\n',
}


@pytest.mark.parametrize("text", READ_HERE.values(), ids=READ_HERE.keys())
def test_what_api_documents_are_written_in_is_read_here(text: str) -> None:
    read = native.read(text)
    assert read is not None, "left to the old way"
    data, marks = read
    assert same(data, old_way(text)), (data, old_way(text))
    assert marks.line_map() == composed_line_map(text)


LEFT = {
    "an anchor and an alias": "a: &x 1\nb: *x\n",
    "a tag": "a: !!str 1\n",
    "a complex key": "? a\n: 1\n",
    "a directive": "%YAML 1.2\n---\na: 1\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "a document end": "a: 1\n...\n",
    "a tab as indentation": "a:\n\tb: 1\n",
    "a lone carriage return": "a: 1\rb: 2\n",
    "a control character": "a: \x07\n",
    "a duplicate key": "a: 1\na: 2\n",
    "a duplicate key in a flow mapping": "{a: 1, a: 2}\n",
    "a merge key": "a: {b: 1}\nc:\n  <<: {d: 2}\n",
    "a value ruamel.yaml refuses": "a: ._\n",
    "a colon in a flow scalar": "a: [http://x]\n",
    "a single-pair mapping in a flow sequence": "a: [b: 1]\n",
    "a key over two lines": "{a\n: 1}\n",
    "a mapping value on a scalar's line": "a: b: c\n",
    "a scalar document": "just text\n",
    "malformed": "a: [1, 2\n",
    "a surrogate escape": 'a: "\\ud800"\n',
}


@pytest.mark.parametrize("text", LEFT.values(), ids=LEFT.keys())
def test_what_it_is_not_sure_of_is_left_to_the_old_way(text: str) -> None:
    assert native.read(text) is None


def test_the_guards_bounds_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "MAX_NODES", 10)
    assert native.read("a: [" + ", ".join("1" * 5) + "]\n") is not None
    assert native.read("a: [" + ", ".join("1" * 20) + "]\n") is None
    monkeypatch.setattr(guard, "MAX_DEPTH", 3)
    assert native.read("a:\n  b:\n    c: 1\n") is not None
    assert native.read("a:\n  b:\n    c:\n      d: 1\n") is None
    assert native.read("a: [[[[1]]]]\n") is None


@pytest.mark.shared("corpus")
def test_every_corpus_document_with_windows_line_ends_reads_as_ruamel_yaml_reads_it() -> None:
    different, read = [], 0
    for path in sorted(CORPUS.rglob("*.y*ml")):
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\n", "\r\n")
        found = native.read(text)
        if found is None:
            continue
        read += 1
        if not same(found[0], old_way(text)) or found[1].line_map() != composed_line_map(text):
            different.append(path.name)
    assert read > 400 and not different, different


# --- every style a YAML emitter writes ----------------------------------------------------------

_WORDS = st.sampled_from(["", " ", "a", "x y", "true", "null", "~", "1.5", "0x1F", "2001-12-14", "yes", "-", "- a", "a: b", "#", " #c"])
_ALPHABET = st.sampled_from(list(" \n:#-?'\"\\|>[]{},&*!%@`~.0123456789abcxyzTFN_+=<é€😀"))
_TEXT = st.one_of(_WORDS, st.text(_ALPHABET, max_size=24))
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(10**20), 10**20), st.floats(allow_nan=False), _TEXT)
_DATA = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_TEXT, inner, max_size=4)), max_leaves=24)


@st.composite
def emitted(draw: st.DrawFn) -> str:
    """A document as ruamel.yaml's emitter writes it, in a drawn style."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = draw(st.sampled_from([None, False, True]))
    yaml.default_style = draw(st.sampled_from([None, None, None, "'", '"', "|", ">"]))
    yaml.width = draw(st.integers(20, 120))
    yaml.explicit_start = draw(st.booleans())
    mapping, sequence, offset = draw(st.sampled_from([(2, 2, 0), (4, 4, 2), (2, 4, 2), (3, 3, 1)]))
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    out = io.StringIO()
    try:
        yaml.dump(draw(st.dictionaries(_TEXT, _DATA, min_size=1, max_size=5)), out)
    except Exception:  # the emitter refuses a few strings ("\\a" before a space, folded)
        return "a: 1\n"
    return out.getvalue()


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(emitted())
def test_every_emitted_style_reads_as_ruamel_yaml_reads_it(text: str) -> None:
    read = native.read(text)
    if read is None:
        return
    assert same(read[0], old_way(text)), text
    assert read[1].line_map() == positions.line_map(text), text


# --- corrupted corpus documents -----------------------------------------------------------------

_PIECES = [" ", "  ", "\n", ":", ": ", "- ", "-", "#", " #", "'", '"', "\\", "[", "]", "{", "}", ",", "|", ">", "|-", ">+"]
_PIECES += ["|2", "?", "&a", "*a", "!", "%", "0", "1.5", "0x1F", "~", "null", "True", "yes", "\t", "2001-12-14", "<<", "="]
_PIECES += ["...", "---", "\\n", "\\u00e9", "é", "\u2028", "x"]


def corrupted(text: str, rnd: random.Random) -> str:
    for _ in range(rnd.randint(1, 4)):
        at, choice = rnd.randrange(len(text) + 1), rnd.random()
        lines = text.split("\n")
        line = rnd.randrange(len(lines))
        if choice < 0.4:
            text = text[:at] + rnd.choice(_PIECES) + text[at:]
        elif choice < 0.7:
            text = text[:at] + text[at + rnd.randint(1, 3) :]
        elif choice < 0.85:
            lines.insert(line, lines[line])
            text = "\n".join(lines)
        else:
            lines[line] = " " * rnd.randint(0, 3) + lines[line].lstrip(" ")
            text = "\n".join(lines)
    return text


@pytest.mark.shared("corpus")
def test_corrupted_documents_read_as_ruamel_yaml_reads_them_or_the_old_way() -> None:
    """Seeded: the same 30,000 corruptions of the corpus' small YAML documents on every run."""
    rnd = random.Random(20261206)
    sources = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.rglob("*.yaml")) if p.stat().st_size < 20_000]
    read = 0
    different = []
    for _ in range(30_000):
        text = corrupted(rnd.choice(sources), rnd)
        found = native.read(text)
        if found is None:
            continue
        read += 1
        try:
            old = old_way(text)
        except Exception as exc:
            different.append((text, f"ruamel.yaml refuses it: {exc}"))
            continue
        if not same(found[0], old):
            different.append((text, "other data"))
        elif found[1].line_map() != positions.line_map(text):
            different.append((text, "other positions"))
    assert read > 5_000  # the corruptions it reads are many: the comparison means something
    assert not different, different[:3]
