"""The generated package's version and CHANGELOG.md follow the API changes of each generation,
from the history committed in generated/, so a clean clone agrees with `clientgen check`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import tomllib

from .conftest import GENERATED, ROOT, SPECS, clientgen, tree
from .test_changes import RUN_PROPERTIES, edit, git

HISTORY = ("pyproject.toml", "CHANGELOG.md", "api-surface.json")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """This project's settings, specs and generated package, committed in a git repository."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(SPECS, tmp_path / "specs")
    shutil.copytree(GENERATED, tmp_path / "generated", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "start")
    return tmp_path


def version(project: Path) -> str:
    data = tomllib.loads((project / "generated" / "pyproject.toml").read_text())
    return str(data["project"]["version"])


def history(project: Path) -> dict[str, bytes]:
    return {name: (project / "generated" / name).read_bytes() for name in HISTORY}


def changelog_entries(project: Path) -> list[str]:
    text = (project / "generated" / "CHANGELOG.md").read_text()
    return ["## " + part for part in text.split("\n## ")[1:]]


def add_labels_field(project: Path) -> None:
    edit(project / "specs" / "nekt.yaml", RUN_PROPERTIES, RUN_PROPERTIES + "        labels:\n          type: string\n")


def test_a_generation_without_api_changes_leaves_version_and_changelog_alone(project: Path) -> None:
    before = history(project)
    edit(project / "specs" / "nekt.yaml", "description: A UUID string identifying this Pipeline run.", "description: The run's UUID.")

    result = clientgen("generate", cwd=project)

    assert result.returncode == 0, result.stderr
    assert "API changes" not in result.stdout
    assert history(project) == before
    assert "id: The run's UUID." in (project / "generated" / "provider_clients" / "nekt" / "client.py").read_text()


def test_an_addition_bumps_the_minor_version_and_writes_an_entry(project: Path) -> None:
    start = version(project)
    major, minor, _ = (int(part) for part in start.split("."))
    earlier = changelog_entries(project)
    add_labels_field(project)

    result = clientgen("generate", cwd=project)

    assert result.returncode == 0, result.stderr
    assert f"API changes since {start}:\nnekt: 1 change, 0 breaking\n  added field Run.labels (optional)\n" in result.stdout
    assert f"version {start} -> {major}.{minor + 1}.0 (additions)" in result.stdout
    assert version(project) == f"{major}.{minor + 1}.0"
    entries = changelog_entries(project)
    assert entries[0] == f"## {major}.{minor + 1}.0\n\nMinor release: additions.\n\n### nekt\n\n- added field Run.labels (optional)\n"
    assert entries[1:] == earlier, "earlier entries stay as they were"
    snapshot = json.loads((project / "generated" / "api-surface.json").read_text())
    assert snapshot["version"] == version(project)
    assert snapshot["providers"]["nekt"]["models"]["Run"]["labels"] == {"type": "str", "required": False}

    assert clientgen("check", cwd=project).returncode == 0
    files = tree(project / "generated")
    again = clientgen("generate", cwd=project)
    assert "unchanged" in again.stdout and "API changes" not in again.stdout
    assert tree(project / "generated") == files


def test_a_breaking_change_bumps_the_major_version(project: Path) -> None:
    spec = project / "specs" / "nekt.yaml"
    edit(spec, "        duration_seconds:\n          type: integer\n          readOnly: true\n          nullable: true\n", "")
    edit(spec, "\n        - duration_seconds\n", "\n")
    major = int(version(project).split(".")[0])

    result = clientgen("generate", cwd=project)

    assert result.returncode == 0, result.stderr
    assert "  BREAKING removed field Run.duration_seconds" in result.stdout
    assert version(project) == f"{major + 1}.0.0"
    assert changelog_entries(project)[0] == (
        f"## {major + 1}.0.0\n\nMajor release: breaking changes.\n\n### nekt\n\n"
        "- **Breaking:** removed field Run.duration_seconds\n"
    )


