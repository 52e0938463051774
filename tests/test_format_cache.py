"""Formatting in chunks, from a cache and in worker processes gives exactly black's bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.config import PackageInfo, single_spec
from generator.output import chunks, format, layout
from generator.output.format import format_files, format_python, formatter_key
from generator.output.format_cache import FormatCache
from generator.pipeline import build_provider
from generator.render import RUNTIME
from generator.render.package import render_package
from generator.render.python import code_literal, docstring, literal

from .conftest import FIXTURES, ROOT, SPECS

TRICKY = '''"""Module docstring."""
from __future__ import annotations
import enum

X = 1

# a comment before a class


class A:
    """Only a docstring."""

class B(A): pass

Alias = int
"""An alias docstring."""

Other = str



Third = bytes

@decorator
def f(): ...

def g(): ...

if X:
    def h(): pass

Y = [1,
  2]

Z = 3; W = 4

class C:

    x: int = 1
    def m(self): return self.x

V: int=1
'''


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    """The unformatted Python modules of the fixture and provider packages."""
    files: dict[str, str] = {}
    for spec in [*sorted((FIXTURES / "specs").glob("*.yaml")), *sorted(SPECS.glob("*.yaml"))]:
        api, _ = build_provider(single_spec(spec), spec.name)
        for name, text in render_package([api], PackageInfo("pkg", "pkg", "1")).items():
            if name.endswith(".py"):
                files[f"{spec.stem}/{name}"] = text
    return files


def whole(text: str) -> str:
    return format_python(text)


def test_chunks_format_to_what_black_makes_of_the_whole_module(rendered: dict[str, str]) -> None:
    distinct = {text: name for name, text in rendered.items()}
    assert any(len(chunks.split(text)) > 3 for text in distinct), "the renders are cut into chunks"
    for text, name in distinct.items():
        assert format_files({name: text}, jobs=1)[name] == whole(text), name


def test_tricky_module_formats_the_same_in_chunks() -> None:
    assert len(chunks.split(TRICKY)) > 3
    assert format_files({"m.py": TRICKY}, jobs=1)["m.py"] == whole(TRICKY)


@pytest.mark.parametrize("directive", ["# fmt: off\nX = [1,\n  2]\n# fmt: on\n", "X = [1,  2]  # fmt: skip\n"])
def test_formatter_directives_keep_the_module_whole(directive: str) -> None:
    source = TRICKY + directive
    assert chunks.split(source) == [chunks.Chunk(source, 0)]
    assert format_files({"m.py": source}, jobs=1)["m.py"] == whole(source)


def test_worker_processes_give_the_same_bytes(rendered: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(format, "PARALLEL_MIN_LINES", 0)
    serial = format_files(rendered, jobs=1)
    assert format_files(rendered, jobs=2) == serial


@pytest.mark.parametrize("source", sorted(RUNTIME.glob("*.py")), ids=lambda p: p.name)
def test_the_runtime_is_kept_black_formatted(source: Path) -> None:
    """Generation copies it without formatting it (a cold run's black time on a small spec)."""
    text = source.read_text(encoding="utf-8")
    assert format_python(text) == text, f"run: .venv/bin/black -l {format.LINE_LENGTH} -t py310 {source.relative_to(ROOT)}"


def test_files_named_as_formatted_are_not_formatted() -> None:
    files = {"runtime.py": "x=1\n", "models.py": "y=2\n", "README.md": "z=3\n"}
    assert format_files(files, jobs=1, formatted={"runtime.py"}) == {"runtime.py": "x=1\n", "models.py": "y = 2\n", "README.md": "z=3\n"}


def test_a_cache_hit_gives_identical_bytes_without_black(
    rendered: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "format.json"
    first = format_files(rendered, FormatCache(path, formatter_key()), jobs=1)

    def no_black(source: str, name: str = "") -> str:
        raise AssertionError(f"black ran on {name}")

    monkeypatch.setattr(format, "format_python", no_black)
    assert format_files(rendered, FormatCache(path, formatter_key()), jobs=1) == first


def test_one_changed_chunk_is_the_only_one_formatted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "format.json"
    format_files({"m.py": TRICKY}, FormatCache(path, formatter_key()), jobs=1)
    formatted: list[str] = []
    original = format.format_python

    def counting(source: str, name: str = "") -> str:
        formatted.append(source)
        return original(source, name)

    laid_out: list[str] = []
    original_layout = layout.pieces

    def laying_out(source: str) -> list[str | layout.Unit]:
        laid_out.append(source)
        return original_layout(source)

    monkeypatch.setattr(format, "format_python", counting)
    monkeypatch.setattr(layout, "pieces", laying_out)
    edited = TRICKY.replace("Other = str", "Other = bytes")
    assert format_files({"m.py": edited}, FormatCache(path, formatter_key()), jobs=1)["m.py"] == whole(edited)
    before = {c.text for c in chunks.split(TRICKY)}
    assert laid_out == [c.text for c in chunks.split(edited) if c.text not in before]
    assert laid_out == ["Other = bytes\n"]
    assert formatted == []  # and black was not needed for it


@pytest.mark.parametrize("damage", ["garbage", "entry", "formatter"])
def test_a_damaged_or_foreign_cache_is_ignored(damage: str, tmp_path: Path) -> None:
    path = tmp_path / "format.json"
    expected = format_files({"m.py": TRICKY}, FormatCache(path, formatter_key()), jobs=1)
    payload = json.loads(path.read_text())
    if damage == "garbage":
        path.write_text("{not json")
    elif damage == "entry":
        for entry in payload["entries"].values():
            entry[1] = "class Wrong: pass\n"
        path.write_text(json.dumps(payload))
    else:
        payload["formatter"] = "black 0.0 another-mode"
        path.write_text(json.dumps(payload))
    assert format_files({"m.py": TRICKY}, FormatCache(path, formatter_key()), jobs=1) == expected


def test_the_cache_key_includes_blacks_version_and_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib.metadata import version

    key = formatter_key()
    assert f"black {version('black')} " in key
    assert f"target={format.TARGET} line_length={format.LINE_LENGTH} layout={layout.VERSION}" in key
    format.mode.cache_clear()
    monkeypatch.setattr(format, "LINE_LENGTH", 80)
    try:
        assert formatter_key() != key
    finally:
        format.mode.cache_clear()
    a, b = FormatCache(None, "black 1 m"), FormatCache(None, "black 2 m")
    assert a._key("x = 1\n") != b._key("x = 1\n")


@given(st.text())
def test_string_literals_read_back_and_use_blacks_quotes(text: str) -> None:
    assert eval(literal(text)) == text
    spelled = code_literal(text)
    assert eval(spelled) == text
    if '"' not in text:
        assert spelled.startswith('"')


@given(st.text())
def test_docstrings_read_back(text: str) -> None:
    """Every character reads back, but for line ends: CRLF as LF, no trailing spaces or tabs."""
    lines = text.replace("\r\n", "\n").strip().split("\n")
    expected = "\n".join(line.rstrip(" \t") for line in lines)
    assert eval(docstring(text)) == (expected + "\n" if "\n" in expected else expected)


def test_docstrings_drop_trailing_spaces_and_tabs_only() -> None:
    assert eval(docstring("Sampling temperature, \nbetween 0 and 1.\t\n  Indented\x0c\nEnd.")) == (
        "Sampling temperature,\nbetween 0 and 1.\n  Indented\x0c\nEnd.\n"
    )


def test_a_render_that_is_not_python_is_an_error_not_laid_out() -> None:
    """A template bug must stop the run with black's message, never be written."""
    with pytest.raises(format.FormatError, match="not valid Python"):
        format_files({"pkg/m.py": "class A(:\n    x: int = 1\n"}, jobs=1)
