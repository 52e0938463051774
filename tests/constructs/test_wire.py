"""Requests and responses on the wire: bodies of every kind, parameters by style and explode,
responses by code, range and default, operations with their own server - through generated
clients against real HTTP servers on 127.0.0.1 (a recording server, and Prism as a judge).

The fixture specs are tests/fixtures/specs/{bodies,parameters,responses}.yaml; their golden trees
are checked by test_goldens.py and type-checked by test_typecheck.py. Every test runs on each HTTP
library ([tool.clientgen] http).
"""

from __future__ import annotations

import email.parser
import email.policy
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..conftest import FIXTURES, HTTP_LIBRARIES, clientgen, generate_package
from ..recorder import Recorder, recording_server
from .conftest import Loader


@pytest.fixture(scope="module", params=HTTP_LIBRARIES)
def http(request: pytest.FixtureRequest) -> str:
    """The HTTP library of the packages under test: each test runs on every one."""
    return str(request.param)


# --- request bodies --------------------------------------------------------------------------


def test_json_body_leaves_out_read_only_fields_at_every_depth(generated: Loader, server: Recorder) -> None:
    api = generated("bodies")
    fetched = api.models.Note.model_validate(
        {"id": "n1", "text": "draft", "history": [{"at": "2026-01-02T03:04:05Z", "text": "first"}]}
    )
    edited = fetched.model_copy(update={"text": "final", "secret": "s3"})
    server.respond(200, {"id": "n1", "text": "final", "history": []})

    with api.client.BodiesClient(base_url=server.url, max_retries=0) as client:
        stored = client.send_json(body=edited)

    assert server.last.headers["Content-Type"] == "application/json"
    assert server.last.json() == {"text": "final", "history": [{"text": "first"}], "secret": "s3"}
    assert stored.id == "n1" and stored.secret is None  # write-only: never expected back


def test_none_in_a_field_whose_schema_refuses_null_is_left_out_of_the_body(generated: Loader, server: Recorder) -> None:
    """``Omittable`` fields: setting None means "not given", never a null the server would refuse."""
    api = generated("bodies")
    server.respond(200, {"id": "n1", "text": "t"})
    with api.client.BodiesClient(base_url=server.url, max_retries=0) as client:
        client.send_json(body=api.models.Note(text="t", secret=None, history=[api.models.Revision(text=None)]))
        assert server.last.json() == {"text": "t", "history": [{}]}
        server.respond(204)
        client.send_form(body=api.models.SendFormBody(name="n", count=None, urgent=False))
    assert server.last.body == b"name=n&urgent=false"


def test_a_response_with_null_in_a_field_whose_schema_refuses_null_is_refused(generated: Loader, server: Recorder) -> None:
    """Absent reads as None, but an explicit null breaks the schema like any wrong type."""
    api = generated("bodies")
    server.respond(200, {"id": "n1", "text": "t", "history": [{"text": None}]})
    with api.client.BodiesClient(base_url=server.url, max_retries=0) as client:
        with pytest.raises(api.errors.ResponseValidationError) as refused:
            client.send_json(body=api.models.Note(text="t"))
        server.respond(200, {"id": "n1", "text": "t", "history": [{}]})
        assert client.send_json(body=api.models.Note(text="t")).history[0].text is None
    assert "history[0].text: null, where the spec does not allow null (Input should be a valid string)" in str(refused.value)


def test_read_only_fields_are_optional_where_requests_use_the_model(generated: Loader) -> None:
    api = generated("bodies")
    note = api.models.Note(text="only what the client writes")  # id (read-only, required) may be left out
    assert note.id is None
    assert api.models.Note.model_json_schema()["properties"]["id"]["readOnly"] is True


def test_form_body_is_url_encoded_with_arrays_as_repeated_keys(generated: Loader, server: Recorder) -> None:
    api = generated("bodies")
    server.respond(204)
    with api.client.BodiesClient(base_url=server.url, max_retries=0) as client:
        result = client.send_form(body=api.models.SendFormBody(name="a b&c", tags=["x", "y"], count=2, urgent=True))
    assert result is None
    assert server.last.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert server.last.body == b"name=a+b%26c&tags=x&tags=y&count=2&urgent=true"


def multipart_parts(recorded: Any) -> list[tuple[Any, Any, Any]]:
    """(name, filename, content) of every part, parsed by the standard library's MIME parser."""
    head = f"Content-Type: {recorded.headers['Content-Type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + recorded.body)
    return [(part.get_param("name", header="content-disposition"), part.get_filename(), part.get_payload(decode=True)) for part in message.iter_parts()]


