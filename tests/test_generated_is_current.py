"""generated/ is exactly what the specs and templates produce, and producing it is deterministic."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import GENERATED, clientgen, tree


def test_committed_package_matches_a_fresh_generation() -> None:
    result = clientgen("check")
    assert result.returncode == 0, (
        "generated/ is stale. Run `.venv/bin/clientgen generate` and commit the result.\n" + result.stderr
    )
    assert "up to date" in result.stdout


def test_two_generations_give_identical_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):  # the committed version history is an input of a generation
        folder.mkdir()
        for name in ("pyproject.toml", "api-surface.json", "CHANGELOG.md"):
            shutil.copy(GENERATED / name, folder / name)
    assert clientgen("generate", "--output", first).returncode == 0
    assert clientgen("generate", "--output", second).returncode == 0
    assert tree(first) == tree(second)
    assert tree(first) == tree(GENERATED)


def test_check_names_stale_files_and_the_fixing_command(tmp_path: Path) -> None:
    output = tmp_path / "generated"
    shutil.copytree(GENERATED, output, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    models = output / "provider_clients" / "nekt" / "models.py"
    models.write_text(models.read_text() + "\nEDITED_BY_HAND = True\n")
    (output / "provider_clients" / "nekt" / "leftover.py").write_text("")
    (output / "provider_clients" / "noxus" / "client.py").unlink()

    result = clientgen("check", "--output", output)

    assert result.returncode == 1
    assert "changed: provider_clients/nekt/models.py" in result.stderr
    assert "extra: provider_clients/nekt/leftover.py" in result.stderr
    assert "missing: provider_clients/noxus/client.py" in result.stderr
    assert "-EDITED_BY_HAND = True" in result.stderr  # the diff shows what generation would undo
    assert "clientgen generate" in result.stderr


def test_generate_repairs_a_stale_tree_and_then_writes_nothing(tmp_path: Path) -> None:
    output = tmp_path / "generated"
    shutil.copytree(GENERATED, output, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    (output / "provider_clients" / "nekt" / "leftover.py").write_text("")
    cache = output / "provider_clients" / "__pycache__"
    cache.mkdir(exist_ok=True)
    (cache / "kept.pyc").write_bytes(b"")

    assert clientgen("generate", "--output", output).returncode == 0
    assert tree(output) == tree(GENERATED)
    assert (cache / "kept.pyc").exists(), "tool caches inside the output folder are left alone"
    stamps = {p: p.stat().st_mtime_ns for p in output.rglob("*.py")}

    again = clientgen("generate", "--output", output)
    assert again.returncode == 0
    assert "unchanged" in again.stdout
    assert {p: p.stat().st_mtime_ns for p in output.rglob("*.py")} == stamps


def test_generate_prints_a_summary_per_provider(tmp_path: Path) -> None:
    result = clientgen("generate", "--output", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    for line in (
        "algolia_ingestion: 3 operations, 17 models",
        "nekt: 1 operation, 4 models",
        "noxus: 1 operation, 4 models",
        "truestate: 1 operation, 5 models",
    ):
        assert line in result.stdout
