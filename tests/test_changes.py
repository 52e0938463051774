"""`clientgen changes`: the API surface of specs/ against a git revision, or of two spec files,
with each change marked breaking or not for code that uses the generated clients."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import FIXTURES, ROOT, SPECS, clientgen, corpus_file

OLD, NEW = FIXTURES / "changes" / "old.yaml", FIXTURES / "changes" / "new.yaml"
RUN_PROPERTIES = "    Run:\n      type: object\n      properties:\n"


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.com", *args],
        cwd=repo, capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return result.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A project in its own git repository, with this project's specs committed."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(SPECS, tmp_path / "specs")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "specs")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def as_tuples(report: dict[str, Any], provider: str) -> list[tuple[str, bool]]:
    return [(c["text"], c["breaking"]) for c in report["providers"][provider]]


def test_every_kind_of_change_is_classified_for_client_users() -> None:
    result = clientgen("changes", OLD, NEW, "--json")

    assert result.returncode == 2, result.stderr
    report = json.loads(result.stdout)
    assert report["result"] == "breaking" and report["exit_code"] == 2
    assert sorted(as_tuples(report, "new")) == sorted(
        [
            ("removed server https://eu.api.example.com", True),
            ("added server https://us.api.example.com", False),
            ("removed operation delete_job", True),
            ("added operation cancel_job", False),
            ("added parameter region of get_job (required)", True),
            ("operation list_jobs: calls GET /v2/jobs (was GET /jobs)", False),
            ("removed parameter sort of list_jobs", True),
            ("parameter limit of list_jobs: type int -> int | str", False),  # accepts more
            ("parameter cursor of list_jobs: now optional", False),
            ("removed model Legacy", True),
            ("removed field Job.note", True),
            ("added field Job.labels (optional)", False),
            ("field Job.size: type int -> str", True),
            ("field Job.owner: now required", True),
            ("field Job.label: now deprecated", False),
            ("removed enum value 'failed' of State", True),
            ("added enum value 'cancelled' of State", False),  # enums are open
        ]
    )


def test_the_reverse_direction_is_breaking_where_the_forward_one_was_not() -> None:
    report = json.loads(clientgen("changes", NEW, OLD, "--json").stdout)
    changes = dict(as_tuples(report, "old"))
    assert changes["parameter limit of list_jobs: type int | str -> int"] is True  # accepts less
    assert changes["parameter cursor of list_jobs: now required"] is True
    assert changes["field Job.owner: now optional"] is True  # readers may now get None
    assert changes["removed field Job.labels"] is True
    assert changes["removed enum value 'cancelled' of State"] is True


def test_no_changes_exit_0(repo: Path) -> None:
    result = clientgen("changes", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "No API changes from HEAD:specs to specs/." in result.stdout
    report = json.loads(clientgen("changes", "--json", cwd=repo).stdout)
    assert report == {"old": "HEAD:specs", "new": "specs/", "result": "none", "exit_code": 0, "providers": {}}


def test_additions_only_exit_1(repo: Path) -> None:
    edit(repo / "specs" / "nekt.yaml", RUN_PROPERTIES, RUN_PROPERTIES + "        labels:\n          type: string\n")
    edit(repo / "specs" / "noxus.yaml", "servers: []", "servers:\n  - url: https://api.noxus.ai")

    result = clientgen("changes", cwd=repo)

    assert result.returncode == 1, result.stderr
    assert "nekt: 1 change, 0 breaking\n  added field Run.labels (optional)\n" in result.stdout
    assert "noxus: 1 change, 0 breaking\n  added server https://api.noxus.ai\n" in result.stdout
    assert "BREAKING" not in result.stdout
    report = json.loads(clientgen("changes", "--json", cwd=repo).stdout)
    assert report["result"] == "non-breaking" and report["exit_code"] == 1


def test_a_removed_field_is_breaking_exit_2(repo: Path) -> None:
    spec = repo / "specs" / "nekt.yaml"
    edit(spec, "        duration_seconds:\n          type: integer\n          readOnly: true\n          nullable: true\n", "")
    edit(spec, "\n        - duration_seconds\n", "\n")

    result = clientgen("changes", cwd=repo)

    assert result.returncode == 2, result.stderr
    assert "nekt: 1 change, 1 breaking\n  BREAKING removed field Run.duration_seconds\n" in result.stdout
    assert "breaking for code that uses the clients" in result.stdout


def test_another_http_library_is_breaking_for_every_client(repo: Path) -> None:
    edit(repo / "pyproject.toml", "[tool.clientgen]\n", '[tool.clientgen]\nhttp = "httpx"\n')

    result = clientgen("changes", cwd=repo)

    assert result.returncode == 2, result.stderr
    assert (
        "nekt: 1 change, 1 breaking\n  BREAKING client NektClient: HTTP library httpx2 -> httpx: pass an httpx.Client "
        "(an httpx.AsyncClient to the async client) as http_client; RawResponse.http_response and the errors' "
        ".request/.response are httpx objects; the package depends on httpx, not httpx2\n"
    ) in result.stdout
    assert result.stdout.count("BREAKING client ") == 4
    git(repo, "commit", "-q", "-am", "httpx")
    assert clientgen("changes", cwd=repo).returncode == 0  # the revision's setting is read too
    edit(repo / "pyproject.toml", 'http = "httpx"\n', "")
    assert "HTTP library httpx -> httpx2" in clientgen("changes", cwd=repo).stdout  # unset: the default, httpx2


def test_another_revision_and_providers_added_or_removed(repo: Path) -> None:
    git(repo, "rm", "-q", "specs/truestate.yaml")
    shutil.copy(OLD, repo / "specs" / "jobs.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "jobs instead of truestate")

    against_head = clientgen("changes", cwd=repo)
    against_first = clientgen("changes", "--json", "HEAD~1", cwd=repo)

    assert against_head.returncode == 0, against_head.stderr
    assert against_first.returncode == 2, against_first.stderr
    report = json.loads(against_first.stdout)
    assert report["old"] == "HEAD~1:specs"
    assert as_tuples(report, "truestate") == [("removed provider truestate (its module and client are gone)", True)]
    assert as_tuples(report, "jobs") == [("added provider jobs (client JobsClient)", False)]


def test_an_invalid_spec_at_the_revision_is_located_there(repo: Path) -> None:
    spec = repo / "specs" / "nekt.yaml"
    edit(spec, "$ref: '#/components/schemas/Run'", "$ref: '#/components/schemas/Rnu'")
    git(repo, "commit", "-q", "-am", "broken")
    edit(spec, "$ref: '#/components/schemas/Rnu'", "$ref: '#/components/schemas/Run'")

    result = clientgen("changes", cwd=repo)

    assert result.returncode == 3
    assert "HEAD:specs/nekt.yaml:" in result.stderr and "'Rnu'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-branch"], "'no-such-branch' is not a revision"),
        (["a.yaml", "b.yaml", "c.yaml"], "give one git revision, or two spec files"),
        (["specs/nekt.yaml", "missing.yaml"], "missing.yaml: no such spec file"),
    ],
)
def test_a_comparison_that_cannot_be_made_exits_3(repo: Path, args: list[str], message: str) -> None:
    result = clientgen("changes", *args, cwd=repo)
    assert result.returncode == 3
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_outside_a_git_repository_exits_3_and_says_what_to_do(tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(SPECS, tmp_path / "specs")
    result = clientgen("changes", cwd=tmp_path)
    assert result.returncode == 3
    assert "not in a git repository" in result.stderr and "clientgen changes OLD NEW" in result.stderr


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    """``clientgen changes OLD NEW | head``: the closed pipe ends the command quietly, exit 141."""
    old, new = corpus_file("large/algolia_ingestion_full.yml"), corpus_file("large/box.json")
    command = [str(Path(sys.executable).with_name("clientgen")), "changes", str(old), str(new)]
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.read(10) == b"API change"
        process.stdout.close()  # what head does once it has its lines; the output is far larger than a pipe holds
        errors = process.stderr.read().decode()
    assert errors == ""
    assert process.returncode == 141



SUBTYPES = """openapi: 3.1.0
info: {{title: Pets, version: "1"}}
paths:
  /pets/{{id}}:
    get:
      operationId: get_pet
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string}}}}
        - {{name: weight, in: query, schema: {{type: {weight}}}}}
        - {{name: kind, in: query, schema: {kind}}}
      responses:
        "200":
          description: the pet
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/{returns}"}}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {{type: string}}
    Dog:
      allOf:
        - $ref: "#/components/schemas/Pet"
        - type: object
          properties:
            barks: {{type: boolean}}
"""


def test_types_are_compared_by_subtyping_not_by_their_text(tmp_path: Path) -> None:
    """What the annotations' text cannot tell (it called all three breaking): an int is a float,
    a literal a str, a Dog a Pet."""
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(SUBTYPES.format(weight="integer", kind="{const: dog}", returns="Pet"))
    new.write_text(SUBTYPES.format(weight="number", kind="{type: string}", returns="Dog"))
    forward = clientgen("changes", old, new, "--json")
    assert forward.returncode == 1, forward.stdout + forward.stderr
    assert sorted(as_tuples(json.loads(forward.stdout), "new")) == [
        ("operation get_pet: returns Dog (was Pet)", False),  # promises more, not less
        ("parameter kind of get_pet: type Literal['dog'] -> str", False),
        ("parameter weight of get_pet: type int -> float", False),  # accepts every int it did
    ]
    backward = clientgen("changes", new, old, "--json")
    assert backward.returncode == 2
    assert sorted(as_tuples(json.loads(backward.stdout), "old")) == [
        ("operation get_pet: returns Pet (was Dog)", True),
        ("parameter kind of get_pet: type str -> Literal['dog']", True),
        ("parameter weight of get_pet: type float -> int", True),
    ]