@pytest.mark.parametrize(
    ("upload", "filename"),
    [(("notes.txt", b"hello", "text/plain"), "notes.txt"), (io.BytesIO(b"hello"), "upload"), (b"hello", "upload")],
    ids=["tuple", "file", "bytes"],
)
def test_multipart_body_sends_files_and_fields_as_parts(generated: Loader, server: Recorder, upload: Any, filename: str) -> None:
    api = generated("bodies")
    server.respond(204)
    body = api.models.UploadBody(file=upload, description="minutes", labels=["a", "b"])
    with api.client.BodiesClient(base_url=server.url, max_retries=0) as client:
        client.upload(body=body)
    assert server.last.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    parts = multipart_parts(server.last)
    files = [p for p in parts if p[1] is not None]
    assert files == [("file", filename, b"hello")]
    assert [p for p in parts if p[1] is None] == [("description", None, b"minutes"), ("labels", None, b"a"), ("labels", None, b"b")]


def test_raw_bytes_and_text_bodies_are_sent_as_is(generated: Loader, server: Recorder) -> None:
    api = generated("bodies")
    server.respond(204)
    with api.client.BodiesClient(base_url=server.url, max_retries=0) as client:
        client.send_bytes(body=b"\x00\x01binary")
        sent_bytes = server.last
        client.send_text(body="héllo")
        sent_text = server.last
    assert (sent_bytes.headers["Content-Type"], sent_bytes.body) == ("application/octet-stream", b"\x00\x01binary")
    assert (sent_text.headers["Content-Type"], sent_text.body) == ("text/plain", "héllo".encode())


# --- parameters ------------------------------------------------------------------------------


def test_parameters_are_serialised_by_style_and_explode(generated: Loader, server: Recorder) -> None:
    api = generated("parameters")
    point = api.models.Point
    server.respond(204)
    with api.client.ParametersClient(base_url=server.url, max_retries=0) as client:
        client.get_items(
            [1, 2], ["a", "b"], ["c", "d/e"], point(x=1, y=2),
            ids=[1, 2], csv=["a", "b"], spaced=["a", "b"], piped=["a", "b"],
            filter=point(x=1, y=2), point=point(x=3, y=4),
            page_size=10, page_size_2=20, page_size_3=30,
            x_trace=["t1", "t2"], x_point=point(x=5, y=6), flavour="choc", prefs=point(x=7, y=8),
        )  # fmt: skip
    sent = server.last
    # simple; label exploded; matrix; matrix exploded object - values percent-encoded whole
    assert sent.path == "/items/1,2/.a.b/;matrix=c,d%2Fe/;x=1;y=2"
    assert sent.query == [
        ("ids", "1"), ("ids", "2"), ("csv", "a,b"), ("spaced", "a b"), ("piped", "a|b"),
        ("filter[x]", "1"), ("filter[y]", "2"), ("point", "x,3,y,4"),
        ("page-size", "10"), ("page_size", "20"), ("pageSize", "30"),
    ]  # fmt: skip
    # the query's delimiters are percent-encoded like any value (httpx since 0.28, and HTTPX2)
    assert "&csv=a%2Cb&spaced=a+b&piped=a%7Cb&" in sent.target
    assert sent.headers["X-Trace"] == "t1,t2"
    assert sent.headers["X-Point"] == "x=5,y=6"
    assert sent.headers["Cookie"] == "flavour=choc; x=7; y=8"


def test_parameters_that_collide_after_sanitising_keep_their_wire_names(generated: Loader) -> None:
    import inspect

    api = generated("parameters")
    signature = inspect.signature(api.client.ParametersClient.get_items)
    assert {"page_size", "page_size_2", "page_size_3"} <= set(signature.parameters)
    assert "Collides with both." in (api.client.ParametersClient.get_items.__doc__ or "")
    assert "flavour: Deprecated." in (api.client.ParametersClient.get_items.__doc__ or "")


# --- responses -------------------------------------------------------------------------------


def test_responses_by_exact_code_range_and_default(generated: Loader, server: Recorder) -> None:
    api = generated("responses")
    with api.client.ResponsesClient(base_url=server.url, max_retries=0) as client:
        server.respond(200, {"name": "a", "extra": 1})
        thing = client.get_thing()
        assert isinstance(thing, api.models.Thing) and thing.model_dump() == {"name": "a", "extra": 1}

        server.respond(404, {"detail": "no such thing"})
        with pytest.raises(api.errors.NotFoundError) as missing:
            client.get_thing()
        assert isinstance(missing.value.body, api.models.Problem) and missing.value.body.detail == "no such thing"

        server.respond(503, {"detail": "busy"})  # documented as 5XX
        with pytest.raises(api.errors.APIStatusError) as busy:
            client.get_thing()
        assert isinstance(busy.value.body, api.models.Problem)

        server.respond(204)
        assert client.delete_thing() is None
        server.respond(418, {"detail": "teapot"})  # documented as default
        with pytest.raises(api.errors.APIStatusError) as teapot:
            client.delete_thing()
        assert isinstance(teapot.value.body, api.models.Problem) and teapot.value.body.detail == "teapot"

        server.respond(201, {"name": "new"})  # documented as 2XX
        assert client.create_thing().name == "new"


