"""Each fixture spec under tests/fixtures/specs/ generates exactly its golden tree in tests/golden/,
for the default HTTP library (httpx2); one of them also for httpx, in tests/golden/NAME_httpx/; and
the fixture project tests/fixtures/lazy_models (a provider whose models load on first use), its
own, in tests/golden/lazy_models/.

Update every golden after an intended change with:

    .venv/bin/python -m pytest tests/test_goldens.py --update-goldens
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from generator.output.format import format_python

from .conftest import FIXTURES, GENERATED, GOLDEN, clientgen, generate_package, tree

SPECS = sorted((FIXTURES / "specs").glob("*.yaml"))
# (spec, HTTP library, golden folder): every spec for the default library; one for httpx as well
CASES = [(spec, "httpx2", spec.stem) for spec in SPECS] + [(FIXTURES / "specs" / "responses.yaml", "httpx", "responses_httpx")]
UPDATE = ".venv/bin/python -m pytest tests/test_goldens.py --update-goldens"


@pytest.mark.parametrize(("spec", "http", "name"), CASES, ids=[name for _, _, name in CASES])
def test_fixture_generates_its_golden_tree(spec: Path, http: str, name: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    output = tmp_path / name
    result = generate_package(spec, output, f"{name}_client", http=http)
    assert result.returncode == 0, result.stderr
    matches_golden(output, name, request)


def test_lazy_models_project_generates_its_golden_tree(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """A project whose lazy_models_above is below its spec's definitions (tests/test_lazy_models.py
    tests how the split package behaves)."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "lazy_models", project)
    result = clientgen("generate", cwd=project)
    assert result.returncode == 0, result.stderr
    matches_golden(project / "out", "lazy_models", request)


def matches_golden(output: Path, name: str, request: pytest.FixtureRequest) -> None:
    """``output`` is exactly tests/golden/NAME (or, with --update-goldens, becomes it)."""
    golden = GOLDEN / name
    if request.config.getoption("--update-goldens"):
        shutil.rmtree(golden, ignore_errors=True)
        shutil.copytree(output, golden)
        return
    expected, actual = tree(golden), tree(output)
    problems: list[str] = []
    for file in sorted(set(expected) | set(actual)):
        if expected.get(file) != actual.get(file):
            old = expected.get(file, b"").decode().splitlines(keepends=True)
            new = actual.get(file, b"").decode().splitlines(keepends=True)
            problems.extend(difflib.unified_diff(old, new, f"golden/{name}/{file}", f"generated/{file}"))
    assert not problems, "".join(problems[:200]) + f"\nIf the change is intended, update the goldens: {UPDATE}"


def test_goldens_and_the_committed_package_are_what_black_makes_of_them() -> None:
    """Most of their chunks were laid out without black (generator/output/layout/): black over
    every file must change nothing."""
    files = sorted([*GOLDEN.rglob("*.py"), *(GENERATED / "provider_clients").rglob("*.py")])
    assert len(files) > 40
    changed = [str(f) for f in files if format_python(f.read_text(encoding="utf-8")) != f.read_text(encoding="utf-8")]
    assert not changed, f"black would change: {changed}"
