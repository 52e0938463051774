"""A defect costs only the piece it is in: each kind of defect seen in published specs generates,
with a located warning that says what the client does instead (pinned here word for word), and
``--strict`` refuses it: exit 1, the output folder untouched. All through the command line.

The small documents are in tests/fixtures/defects/.
"""

from __future__ import annotations

import importlib
import inspect
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pydantic
import pytest

from .conftest import FIXTURES, ROOT, clientgen, tree

DEFECTS = FIXTURES / "defects"
WHERE = "tests/fixtures/defects"

CASES: dict[str, list[str]] = {
    "tag_description_ref": [
        f"{WHERE}/tag_description_ref.yaml:9 #/tags/1/description/$ref: warning: $ref 'description.yml#/missing' points at "
        "nothing in description.yml: no 'missing' under #; it stands where OpenAPI defines no $ref, and is ignored",
    ],
    "empty_enum": [
        f"{WHERE}/empty_enum.yaml:20 #/components/schemas/Thing/properties/status/enum: warning: not valid OpenAPI 3.1: "
        "`enum: []` lists no value, so it accepts nothing; the client types it as its base type and documents that the spec lists no value",
        f"{WHERE}/empty_enum.yaml:8 #/paths/~1things/get/parameters/0/schema/enum: warning: not valid OpenAPI 3.1: "
        "`enum: []` lists no value, so it accepts nothing; the client types it as its base type and documents that the spec lists no value",
    ],
    "bad_defaults": [
        f'{WHERE}/bad_defaults.yaml:8 #/paths/~1search/get/parameters/0/schema/default: warning: default "false" is not a valid value '
        "(expected bool); the default is dropped",
        f'{WHERE}/bad_defaults.yaml:9 #/paths/~1search/get/parameters/1/schema/default: warning: default "20 - summary" is not a valid '
        "value (expected int); the default is dropped",
        f"{WHERE}/bad_defaults.yaml:21 #/components/schemas/Query/properties/text/default: warning: default null is not a valid value "
        "(expected str); the default is dropped",
    ],
    "undefined_security": [
        f"{WHERE}/undefined_security.yaml:10 #/paths/~1me/get/security: warning: GET /me requires security scheme 'BearerAuth', "
        "which components/securitySchemes does not define; the client ignores it for this operation (its docstring says so)",
    ],
    "required_not_string": [
        f"{WHERE}/required_not_string.yaml:8 #/components/schemas/Message/required/1: warning: not valid OpenAPI 3.0: "
        '`required` lists {"body": true}, which is not a property name; the entry is ignored',
    ],
    "items_list": [
        f"{WHERE}/items_list.yaml:14 #/components/schemas/Team/properties/members/items: warning: not valid OpenAPI 3.0: "
        "`items` is a list, not a schema; the client types it as any JSON value",
        f"{WHERE}/items_list.yaml:8 #/components/schemas/Users/items: warning: not valid OpenAPI 3.0: "
        "`items` is a list, not a schema; the client types it as any JSON value",
    ],
    "optional_path_parameter": [
        f"{WHERE}/optional_path_parameter.yaml:8 #/paths/~1foods~1{{food_id}}/get/parameters/0/required: warning: "
        "path parameter 'food_id' is not marked required; it is read as required (the path needs it)",
    ],
    "bad_status": [
        f"{WHERE}/bad_status.yaml:13 #/paths/~1things/get/responses/abcdef: warning: 'ABCDEF' is not a response status code; "
        "the response is skipped",
    ],
    "unresolvable_refs": [
        f"{WHERE}/unresolvable_refs.yaml:8 #/paths/~1pets~1{{petId}}/get/parameters/0/$ref: warning: $ref '#/components/parameters/Gone' "
        "points at nothing: no 'parameters' under #/components; the method has no argument for this parameter",
        f"{WHERE}/unresolvable_refs.yaml:5 #/paths/~1pets~1{{petId}}/get: warning: path '/pets/{{petId}}' has placeholder {{petId}} "
        "but no path parameter named 'petId'; the method takes it as a string",
        f"{WHERE}/unresolvable_refs.yaml:14 #/paths/~1pets~1{{petId}}/get/responses/200/content/application~1json/schema/$ref: warning: "
        "$ref '#/components/schemas/Gone' points at nothing: no 'Gone' under #/components/schemas; the client types it as any JSON value",
        f"{WHERE}/unresolvable_refs.yaml:15 #/paths/~1pets~1{{petId}}/get/responses/404/$ref: warning: $ref '#/components/responses/Gone' "
        "points at nothing: no 'responses' under #/components; the response is skipped",
        f"{WHERE}/unresolvable_refs.yaml:19 #/paths/~1pets/post/requestBody/$ref: warning: POST /pets is skipped: "
        "$ref '#/components/requestBodies/Gone' points at nothing: no 'requestBodies' under #/components",
    ],
    "ref_file_unreadable": [  # a referenced file that is not valid YAML costs the pieces that refer to it
        f"{WHERE}/ref_file_unreadable.yaml:12 #/paths/~1pets/get/responses/200/content/application~1json/schema/$ref: warning: "
        "$ref names 'schemas/unreadable.yaml', which cannot be read: invalid YAML: did not find expected ',' or '}' (line 5); "
        "the client types it as any JSON value",
    ],
    "ref_file_default": [  # a defect in a file the spec refers to is located in that file, with its line
        f'{WHERE}/schemas/pet.yaml:7 #/Pet/properties/age/default: warning: default "two" is not a valid value (expected int); '
        "the default is dropped",
    ],
}


