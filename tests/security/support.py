"""Helpers of the security tests: the CLI under resource limits, pinned message snapshots, and
importing a freshly generated package."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import imported as imported  # importing a freshly generated package: one helper for all tests

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Hostile documents must be refused within these bounds; a run that needs more is killed (SIGXCPU,
# or a MemoryError), and the test reports it. Generous: a normal run uses a fraction of them.
CPU_SECONDS = 120
MEMORY_BYTES = 2 * 1024**3
UPDATE = ".venv/bin/python -m pytest tests/security --update-goldens"


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def clientgen_limited(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command line as a user runs it, in a process that cannot exceed the CPU and memory bounds."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=CPU_SECONDS * 2,
        preexec_fn=_limit,
    )


def check_snapshot(name: str, actual: str, request: pytest.FixtureRequest) -> None:
    """``actual`` equals tests/security/snapshots/<name>.txt; ``--update-goldens`` rewrites it."""
    path = SNAPSHOTS / f"{name}.txt"
    if request.config.getoption("--update-goldens"):
        path.write_text(actual, encoding="utf-8")
        return
    assert path.is_file(), f"no snapshot {path.name}; create it with {UPDATE}"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"the message changed; if that is intended, update the snapshots with {UPDATE}\n{actual}"
