"""Every bad input gets a located error, never a traceback: documents made by damaging valid specs
(a node removed or replaced by other JSON, a few times over) either generate code that compiles or
are refused with diagnostics that name the file and a JSON pointer. Any other exception fails."""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.config import PackageInfo, Provider
from generator.errors import GenerationError
from generator.load import load
from generator.output.format import format_python
from generator.pipeline import build_provider
from generator.render.package import render_package

from ..conftest import FIXTURES, SPECS
from .slots import CLEAN, slot_spec

VALID = [slot_spec(CLEAN)] + [load(path).data for path in sorted([*SPECS.glob("*.yaml"), *(FIXTURES / "specs").glob("*.yaml")])]
# Words that steer the damage towards what the builder reads.
WORDS = st.sampled_from(
    ["object", "array", "string", "integer", "null", "query", "path", "header", "cookie", "deepObject", "#/components/schemas/Run", "3.0.0"]
)
KEYS = st.sampled_from(
    ["type", "$ref", "properties", "items", "allOf", "oneOf", "anyOf", "enum", "const", "required", "nullable", "default", "in", "name", "schema", "content", "additionalProperties"]
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5) | WORDS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(KEYS | st.text(max_size=4), children, max_size=3),
    max_leaves=5,
)
_counter = itertools.count()


def _places(value: Any) -> Iterator[tuple[Any, Any]]:
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        yield value, key
        yield from _places(child)


@st.composite
def damaged(draw: st.DrawFn) -> Any:
    document = copy.deepcopy(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(1, 5))):
        places = list(_places(document))
        if not places:
            break
        parent, key = draw(st.sampled_from(places))
        if isinstance(parent, dict) and draw(st.booleans()):
            del parent[key]
        else:
            parent[key] = draw(json_values)
    return document


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("damaged")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(document=damaged())
def test_a_damaged_spec_generates_or_is_refused_with_located_errors(document: Any, workspace: Path) -> None:
    spec = workspace / f"spec{next(_counter)}.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    try:
        api, _ = build_provider(Provider("damaged", spec), spec.name)
        files = render_package([api], PackageInfo("damaged", "damaged", "0.1.0"))
    except GenerationError as refused:
        assert refused.diagnostics
        for diagnostic in refused.diagnostics:
            assert diagnostic.location.file == spec and diagnostic.location.pointer.startswith("#"), diagnostic
        return
    for name in ("damaged/damaged/models.py", "damaged/damaged/client.py"):
        compile(format_python(files[name], name), name, "exec")