def generate(name: str, output: Path, *extra: str) -> Any:
    return clientgen("generate", "--spec", DEFECTS / f"{name}.yaml", "--output", output, "--package", "client", "--no-cache", *extra, cwd=ROOT)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_defect_generates_with_its_warning_and_strict_refuses_it(name: str, tmp_path: Path) -> None:
    output = tmp_path / "out"
    result = generate(name, output)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == CASES[name]  # by default: each warning, located, one line
    report = generate(name, output, "--report")
    assert [line.strip() for line in report.stdout.splitlines() if ": warning: " in line] == CASES[name]
    assert (output / "client" / name / "client.py").is_file()

    before = tree(output)
    strict = generate(name, output, "--strict")
    assert strict.returncode == 1
    assert "Traceback" not in strict.stderr
    assert [line for line in strict.stderr.splitlines() if ": error: " in line] == [w.replace(": warning: ", ": error: ") for w in CASES[name]]
    assert strict.stderr.rstrip().endswith("nothing was written")
    assert tree(output) == before, "--strict changed the output folder"


def forget_client() -> None:
    for module in [m for m in sys.modules if m == "client" or m.startswith("client.")]:
        del sys.modules[module]


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], Any]]:
    """Generate a defect's document and import its client module."""

    def make(name: str) -> Any:
        output = tmp_path / name
        assert generate(name, output).returncode == 0
        forget_client()
        monkeypatch.syspath_prepend(str(output))
        return importlib.import_module(f"client.{name}")

    yield make
    forget_client()


def test_an_operation_that_cannot_be_made_is_listed_as_skipped_with_why(tmp_path: Path) -> None:
    result = generate("unresolvable_refs", tmp_path / "out", "--report")
    assert result.returncode == 0
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert "operations: 1 generated, 1 skipped" in lines
    assert (
        f"skipped POST /pets ({WHERE}/unresolvable_refs.yaml:19 #/paths/~1pets/post/requestBody/$ref): "
        "$ref '#/components/requestBodies/Gone' points at nothing: no 'requestBodies' under #/components"
    ) in lines
    client = (tmp_path / "out" / "client" / "unresolvable_refs" / "client.py").read_text()
    assert "def get_pet(self, pet_id: str, **options: Unpack[RequestOptions]) -> Any:" in client
    assert "def add_pet" not in client


def test_a_ref_where_openapi_defines_none_is_resolved_and_noted(tmp_path: Path) -> None:
    result = generate("tag_description_ref", tmp_path / "out", "--report")
    assert result.returncode == 0
    notes = [line.strip() for line in result.stdout.splitlines() if ": note: " in line]
    assert notes == [
        f"{WHERE}/tag_description_ref.yaml:6 #/tags/0/description/$ref: note: $ref 'description.yml#/introduction' stands where "
        "OpenAPI defines no $ref; it is resolved as bundlers do"
    ]
    assert "  notes: 1" in result.stdout
    # a note is no warning: once every such $ref resolves, --strict generates too
    single = tmp_path / "single.yaml"
    single.write_text((DEFECTS / "tag_description_ref.yaml").read_text().replace("description.yml#/missing", "description.yml#/introduction"))
    shutil.copy(DEFECTS / "description.yml", tmp_path / "description.yml")
    resolved = clientgen("generate", "--spec", single, "--output", tmp_path / "resolved", "--strict", "--no-cache")
    assert resolved.returncode == 0, resolved.stderr