def test_non_json_responses(generated: Loader, server: Recorder) -> None:
    api = generated("responses")
    with api.client.ResponsesClient(base_url=server.url, max_retries=0) as client:
        server.respond(200, "plain ünïcode".encode(), "text/plain; charset=utf-8")
        assert client.get_text() == "plain ünïcode"
        server.respond(200, b"%PDF-1.7\x00\xff", "application/pdf")
        assert client.get_bytes() == b"%PDF-1.7\x00\xff"


# --- an independent judge ----------------------------------------------------------------------

PRISM = Path(__file__).resolve().parents[2] / "node_modules" / ".bin" / "prism"


@pytest.fixture
def prism(tmp_path: Path) -> Iterator[str]:
    """Prism's mock server for bodies.yaml: it answers 422 to a request the spec does not allow."""
    import socket
    import subprocess
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (tmp_path / "prism.log").open("w")
    process = subprocess.Popen(
        [str(PRISM), "mock", "--host", "127.0.0.1", "--port", str(port), str(FIXTURES / "specs" / "bodies.yaml")],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (tmp_path / "prism.log").read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "Prism did not start: " + (tmp_path / "prism.log").read_text()
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_prism_accepts_every_kind_of_body_the_client_sends(generated: Loader, prism: str) -> None:
    api = generated("bodies")
    m = api.models
    with api.client.BodiesClient(base_url=prism, max_retries=0) as client:
        stored = client.send_json(body=m.Note(text="hello", secret="s", history=[m.Revision(text="first")]))
        assert isinstance(stored, m.Note)  # Prism's example response parses
        # Prism reads arrays in form and multipart bodies only as `tags[]=` (not OpenAPI's repeated
        # keys and parts, which the recording-server tests above check): none are sent to it here.
        client.send_form(body=m.SendFormBody(name="n", count=1, urgent=False))
        client.upload(body=m.UploadBody(file=("a.txt", b"hello", "text/plain"), description="d"))
        client.send_bytes(body=b"\x00\x01")
        client.send_text(body="text")
        with pytest.raises(api.errors.UnprocessableEntityError):  # the judge does judge: a missing field is refused
            client.send_form(body=m.SendFormBody.model_construct(count=1))


def test_an_operation_with_its_own_server_is_sent_there_unless_a_base_url_is_given(tmp_path: Path, import_from: Any, http: str) -> None:
    with recording_server() as main, recording_server() as uploads:
        spec = tmp_path / "hosts.yaml"
        spec.write_text(
            "openapi: 3.0.3\ninfo: {title: Hosts, version: '1'}\n"
            f"servers: [{{url: '{main.url}/api'}}]\n"
            "paths:\n"
            "  /files: {get: {operationId: listFiles, responses: {'204': {description: ok}}}}\n"
            "  /files/content:\n"
            f"    servers: [{{url: 'http://{{host}}/up', variables: {{host: {{default: '{uploads.url[7:]}'}}}}}}]\n"
            "    post: {operationId: upload, responses: {'204': {description: ok}}}\n"
        )
        result = generate_package(spec, tmp_path / "out", "hosts_client", http=http)
        assert result.returncode == 0, result.stderr
        client_module = import_from(tmp_path / "out", "hosts_client.hosts.client")
        for reply in (main, uploads):
            reply.respond(204)
        with client_module.HostsClient(max_retries=0) as client:
            client.list_files()
            client.upload()
        assert [r.target for r in main.requests] == ["/api/files"]
        assert [r.target for r in uploads.requests] == ["/up/files/content"]
        with client_module.HostsClient(base_url=main.url, max_retries=0) as client:
            client.upload()  # a base_url the user gives serves every operation
        assert [r.target for r in main.requests] == ["/api/files", "/files/content"]
        assert "Sent to http://127.0.0.1:" in (client_module.HostsClient.upload.__doc__ or "")


def test_an_operation_that_documents_no_response_returns_any_body_or_none(tmp_path: Path, import_from: Any, http: str) -> None:
    spec = tmp_path / "bare.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: {title: Bare, version: '1'}\npaths:\n  /ping: {post: {operationId: ping}}\n")
    result = clientgen("generate", "--report", "--spec", spec, "--output", tmp_path / "out", "--package", "bare_client", "--http", http)
    assert result.returncode == 0, result.stderr
    assert "bare.yaml:4 #/paths/~1ping/post/responses: warning: the operation lists no responses" in result.stdout
    client_module = import_from(tmp_path / "out", "bare_client.bare.client")
    with recording_server() as server, client_module.BareClient(base_url=server.url, max_retries=0) as client:
        server.respond(204)
        assert client.ping() is None
        server.respond(200, {"pong": True})
        assert client.ping() == {"pong": True}