def test_another_http_library_bumps_the_major_version_and_says_what_to_do(project: Path) -> None:
    edit(project / "pyproject.toml", "[tool.clientgen]\n", '[tool.clientgen]\nhttp = "httpx"\n')
    major = int(version(project).split(".")[0])

    result = clientgen("generate", cwd=project)

    assert result.returncode == 0, result.stderr
    assert version(project) == f"{major + 1}.0.0"
    entry = changelog_entries(project)[0]
    assert entry.startswith(f"## {major + 1}.0.0\n\nMajor release: breaking changes.\n\n### algolia_ingestion\n\n")
    assert (
        "- **Breaking:** client NektClient: HTTP library httpx2 -> httpx: pass an httpx.Client (an httpx.AsyncClient "
        "to the async client) as http_client; RawResponse.http_response and the errors' .request/.response are httpx "
        "objects; the package depends on httpx, not httpx2\n"
    ) in entry
    snapshot = json.loads((project / "generated" / "api-surface.json").read_text())
    assert {p["http_client"] for p in snapshot["providers"].values()} == {"httpx.Client"}
    dependencies = tomllib.loads((project / "generated" / "pyproject.toml").read_text())["project"]["dependencies"]
    assert "httpx>=0.27,<1" in dependencies and not [d for d in dependencies if d.startswith("httpx2")]
    assert clientgen("check", cwd=project).returncode == 0


def test_a_snapshot_from_before_the_http_setting_reads_as_httpx(project: Path) -> None:
    """Packages made before [tool.clientgen] http all used httpx; their snapshots do not say so."""
    snapshot = project / "generated" / "api-surface.json"
    snapshot.write_text("".join(line for line in snapshot.read_text().splitlines(True) if '"http_client"' not in line))
    start = version(project)
    edit(project / "pyproject.toml", "[tool.clientgen]\n", '[tool.clientgen]\nhttp = "httpx"\n')

    result = clientgen("generate", cwd=project)

    assert result.returncode == 0, result.stderr
    assert "API changes" not in result.stdout and version(project) == start


def test_a_compatible_change_bumps_the_patch_version(project: Path) -> None:
    major, minor, patch = (int(part) for part in version(project).split("."))
    edit(project / "specs" / "nekt.yaml", "  /api/v1/runs/{id}/:", "  /api/v1/pipeline-runs/{id}/:")

    result = clientgen("generate", cwd=project)

    assert result.returncode == 0, result.stderr
    assert version(project) == f"{major}.{minor}.{patch + 1}"
    assert "operation v1_runs_retrieve: calls GET /api/v1/pipeline-runs/{id}/ (was GET /api/v1/runs/{id}/)" in (
        changelog_entries(project)[0]
    )


def test_a_clean_clone_checks_clean_after_a_release(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    add_labels_field(project)
    stale = clientgen("check", cwd=project)
    assert stale.returncode == 1
    for name in ("changed: pyproject.toml", "changed: CHANGELOG.md", "changed: api-surface.json"):
        assert name in stale.stderr
    assert clientgen("generate", cwd=project).returncode == 0
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "labels")

    clone = tmp_path_factory.mktemp("clone") / "repo"
    git(project, "clone", "-q", str(project), str(clone))
    result = clientgen("check", cwd=clone)

    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout


def test_the_configured_version_is_a_floor(project: Path) -> None:
    settings = project / "pyproject.toml"
    edit(settings, 'version = "0.1.0"\n\n[tool.pytest', 'version = "7.0.0"\n\n[tool.pytest')

    result = clientgen("generate", cwd=project)

    assert result.returncode == 0, result.stderr
    assert version(project) == "7.0.0"
    assert changelog_entries(project)[0] == "## 7.0.0\n\nVersion set in `[tool.clientgen]`; no API changes.\n"
    assert "(set in [tool.clientgen])" in result.stdout


def test_a_damaged_snapshot_is_an_error_and_nothing_is_written(project: Path) -> None:
    (project / "generated" / "api-surface.json").write_text('{"version": "0.1.0", "providers": {"nekt": 3}}')
    add_labels_field(project)
    before = tree(project / "generated")

    result = clientgen("generate", cwd=project)

    assert result.returncode == 1
    assert "api-surface.json: not a readable API snapshot (not an API surface at nekt: expected an object)" in result.stderr
    assert "git checkout -- " in result.stderr and "Traceback" not in result.stderr
    assert tree(project / "generated") == before


