"""A run whose inputs did not change skips every stage; any changed input, a hand-edited output
or a damaged cache runs everything again, and the output is always what a full run makes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.output import cache
from generator.output.cache import context_digest

from .conftest import FIXTURES, clientgen, tree

SKIPPED = "same inputs as the last run"
SPEC = """openapi: 3.0.3
info: {title: Stamp, version: "1"}
paths:
  /things:
    get:
      operationId: list_things
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "schemas.yaml#/Thing"}
"""
SCHEMAS = """Thing:
  type: object
  properties:
    name: {type: string}
"""


@pytest.fixture(autouse=True)
def cache_beside_the_test(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--spec runs keep their caches in the user's cache folder; these tests look at them here."""
    monkeypatch.setenv("CLIENTGEN_CACHE_DIR", str(tmp_path / ".clientgen-cache"))


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    folder = tmp_path / "spec"
    folder.mkdir()
    (folder / "schemas.yaml").write_text(SCHEMAS)
    (folder / "stamp.yaml").write_text(SPEC)
    return folder / "stamp.yaml"


def generate(spec: Path, output: Path, *extra: str) -> str:
    result = clientgen("generate", "--spec", spec, "--output", output, "--package", "stamped", *extra)
    assert result.returncode == 0, result.stderr
    return result.stdout


def fresh(spec: Path, tmp_path: Path, previous: Path | None = None) -> dict[str, bytes]:
    """What a run without any cache makes, elsewhere, from a copy of ``previous`` (the version
    history in an output folder is an input too)."""
    output = tmp_path / "reference" / "out"
    shutil.rmtree(output.parent, ignore_errors=True)
    if previous is not None:
        shutil.copytree(previous, output)
    generate(spec, output, "--no-cache")
    return tree(output)


def test_nothing_changed_skips_and_keeps_the_tree(spec: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    assert SKIPPED not in generate(spec, output)
    again = generate(spec, output)
    assert SKIPPED in again
    assert "stamp: 1 operation, 1 model, 0 files written" in again
    assert tree(output) == fresh(spec, tmp_path, output)
    check = clientgen("check", "--spec", spec, "--output", output, "--package", "stamped")
    assert check.returncode == 0 and SKIPPED in check.stdout


@pytest.mark.parametrize("changed", ["stamp.yaml", "schemas.yaml"])
def test_a_changed_spec_or_referenced_file_runs_everything(changed: str, spec: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    generate(spec, output)
    before = tmp_path / "before"
    shutil.copytree(output, before)
    target = spec.parent / changed
    target.write_text(target.read_text().replace("name: {type: string}", "name: {type: string}\n    size: {type: integer}"))
    target.write_text(target.read_text().replace("operationId: list_things", "operationId: get_things"))
    assert SKIPPED not in generate(spec, output)
    assert tree(output) == fresh(spec, tmp_path, before)
    assert SKIPPED in generate(spec, output)


def test_a_hand_edited_output_is_repaired(spec: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    generate(spec, output)
    before = tmp_path / "before"
    shutil.copytree(output, before)
    models = output / "stamped" / "stamp" / "models.py"
    models.write_text(models.read_text() + "\nEDITED = True\n")
    check = clientgen("check", "--spec", spec, "--output", output, "--package", "stamped")
    assert check.returncode == 1, "check never trusts a stamp over the tree"
    assert SKIPPED not in generate(spec, output)
    assert tree(output) == fresh(spec, tmp_path, before)


@pytest.mark.parametrize("damage", ["{not json", '{"context": 1}', ""])
def test_a_damaged_cache_is_ignored(damage: str, spec: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    generate(spec, output)
    for path in (tmp_path / ".clientgen-cache").rglob("*.json"):
        path.write_text(damage)
    shutil.rmtree(output)
    assert SKIPPED not in generate(spec, output)
    assert tree(output) == fresh(spec, tmp_path)


def test_check_writes_no_cache_and_the_cache_is_ignored_by_git(spec: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    generate(spec, output, "--no-cache")
    assert clientgen("check", "--spec", spec, "--output", output, "--package", "stamped").returncode == 0
    assert not (tmp_path / ".clientgen-cache").exists(), "a check changes no file"
    generate(spec, output)
    assert (tmp_path / ".clientgen-cache" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_no_cache_reads_and_writes_no_cache(spec: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    generate(spec, output)
    assert SKIPPED not in generate(spec, output, "--no-cache")
    shutil.rmtree(tmp_path / ".clientgen-cache")
    generate(spec, output, "--no-cache")
    assert not (tmp_path / ".clientgen-cache").exists()


def test_project_runs_skip_too(tmp_path: Path) -> None:
    fixture = FIXTURES / "specs" / "nullable_31.yaml"
    (tmp_path / "specs").mkdir()
    shutil.copy(fixture, tmp_path / "specs" / "nullable.yaml")
    (tmp_path / "pyproject.toml").write_text('[tool.clientgen]\nspecs = "specs"\noutput = "generated"\n')
    assert clientgen("generate", cwd=tmp_path).returncode == 0
    again = clientgen("generate", cwd=tmp_path)
    assert SKIPPED in again.stdout
    (tmp_path / "pyproject.toml").write_text('[tool.clientgen]\nspecs = "specs"\noutput = "generated"\nversion = "2.0.0"\n')
    changed = clientgen("generate", cwd=tmp_path)
    assert SKIPPED not in changed.stdout, "the settings are part of the stamp"
    assert 'version = "2.0.0"' in (tmp_path / "generated" / "pyproject.toml").read_text()


def test_the_stamp_depends_on_settings_library_versions_and_sources(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    base = context_digest("settings")
    assert context_digest("settings") == base
    assert context_digest("other settings") != base
    found = cache.library_versions()
    for name in ("black-", "ruamel_yaml-", "yaml_rs-", "jsonschema-"):  # each library the stamp names is found installed
        assert any(name in v.rsplit("/", 1)[1] for v in found), name
    monkeypatch.setattr(cache, "library_versions", lambda: ["/site-packages/black-0.0.dist-info"])
    assert context_digest("settings") != base
    monkeypatch.undo()
    templates = tmp_path / "templates"
    shutil.copytree(cache.TEMPLATES, templates)
    monkeypatch.setattr(cache, "TEMPLATES", templates)
    assert context_digest("settings") == base
    (templates / "models.py.jinja").write_text((templates / "models.py.jinja").read_text() + "\n")
    assert context_digest("settings") != base


def test_the_stamp_sees_templates_installed_inside_the_package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    package = tmp_path / "generator"
    shutil.copytree(cache.GENERATOR, package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(cache.TEMPLATES, package / "_templates")
    monkeypatch.setattr(cache, "GENERATOR", package)
    monkeypatch.setattr(cache, "TEMPLATES", package / "_templates")
    base = context_digest("settings")
    (package / "_templates" / "models.py.jinja").write_text("changed\n")
    assert context_digest("settings") != base


def test_a_file_a_ref_names_where_openapi_defines_none_is_an_input_too(tmp_path: Path) -> None:
    """Such a $ref is resolved while validating (in the second process that validates early):
    the file it names counts as read all the same."""
    folder = tmp_path / "spec"
    folder.mkdir()
    for name in ("tag_description_ref.yaml", "description.yml"):
        shutil.copyfile(FIXTURES / "defects" / name, folder / name)
    spec, output = folder / "tag_description_ref.yaml", tmp_path / "out"
    generate(spec, output)
    assert SKIPPED in generate(spec, output)
    described = folder / "description.yml"
    described.write_text(described.read_text().replace("live with people", "live with us"))
    assert SKIPPED not in generate(spec, output)
