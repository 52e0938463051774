"""Damaged Swagger 2.0 and OpenAPI 3.2 documents: every one generates, or is refused with located
errors; none ends in a traceback (as tests/security/test_no_traceback.py does for 3.0 and 3.1).
The Swagger converter reads whatever the document holds, before validation has looked at it."""

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

from .conftest import FIXTURES

VERSIONS = FIXTURES / "versions"
VALID = [load(VERSIONS / name).source if name.startswith("swagger") else load(VERSIONS / name).data for name in
         ("swagger2_features.yaml", "oas32_query.yaml", "oas32_features.yaml")]  # fmt: skip
WORDS = st.sampled_from(
    ["object", "array", "string", "file", "body", "formData", "query", "querystring", "path", "header", "multi", "csv",
     "#/definitions/File", "#/parameters/Limit", "#/responses/NotFound", "2.0", "3.2.0", "QUERY"]
)  # fmt: skip
KEYS = st.sampled_from(
    ["type", "$ref", "properties", "items", "schema", "in", "name", "parameters", "responses", "consumes", "produces",
     "collectionFormat", "x-nullable", "additionalOperations", "query", "content", "discriminator", "$self", "host"]
)  # fmt: skip
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5) | WORDS,
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
        places = [(p, k) for p, k in _places(document) if not (p is document and k in ("swagger", "openapi"))]
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


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(document=damaged())
def test_a_damaged_2_0_or_3_2_document_generates_or_is_refused_with_located_errors(document: Any, workspace: Path) -> None:
    spec = workspace / f"spec{next(_counter)}.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    try:
        api, found = build_provider(Provider("damaged", spec), spec.name)
        files = render_package([api], PackageInfo("damaged", "damaged", "0.1.0"))
    except GenerationError as refused:
        assert refused.diagnostics
        for diagnostic in refused.diagnostics:
            assert diagnostic.location.file == spec and diagnostic.location.pointer.startswith("#"), diagnostic
        return
    for warning in found.warnings:
        assert warning.location.pointer.startswith("#"), warning
    for name in ("damaged/damaged/models.py", "damaged/damaged/client.py"):
        compile(format_python(files[name], name), name, "exec")
