"""Swagger 2.0: read as OpenAPI 3.0 (generator/load/swagger2.py), validated against the official
2.0 schema, every warning located at the 2.0 document's own line and pointer.

The peer is swagger2openapi: for every case of its own test suite (../shared/corpus/swagger2openapi/)
that converts there, the client generated from ``swagger.yaml`` has the API surface of the client
generated from its expected ``openapi.yaml``, except where a difference is on purpose (said per
case below). ``clientgen vendor`` takes a 2.0 document as it is, and ``clientgen changes``
compares a 2.0 revision with a 3.x one.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator import cli
from generator.release.surface import ProviderSurface, Slot, from_jsonable, spelled

from .conftest import CORPUS, FIXTURES, HTTP_LIBRARIES, clientgen, generate_package, imported
from .recorder import recording_server

CASES_DIR = CORPUS / "swagger2openapi"
VERSIONS = FIXTURES / "versions"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "swagger.yaml").exists()) if CASES_DIR.exists() else []
CONVERTED = [c for c in CASES if not c.startswith("!")]
REFUSED_THERE = [c for c in CASES if c.startswith("!")]

# Surface keys that differ on purpose, and why.
DIFFERENT = {
    "issue117": (
        {"models", "operations"},
        "swagger2openapi merges two operations' identical form bodies into one shared requestBody "
        "(one model); clientgen gives each operation its own body model (FormTest1Body, FormTest2Body)",
    ),
    "issue39": (
        {"models", "operations"},
        "only the response model's name: the path item and its response schema are $refs to other files "
        "(read as 2.0 parts, as swagger2openapi converts them); swagger2openapi inlines the schema "
        "(GetTestResponse), clientgen follows the $ref to the whole file ok.yaml and names the model after it (Ok); "
        "test_issue39_differs_from_its_conversion_only_by_the_models_name checks the rest",
    ),
    "issue51c": (
        {"models"},
        "a $ref points into another schema's properties: swagger2openapi moves that schema to "
        "components under a made-up name (schema1); clientgen keeps it where it is, named by its title (Check)",
    ),
    "issue51d": (
        {"models"},
        "as issue51c: the schema a $ref points into stays inline, named by its title",
    ),
    "issue51a": (
        {"models", "operations"},
        "the response schema is a $ref into ../include/health.yml: swagger2openapi bundles the file into "
        "the document, inlining Result; clientgen follows the $ref, and the model keeps its name there (Result)",
    ),
    "issue51b": (
        {"models", "operations"},
        "as issue51a: definitions/health is only a $ref to Result in another file; swagger2openapi inlines it "
        "as Health, clientgen names the model after the schema it refers to (Result)",
    ),
    "without-schemes": (
        {"servers"},
        "no `schemes`: swagger2openapi writes the scheme-relative '//example.com', which is no base URL "
        "a client can use; clientgen assumes https",
    ),
    "without-schemes-with-base-path": ({"servers"}, "as without-schemes"),
}
OUTSIDE_FOLDER = {"issue51a", "issue51b"}  # their $refs reach ../include/: allowed for the comparison

# swagger2openapi refuses these (or warns, with `warnOnly`); clientgen warns, or reads them, and why.
BANG = {
    "!issue217": (0, "YAML anchors and aliases are standard YAML: swagger2openapi refuses them unless told (anchors: true)"),
    "!issue217b": (0, "as !issue217"),
    "!issue79": (2, "`example` is not a 2.0 parameter keyword: a located warning each, the keyword ignored"),
    "!missing-ref": (2, "`swagger: 2.0` is a number; a $ref to a parameter that does not exist"),
}


def make_project(folder: Path) -> None:
    (folder / "pyproject.toml").write_text('[tool.clientgen]\nspecs = "specs"\noutput = "generated"\npackage = "clients"\n')
    (folder / "specs").mkdir()


def surface(spec: Path, output: Path, *extra: str) -> tuple[ProviderSurface, list[str]]:
    """The API surface of the client generated from ``spec``, as the release code reads its
    api-surface.json (without the client's name, which is the file's), and the run's warnings."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["generate", "--report", "--spec", str(spec), "--output", str(output), "--package", "p", *extra])
    assert code == 0, err.getvalue()
    warnings = [line.strip() for line in out.getvalue().splitlines() if ": warning: " in line]
    snapshot = json.loads((output / "api-surface.json").read_text())
    (only,) = from_jsonable(snapshot["providers"], snapshot["format"]).values()
    return dataclasses.replace(only, client=""), warnings


