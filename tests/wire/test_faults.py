"""The generated provider clients against a fault-injecting server: every fault the issue names,
through the sync and the async client, on each HTTP library."""

from __future__ import annotations

import email.utils
import json
import logging
from typing import Any

import pytest

from .clock import VirtualClock
from .conftest import Provider
from .faultserver import FaultServer, Reply, json_reply

RUN_ID = "5f0c3a4e-6b1d-4c1e-9a57-2d8f7e9c1b23"


def noxus_run(**changes: Any) -> dict[str, Any]:
    run = {
        "id": RUN_ID,
        "group_id": "0b8c1f5e-2a6d-4f3b-8e9a-1c2d3e4f5a6b",
        "workflow_id": "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
        "status": "completed",
        "progress": 100,
        "created_at": "2026-11-20T09:15:00Z",
    }
    run.update(changes)
    return run


def retry_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if hasattr(r, "retry_delay")]


def test_503_then_200_is_retried_and_succeeds(server: FaultServer, noxus: Provider, mode: str) -> None:
    server.script(json_reply({"detail": "overloaded"}, 503), json_reply(noxus_run()))

    run = noxus.call(mode, server.url, "public_get_run_by_id", RUN_ID)

    assert isinstance(run, noxus.models.RunNoIO)
    assert str(run.id) == RUN_ID
    assert [(s.method, s.path) for s in server.seen] == [("GET", f"/v1/runs/{RUN_ID}")] * 2


