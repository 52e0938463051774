"""The pre-commit hooks, driven by the real `pre-commit` tool in temporary git repositories:
the hooks this repository offers (.pre-commit-hooks.yaml, installed by pre-commit from a clone)
and this repository's own .pre-commit-config.yaml."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import GENERATED, ROOT, SPECS, clientgen
from .test_changes import RUN_PROPERTIES, edit, git

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
IGNORE = shutil.ignore_patterns("__pycache__", "*.egg-info", ".mypy_cache")


def pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.com"}
    env |= {"GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.com"}
    return subprocess.run([PRE_COMMIT, *args], cwd=repo, capture_output=True, text=True, env=env, timeout=900)


def commit(repo: Path, home: Path, message: str) -> subprocess.CompletedProcess[str]:
    """`git commit`, with the hooks `pre-commit install` put in place."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    return subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-m", message],
        cwd=repo, capture_output=True, text=True, env=env, timeout=900,
    )  # fmt: skip


def make_stale(repo: Path) -> None:
    edit(repo / "specs" / "nekt.yaml", RUN_PROPERTIES, RUN_PROPERTIES + "        labels:\n          type: string\n")


@pytest.fixture
def hook_repo(tmp_path: Path) -> Path:
    """A clone-able copy of this repository's generator, as another repository's config names it."""
    repo = tmp_path / "clientgen"
    repo.mkdir()
    for name in ("generator", "templates"):
        shutil.copytree(ROOT / name, repo / name, ignore=IGNORE)
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(ROOT / name, repo / name)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "clientgen")
    return repo


def test_another_repository_refuses_a_stale_commit_until_it_regenerates(hook_repo: Path, tmp_path: Path) -> None:
    consumer, home = tmp_path / "consumer", tmp_path / "pre-commit-home"
    (consumer / "specs").mkdir(parents=True)
    shutil.copy(SPECS / "nekt.yaml", consumer / "specs" / "nekt.yaml")
    (consumer / "pyproject.toml").write_text('[tool.clientgen]\npackage = "acme_clients"\ndistribution = "acme-clients"\n')
    revision = git(hook_repo, "rev-parse", "HEAD").strip()
    (consumer / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo}\n    rev: {revision}\n    hooks:\n      - id: clientgen-check\n"
    )
    assert clientgen("generate", cwd=consumer).returncode == 0
    git(consumer, "init", "-q", "-b", "main")
    installed = pre_commit(consumer, home, "install")
    assert installed.returncode == 0, installed.stderr
    git(consumer, "add", "-A")
    first = commit(consumer, home, "clients")
    assert first.returncode == 0, first.stdout + first.stderr
    hook_output = first.stdout + first.stderr
    assert "clientgen check (generated clients are current)" in hook_output and "Passed" in hook_output

    make_stale(consumer)
    git(consumer, "add", "-A")
    refused = commit(consumer, home, "a new field")

    assert refused.returncode == 1
    output = refused.stdout + refused.stderr
    assert "Failed" in output
    assert "generated is stale: it is not what the specs and templates generate." in output
    assert "changed: acme_clients/nekt/models.py" in output
    assert "Run `clientgen generate` to update it, then commit the result." in output

    assert clientgen("generate", cwd=consumer).returncode == 0
    git(consumer, "add", "-A")
    accepted = commit(consumer, home, "a new field, regenerated")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "Passed" in accepted.stdout + accepted.stderr
    assert "labels" in (consumer / "generated" / "acme_clients" / "nekt" / "models.py").read_text()


@pytest.fixture
def this_repo(tmp_path: Path) -> Path:
    """A copy of this repository's specs, generated package and pre-commit config, with its venv."""
    repo = tmp_path / "repo"
    shutil.copytree(SPECS, repo / "specs")
    shutil.copytree(GENERATED, repo / "generated", ignore=IGNORE)
    for name in ("pyproject.toml", "README.md", ".pre-commit-config.yaml"):
        shutil.copy(ROOT / name, repo / name)
    (repo / ".venv").symlink_to(sys.prefix)  # the hooks run .venv/bin/clientgen, as scripts/setup.sh makes it
    (repo / ".gitignore").write_text(".venv\n")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "start")
    return repo


def test_this_repositorys_hooks_run_when_specs_templates_or_generator_change(this_repo: Path, tmp_path: Path) -> None:
    home = tmp_path / "pre-commit-home"
    make_stale(this_repo)
    for path in ("templates/client.py.jinja", "generator/cli.py"):  # stand-ins: what matters is the path
        (this_repo / path).parent.mkdir(exist_ok=True)
        (this_repo / path).write_text("")
    git(this_repo, "add", "-A")

    for path in ("specs/nekt.yaml", "templates/client.py.jinja", "generator/cli.py"):
        result = pre_commit(this_repo, home, "run", "--files", path)
        assert result.returncode == 1, result.stdout
        assert "clientgen check (generated/ is current)" in result.stdout and "Failed" in result.stdout
        assert "changed: provider_clients/nekt/models.py" in result.stdout
        assert "Run `clientgen generate` to update it" in result.stdout
    unrelated = pre_commit(this_repo, home, "run", "--files", "README.md")
    assert unrelated.returncode == 0 and "(no files to check)Skipped" in unrelated.stdout

    regenerate = pre_commit(this_repo, home, "run", "clientgen-generate", "--hook-stage", "manual", "--files", "specs/nekt.yaml")
    assert regenerate.returncode == 1, "pre-commit stops when a hook changed files, so they can be added"
    assert "files were modified by this hook" in regenerate.stdout
    after = pre_commit(this_repo, home, "run", "--files", "specs/nekt.yaml")
    assert after.returncode == 0, after.stdout
    assert "Passed" in after.stdout