def differences(ours: ProviderSurface, theirs: ProviderSurface) -> set[str]:
    """The surface's keys (operations, models, servers, ...) whose values differ."""
    return {f.name for f in dataclasses.fields(ProviderSurface) if getattr(ours, f.name) != getattr(theirs, f.name)}


def slot(found: Slot) -> tuple[str, bool]:
    """A parameter or field: its type as a user reads it, and whether it is required."""
    return spelled(found.type), found.required


@pytest.mark.shared("corpus")
@pytest.mark.parametrize("case", CONVERTED)
def test_a_swagger_document_has_the_api_surface_of_its_swagger2openapi_conversion(case: str, tmp_path: Path) -> None:
    extra = ("--allow-external-refs",) if case in OUTSIDE_FOLDER else ()
    ours, warnings = surface(CASES_DIR / case / "swagger.yaml", tmp_path / "2.0", *extra)
    theirs, _ = surface(CASES_DIR / case / "openapi.yaml", tmp_path / "3.0", *extra)
    differ, why = DIFFERENT.get(case, (set(), ""))
    assert differences(ours, theirs) == differ, why
    assert all(w.startswith(str(CASES_DIR / case)) for w in warnings), warnings  # located in the 2.0 document


@pytest.mark.shared("corpus")
@pytest.mark.parametrize("case", REFUSED_THERE)
def test_a_case_swagger2openapi_refuses_is_warned_about_or_read_for_a_stated_reason(case: str, tmp_path: Path) -> None:
    count, why = BANG[case]
    _, warnings = surface(CASES_DIR / case / "swagger.yaml", tmp_path / "out")
    located = [w for w in warnings if w.startswith(f"{CASES_DIR / case / 'swagger.yaml'}:")]
    assert len([w for w in located if "not valid Swagger 2.0" in w or "swagger" in w or "points at nothing" in w]) >= count, (why, warnings)


@pytest.mark.shared("corpus")
def test_issue39_differs_from_its_conversion_only_by_the_models_name(tmp_path: Path) -> None:
    ours, warnings = surface(CASES_DIR / "issue39" / "swagger.yaml", tmp_path / "2.0")
    theirs, _ = surface(CASES_DIR / "issue39" / "openapi.yaml", tmp_path / "3.0")
    assert warnings == []
    assert ours.models == {"Ok": theirs.models["GetTestResponse"]}
    assert [spelled(o.returns) for o in ours.operations.values()] == ["Ok"]
    assert ours.operations["get_test"] == dataclasses.replace(theirs.operations["get_test"], returns=ours.operations["get_test"].returns)


def test_every_case_is_listed() -> None:
    assert set(BANG) == set(REFUSED_THERE) or not CASES
    assert set(DIFFERENT) <= set(CONVERTED) or not CASES


@pytest.mark.shared("corpus")
def test_warnings_point_at_the_2_0_documents_own_line_and_pointer(tmp_path: Path) -> None:
    """A defect by the 2.0 schema, and a warning the builder gives about the converted document:
    both at the 2.0 file's line and pointer, never at the converted copy's."""
    spec = CASES_DIR / "!issue79" / "swagger.yaml"
    _, warnings = surface(spec, tmp_path / "a")
    assert f"{spec}:11 #/paths/~1v3~1companies~1{{company_id}}~1seats~1{{uuid}}/parameters/0/example: warning: not valid Swagger 2.0: `example` is not allowed here; it is ignored" in warnings
    petstore = CASES_DIR / "petstore" / "swagger.yaml"
    result = clientgen("generate", "--report", "--spec", petstore, "--output", tmp_path / "b", "--package", "p")
    assert result.returncode == 0, result.stderr
    note = f"{petstore}:61 #/paths/~1pet/post/parameters/0: note: the request body is also accepted as application/xml; the method sends application/json"
    assert note in result.stdout


