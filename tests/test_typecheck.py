"""The generated package and the goldens pass `mypy --strict` (generated/ for httpx2, and the same
specs generated for httpx); the generator does too, and ruff."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import GENERATED, GOLDEN, ROOT, clientgen


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=900)


@pytest.mark.parametrize(
    "target",
    [GENERATED / "provider_clients", *sorted(p / f"{p.name}_client" for p in GOLDEN.iterdir() if p.is_dir())],
    ids=lambda p: p.parent.name,
)
def test_generated_code_passes_mypy_strict(target: object) -> None:
    result = run("mypy", "--strict", "--no-incremental", "--python-version", "3.10", str(target))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_providers_generated_for_httpx_pass_mypy_strict(tmp_path: Path) -> None:
    """generated/ is made for httpx2; the same specs and settings made for httpx type-check too."""
    result = clientgen("generate", "--output", tmp_path / "out", "--http", "httpx")
    assert result.returncode == 0, result.stderr
    result = run("mypy", "--strict", "--no-incremental", "--python-version", "3.10", str(tmp_path / "out" / "provider_clients"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_generator_passes_mypy_strict() -> None:
    result = run("mypy", "--strict", "generator")
    assert result.returncode == 0, result.stdout + result.stderr


def test_generator_and_tests_are_ruff_clean() -> None:
    result = run("ruff", "check", "generator", "templates/runtime", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_code_is_ruff_clean() -> None:
    """The package and every golden, under the project's rules. pyproject.toml excludes them from
    the project's own ruff runs so that ``ruff --fix`` never edits what only clientgen writes."""
    result = run("ruff", "check", "--no-cache", str(GENERATED), str(GOLDEN))
    assert result.returncode == 0, result.stdout + result.stderr
