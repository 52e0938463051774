"""Each fixture spec under tests/fixtures/specs/ generates exactly its golden tree in tests/golden/.

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
UPDATE = ".venv/bin/python -m pytest tests/test_goldens.py --update-goldens"


@pytest.mark.parametrize("spec", SPECS, ids=[s.stem for s in SPECS])
def test_fixture_generates_its_golden_tree(spec: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    output = tmp_path / spec.stem
    result = generate_package(spec, output, f"{spec.stem}_client")
    assert result.returncode == 0, result.stderr
    golden = GOLDEN / spec.stem
    if request.config.getoption("--update-goldens"):
        shutil.rmtree(golden, ignore_errors=True)
        shutil.copytree(output, golden)
        return
    expected, actual = tree(golden), tree(output)
    problems: list[str] = []
    for name in sorted(set(expected) | set(actual)):
        if expected.get(name) != actual.get(name):
            old = expected.get(name, b"").decode().splitlines(keepends=True)
            new = actual.get(name, b"").decode().splitlines(keepends=True)
            problems.extend(difflib.unified_diff(old, new, f"golden/{spec.stem}/{name}", f"generated/{name}"))
    assert not problems, "".join(problems[:200]) + f"\nIf the change is intended, update the goldens: {UPDATE}"