def test_a_2_0_defect_costs_its_piece_and_strict_refuses_it_at_the_2_0_line(tmp_path: Path) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text(
        'swagger: "2.0"\n'
        "info: {title: Broken, version: '1'}\n"
        "host: api.example.com\n"
        "paths:\n"
        "  /things:\n"
        "    get:\n"
        "      operationId: listThings\n"
        "      parameters:\n"
        "        - {name: q, in: somewhere, type: string}\n"
        "      responses:\n"
        "        '200': {description: ok, schema: {type: array, items: {$ref: '#/definitions/Thing'}}}\n"
        "definitions:\n"
        "  Thing: {type: object, properties: {id: {type: integer}}}\n"
    )
    found, warnings = surface(spec, tmp_path / "out")
    assert "q" not in found.operations["list_things"].parameters
    assert spelled(found.operations["list_things"].returns) == "list[Thing]"
    assert any(w.startswith(f"{spec}:9 #/paths/~1things/get/parameters/0") and "not valid Swagger 2.0" in w for w in warnings), warnings
    result = clientgen("generate", "--strict", "--spec", spec, "--output", tmp_path / "strict")
    assert result.returncode == 1
    assert f"{spec}:9 #/paths/~1things/get/parameters/0" in result.stderr and "error: not valid Swagger 2.0" in result.stderr


def test_everything_2_0_says_is_read(tmp_path: Path) -> None:
    """host + basePath + schemes, consumes/produces, body and form parameters (a file: an upload),
    shared parameters and responses, collectionFormat, x-nullable, a file response, and basic,
    apiKey and oauth2 security."""
    found, warnings = surface(VERSIONS / "swagger2_features.yaml", tmp_path / "out")
    assert warnings == []
    assert found.servers == ("https://files.example.com/v1", "http://files.example.com/v1")
    assert found.credentials == ("username", "password", "key", "oauth")  # HTTP basic: two arguments
    operations, models = found.operations, found.models
    assert slot(operations["create_file"].parameters["body"]) == ("File", True)
    assert spelled(operations["download"].returns) == "bytes"
    assert operations["get_file"].call == "GET /files/{id}" and slot(operations["list_files"].parameters["limit"]) == ("int", False)
    assert {name: slot(s) for name, s in models["UploadBody"].items()} == {"content": ("FileContent", True), "note": ("str", False)}
    assert {name: slot(s) for name, s in models["RenameBody"].items()} == {"name": ("str", True)}
    assert spelled(models["File"]["note"].type) == "str | None"  # x-nullable
    client = (tmp_path / "out" / "p" / "swagger2_features" / "client.py").read_text()
    for line in (
        '"query:tags": ("form", False),',  # an array without collectionFormat is csv
        '"query:words": ("spaceDelimited", False),',
        '"query:kinds": ("pipeDelimited", False),',
        'body="multipart",',
        'body="form",',
        'kind="basic",',
        'kind="api_key",',
        'kind="bearer",',
    ):
        assert line in client
    assert '"query:ids"' not in client  # multi: exploded form, the default


