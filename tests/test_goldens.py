"""Each fixture spec under tests/fixtures/specs/ generates exactly its golden tree in tests/golden/.

Update every golden after an intended change with:

    .venv/bin/python -m pytest tests/test_goldens.py --update-goldens
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from generator.output.format import format_python

from .conftest import FIXTURES, GENERATED, GOLDEN, generate_package, tree

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


def test_goldens_and_the_committed_package_are_what_black_makes_of_them() -> None:
    """Most of their chunks were laid out without black (generator/output/layout/): black over
    every file must change nothing."""
    files = sorted([*GOLDEN.rglob("*.py"), *(GENERATED / "provider_clients").rglob("*.py")])
    assert len(files) > 40
    changed = [str(f) for f in files if format_python(f.read_text(encoding="utf-8")) != f.read_text(encoding="utf-8")]
    assert not changed, f"black would change: {changed}"
