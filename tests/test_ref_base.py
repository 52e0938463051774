"""Every relative ``$ref`` resolves against the document that contains it (RFC 3986), wherever it
stands, and what is wrong there is located in that document.

DigitalOcean's public spec writes each operation as ``get: {$ref: resources/.../op.yml}`` (a
``$ref`` where OpenAPI defines none, resolved as bundlers do), and those files refer to
``../../shared/responses/...``: inside the spec's folder relative to the file that holds the
reference, outside it relative to the root document. Each case runs in one process and with the
validation in a second one (:mod:`generator.validate.early`): the outcome must be the same.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

OK = "description: ok\ncontent:\n  application/json:\n    schema: {type: string}\n"


def run(*args: str | Path, cwd: Path, jobs: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLIENTGEN_JOBS": jobs} if jobs else {k: v for k, v in os.environ.items() if k != "CLIENTGEN_JOBS"}
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=300, env=env
    )


def layout(root: Path, operation: str, *, under_path_item: bool = False) -> Path:
    """``spec.yaml`` whose GET /x (or whose path item /x) is ``resources/a/op.yml``, holding ``operation``."""
    (root / "resources" / "a").mkdir(parents=True)
    (root / "shared").mkdir()
    (root / "shared" / "ok.yml").write_text(OK)
    if under_path_item:
        operation = "get:\n" + "".join(f"  {line}\n" for line in operation.splitlines())
    (root / "resources" / "a" / "op.yml").write_text(operation)
    where = "    $ref: resources/a/op.yml\n" if under_path_item else "    get:\n      $ref: resources/a/op.yml\n"
    spec = root / "spec.yaml"
    spec.write_text('openapi: 3.0.3\ninfo: {title: T, version: "1"}\npaths:\n  /x:\n' + where)
    return spec


def generate(root: Path, *flags: str, jobs: str) -> subprocess.CompletedProcess[str]:
    return run(
        "generate", "--spec", "spec.yaml", "--output", "out", "--package", "client", "--no-cache", *flags, cwd=root, jobs=jobs
    )


JOBS = pytest.mark.parametrize("jobs", ["", "1"], ids=["validated-early", "one-process"])


@JOBS
@pytest.mark.parametrize("under_path_item", [False, True], ids=["operation-ref", "path-item-ref"])
def test_a_relative_ref_resolves_against_the_file_that_holds_it(tmp_path: Path, jobs: str, under_path_item: bool) -> None:
    layout(
        tmp_path, "operationId: getX\nresponses:\n  '200':\n    $ref: '../../shared/ok.yml'\n", under_path_item=under_path_item
    )
    result = generate(tmp_path, jobs=jobs)
    assert result.returncode == 0, result.stderr
    client = (tmp_path / "out" / "client" / "spec" / "client.py").read_text()
    assert "def get_x(self, **options: Unpack[RequestOptions]) -> str:" in client


@JOBS
def test_what_is_wrong_in_the_referenced_file_is_located_there(tmp_path: Path, jobs: str) -> None:
    layout(
        tmp_path,
        "operationId: getX\n"
        "parameters:\n"
        "  - name: q\n"
        "    in: nowhere\n"  # line 4: not a parameter location
        "    schema: {type: string}\n"
        "responses:\n"
        "  '200':\n"
        "    $ref: '../../shared/ok.yml#/nope'\n"  # line 8: points at nothing
        "  '201':\n"
        "    $ref: '../../shared/ok.yml'\n",
    )
    warned = generate(tmp_path, "--report", jobs=jobs)
    assert warned.returncode == 0, warned.stderr
    output = warned.stdout + warned.stderr
    assert "resources/a/op.yml:4 #/parameters/0/in: warning: not valid OpenAPI 3.0" in output
    assert (
        "resources/a/op.yml:8 #/responses/200/$ref: warning: $ref '../../shared/ok.yml#/nope' points at nothing in ok.yml"
        in output
    )
    assert "leaves the spec's folder" not in output

    refused = generate(tmp_path, "--strict", jobs=jobs)
    assert refused.returncode == 1
    assert "resources/a/op.yml:4 #/parameters/0/in: error: not valid OpenAPI 3.0" in refused.stderr
    assert (
        "resources/a/op.yml:8 #/responses/200/$ref: error: $ref '../../shared/ok.yml#/nope' points at nothing" in refused.stderr
    )


@JOBS
def test_a_local_ref_in_the_referenced_file_is_that_files(tmp_path: Path, jobs: str) -> None:
    """``#/...`` inside op.yml names a node of op.yml, not of the root document."""
    layout(
        tmp_path,
        "operationId: getX\nresponses:\n  '200':\n    $ref: '#/x-responses/ok'\nx-responses:\n  ok:\n    $ref: '../../shared/ok.yml'\n",
    )
    result = generate(tmp_path, jobs=jobs)
    assert result.returncode == 0, result.stderr
    assert "-> str:" in (tmp_path / "out" / "client" / "spec" / "client.py").read_text()


def test_a_model_in_a_whole_file_is_named_after_the_file(tmp_path: Path) -> None:
    """``$ref: schemas/pet-record.v2.yaml`` names no component: the model takes the file's name."""
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "pet-record.v2.yaml").write_text("type: object\nproperties:\n  name: {type: string}\n")
    (tmp_path / "spec.yaml").write_text(
        'openapi: 3.0.3\ninfo: {title: T, version: "1"}\npaths:\n  /pets:\n    get:\n      operationId: getPet\n'
        "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n"
        "              schema: {$ref: schemas/pet-record.v2.yaml}\n"
    )
    result = generate(tmp_path, jobs="")
    assert result.returncode == 0, result.stderr
    assert "class PetRecord(" in (tmp_path / "out" / "client" / "spec" / "models.py").read_text()
    assert "def get_pet(self, **options: Unpack[RequestOptions]) -> models.PetRecord:" in (tmp_path / "out" / "client" / "spec" / "client.py").read_text()