def test_vendor_takes_a_2_0_document_as_it_is(tmp_path: Path) -> None:
    make_project(tmp_path)
    source = VERSIONS / "swagger2_features.yaml"
    result = clientgen("vendor", source, "--provider", "files", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    vendored = (tmp_path / "specs" / "files.yaml").read_text()
    assert vendored.endswith(source.read_text())  # below the vendor header, exactly as published
    generated = clientgen("generate", cwd=tmp_path)
    assert generated.returncode == 0, generated.stderr


def test_vendor_refuses_an_invalid_2_0_document_at_its_line(tmp_path: Path) -> None:
    make_project(tmp_path)
    source = tmp_path / "broken.yaml"
    source.write_text('swagger: "2.0"\ninfo: {title: B, version: "1"}\npaths:\n  /a:\n    get:\n      responses: {"200": {description: ok}}\n      parameters: [{name: q, in: nowhere, type: string}]\n')
    result = clientgen("vendor", source, "--provider", "broken", cwd=tmp_path)
    assert result.returncode != 0
    assert "broken.yaml:7 #/paths/~1a/get/parameters/0/in: error: not valid Swagger 2.0: \"nowhere\" is not one of" in result.stderr


@pytest.mark.shared("corpus")
def test_changes_compares_a_2_0_document_with_its_3_0_conversion() -> None:
    petstore = CASES_DIR / "petstore"
    result = clientgen("changes", petstore / "swagger.yaml", petstore / "openapi.yaml")
    assert result.returncode == 0 and "No API changes" in result.stdout, result.stdout + result.stderr


@pytest.mark.shared("corpus")
def test_changes_compares_a_2_0_revision_with_a_3_x_one(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=tmp_path, check=True, capture_output=True)

    make_project(tmp_path)
    shutil.copy(CASES_DIR / "petstore" / "swagger.yaml", tmp_path / "specs" / "petstore.yaml")
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "2.0")
    shutil.copy(CASES_DIR / "petstore" / "openapi.yaml", tmp_path / "specs" / "petstore.yaml")
    same = clientgen("changes", cwd=tmp_path)
    assert same.returncode == 0 and "No API changes" in same.stdout, same.stdout + same.stderr
    text = (tmp_path / "specs" / "petstore.yaml").read_text()
    (tmp_path / "specs" / "petstore.yaml").write_text(text.replace("deletePet", "removePet"))
    changed = clientgen("changes", cwd=tmp_path)
    assert changed.returncode == 2 and "delete_pet" in changed.stdout, changed.stdout + changed.stderr


@pytest.mark.shared("corpus")
@pytest.mark.parametrize(
    "spec",
    [CASES_DIR / "!issue79" / "swagger.yaml", CASES_DIR / "petstore" / "swagger.yaml", CORPUS / "oas-3.2" / "fail" / "example-examples.yaml"],
    ids=["2.0-with-defects", "2.0-valid", "3.2-with-a-defect"],
)
def test_validating_in_a_second_process_gives_what_one_process_gives(spec: Path, tmp_path: Path) -> None:
    """2.0 and 3.2 documents are validated in the early child too (generator/validate/early.py):
    the messages and the tree are those of a run in one process."""
    import os

    runs = {}
    for jobs in ("1", ""):
        output = tmp_path / f"jobs{jobs or 'N'}"
        env = {**os.environ, "CLIENTGEN_JOBS": jobs} if jobs else {k: v for k, v in os.environ.items() if k != "CLIENTGEN_JOBS"}
        result = subprocess.run(
            [sys.executable, "-m", "generator", "generate", "--report", "--no-cache", "--spec", str(spec), "--output", str(output), "--package", "p"],
            capture_output=True, text=True, env=env, timeout=600,
        )
        assert result.returncode == 0, result.stderr
        messages = [line for line in result.stdout.splitlines() if ": warning: " in line or ": note: " in line]
        files = {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}
        runs[jobs] = (messages, files)
    assert runs["1"] == runs[""]