def test_429_with_retry_after_seconds_waits_as_told(
    server: FaultServer, noxus: Provider, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    server.script(json_reply({"detail": "slow down"}, 429, Retry_After="1"), json_reply(noxus_run()))

    with caplog.at_level(logging.INFO, logger=noxus.package):
        run = noxus.call(mode, server.url, "public_get_run_by_id", RUN_ID)

    assert run.status == noxus.models.RunStatus.COMPLETED
    assert [r.retry_delay for r in retry_records(caplog)] == [1.0]  # type: ignore[attr-defined]
    first, second = server.seen
    assert second.at - first.at >= 1.0  # the client slept as told before asking again


def test_429_with_retry_after_http_date_waits_until_then(
    server: FaultServer, noxus: Provider, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a clock that stands still (the retry's and the client's), the wait is exactly the time to
    the date, however long the machine takes to get there."""
    now = VirtualClock().install(monkeypatch, noxus.package, "_retry")
    slept = VirtualClock().install(monkeypatch, noxus.package, "_client")
    when = email.utils.formatdate(now.time() + 3, usegmt=True)
    server.script(json_reply({"detail": "slow down"}, 429, Retry_After=when), json_reply(noxus_run()))

    run = noxus.call(mode, server.url, "public_get_run_by_id", RUN_ID)

    assert str(run.id) == RUN_ID
    assert slept.sleeps == [3.0]  # not a backoff (at most 0.5 s before the first retry)
    assert len(server.seen) == 2


@pytest.mark.parametrize(
    ("headers", "wait"),
    [({"Retry-After-Ms": "250"}, 0.25), ({"Retry-After-Ms": "1500", "Retry-After": "7"}, 1.5), ({"Retry-After": "7"}, 7.0)],
    ids=["milliseconds", "milliseconds-first", "seconds"],
)
def test_retry_after_ms_is_read_before_retry_after(
    server: FaultServer, noxus: Provider, mode: str, monkeypatch: pytest.MonkeyPatch, headers: dict[str, str], wait: float
) -> None:
    clock = VirtualClock().install(monkeypatch, noxus.package, "_client")
    server.script(Reply(status=503, body={"detail": "busy"}, headers=headers), json_reply(noxus_run()))

    noxus.call(mode, server.url, "public_get_run_by_id", RUN_ID)

    assert clock.sleeps == [wait]


def test_the_backoff_doubles_up_to_its_cap(server: FaultServer, noxus: Provider, mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """0.5, 1, 2, 4, 8, then 8 s again (each less up to a quarter of jitter), slept on the client's own clock."""
    clock = VirtualClock().install(monkeypatch, noxus.package, "_client")
    server.script(json_reply({"detail": "bad gateway"}, 502))

    with pytest.raises(noxus.errors.InternalServerError):
        noxus.call(mode, server.url, "public_get_run_by_id", RUN_ID, client={"max_retries": 7})

    ceilings = [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert len(clock.sleeps) == len(ceilings) == len(server.seen) - 1
    assert all(0.75 * ceiling <= slept <= ceiling for slept, ceiling in zip(clock.sleeps, ceilings, strict=True)), clock.sleeps


def test_retry_after_beyond_the_cap_is_not_waited_for(server: FaultServer, noxus: Provider, mode: str) -> None:
    server.script(json_reply({"detail": "come back in an hour"}, 429, Retry_After="3600"))

    with pytest.raises(noxus.errors.RateLimitError) as caught:
        noxus.call(mode, server.url, "public_get_run_by_id", RUN_ID)

    assert len(server.seen) == 1  # raised at once, so the caller decides, rather than sleeping an hour
    assert caught.value.status_code == 429
    assert caught.value.response.headers["retry-after"] == "3600"
    assert caught.value.body == {"detail": "come back in an hour"}


def test_reply_slower_than_the_client_timeout_raises_timeout_after_the_retries(
    server: FaultServer, noxus: Provider, mode: str
) -> None:
    server.script(Reply(body=noxus_run(), delay=1.5))

    with pytest.raises(noxus.errors.APITimeoutError) as caught:
        noxus.call(mode, server.url, "public_get_run_by_id", RUN_ID, client={"timeout": 0.2, "max_retries": 1})

    assert len(server.seen) == 2  # the first try and one retry
    assert "timed out after 2 attempts" in str(caught.value)
    assert "read timeout 0.2s" in str(caught.value)
    assert isinstance(caught.value, noxus.errors.APIConnectionError)


def test_per_call_timeout_overrides_the_client_default(server: FaultServer, noxus: Provider, mode: str) -> None:
    server.script(Reply(body=noxus_run(), delay=0.5))

    run = noxus.call(mode, server.url, "public_get_run_by_id", RUN_ID, client={"timeout": 0.1, "max_retries": 0}, timeout=10.0)
    assert str(run.id) == RUN_ID

    with pytest.raises(noxus.errors.APITimeoutError):
        noxus.call(mode, server.url, "public_get_run_by_id", RUN_ID, client={"max_retries": 0}, timeout=0.1)


def test_connection_reset_is_retried(server: FaultServer, noxus: Provider, mode: str) -> None:
    server.script(Reply(reset=True), json_reply(noxus_run()))

    run = noxus.call(mode, server.url, "public_get_run_by_id", RUN_ID)

    assert str(run.id) == RUN_ID
    assert len(server.seen) == 2


def test_connection_reset_every_time_raises_connection_error(server: FaultServer, noxus: Provider, mode: str) -> None:
    server.script(Reply(reset=True))

    with pytest.raises(noxus.errors.APIConnectionError) as caught:
        noxus.call(mode, server.url, "public_get_run_by_id", RUN_ID, client={"max_retries": 1})

    assert not isinstance(caught.value, noxus.errors.APITimeoutError)
    assert len(server.seen) == 2
    assert str(caught.value).startswith(f"GET {server.url}/v1/runs/{RUN_ID} failed after 2 attempts")


def test_malformed_json_in_a_200_raises_response_validation_error_keeping_the_text(
    server: FaultServer, noxus: Provider, mode: str
) -> None:
    broken = '{"id": "' + RUN_ID + '", "status": "compl'
    server.script(Reply(body=broken))

    with pytest.raises(noxus.errors.ResponseValidationError) as caught:
        noxus.call(mode, server.url, "public_get_run_by_id", RUN_ID)

    assert caught.value.response.text == broken
    assert caught.value.response.status_code == 200
    assert "the body is not valid JSON" in str(caught.value)
    assert len(server.seen) == 1  # a bad body is not retried: it would come back the same


def test_noxus_422_raises_unprocessable_entity_with_a_parsed_validation_error(
    server: FaultServer, noxus: Provider, mode: str
) -> None:
    detail = [{"loc": ["path", "run_id"], "msg": "value is not a valid uuid", "type": "type_error.uuid"}]
    server.script(json_reply({"detail": detail}, 422))

    with pytest.raises(noxus.errors.UnprocessableEntityError) as caught:
        noxus.call(mode, server.url, "public_get_run_by_id", "not-a-uuid")

    body = caught.value.body
    assert isinstance(body, noxus.models.HTTPValidationError)
    assert body.detail is not None
    assert body.detail[0].loc == ["path", "run_id"]
    assert body.detail[0].msg == "value is not a valid uuid"
    assert caught.value.status_code == 422
    assert len(server.seen) == 1


def test_algolia_400_raises_bad_request_with_a_parsed_error_base(server: FaultServer, algolia: Provider, mode: str) -> None:
    server.script(json_reply({"message": "Invalid runID"}, 400))

    with pytest.raises(algolia.errors.BadRequestError) as caught:
        algolia.call(mode, server.url, "get_run", "nope")

    assert isinstance(caught.value.body, algolia.models.ErrorBase)
    assert caught.value.body.message == "Invalid runID"


def test_unknown_enum_value_and_field_are_parsed_kept_and_round_trip(server: FaultServer, noxus: Provider, mode: str) -> None:
    sent = noxus_run(
        status="paused_for_review",
        review={"reviewer": "ana", "due": "2026-12-01T00:00:00.000+01:00"},
        started_at="2026-11-20T09:15:01.250+00:00",
    )
    server.script(json_reply(sent))

    run = noxus.call(mode, server.url, "public_get_run_by_id", RUN_ID)

    assert run.status == "paused_for_review"
    assert not isinstance(run.status, noxus.models.RunStatus)
    assert run.model_extra == {"review": {"reviewer": "ana", "due": "2026-12-01T00:00:00.000+01:00"}}
    assert run.started_at is not None and run.started_at.microsecond == 250_000
    dumped = run.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert dumped == sent
    assert json.loads(run.model_dump_json(by_alias=True, exclude_unset=True)) == sent


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({k: v for k, v in noxus_run().items() if k != "created_at"}, "created_at: Field required"),
        (noxus_run(progress="100"), "progress: Input should be a valid integer"),
        (noxus_run(status=7), "status"),
    ],
    ids=["missing-required", "string-for-integer", "number-for-enum"],
)
def test_a_2xx_body_that_breaks_the_schema_names_the_field(
    server: FaultServer, noxus: Provider, mode: str, body: dict[str, Any], where: str
) -> None:
    server.script(json_reply(body))

    with pytest.raises(noxus.errors.ResponseValidationError) as caught:
        noxus.call(mode, server.url, "public_get_run_by_id", RUN_ID)

    assert where in str(caught.value)
    assert any(error.startswith(where.split(":")[0]) for error in caught.value.errors)
    assert json.loads(caught.value.response.text) == body


@pytest.mark.parametrize(
    ("client", "call", "expected"),
    [
        ({}, {}, {"connect": 10.0, "read": 60.0, "write": 60.0, "pool": 60.0}),
        ({"timeout": 20.0}, {}, {"connect": 20.0, "read": 20.0, "write": 20.0, "pool": 20.0}),
        ({"timeout": 20.0}, {"timeout": lambda http: http.Timeout(5.0, connect=1.0)}, {"connect": 1.0, "read": 5.0, "write": 5.0, "pool": 5.0}),
        ({"timeout": 20.0}, {"timeout": None}, {"connect": None, "read": None, "write": None, "pool": None}),
        ({"timeout": None}, {}, {"connect": None, "read": None, "write": None, "pool": None}),
    ],
    ids=["default", "client", "per-call", "per-call-none", "client-none"],
)
def test_the_timeout_each_request_is_sent_with(
    server: FaultServer, noxus: Provider, mode: str, client: dict[str, Any], call: dict[str, Any], expected: dict[str, Any]
) -> None:
    server.script(json_reply(noxus_run()))
    call = {key: value(noxus.http) if callable(value) else value for key, value in call.items()}  # the library's own Timeout

    raw = noxus.call(mode, server.url, "public_get_run_by_id", RUN_ID, client=client, raw=True, **call)

    assert raw.http_response.request.extensions["timeout"] == expected
