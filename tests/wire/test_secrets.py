"""Credentials never show: not in ``repr()``, not in error messages, not in the logs; and requests
and responses are logged through the standard ``logging`` module."""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pytest

from .conftest import Provider
from .faultserver import FaultServer, Reply, json_reply


@dataclass(frozen=True)
class Case:
    provider: Provider
    operation: str
    args: tuple[Any, ...]
    secrets: tuple[str, ...]  # what must never show
    logger: str


def provider(providers: ModuleType, key: str, client: str, **credentials: str) -> Provider:
    return Provider(importlib.import_module(f"{providers.__name__}.{key}"), client, credentials)


CASES = {
    "header-key": (("noxus", "NoxusClient"), {"api_key_header": "nx-SECRET-1"}, "public_get_run_by_id", ("r1",)),
    "bearer": (("truestate", "TruestateClient"), {"http_bearer": "ts-SECRET-2"}, "get_runs", ("6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f",)),
    "two-headers": (
        ("algolia_ingestion", "AlgoliaIngestionClient"),
        {"app_id": "APP-ID-3", "api_key": "al-SECRET-3"},
        "get_run",
        ("r1",),
    ),
}


@pytest.fixture(params=[*CASES, "query-key"])
def case(request: pytest.FixtureRequest, providers: ModuleType, jobs_provider: Provider) -> Case:
    if request.param == "query-key":
        jobs = Provider(jobs_provider.module, "JobsClient", {"query_key": "jb-SECRET-4"})
        return Case(jobs, "get_job", ("j1",), ("jb-SECRET-4",), jobs.package)
    (key, client), credentials, operation, args = CASES[request.param]
    made = provider(providers, key, client, **credentials)
    secrets = tuple(value for value in credentials.values() if "SECRET" in value)  # an app id may show
    return Case(made, operation, args, secrets, made.package)


def test_repr_names_the_credentials_given_but_never_their_values(case: Case, server: FaultServer, mode: str) -> None:
    client = case.provider.make(mode, server.url.replace("http://", "http://user:pa55word@"))

    text = repr(client)

    for secret in (*case.secrets, "pa55word"):
        assert secret not in text
    assert "[REDACTED]@127.0.0.1" in text
    for argument in case.provider.credentials:
        assert argument in text


def test_logs_and_error_messages_never_show_a_credential(
    case: Case, server: FaultServer, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    server.script(
        Reply(status=503, body={"detail": "busy"}, headers={"Retry-After": "0", "Set-Cookie": "session=srv-SECRET"}),
        json_reply({"title": "missing", "message": "missing", "detail": "missing"}, 404),
    )

    with caplog.at_level(logging.DEBUG), pytest.raises(case.provider.errors.NotFoundError) as caught:
        case.provider.call(mode, server.url, case.operation, *case.args)

    everything = [record.getMessage() for record in caplog.records]  # httpx's and httpcore's lines too
    assert any(line.startswith("HTTP Request: GET ") for line in everything)
    lines = [record.getMessage() for record in caplog.records if record.name.startswith(case.logger)]
    requests = [line for line in lines if line.startswith("request: ")]
    responses = [line for line in lines if line.startswith("response: ")]
    assert len(requests) == 2 and len(responses) == 2  # the try, the retry, and what each got back
    assert "-> 503 Service Unavailable" in responses[0] and "-> 404 Not Found" in responses[1]
    assert all("[REDACTED]" in line for line in requests)  # the credential's place is shown, its value is not
    assert any("retry 1 of 2" in line for line in lines)
    for text in [*everything, str(caught.value), repr(caught.value)]:
        for secret in case.secrets:
            assert secret not in text
    for text in lines:
        assert "srv-SECRET" not in text  # a cookie the server sets is redacted in the client's own lines
    # the server did get the credential: redaction is only in what the client shows
    assert any(secret in str(server.seen[0].headers) + str(server.seen[0].query) for secret in case.secrets)
