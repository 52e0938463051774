"""OpenAPI 3.2: read, validated against the official 3.2 schema, and generated.

The official suite (../shared/corpus/oas-3.2/): every ``pass/`` document generates, with no
warning but the ones listed below with why (what a client cannot do, or a defect of the example
that the schema does not catch); every ``fail/`` document gets a located warning that names what
is wrong. The 3.2 constructs are generated (the QUERY method with its body, additionalOperations,
``in: querystring``, ``$self``, ``defaultMapping``) and sent on the wire, sync and async, on each
HTTP library.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import re
from pathlib import Path
from typing import Any

import pytest

from generator import cli

from .conftest import CORPUS, FIXTURES, HTTP_LIBRARIES, generate_package, imported
from .recorder import Recorder, recording_server

SUITE = CORPUS / "oas-3.2"
VERSIONS = FIXTURES / "versions"
PASS = sorted(p.name for p in (SUITE / "pass").glob("*.yaml")) if SUITE.exists() else []
FAIL = sorted(p.name for p in (SUITE / "fail").glob("*.yaml")) if SUITE.exists() else []
WARNING = re.compile(r"^    (?P<file>\S+):(?P<line>\d+) (?P<pointer>#\S*): warning: (?P<message>.*)$")

# Warnings a valid 3.2 document still gets, and why: none is about the document being 3.2. What a
# client has no use for but is valid OpenAPI (webhooks, callbacks, mutual TLS, a relative server, a
# body also accepted as another media type) is a note, not a warning: these two are real gaps.
EXPECTED_IN_PASS = {
    # 'external' is a $ref to a URL, which is never fetched: the scheme is unknown to the client.
    "security-scheme-object-examples.yaml": ["'external' of type None is not supported"],
    # The spec's own example: its path says {id}, its parameter is petId; its security scheme is not defined.
    "operation-object-example.yaml": ["has placeholder {id}", "path parameter 'petId' is not in the path", "'petstore_auth'"],
}

# What each fail/ document's warning must name (the rule the document breaks).
EXPECTED_IN_FAIL = {
    "encoding-enc-item-exclusion.yaml": "`prefixEncoding` may not stand beside `encoding`",
    "encoding-enc-prefix-exclusion.yaml": "itemEncoding",
    "example-examples.yaml": "`example` is not allowed here",
    "example-object-old-exclusions.yaml": "`value` and `externalValue` may not both be given",
    "example-object-old-vs-data.yaml": "`value` and `dataValue` may not both be given",
    "example-object-old-vs-ser.yaml": "`value` and `serializedValue` may not both be given",
    "example-object-ser-exclusions.yaml": "`serializedValue` and `externalValue` may not both be given",
    "header-object-allowReserved.yaml": "`allowReserved` is not allowed here",
    "header-object-name.yaml": 'the name "Bad=Header" is not allowed',
    "invalid_schema_types.yaml": "is a number, not a schema",
    "media-type-enc-item-exclusion.yaml": "`itemEncoding` may not stand beside `encoding`",
    "media-type-enc-prefix-exclusion.yaml": "`prefixEncoding` may not stand beside `encoding`",
    "no_containers.yaml": "needs at least one of `components`, `paths` or `webhooks`",
    "operation-object-query-with-querystring.yaml": "`in: querystring` may not stand beside parameters `in: query`",
    "operation-object-two-querystrings.yaml": "at most one parameter may be `in: querystring`",
    "parameter-object-content-not-with-style.yaml": "`style` is not allowed here",
    "parameter-object-cookie-allowReserved.yaml": "`allowReserved` is not allowed here",
    "parameter-object-header-allowReserved.yaml": "`allowReserved` is not allowed here",
    "parameter-object-header-name.yaml": '"Bad[Header]" does not match',
    "parameter-object-path-name.yaml": '"Bad{Path}" does not match',
    "parameter-object-querystring-not-with-schema.yaml": "#/components/parameters/querystring-not-with-schema/content: warning: not valid OpenAPI 3.2: required field is missing",
    "path-item-object-conflicting-additional-operation.yaml": '"POST" is a standard method',
    "path-item-object-query-with-querystring.yaml": "`in: querystring` may not stand beside parameters `in: query`",
    "path-item-object-two-querystrings.yaml": "at most one parameter may be `in: querystring`",
    "server_enum_empty.yaml": "#/servers/0/variables/var/enum: warning: not valid OpenAPI 3.2: must list at least one value",
    "servers.yaml": "#/servers: warning: not valid OpenAPI 3.2: is an object, not a list",
    "unknown_container.yaml": "#/overlays: warning: not valid OpenAPI 3.2: `overlays` is not allowed here",
    "xml-attr-exclusion.yaml": "#/components/schemas/Attr/xml/attribute: warning: not valid OpenAPI 3.2: `attribute` may not stand beside `nodeType`",
    "xml-wrapped-exclusion.yaml": "#/components/schemas/List/xml/wrapped: warning: not valid OpenAPI 3.2: `wrapped` may not stand beside `nodeType`",
}


def generate_in_process(spec: Path, output: Path, *extra: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["generate", "--report", "--spec", str(spec), "--output", str(output), *extra])
    return code, out.getvalue(), err.getvalue()


def warnings_of(stdout: str) -> list[re.Match[str]]:
    return [m for m in map(WARNING.match, stdout.splitlines()) if m]


@pytest.mark.shared("corpus")
@pytest.mark.parametrize("document", PASS)
def test_every_pass_document_generates_with_no_warning_about_its_version(document: str, tmp_path: Path) -> None:
    code, stdout, stderr = generate_in_process(SUITE / "pass" / document, tmp_path / "out")
    assert code == 0, stderr
    expected = EXPECTED_IN_PASS.get(document, [])
    found = [m.group("message") for m in warnings_of(stdout)]
    unexpected = [w for w in found if not any(e in w for e in expected)]
    assert not unexpected, unexpected
    assert len(found) == len(expected), f"expected warnings that did not come: {expected} vs {found}"
    assert not any("OpenAPI 3.2" in w for w in found)


@pytest.mark.shared("corpus")
@pytest.mark.parametrize("document", FAIL)
def test_every_fail_document_gets_a_located_warning_naming_the_rule_it_breaks(document: str, tmp_path: Path) -> None:
    spec = SUITE / "fail" / document
    code, stdout, stderr = generate_in_process(spec, tmp_path / "out")
    assert code == 0, stderr  # each breaks one rule; what is left generates
    located = [m for m in warnings_of(stdout) if m.group("file") == str(spec) and int(m.group("line")) > 0]
    assert located, stdout
    assert any(EXPECTED_IN_FAIL[document] in m.group(0) for m in located), stdout
    strict, _, errors = generate_in_process(spec, tmp_path / "strict", "--strict")
    assert strict == 1 and f"{spec}:" in errors and "error:" in errors


def test_every_fail_document_has_an_expectation() -> None:
    assert sorted(EXPECTED_IN_FAIL) == FAIL or not FAIL


def test_version_32_constructs_are_read_without_warnings(tmp_path: Path) -> None:
    """$self as the base URI of a reference, a response without description, discriminator
    defaultMapping, the deviceAuthorization flow and oauth2MetadataUrl, allowEmptyValue, a schema
    `example`, tag `parent` and `kind`, itemSchema."""
    code, _, stderr = generate_in_process(VERSIONS / "oas32_features.yaml", tmp_path / "out", "--strict")
    assert code == 0, stderr
    models = (tmp_path / "out" / "client" / "oas32_features" / "models.py").read_text()
    assert 'Tagged("kind", {"cat": Cat, "dog": Dog, "Other": Other}, Other)' in models
    with imported(tmp_path / "out", "client.oas32_features.models") as module:
        import pydantic

        pet = pydantic.TypeAdapter(module.Pet)
        assert type(pet.validate_python({"kind": "fish"})).__name__ == "Other"  # defaultMapping
        assert type(pet.validate_python({})).__name__ == "Other"
        assert type(pet.validate_python({"kind": "dog"})).__name__ == "Dog"


def test_a_standard_method_under_additional_operations_is_a_located_warning(tmp_path: Path) -> None:
    spec = SUITE / "fail" / "path-item-object-conflicting-additional-operation.yaml"
    if not spec.exists():
        pytest.skip("no corpus")
    code, stdout, _ = generate_in_process(spec, tmp_path / "out")
    assert code == 0
    assert f"{spec}:36 #/paths/~1pets~1{{id}}/additionalOperations: warning:" in stdout


# --- on the wire -----------------------------------------------------------------------------


@pytest.fixture(scope="module", params=HTTP_LIBRARIES)
def query_client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    output = tmp_path_factory.mktemp(f"oas32_{request.param}")
    result = generate_package(VERSIONS / "oas32_query.yaml", output, "q32", http=request.param)
    assert result.returncode == 0, result.stderr
    with imported(output, "q32.oas32_query.client") as module:
        yield module


@pytest.fixture
def server() -> Any:
    with recording_server() as recorder:
        yield recorder


def test_query_method_sends_its_body_sync_and_async(query_client: Any, server: Recorder) -> None:
    server.respond(200, [{"id": 1}])
    with query_client.Oas32QueryClient(base_url=server.url, max_retries=0) as client:
        found = client.search_things(body={"name": "rex", "tags": ["a"]})
    assert server.last.method == "QUERY" and server.last.path == "/search"
    assert server.last.json() == {"name": "rex", "tags": ["a"]}
    assert server.last.headers["Content-Type"] == "application/json"
    assert [t.id for t in found] == [1]

    async def go() -> Any:
        async with query_client.AsyncOas32QueryClient(base_url=server.url, max_retries=0) as client:
            return await client.search_things(body={"name": "cat"})

    assert [t.id for t in asyncio.run(go())] == [1]
    assert server.last.method == "QUERY" and server.last.json() == {"name": "cat"}


def test_additional_operation_is_sent_by_its_method_name(query_client: Any, server: Recorder) -> None:
    server.respond(204)
    with query_client.Oas32QueryClient(base_url=server.url, max_retries=0) as client:
        assert client.copy_things() is None
    assert server.last.method == "COPY" and server.last.path == "/search"

    async def go() -> None:
        async with query_client.AsyncOas32QueryClient(base_url=server.url, max_retries=0) as client:
            await client.copy_things()

    asyncio.run(go())
    assert server.last.method == "COPY"


def test_querystring_parameter_is_the_whole_query_string_sync_and_async(query_client: Any, server: Recorder) -> None:
    server.respond(200, [])
    with query_client.Oas32QueryClient(base_url=server.url, max_retries=0) as client:
        client.find_things(filter={"name": "a b", "tags": ["x", "y"]})
        assert server.last.query == [("name", "a b"), ("tags", "x"), ("tags", "y")]
        client.find_json(q={"name": "n"})
        assert server.last.target == "/findjson?%7B%22name%22%3A%22n%22%7D"

    async def go() -> None:
        async with query_client.AsyncOas32QueryClient(base_url=server.url, max_retries=0) as client:
            await client.find_things(filter={"name": "z"})

    asyncio.run(go())
    assert server.last.path == "/find" and server.last.query == [("name", "z")]


def test_query_is_retried_like_get(query_client: Any) -> None:
    assert query_client._SEARCH_THINGS.idempotent


def test_self_is_the_base_uri_of_references(tmp_path: Path) -> None:
    """A $ref that resolves, against $self, beside the document reads the file beside it; one
    that resolves elsewhere is a URL, refused as before."""
    (tmp_path / "schemas.yaml").write_text("Pet: {type: object, properties: {name: {type: string}}}\n")
    head = "openapi: 3.2.0\n$self: https://api.example.com/v1/openapi.yaml\ninfo: {title: S, version: '1'}\npaths:\n  /pets:\n    get:\n"
    body = "      responses:\n        '200':\n          content:\n            application/json:\n              schema: {$ref: '%s'}\n"
    for index, ref in enumerate(("https://api.example.com/v1/schemas.yaml#/Pet", "schemas.yaml#/Pet")):
        spec = tmp_path / f"openapi{index}.yaml"  # one file a variant: a run in this process keeps what it loaded
        spec.write_text(head + body % ref)
        code, _, stderr = generate_in_process(spec, tmp_path / f"out{index}", "--strict")
        assert code == 0, stderr
        assert "class Pet(" in (tmp_path / f"out{index}" / "client" / f"openapi{index}" / "models.py").read_text()
    spec = tmp_path / "elsewhere.yaml"
    spec.write_text(head + body % "https://elsewhere.example.com/schemas.yaml#/Pet")
    code, _, stderr = generate_in_process(spec, tmp_path / "refused")
    assert code == 1 and "$ref to a URL is refused: 'https://elsewhere.example.com/schemas.yaml'" in stderr
