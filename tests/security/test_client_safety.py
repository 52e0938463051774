"""Client safety, through a client generated from fixtures/safety.yaml (values in the path, query,
headers and cookies; credentials in a query parameter, a cookie and a header) against real
servers on 127.0.0.1: no value changes which path is requested or adds a header or a cookie, TLS
certificates are checked unless the caller says otherwise, and no credential reaches the logs,
``repr()`` or an exception's text. Every test runs on each HTTP library ([tool.clientgen] http)."""

from __future__ import annotations

import logging
import ssl
import sys
import traceback
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from types import ModuleType
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
import trustme
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ..conftest import HTTP_LIBRARIES
from .server import Reply, Server, serve
from .support import FIXTURES, clientgen_limited, imported

SECRETS = {"query_key": "qk-SECRET-1", "cookie_key": "ck-SECRET-2", "header_key": "hk-SECRET-3"}
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module", params=HTTP_LIBRARIES)
def http(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def safety(tmp_path_factory: pytest.TempPathFactory, http: str) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("safety") / "out"
    arguments = ("--output", out, "--package", "safety_client", "--http", http)
    result = clientgen_limited("generate", "--spec", FIXTURES / "safety.yaml", *arguments, cwd=out.parent)
    assert result.returncode == 0, result.stderr
    with imported(out, "safety_client"):
        import safety_client.safety as module  # type: ignore[import-not-found]

        yield module


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve() as running:
        yield running


@pytest.fixture
def client(safety: ModuleType, server: Server) -> Iterator[object]:
    server.received.clear()
    server.reply = Reply.json({})
    with safety.SafetyClient(base_url=server.url, max_retries=0, **SECRETS) as made:
        yield made


# --- the path ------------------------------------------------------------------------------


@PROPERTY
@given(folder=st.text(min_size=1), name=st.text(min_size=1))
@example(folder="../admin", name="..")
@example(folder="a/b?c#d", name=".")
@example(folder="%2e%2e%2f", name="\r\nHost: evil.example")
@example(folder="..\\..", name="/")
def test_path_values_stay_inside_their_segment(client: object, server: Server, folder: str, name: str) -> None:
    server.received.clear()
    client.get_file(folder, name)  # type: ignore[attr-defined]

    (request,) = server.received
    path, _, query = request.target.partition("?")
    assert "#" not in request.target
    assert path.startswith("/files/")
    segments = path.split("/")
    assert len(segments) == 4, f"the values changed the path: {request.target}"
    assert [unquote(s) for s in segments[2:]] == [folder, name]
    assert not {".", ".."} & set(segments), "a dot segment would be resolved away"
    assert dict(parse_qsl(query)) == {"api_key": SECRETS["query_key"]}


@pytest.mark.parametrize("empty", ["", None])
def test_an_empty_path_value_is_refused_not_collapsed(client: object, server: Server, empty: str | None) -> None:
    """``/files//x`` reaches ``/files/x`` on many servers: another resource."""
    with pytest.raises(ValueError, match=r"path parameter .folder. is (empty|None)"):
        client.get_file(empty, "x")  # type: ignore[attr-defined]
    assert server.received == []


@PROPERTY
@given(value=st.text())
def test_query_values_cannot_add_parameters(client: object, server: Server, value: str) -> None:
    server.received.clear()
    client.get_file("f", "n", q=value)  # type: ignore[attr-defined]
    (request,) = server.received
    assert parse_qsl(urlsplit(request.target).query, keep_blank_values=True) == [("q", value), ("api_key", SECRETS["query_key"])]


# --- headers and cookies -------------------------------------------------------------------


@pytest.mark.parametrize("value", ["a\r\nX-Injected: 1", "a\nX-Injected: 1", "a\rb", "a\x00b"])
@pytest.mark.parametrize("where", ["parameter", "extra_headers", "default_headers", "credential"])
def test_header_values_with_line_breaks_are_refused(safety: ModuleType, server: Server, where: str, value: str) -> None:
    server.received.clear()
    secrets = {**SECRETS, "header_key": value} if where == "credential" else SECRETS
    default_headers = {"X-Default": value} if where == "default_headers" else None
    client = safety.SafetyClient(base_url=server.url, default_headers=default_headers, **secrets)
    with client, pytest.raises(ValueError, match="line break") as raised:
        if where == "parameter":
            client.get_file("f", "n", x_trace=value)
        else:
            client.get_file("f", "n", extra_headers={"X-Extra": value} if where == "extra_headers" else None)
    assert server.received == [], "the request went out"
    assert value not in str(raised.value)


@pytest.mark.parametrize("header_name", ["X-A\r\nX-Injected", "X-A: 1", "X-A\n"])
def test_header_names_that_would_split_a_header_are_refused(client: object, server: Server, header_name: str) -> None:
    with pytest.raises(ValueError):
        client.get_file("f", "n", extra_headers={header_name: "v"})  # type: ignore[attr-defined]
    assert server.received == []


@PROPERTY
@given(hint=st.text(), secret=st.text(min_size=1).filter(lambda s: not ({"\r", "\n", "\x00"} & set(s))))
@example(hint="v; admin=true", secret="k; sid=other")
@example(hint='"quoted", with=comma', secret="\\")
def test_cookie_values_cannot_add_cookies(safety: ModuleType, server: Server, hint: str, secret: str) -> None:
    server.received.clear()
    with safety.SafetyClient(base_url=server.url, **{**SECRETS, "cookie_key": secret}) as client:
        client.get_file("f", "n", hint=hint)
    (request,) = server.received
    jar = SimpleCookie()
    jar.load(request.headers["cookie"])
    assert sorted(jar) == ["hint", "sid"], request.headers["cookie"]
    assert unquote(jar["hint"].value) == hint
    assert unquote(jar["sid"].value) == secret


# --- TLS -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def tls_server(authority: trustme.CA) -> Iterator[Server]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    with serve(tls=context) as running:
        yield running


def test_tls_certificates_are_verified_by_default(safety: ModuleType, tls_server: Server) -> None:
    """The server's certificate is signed by a CA the system does not trust: the client refuses.
    (The next test is the control: trusted, the same server answers.)"""
    tls_server.received.clear()
    client = safety.SafetyClient(base_url=tls_server.url, max_retries=0, **SECRETS)
    with client, pytest.raises(sys.modules["safety_client"].APIConnectionError):
        client.get_file("f", "n")
    assert tls_server.received == [], "a request was sent over an unverified connection"


def test_a_caller_can_trust_its_own_authority(safety: ModuleType, tls_server: Server, authority: trustme.CA, http: str) -> None:
    """The control: the same server, with its CA given explicitly in an SSLContext of the caller's
    own client (as the generated README shows), answers."""
    library = sys.modules["safety_client._runtime._http"].httpx
    assert library.__name__ == http
    context = ssl.create_default_context()
    authority.configure_trust(context)
    tls_server.received.clear()
    with library.Client(verify=context) as own, safety.SafetyClient(base_url=tls_server.url, http_client=own, **SECRETS) as client:
        assert client.get_file("f", "n") == {}
    assert len(tls_server.received) == 1


def test_ssl_cert_file_names_the_authorities_to_trust(
    safety: ModuleType, tls_server: Server, authority: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The generated README's other way: SSL_CERT_FILE set to a CA bundle, the client's own HTTP
    client trusts it (HTTPX2 instead of the OS trust store, httpx instead of certifi)."""
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    tls_server.received.clear()
    with safety.SafetyClient(base_url=tls_server.url, max_retries=0, **SECRETS) as client:
        assert client.get_file("f", "n") == {}
    assert len(tls_server.received) == 1


def test_the_runtime_never_turns_verification_off() -> None:
    runtime = Path(__file__).resolve().parents[2] / "templates" / "runtime"
    for source in runtime.glob("*.py"):
        text = source.read_text()
        assert "verify=False" not in text and "CERT_NONE" not in text and "check_hostname = False" not in text, source.name


# --- credentials ---------------------------------------------------------------------------


def test_credentials_never_reach_logs_repr_or_error_text(
    safety: ModuleType, server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    """Every kind of failure, with every logger at DEBUG (httpx's and httpcore's too)."""
    api_error = sys.modules["safety_client"].APIError
    errors: list[BaseException] = []

    def fails(client: object, **arguments: str) -> None:
        with pytest.raises(api_error) as raised:
            client.get_file("f", "n", **arguments)  # type: ignore[attr-defined]
        errors.append(raised.value)

    with caplog.at_level(logging.DEBUG):
        with safety.SafetyClient(base_url=server.url, max_retries=1, **SECRETS) as client:
            texts = [repr(client), str(vars(client))]
            for status in (401, 404, 500):
                server.reply = Reply(status, b'{"detail": "no"}', {"Content-Type": "application/json", "Retry-After": "0"})
                fails(client, q="visible")
            server.reply = Reply(200, b"[not json")
            fails(client)
        with safety.SafetyClient(base_url="http://127.0.0.1:9", max_retries=0, **SECRETS) as closed:  # nothing listens
            fails(closed)
    assert len(server.received) >= 4
    assert any(SECRETS["query_key"] in r.target for r in server.received), "the server did get the credential"
    texts += [record.getMessage() for record in caplog.records]
    texts += [text for exc in errors for text in (str(exc), repr(exc), "".join(traceback.format_exception(exc)))]
    assert any("visible" in text for text in texts), "the logs show requests"
    for secret in SECRETS.values():
        assert not [text for text in texts if secret in text], f"{secret} shows"
