"""Which requests are sent again, how often and after how long: through a generated client, against a
real server. Retry-After: 0 keeps the tests that count attempts from sleeping."""

from __future__ import annotations

import json
import logging
import socket
from typing import Any

import pytest

from .conftest import Provider
from .faultserver import FaultServer, Reply, json_reply

JOB = {"id": "j1", "name": "nightly", "state": "queued", "created_at": "2026-11-20T09:15:00Z"}
NOW = {"Retry-After": "0"}


def unavailable(**headers: str) -> Reply:
    return Reply(status=503, body={"detail": "unavailable"}, headers={**NOW, **headers})


def job_input(jobs_provider: Provider) -> Any:
    return jobs_provider.module.models.JobInput(name="nightly")


@pytest.mark.parametrize("operation", ["create_job", "update_job"])
def test_a_request_that_is_not_idempotent_is_not_sent_again_after_a_5xx(
    server: FaultServer, jobs_provider: Provider, mode: str, operation: str
) -> None:
    server.script(unavailable(), json_reply(JOB))
    args = () if operation == "create_job" else ("j1",)

    with pytest.raises(jobs_provider.errors.InternalServerError) as caught:
        jobs_provider.call(mode, server.url, operation, *args, body=job_input(jobs_provider))

    assert len(server.seen) == 1
    assert caught.value.status_code == 503


def test_a_post_is_not_sent_again_when_the_connection_breaks_after_sending(
    server: FaultServer, jobs_provider: Provider, mode: str
) -> None:
    server.script(Reply(reset=True), json_reply(JOB, 201))

    with pytest.raises(jobs_provider.errors.APIConnectionError):
        jobs_provider.call(mode, server.url, "create_job", body=job_input(jobs_provider))

    assert len(server.seen) == 1  # the server read it: it may have created the job


def test_a_post_is_retried_when_the_connection_was_never_made(
    jobs_provider: Provider, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"

    with caplog.at_level(logging.INFO, logger=jobs_provider.package), pytest.raises(jobs_provider.errors.APIConnectionError) as caught:
        jobs_provider.call(mode, closed, "create_job", body=job_input(jobs_provider), client={"max_retries": 1})

    assert [r.getMessage().split(": ")[1].split(";")[0] for r in caplog.records if hasattr(r, "retry")] == ["ConnectError"]
    assert "failed after 2 attempts: ConnectError" in str(caught.value)


def test_an_idempotency_key_makes_a_post_retryable(server: FaultServer, jobs_provider: Provider, mode: str) -> None:
    server.script(unavailable(), Reply(reset=True), json_reply(JOB, 201))

    job = jobs_provider.call(
        mode, server.url, "create_job", body=job_input(jobs_provider), extra_headers={"Idempotency-Key": "create-nightly-1"}
    )

    assert job.id == "j1"
    assert [s.headers["idempotency-key"] for s in server.seen] == ["create-nightly-1"] * 3
    assert len({s.body for s in server.seen}) == 1  # the same body each time
    assert json.loads(server.seen[0].body) == {"name": "nightly"}


@pytest.mark.parametrize(("operation", "has_body"), [("replace_job", True), ("delete_job", False), ("get_job", False)])
def test_idempotent_methods_are_retried_after_a_5xx(
    server: FaultServer, jobs_provider: Provider, mode: str, operation: str, has_body: bool
) -> None:
    server.script(unavailable(), unavailable(), Reply(status=204) if operation == "delete_job" else json_reply(JOB))
    body = {"body": job_input(jobs_provider)} if has_body else {}

    jobs_provider.call(mode, server.url, operation, "j1", **body)

    assert len(server.seen) == 3


@pytest.mark.parametrize(("status", "retried"), [(408, True), (429, True), (500, True), (501, True), (599, True), (400, False), (404, False), (409, False)])
def test_which_statuses_are_retried(server: FaultServer, jobs_provider: Provider, mode: str, status: int, retried: bool) -> None:
    server.script(Reply(status=status, body={"title": "no"}, headers=NOW), json_reply(JOB))

    if retried:
        assert jobs_provider.call(mode, server.url, "get_job", "j1").id == "j1"
    else:
        with pytest.raises(jobs_provider.errors.APIStatusError):
            jobs_provider.call(mode, server.url, "get_job", "j1")
    assert len(server.seen) == (2 if retried else 1)


@pytest.mark.parametrize(("client_retries", "call_retries", "attempts"), [(0, None, 1), (1, None, 2), (0, 3, 4), (5, 0, 1)])
def test_max_retries_on_the_client_and_per_call(
    server: FaultServer, jobs_provider: Provider, mode: str, client_retries: int, call_retries: int | None, attempts: int
) -> None:
    server.script(unavailable())
    per_call = {} if call_retries is None else {"max_retries": call_retries}

    with pytest.raises(jobs_provider.errors.InternalServerError):
        jobs_provider.call(mode, server.url, "get_job", "j1", client={"max_retries": client_retries}, **per_call)

    assert len(server.seen) == attempts


def test_the_default_is_two_retries(server: FaultServer, jobs_provider: Provider, mode: str) -> None:
    server.script(unavailable())

    with pytest.raises(jobs_provider.errors.InternalServerError):
        jobs_provider.call(mode, server.url, "get_job", "j1")

    assert len(server.seen) == 3


def test_without_retry_after_the_wait_backs_off_exponentially_with_jitter(
    server: FaultServer, jobs_provider: Provider, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    server.script(Reply(status=502, body={"title": "bad gateway"}))

    with caplog.at_level(logging.INFO, logger=jobs_provider.package), pytest.raises(jobs_provider.errors.InternalServerError):
        jobs_provider.call(mode, server.url, "get_job", "j1", client={"max_retries": 2})

    first, second = [r.retry_delay for r in caplog.records if hasattr(r, "retry_delay")]  # type: ignore[attr-defined]
    assert 0.375 <= first <= 0.5  # 0.5 s less up to a quarter of jitter
    assert 0.75 <= second <= 1.0
    gaps = [b.at - a.at for a, b in zip(server.seen, server.seen[1:], strict=False)]
    assert gaps[0] >= first and gaps[1] >= second


def test_a_negative_max_retries_is_refused_before_sending(server: FaultServer, jobs_provider: Provider, mode: str) -> None:
    with pytest.raises(ValueError, match="max_retries must be 0 or more, not -1"):
        jobs_provider.call(mode, server.url, "get_job", "j1", max_retries=-1)
    with pytest.raises(ValueError, match="max_retries must be 0 or more, not -2"):
        jobs_provider.make(mode, server.url, max_retries=-2)
    assert server.seen == []