def test_a_warning_about_any_converted_node_names_the_2_0_node_it_came_from(tmp_path: Path) -> None:
    """Each converted node remembers its 2.0 node: a response's schema (now under content), a body
    parameter's schema (now the request body's), a definition (now a component schema), a form
    parameter (now a property of the form body's schema), and a note of the conversion itself."""
    spec = tmp_path / "moved.yaml"
    spec.write_text(
        'swagger: "2.0"\n'  # 1
        "info: {title: Moved, version: '1'}\n"
        "host: api.example.com\n"
        "paths:\n"
        "  /things:\n"  # 5
        "    get:\n"
        "      parameters:\n"
        "        - {name: ids, in: query, type: array, items: {type: string}, collectionFormat: tsv}\n"
        "      responses:\n"
        "        '200':\n"  # 10
        "          description: ok\n"
        "          schema:\n"
        "            type: array\n"
        "            items: {$ref: '#/definitions/Gone'}\n"
        "    post:\n"  # 15
        "      parameters:\n"
        "        - name: thing\n"
        "          in: body\n"
        "          schema: {$ref: '#/definitions/Missing'}\n"
        "      responses: {'204': {description: made}}\n"  # 20
        "    put:\n"
        "      consumes: [application/x-www-form-urlencoded]\n"
        "      parameters:\n"
        "        - {name: note, in: formData, type: string, default: 5}\n"
        "      responses: {'204': {description: put}}\n"  # 25
        "definitions:\n"
        "  Thing:\n"
        "    type: object\n"
        "    properties:\n"
        "      owner: {$ref: '#/definitions/Nobody'}\n"  # 30
    )
    _, warnings = surface(spec, tmp_path / "out")
    where = {w.split(": warning: ")[0].removeprefix(f"{spec}:") for w in warnings}
    assert "8 #/paths/~1things/get/parameters/0/collectionFormat" in where, warnings
    assert "14 #/paths/~1things/get/responses/200/schema/items/$ref" in where, warnings
    assert "19 #/paths/~1things/post/parameters/0/schema/$ref" in where, warnings
    assert "30 #/definitions/Thing/properties/owner/$ref" in where, warnings
    assert any(w.startswith("24 #/paths/~1things/put/parameters/0") for w in where), warnings


def test_vendor_does_not_merge_a_2_0_document_with_another_source(tmp_path: Path) -> None:
    """Refused at the `swagger` line of the 2.0 side: the source's, or the spec's (below its header)."""
    make_project(tmp_path)
    assert clientgen("vendor", VERSIONS / "oas32_query.yaml", "--provider", "mixed", cwd=tmp_path).returncode == 0
    before = (tmp_path / "specs" / "mixed.yaml").read_text()
    source = tmp_path / "files.yaml"
    source.write_text("# Files, as published\n\n" + (VERSIONS / "swagger2_features.yaml").read_text())  # `swagger` on line 3
    result = clientgen("vendor", source, "--provider", "mixed", cwd=tmp_path)
    assert result.returncode != 0
    assert result.stderr.startswith("files.yaml:3 #/swagger: error: a Swagger 2.0 document is vendored as it is, alone: it does not merge with another source's"), result.stderr
    assert "specs/mixed.yaml is vendored from: OpenAPI document" in result.stderr
    assert (tmp_path / "specs" / "mixed.yaml").read_text() == before

    assert clientgen("vendor", source, "--provider", "files", cwd=tmp_path).returncode == 0
    vendored = (tmp_path / "specs" / "files.yaml").read_text()
    line = vendored.splitlines().index('swagger: "2.0"') + 1
    result = clientgen("vendor", VERSIONS / "oas32_query.yaml", "--provider", "files", cwd=tmp_path)
    assert result.returncode != 0
    assert f"specs/files.yaml:{line} #/swagger: error: this spec is a Swagger 2.0 document, vendored as it is, alone" in result.stderr, result.stderr
    assert (tmp_path / "specs" / "files.yaml").read_text() == vendored


def write_files(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)


