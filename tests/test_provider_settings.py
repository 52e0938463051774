"""[tool.clientgen.providers.<key>] through `clientgen generate`: every key is checked where it is
written, as [tool.clientgen]'s own keys are. An unknown key, a value of the wrong type and a table
for a provider without a spec are refused at their `pyproject.toml:LINE` (exit 1, nothing
written); a right table still shapes the client."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import SPECS, clientgen

HEAD = '[tool.clientgen]\nspecs = "apis"\noutput = "out"\n\n'
PET = "Pet:\n  type: object\n  properties:\n    name: {type: string}\n"
REFERRING = """\
openapi: 3.1.0
info: {title: Pets, version: "1"}
paths:
  /pet:
    get:
      operationId: getPet
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '../outside/pet.yaml#/Pet'}
"""


def project(root: Path, tables: str) -> Path:
    (root / "apis").mkdir()
    shutil.copy(SPECS / "nekt.yaml", root / "apis" / "nekt.yaml")
    (root / "pyproject.toml").write_text(HEAD + tables)
    return root


def refused(root: Path) -> list[str]:
    """The error lines of a `clientgen generate` that must refuse the settings, as printed."""
    result = clientgen("generate", cwd=root)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert not (root / "out").exists()
    return result.stderr.splitlines()


def test_allow_external_refs_written_as_a_string_is_refused_and_the_guard_stays_shut(tmp_path: Path) -> None:
    """`"no"` is not false: before, it was read by truthiness and opened the guard."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "pet.yaml").write_text(PET)
    root = project(tmp_path, '[tool.clientgen.providers.pets]\nallow_external_refs = "no"\n')
    (root / "apis" / "pets.yaml").write_text(REFERRING)
    assert refused(root) == [
        "pyproject.toml:6 #/tool/clientgen/providers/pets/allow_external_refs: error: "
        "allow_external_refs in [tool.clientgen.providers.pets] must be true or false, not 'no'",
        "clientgen: 1 error; nothing was written",
    ]
    (root / "pyproject.toml").write_text(HEAD + "[tool.clientgen.providers.pets]\nallow_external_refs = true\n")
    allowed = clientgen("generate", cwd=root)
    assert allowed.returncode == 0, allowed.stderr
    assert "class Pet(ApiModel):" in (root / "out" / "provider_clients" / "pets" / "models.py").read_text()


def test_an_unknown_key_is_refused_at_its_line_with_the_known_keys_and_the_closest(tmp_path: Path) -> None:
    root = project(tmp_path, '[tool.clientgen.providers.nekt]\nclient_nam = "Nekt"\n')
    assert refused(root) == [
        "pyproject.toml:6 #/tool/clientgen/providers/nekt/client_nam: error: "
        "unknown key 'client_nam' in [tool.clientgen.providers.nekt]; did you mean 'client_name'?",
        "    known keys: allow_external_refs, client_name, methods, pagination, resources, strict, waiters",
        "clientgen: 1 error; nothing was written",
    ]


def test_an_unknown_key_like_no_known_one_names_the_known_keys(tmp_path: Path) -> None:
    root = project(tmp_path, "[tool.clientgen.providers.nekt]\nbackoff = 3\n")
    assert refused(root)[:2] == [
        "pyproject.toml:6 #/tool/clientgen/providers/nekt/backoff: error: unknown key 'backoff' in [tool.clientgen.providers.nekt]",
        "    known keys: allow_external_refs, client_name, methods, pagination, resources, strict, waiters",
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("client_name = 5", 'client_name in [tool.clientgen.providers.nekt] must be a Python class name, like "NektClient", not 5'),
        ('client_name = "Nekt Client"', "client_name in [tool.clientgen.providers.nekt] must be a Python class name, like \"NektClient\", not 'Nekt Client'"),
        ('strict = "yes"', "strict in [tool.clientgen.providers.nekt] must be true or false, not 'yes'"),
        ("allow_external_refs = 0", "allow_external_refs in [tool.clientgen.providers.nekt] must be true or false, not 0"),
        ('waiters = "run"', "must be a table of waiters: [tool.clientgen.providers.<key>.waiters.<name>]"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_at_its_line(line: str, message: str, tmp_path: Path) -> None:
    root = project(tmp_path, f"[tool.clientgen.providers.nekt]\n{line}\n")
    key = line.split(" =")[0]
    assert refused(root) == [f"pyproject.toml:6 #/tool/clientgen/providers/nekt/{key}: error: {message}", "clientgen: 1 error; nothing was written"]


def test_every_wrong_key_is_reported_at_once(tmp_path: Path) -> None:
    root = project(tmp_path, '[tool.clientgen.providers.nekt]\nallow_external_refs = "no"\nstrict = 1\nclient_nam = "X"\n')
    errors = [line for line in refused(root) if ": error: " in line]
    assert [line.split(" ")[0] for line in errors] == ["pyproject.toml:6", "pyproject.toml:7", "pyproject.toml:8"]
    assert refused(root)[-1] == "clientgen: 3 errors; nothing was written"


def test_a_table_for_a_provider_without_a_spec_is_refused_at_its_line(tmp_path: Path) -> None:
    root = project(tmp_path, '[tool.clientgen.providers.nektt]\nclient_name = "Nekt"\n')
    assert refused(root) == [
        "pyproject.toml:5 #/tool/clientgen/providers/nektt: error: "
        "[tool.clientgen.providers.nektt] is for provider 'nektt', which has no spec in apis; did you mean 'nekt'?",
        "    a provider's key is its spec's file name without the extension (nekt); rename the table, or add the spec",
        "clientgen: 1 error; nothing was written",
    ]


def test_providers_and_a_provider_must_be_tables(tmp_path: Path) -> None:
    root = project(tmp_path, "")
    (root / "pyproject.toml").write_text(HEAD.replace("\n\n", "\nproviders = 3\n"))
    assert refused(root)[0] == (
        "pyproject.toml:4 #/tool/clientgen/providers: error: "
        "[tool.clientgen] providers must be a table of provider tables, [tool.clientgen.providers.<key>], not 3"
    )
    (root / "pyproject.toml").write_text(HEAD + "[tool.clientgen.providers]\nnekt = true\n")
    assert refused(root)[0] == (
        "pyproject.toml:6 #/tool/clientgen/providers/nekt: error: [tool.clientgen.providers.nekt] must be a table of settings, not True"
    )


def test_a_right_table_shapes_the_client(tmp_path: Path) -> None:
    root = project(tmp_path, '[tool.clientgen.providers.nekt]\nclient_name = "Nekt"\nallow_external_refs = false\nstrict = true\n')
    result = clientgen("generate", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "class Nekt(SyncClient):" in (root / "out" / "provider_clients" / "nekt" / "client.py").read_text()


def test_changes_against_a_revision_before_a_provider_and_its_table_were_added(tmp_path: Path) -> None:
    """The table of a provider added since the revision is no error there: that revision's specs
    simply lack it (the provider is reported as added)."""
    import subprocess

    root = project(tmp_path, "")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "nekt"]):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=root, check=True, timeout=60)
    shutil.copy(SPECS / "noxus.yaml", root / "apis" / "noxus.yaml")
    (root / "pyproject.toml").write_text(HEAD + '[tool.clientgen.providers.noxus]\nclient_name = "Noxus"\n')
    result = clientgen("changes", cwd=root)
    assert result.returncode == 1, result.stderr
    assert "added provider noxus (client Noxus)" in result.stdout