def test_an_empty_enum_is_its_base_type_and_says_so(package: Any) -> None:
    module = package("empty_enum")
    thing = module.models.Thing.model_validate({"status": "whatever", "name": "a"})
    assert thing.status == "whatever"
    source = Path(module.models.__file__).read_text()
    assert '    status: Omittable[str] = None\n    """The spec\'s `enum` lists no values' in source  # the field's docstring
    assert "lists no values" in (module.EmptyEnumClient.list_things.__doc__ or "")


def test_defaults_that_do_not_fit_are_dropped(package: Any) -> None:
    module = package("bad_defaults")
    parameters = inspect.signature(module.BadDefaultsClient.search).parameters
    assert parameters["exact"].default is None and parameters["limit"].default is None
    assert module.models.Query.model_validate({}).text is None
    assert module.models.Query.model_validate({}).page == 1  # a default that fits is kept


def test_an_undefined_security_scheme_is_ignored_and_named_in_the_docstring(package: Any) -> None:
    module = package("undefined_security")
    doc = textwrap.dedent(module.UndefinedSecurityClient.get_me.__doc__ or "")
    assert "security scheme 'BearerAuth', which it does not define" in doc
    assert "BearerAuth" not in (module.UndefinedSecurityClient.get_open.__doc__ or "")


def test_a_referenced_file_that_cannot_be_read_costs_only_what_refers_to_it(package: Any) -> None:
    module = package("ref_file_unreadable")
    client = module.RefFileUnreadableClient
    assert inspect.signature(client.list_pets).return_annotation == "Any"
    assert inspect.signature(client.list_owners).return_annotation == "list[str]"


def test_pieces_around_a_bad_node_are_kept(package: Any) -> None:
    required = package("required_not_string").models
    with pytest.raises(pydantic.ValidationError):
        required.Message.model_validate({"body": "hi"})  # `subject` is still required
    assert required.Message.model_validate({"subject": "s"}).body is None
    items = package("items_list").models
    assert items.Team.model_validate({"name": "a", "members": [1, "b"]}).members == [1, "b"]
    path = package("optional_path_parameter")
    assert inspect.signature(path.OptionalPathParameterClient.get_food).parameters["food_id"].default is inspect.Parameter.empty


def test_strict_in_settings_and_per_provider(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    shutil.copy(DEFECTS / "bad_status.yaml", tmp_path / "specs" / "status.yaml")
    shutil.copy(ROOT / "specs" / "nekt.yaml", tmp_path / "specs" / "nekt.yaml")
    settings = '[tool.clientgen]\nspecs = "specs"\noutput = "generated"\n'

    (tmp_path / "pyproject.toml").write_text(settings + "strict = true\n")
    refused = clientgen("generate", cwd=tmp_path)
    assert refused.returncode == 1 and "status.yaml:13 #/paths/~1things/get/responses/abcdef: error:" in refused.stderr
    assert not (tmp_path / "generated").exists()

    (tmp_path / "pyproject.toml").write_text(settings + "strict = true\n[tool.clientgen.providers.status]\nstrict = false\n")
    allowed = clientgen("generate", cwd=tmp_path)
    assert allowed.returncode == 0, allowed.stderr
    assert "status: 1 operation, 0 models, 3 files written, 1 warning\n" in allowed.stdout
    assert clientgen("check", cwd=tmp_path).returncode == 0
    checked = clientgen("check", "--strict", cwd=tmp_path)
    assert checked.returncode == 1 and ": error: 'ABCDEF' is not a response status code" in checked.stderr

    (tmp_path / "pyproject.toml").write_text(settings + "[tool.clientgen.providers.status]\nstrict = true\n")
    assert clientgen("generate", cwd=tmp_path).returncode == 1
    (tmp_path / "pyproject.toml").write_text(settings + 'strict = "yes"\n')
    wrong = clientgen("generate", cwd=tmp_path)
    assert wrong.returncode == 1 and "strict must be true or false" in wrong.stderr
    assert "pyproject.toml:" in wrong.stderr  # located at its line, like every settings error that has one


def test_a_pattern_python_warns_about_is_kept_without_printing_the_warning(tmp_path: Path) -> None:
    spec = tmp_path / "patterns.yaml"
    spec.write_text('openapi: 3.1.0\ninfo: {title: T, version: "1"}\npaths: {}\ncomponents:\n  schemas:\n    Item:\n      type: object\n      properties:\n        code: {type: string, pattern: "[[a]"}\n')
    result = clientgen("generate", "--spec", spec, "--output", tmp_path / "out", "--package", "client", "--no-cache", "--strict")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert 'pattern="[[a]"' in (tmp_path / "out" / "client" / "patterns" / "models.py").read_text()
