"""[tool.clientgen] settings and the `clientgen` console script, as a project uses them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SPECS, clientgen


def make_project(root: Path, settings: str) -> Path:
    (root / "pyproject.toml").write_text(settings)
    (root / "apis").mkdir()
    shutil.copy(SPECS / "nekt.yaml", root / "apis" / "nekt.yaml")
    return root


def test_settings_choose_folders_package_and_client_names(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        '[tool.clientgen]\nspecs = "apis"\noutput = "out"\npackage = "acme_clients"\ndistribution = "acme-clients"\n'
        'version = "3.1.4"\n\n[tool.clientgen.providers.nekt]\nclient_name = "Nekt"\n',
    )
    result = clientgen("generate", cwd=project)
    assert result.returncode == 0, result.stderr
    client = (project / "out" / "acme_clients" / "nekt" / "client.py").read_text()
    assert "class Nekt(SyncClient):" in client and "class AsyncNekt(AsyncClient):" in client
    pyproject = (project / "out" / "pyproject.toml").read_text()
    assert 'name = "acme-clients"' in pyproject and 'version = "3.1.4"' in pyproject
    assert clientgen("check", cwd=project).returncode == 0


def test_http_chooses_the_library_the_package_imports_and_depends_on(tmp_path: Path) -> None:
    project = make_project(tmp_path, '[tool.clientgen]\nspecs = "apis"\noutput = "out"\nhttp = "httpx"\n')
    result = clientgen("generate", cwd=project)
    assert result.returncode == 0, result.stderr
    out = project / "out"
    assert "\nimport httpx\n" in (out / "provider_clients" / "_runtime" / "_http.py").read_text()
    client = (out / "provider_clients" / "nekt" / "client.py").read_text()
    assert "\nimport httpx\n" in client and "http_client: httpx.Client | None = None" in client
    assert '"httpx>=0.27,<1"' in (out / "pyproject.toml").read_text() and "httpx2" not in (out / "pyproject.toml").read_text()
    # --http overrides the setting; check compares against what the setting makes
    assert clientgen("check", cwd=project).returncode == 0
    stale = clientgen("check", "--http", "httpx2", cwd=project)
    assert stale.returncode == 1 and "_runtime/_http.py" in stale.stderr


def test_an_unknown_http_library_is_refused_with_the_choices(tmp_path: Path) -> None:
    project = make_project(tmp_path, '[tool.clientgen]\nspecs = "apis"\nhttp = "requests"\n')
    result = clientgen("generate", cwd=project)
    assert result.returncode == 1
    assert "pyproject.toml:3: [tool.clientgen] http is 'requests'; choose one of 'httpx2', 'httpx'" in result.stderr
    usage = clientgen("generate", "--spec", project / "apis" / "nekt.yaml", "--output", tmp_path / "o", "--http", "requests")
    assert usage.returncode == 2 and "invalid choice: 'requests'" in usage.stderr


def test_unknown_setting_is_named(tmp_path: Path) -> None:
    project = make_project(tmp_path, '[tool.clientgen]\nspec = "apis"\n')
    result = clientgen("generate", cwd=project)
    assert result.returncode == 1
    assert "pyproject.toml:2: unknown key(s) in [tool.clientgen]: spec" in result.stderr


def test_missing_specs_folder_is_explained(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.clientgen]\nspecs = "nowhere"\n')
    result = clientgen("generate", cwd=tmp_path)
    assert result.returncode == 1
    assert "nowhere" in result.stderr and "does not exist" in result.stderr


def test_console_script_is_installed_and_runs() -> None:
    script = Path(sys.executable).parent / "clientgen"
    assert script.exists(), "pip install -e . provides the clientgen command"
    result = subprocess.run([script, "check"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout


@pytest.mark.parametrize("settings", ['tool = "clientgen"\n', '[tool]\nclientgen = 3\n'])
def test_settings_that_are_not_a_table_are_refused_at_their_line(settings: str, tmp_path: Path) -> None:
    project = make_project(tmp_path, settings)
    result = clientgen("generate", cwd=project)
    assert result.returncode == 1
    assert "pyproject.toml:" in result.stderr and "[tool.clientgen] must be a table" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("key", ["specs", "output", "package", "distribution", "version"])
def test_a_setting_that_is_not_a_string_is_refused_at_its_line(key: str, tmp_path: Path) -> None:
    project = make_project(tmp_path, f'[tool.clientgen]\nspecs = "apis"\n{key} = 5\n' if key != "specs" else "[tool.clientgen]\nspecs = 5\n")
    result = clientgen("generate", cwd=project)
    assert result.returncode == 1
    line = 2 if key == "specs" else 3
    assert result.stderr == f"clientgen: error: pyproject.toml:{line}: [tool.clientgen] {key} must be a string, not 5\n"


def test_an_unknown_setting_names_the_closest_known_one(tmp_path: Path) -> None:
    project = make_project(tmp_path, '[tool.clientgen]\nspecs = "apis"\nsrict = true\n')
    result = clientgen("generate", cwd=project)
    assert result.returncode == 1
    assert result.stderr == (
        "clientgen: error: pyproject.toml:3: unknown key(s) in [tool.clientgen]: srict (did you mean 'strict'?); "
        "known: distribution, http, lazy_models_above, output, package, providers, resources, specs, strict, version\n"
    )
