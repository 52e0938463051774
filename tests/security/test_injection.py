"""No injection: whatever a spec's strings hold - quotes of every kind, backslashes, CR, U+2028,
NUL, Jinja syntax, ``#`` and Python code - the generated code compiles, has exactly the shape of
the clean fixture's (no statement or expression the templates did not put there), and carries
every string faithfully: exactly in literals, and with whitespace reflowed in docstrings.

Generation runs in-process through the pipeline's stages for speed; the spec travels as a JSON
file, so the loader sees the strings as a user's document would give them.
"""

from __future__ import annotations

import ast
import importlib
import itertools
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import tomllib
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.config import PackageInfo, Provider
from generator.output.format import format_python
from generator.pipeline import build_provider
from generator.render.package import render_package

from .slots import CLEAN, SLOTS, TEXTS, VALUES, slot_spec, wrapped

# The pieces that broke peers' generators (CVE-2020-15142 and datamodel-code-generator's
# advisories) and their relatives.
PIECES = [
    '"""', "'''", '"', "'", "\\", "\\\\", "\\n", "\\x00", "\\u2028", "\\N{BULLET}", "\r", "\n", "\r\n", "\t",
    "\x00", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\u200b", "{{", "}}",
    "{% raw %}", "{%", "%}", "{#", "#}", "#", "# noqa", "import os", "__import__('os').system('id')",
    '\n"""\nimport os\nos.system("id")\n"""', "')\nimport os\n#", "\"; import os; x = \"", ")", "(", "]", "[",
    ":", ";", ",", "=", " ", "    ", "%s", "{0}", "$ref", "é", "İ", "ß", "\u0301", "\U0001f600", "\U0001d54f", "`", "```",
    "<!--", "-->", "*/", "../", "/", "?", "&", "~1", "%2F", "f'{x}'", "b'", "r'",
]  # fmt: skip
hostile = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=6).map("".join)
IDENTIFIER_FIELDS = ("id", "attr", "arg", "name", "asname")
PROVIDER_FILES = ("slots/__init__.py", "slots/models.py", "slots/client.py")
_counter = itertools.count()


def generate(texts: dict[str, str], folder: Path) -> dict[str, str]:
    """The package's files for the slot spec filled with ``texts``, provider modules formatted."""
    folder.mkdir(parents=True)
    spec = folder / "slots.json"
    spec.write_text(json.dumps(slot_spec(texts)), encoding="utf-8")  # ASCII: every character escaped
    api, found = build_provider(Provider("slots", spec), "slots.json")
    assert not found.warnings, found.warnings
    files = render_package([api], PackageInfo("hostile", "hostile", "0.1.0"))
    return {name: format_python(text, name) if name.endswith(PROVIDER_FILES) else text for name, text in files.items()}


def shape(source: str) -> Counter[str]:
    """The module's statements with every string constant and identifier blanked out."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            node.value = "<str>"
        for name in IDENTIFIER_FIELDS:
            if isinstance(getattr(node, name, None), str):
                setattr(node, name, "<id>")
    return Counter(ast.dump(statement) for statement in tree.body)  # definitions are ordered by name


def constants(source: str) -> set[str]:
    return {node.value for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def collapsed(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def clean_shapes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Counter[str]]:
    files = generate(CLEAN, tmp_path_factory.mktemp("clean") / "spec")
    return {name: shape(files[f"hostile/{name}"]) for name in PROVIDER_FILES}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(texts=st.fixed_dictionaries({slot: hostile for slot in SLOTS}))
@example(texts={slot: '\n"""\nimport os\nos.system("id")\n"""' for slot in SLOTS})  # CVE-2020-15142's shape
@example(texts={slot: "\r__import__('os').system('id')\r\u2028#\x00\\" for slot in SLOTS})
@example(texts={slot: "{{ 7 * 7 }}{% for x in range(3) %}{{ x }}{% endfor %}'''\"\"\"" for slot in SLOTS})
@example(texts={slot: f"{slot}\\" for slot in SLOTS})  # a trailing backslash escapes the closing quote
def test_hostile_strings_change_no_code_and_survive(
    texts: dict[str, str], clean_shapes: dict[str, Counter[str]], workspace: Path
) -> None:
    folder = workspace / f"example{next(_counter)}"
    files = generate(texts, folder / "spec")
    expected = wrapped(texts)

    sources = {name: files[f"hostile/{name}"] for name in PROVIDER_FILES}
    for name, source in sources.items():
        compile(source, name, "exec")  # more than parsing: duplicate arguments, misplaced __future__ ...
        assert shape(source) == clean_shapes[name], f"{name} has a statement or expression the templates did not write"

    found = set().union(*(constants(source) for source in sources.values()))
    missing = [key for key in VALUES if expected[key] not in found]
    assert not missing, f"not carried exactly: {[(key, expected[key]) for key in missing]}"
    documented = [collapsed(text) for text in found]
    lost = [key for key in TEXTS if not any(collapsed(expected[key]) in text for text in documented)]
    assert not lost, f"not carried into a docstring: {[(key, expected[key]) for key in lost]}"

    for text in files.values():
        text.encode("utf-8")  # every file is writable
    tomllib.loads(files["pyproject.toml"])
    runs_as_written(files, folder / "package", expected)


def runs_as_written(files: dict[str, str], folder: Path, expected: dict[str, str]) -> None:
    """Import the package and read the strings back from the objects they became."""
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    sys.path.insert(0, str(folder))
    try:
        models = importlib.import_module("hostile.slots.models")
        client = importlib.import_module("hostile.slots.client")
        model = next(cls for cls in vars(models).values() if _has_alias(cls, expected["required_property"]))
        assert collapsed(expected["model_description"]) in collapsed(model.__doc__ or "")
        wire = {expected["required_property"]: "r", expected["const_property"]: expected["const_value"], "extra": [1]}
        instance = model.model_validate(wire)
        assert instance.model_dump(mode="json", exclude_unset=True) == wire
        assert instance.model_dump(mode="json")[expected["default_property"]] == expected["default_value"]
        enum = next(cls for cls in vars(models).values() if isinstance(cls, type) and _values(cls) is not None and expected["enum_a"] in _values(cls))
        assert _values(enum) == [expected["enum_a"], expected["enum_b"], expected["enum_c"]]
        endpoint = next(value for value in vars(client).values() if getattr(value, "method", None) == "GET")
        assert endpoint.path == expected["path"]
        assert client._SERVER.url == expected["server_url"]
        assert client._SCHEMES[expected["scheme_key"]].name == expected["scheme_header"]
    finally:
        sys.path.remove(str(folder))
        for name in [m for m in sys.modules if m == "hostile" or m.startswith("hostile.")]:
            del sys.modules[name]


def _has_alias(cls: Any, wire: str) -> bool:
    fields = getattr(cls, "model_fields", None)
    return isinstance(fields, dict) and any(f.alias == wire for f in fields.values())


def _values(cls: type) -> list[Any] | None:
    members = getattr(cls, "__members__", None)
    return [m.value for m in members.values()] if isinstance(members, dict) or hasattr(members, "values") else None
