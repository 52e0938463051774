"""Each fixture spec under tests/fixtures/specs/ generates exactly its golden tree in tests/golden/,
for the default HTTP library (httpx2); one of them also for httpx, in tests/golden/NAME_httpx/.

Update every golden after an intended change with:

    .venv/bin/python -m pytest tests/test_goldens.py --update-goldens
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from .conftest import FIXTURES, GOLDEN, generate_package, tree

SPECS = sorted((FIXTURES / "specs").glob("*.yaml"))
# (spec, HTTP library, golden folder): every spec for the default library; one for httpx as well
CASES = [(spec, "httpx2", spec.stem) for spec in SPECS] + [(FIXTURES / "specs" / "responses.yaml", "httpx", "responses_httpx")]
UPDATE = ".venv/bin/python -m pytest tests/test_goldens.py --update-goldens"


@pytest.mark.parametrize(("spec", "http", "name"), CASES, ids=[name for _, _, name in CASES])
def test_fixture_generates_its_golden_tree(spec: Path, http: str, name: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    output = tmp_path / name
    result = generate_package(spec, output, f"{name}_client", http=http)
    assert result.returncode == 0, result.stderr
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