MULTI_FILE = {
    "api.yaml": (
        'swagger: "2.0"\n'
        "info: {title: Pets, version: '1'}\n"
        "host: api.example.com\n"
        "paths:\n"
        "  /pets:\n"  # 5
        "    get:\n"
        "      operationId: listPets\n"
        "      parameters:\n"
        "        - $ref: 'parameters.yaml#/limit'\n"
        "        - $ref: 'parameters.yaml#/tags'\n"  # 10
        "        - $ref: 'parameters.yaml#/pet'\n"
        "      responses:\n"
        "        '200':\n"
        "          description: the pets\n"
        "          schema: {type: array, items: {$ref: 'definitions.yaml#/Pet'}}\n"  # 15
        "  /pets/{id}:\n"
        "    $ref: 'paths/pet.yaml'\n"
    ),
    "parameters.yaml": (
        "limit: {name: limit, in: query, type: integer, maximum: 100}\n"
        "tags:\n"
        "  name: tags\n"
        "  in: query\n"
        "  type: array\n"  # 5
        "  items: {type: string}\n"
        "  collectionFormat: tsv\n"
        "pet: {name: pet, in: body, schema: {$ref: 'definitions.yaml#/Pet'}}\n"
    ),
    "definitions.yaml": (
        "Pet:\n"
        "  type: object\n"
        "  required: [id]\n"
        "  properties:\n"
        "    id: {type: integer}\n"  # 5
        "    nickname: {type: string, x-nullable: true}\n"
        "    tag: {$ref: '#/Tag'}\n"
        "    owner: {$ref: '#/Nobody'}\n"
        "Tag:\n"
        "  type: object\n"  # 10
        "  properties:\n"
        "    name: {type: string}\n"
        "    photo: {type: file}\n"
    ),
    "responses.yaml": (
        "OnePet:\n"
        "  description: a pet\n"
        "  schema: {$ref: 'definitions.yaml#/Pet'}\n"
    ),
    "paths/pet.yaml": (
        "parameters:\n"
        "  - {name: id, in: path, required: true, type: string}\n"
        "get:\n"
        "  operationId: getPet\n"
        "  responses:\n"  # 5
        "    '200': {$ref: '../responses.yaml#/OnePet'}\n"
        "put:\n"
        "  operationId: replacePet\n"
        "  parameters:\n"
        "    - {name: pet, in: body, required: true, schema: {$ref: '../definitions.yaml#/Pet'}}\n"  # 10
        "  responses:\n"
        "    '200': {description: replaced, schema: {$ref: '../definitions.yaml#/Pet'}}\n"
    ),
}


def test_files_a_2_0_document_refers_to_are_read_as_2_0(tmp_path: Path) -> None:
    """A 2.0 document whose parameters, schemas, responses and a path item are in other files:
    each is read as the 2.0 part its $ref's place makes it (a parameter's `type`, a response's
    `schema`, `x-nullable`, `type: file`, a body parameter), and a warning about one of them is
    located in its own file, at its line and 2.0 pointer."""
    write_files(tmp_path / "spec", MULTI_FILE)
    spec = tmp_path / "spec" / "api.yaml"
    result = clientgen("generate", "--report", "--spec", spec, "--output", tmp_path / "out", "--package", "pets")
    assert result.returncode == 0, result.stderr
    snapshot = json.loads((tmp_path / "out" / "api-surface.json").read_text())
    (found,) = from_jsonable(snapshot["providers"], snapshot["format"]).values()
    operations, models = found.operations, found.models
    assert {name: slot(s) for name, s in operations["list_pets"].parameters.items()} == {"limit": ("int", False), "tags": ("list[str]", False)}
    assert spelled(operations["list_pets"].returns) == "list[Pet]"
    assert operations["get_pet"].call == "GET /pets/{id}" and spelled(operations["get_pet"].returns) == "Pet"
    assert {name: slot(s) for name, s in operations["replace_pet"].parameters.items()} == {"id": ("str", True), "body": ("Pet", True)}
    assert spelled(operations["replace_pet"].returns) == "Pet"
    assert {name: slot(s) for name, s in models["Pet"].items()} == {
        "id": ("int", True), "nickname": ("str | None", False), "tag": ("Tag", False), "owner": ("Any", False),
    }
    assert slot(models["Tag"]["photo"]) == ("FileContent", False)  # type: file, a binary string
    client = (tmp_path / "out" / "pets" / "api" / "client.py").read_text()
    assert "def replace_pet(" in client and "def get_pet(" in client and "limit: int | None = None," in client
    warnings = [line.strip() for line in result.stdout.splitlines() if ": warning: " in line]
    folder = tmp_path / "spec"
    assert f"{folder / 'parameters.yaml'}:7 #/tags/collectionFormat: warning: collectionFormat `tsv` has no OpenAPI 3 style; the values are sent comma-separated" in warnings, warnings
    assert any(w.startswith(f"{folder / 'definitions.yaml'}:8 #/Pet/properties/owner/$ref: warning: $ref '#/Nobody' points at nothing") for w in warnings), warnings
    refused = f"{spec}:11 #/paths/~1pets/get/parameters/2/$ref: warning: $ref to a parameter `in: body` in another file"
    assert any(w.startswith(refused) for w in warnings), warnings
    assert len(warnings) == 3, warnings