def test_a_snapshot_from_a_newer_clientgen_is_read_without_the_keys_it_adds(project: Path) -> None:
    snapshot = project / "generated" / "api-surface.json"
    data = json.loads(snapshot.read_text())
    data["providers"]["nekt"]["added_later"] = {"anything": [1, 2]}
    next(iter(data["providers"]["nekt"]["operations"].values()))["added_later"] = True
    snapshot.write_text(json.dumps(data))

    result = clientgen("generate", cwd=project)

    assert result.returncode == 0, result.stderr
    assert "API changes since" not in result.stdout  # the same surface: nothing to report
    assert "added_later" not in snapshot.read_text()


def test_a_version_that_is_not_semantic_is_refused(project: Path) -> None:
    edit(project / "pyproject.toml", 'version = "0.1.0"\n\n[tool.pytest', 'version = "1.0"\n\n[tool.pytest')
    result = clientgen("generate", cwd=project)
    assert result.returncode == 1
    assert "[tool.clientgen] version: version '1.0' is not a semantic version MAJOR.MINOR.PATCH" in result.stderr


# --- the runtime every client shares ----------------------------------------------------------


def recorded_runtime(project: Path, change: dict[str, object] | None) -> None:
    """Make the committed snapshot say another runtime was shipped (or, with None, none recorded)."""
    snapshot = project / "generated" / "api-surface.json"
    data = json.loads(snapshot.read_text())
    if change is None:
        del data["runtime"]
    else:
        data["runtime"].update(change)
    snapshot.write_text(json.dumps(data))


def test_a_changed_runtime_bumps_the_patch_version(project: Path) -> None:
    major, minor, patch = (int(part) for part in version(project).split("."))
    recorded_runtime(project, {"digest": "0" * 64})

    result = clientgen("generate", cwd=project)

    assert result.returncode == 0, result.stderr
    assert version(project) == f"{major}.{minor}.{patch + 1}"
    assert "### all clients\n\n- runtime: clientgen's runtime changed behind the same names\n" in changelog_entries(project)[0]
    assert "all clients: 1 change, 0 breaking" in result.stdout


def test_an_export_added_is_an_addition_and_one_removed_breaks(project: Path) -> None:
    major, minor, _ = (int(part) for part in version(project).split("."))
    exports = json.loads((project / "generated" / "api-surface.json").read_text())["runtime"]["exports"]
    recorded_runtime(project, {"exports": [name for name in exports if name != "AsyncRawResponse"]})

    assert clientgen("generate", cwd=project).returncode == 0
    assert version(project) == f"{major}.{minor + 1}.0"
    assert "- added export AsyncRawResponse\n" in changelog_entries(project)[0]

    recorded_runtime(project, {"exports": [*exports, "OldHelper"]})
    assert clientgen("generate", cwd=project).returncode == 0
    assert version(project) == f"{major + 1}.0.0"
    assert "- **Breaking:** removed export OldHelper\n" in changelog_entries(project)[0]


def test_a_snapshot_that_did_not_record_the_runtime_bumps_once(project: Path) -> None:
    _, _, patch = (int(part) for part in version(project).split("."))
    recorded_runtime(project, None)

    assert clientgen("generate", cwd=project).returncode == 0
    assert version(project).endswith(f".{patch + 1}")
    assert "- runtime: not recorded before; clientgen's runtime may have changed\n" in changelog_entries(project)[0]
    before = history(project)
    result = clientgen("generate", cwd=project)
    assert result.returncode == 0 and "API changes" not in result.stdout
    assert history(project) == before


def test_a_damaged_runtime_record_is_an_error(project: Path) -> None:
    recorded_runtime(project, {"exports": "Stream"})
    before = tree(project / "generated")

    result = clientgen("generate", cwd=project)

    assert result.returncode == 1
    assert "not a readable API snapshot (runtime: expected an object with a digest and exports)" in result.stderr
    assert tree(project / "generated") == before