def test_a_warning_in_a_path_item_in_another_file_names_its_line(tmp_path: Path) -> None:
    """A defect the builder finds in a converted path item of another file: at that file's line
    and 2.0 pointer; under --strict, an error there."""
    files = dict(MULTI_FILE)
    files["paths/pet.yaml"] += "    abcdef: {description: not a status}\n"  # line 13
    write_files(tmp_path / "spec", files)
    result = clientgen("generate", "--report", "--spec", tmp_path / "spec" / "api.yaml", "--output", tmp_path / "out", "--package", "pets")
    assert result.returncode == 0, result.stderr
    assert f"{tmp_path / 'spec' / 'paths' / 'pet.yaml'}:13 #/put/responses/abcdef: warning: 'ABCDEF' is not a response status code" in result.stdout
    strict = clientgen("generate", "--strict", "--spec", tmp_path / "spec" / "api.yaml", "--output", tmp_path / "strict", "--package", "pets")
    assert strict.returncode == 1 and "pet.yaml:13 #/put/responses/abcdef: error:" in strict.stderr, strict.stderr


# --- on the wire -------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=HTTP_LIBRARIES)
def files_client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    output = tmp_path_factory.mktemp(f"swagger2_{request.param}")
    result = generate_package(VERSIONS / "swagger2_features.yaml", output, "files", http=request.param)
    assert result.returncode == 0, result.stderr
    with imported(output, "files.swagger2_features.client") as module:
        yield module


def test_a_2_0_client_sends_what_the_2_0_document_says(files_client: Any) -> None:
    """collectionFormat on the query, an apiKey header, a multipart upload (a `type: file` form
    parameter), a form body, a file response as bytes - sync and async."""
    with recording_server() as server:
        server.respond(200, [])
        with files_client.Swagger2FeaturesClient(oauth="t0k", key="k3y", base_url=server.url, max_retries=0) as client:
            client.list_files(tags=["a", "b"], ids=[1, 2], words=["x", "y"], kinds=["p", "q"])
            assert server.last.query == [("limit", "20"), ("tags", "a,b"), ("ids", "1"), ("ids", "2"), ("words", "x y"), ("kinds", "p|q")]
            assert server.last.headers["Authorization"] == "Bearer t0k"
            server.respond(204)
            client.upload("f1", body={"content": ("a.txt", b"hello"), "note": "n"})
            assert server.last.method == "PUT" and server.last.path == "/files/f1/content"
            assert server.last.headers["Content-Type"].startswith("multipart/form-data") and b"hello" in server.last.body
            assert server.last.headers["X-Api-Key"] == "k3y"
            client.rename("f1", body={"name": "b.txt"})
            assert server.last.headers["Content-Type"] == "application/x-www-form-urlencoded" and server.last.body == b"name=b.txt"
            server.respond(200, b"\x00\x01", content_type="application/octet-stream")
            assert client.download("f1") == b"\x00\x01"

        async def go() -> bytes:
            async with files_client.AsyncSwagger2FeaturesClient(key="k3y", base_url=server.url, max_retries=0) as client:
                return bytes(await client.download("f2"))

        assert asyncio.run(go()) == b"\x00\x01" and server.last.path == "/files/f2/content"
