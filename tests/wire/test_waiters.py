"""wait_for_run on the three providers that declare it (pyproject.toml), sync and async, against a
real server whose run moves through states: what it returns or raises, after how many polls, and
how long it waits between them. Times on the machine's clock are lower bounds only (a sleep is
never shorter than asked); deadlines are tested on the waiter's own clock (tests/wire/clock.py),
where time passes only while it sleeps, so they are exact on a machine of any speed."""

from __future__ import annotations

import copy
import importlib
import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pytest

from ..conftest import seed_example
from .clock import VirtualClock
from .conftest import Provider
from .faultserver import FaultServer, Reply, json_reply

RUN_ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
FAST = 0.01  # seconds between polls where the interval is not what a test looks at
EARLY = 0.005  # an event loop may wake a timer this much early; a gap is at least interval - EARLY


@dataclass(frozen=True)
class Case:
    """A provider with its run as the server sends it, in a waiting, a success and a failure state."""

    provider: Provider
    body: Callable[..., dict[str, Any]]  # the run with these fields replaced
    waiting: tuple[dict[str, Any], ...]  # field values of states that keep the waiter polling
    success: dict[str, Any]
    failure: dict[str, Any]

    def run(self, **fields: Any) -> Reply:
        return json_reply(self.body(**fields))

    def wait(self, mode: str, server: FaultServer, *args: Any, **kwargs: Any) -> Any:
        return self.provider.call(mode, server.url, "wait_for_run", *(args or (RUN_ID,)), **kwargs)


def _with(base: dict[str, Any]) -> Callable[..., dict[str, Any]]:
    return lambda **fields: {**copy.deepcopy(base), **fields}


NOXUS_RUN = {"id": RUN_ID, "group_id": RUN_ID, "workflow_id": RUN_ID, "status": "running", "created_at": "2024-05-01T10:00:00Z"}
ALGOLIA_RUN = {
    "runID": RUN_ID,
    "appID": "APP",
    "taskID": RUN_ID,
    "status": "started",
    "type": "reindex",
    "createdAt": "2024-05-01T10:00:00Z",
}


@pytest.fixture
def nekt(providers: ModuleType) -> Provider:
    module = importlib.import_module(f"{providers.__name__}.nekt")
    return Provider(module, "NektClient", {"api_key_auth": "nekt-secret-key"})


@pytest.fixture(params=["nekt", "noxus", "algolia_ingestion"])
def case(request: pytest.FixtureRequest, nekt: Provider, noxus: Provider, algolia: Provider) -> Case:
    if request.param == "nekt":
        nekt_run = seed_example("001_1395fa5008183b73.txt")
        assert isinstance(nekt_run, dict)
        return Case(
            nekt,
            _with(nekt_run),
            ({"status": "queued"}, {"status": "running"}, {"status": "cancelling"}),
            {"status": "success"},
            {"status": "failed"},
        )
    if request.param == "noxus":
        return Case(
            noxus,
            _with(NOXUS_RUN),
            ({"status": "queued"}, {"status": "running"}, {"status": "awaiting_human_feedback"}),
            {"status": "completed"},
            {"status": "stopped"},
        )
    return Case(
        algolia,
        _with(ALGOLIA_RUN),
        ({"status": "created"}, {"status": "started"}, {"status": "finished"}),
        {"status": "finished", "outcome": "success"},
        {"status": "finished", "outcome": "failure"},
    )


def status(run: Any) -> str:
    return str(getattr(run.status, "value", run.status))


def test_the_result_that_reaches_success_is_returned_after_every_waiting_state(
    server: FaultServer, case: Case, mode: str
) -> None:
    server.script(*(case.run(**w) for w in case.waiting), case.run(**case.success))
    polled: list[str] = []

    run = case.wait(mode, server, interval=FAST, on_poll=lambda r: polled.append(status(r)))

    assert status(run) == case.success["status"]
    assert len(server.seen) == len(case.waiting) + 1
    assert {s.method for s in server.seen} == {"GET"} and all(RUN_ID in s.path for s in server.seen)
    assert polled == [w["status"] for w in case.waiting]  # on_poll: each result that was not terminal, in order


def test_a_failure_state_raises_with_the_result(server: FaultServer, case: Case, mode: str) -> None:
    server.script(case.run(**case.waiting[0]), case.run(**case.failure), case.run(**case.success))
    errors = case.provider.errors

    with pytest.raises(errors.WaiterFailureError) as caught:
        case.wait(mode, server, interval=FAST)

    assert len(server.seen) == 2  # no poll after the failure
    assert status(caught.value.result) == case.failure["status"]
    assert isinstance(caught.value, errors.WaiterError) and isinstance(caught.value, errors.APIError)
    assert "wait_for_run" in str(caught.value) and repr(case.failure["status"]) in str(caught.value)


def test_the_timeout_raises_with_the_last_result_after_a_bounded_number_of_polls(
    server: FaultServer, case: Case, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the waiter's own clock (time passes only while it sleeps), so the count is exact on any
    machine: polls at 0, 0.2 and 0.4 s, the last wait cut to the 0.1 s left, one poll at the deadline."""
    clock = VirtualClock().install(monkeypatch, case.provider.package, "_waiters")
    server.script(case.run(**case.waiting[0]), case.run(**case.waiting[1]))  # the second state then repeats

    with pytest.raises(case.provider.errors.WaiterTimeoutError) as caught:
        case.wait(mode, server, interval=0.2, timeout=0.5)

    error = caught.value
    assert error.attempts == len(server.seen) == 4
    assert clock.sleeps == pytest.approx([0.2, 0.2, 0.1])
    assert status(error.result) == case.waiting[1]["status"]  # the last result
    assert "no terminal state within 0.5s (4 polls of " in str(error)


def test_a_long_retry_after_is_cut_at_the_deadline(server: FaultServer, case: Case, mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Retry-After stretches a wait, but never past the timeout: the waiter sleeps what is left,
    polls once more and gives up, instead of sleeping the hour the server asked for."""
    clock = VirtualClock().install(monkeypatch, case.provider.package, "_waiters")
    server.script(json_reply(case.body(**case.waiting[0]), Retry_After="3600"))

    with pytest.raises(case.provider.errors.WaiterTimeoutError) as caught:
        case.wait(mode, server, interval=1, timeout=30)

    assert clock.sleeps == [30.0]
    assert caught.value.attempts == len(server.seen) == 2


def test_the_interval_is_kept_between_polls(server: FaultServer, case: Case, mode: str) -> None:
    interval = 0.05
    server.script(*(case.run(**w) for w in case.waiting), case.run(**case.success))

    case.wait(mode, server, interval=interval)

    arrivals = [s.at for s in server.seen]
    assert len(arrivals) == len(case.waiting) + 1
    assert all(later - earlier >= interval - EARLY for earlier, later in itertools.pairwise(arrivals))


def test_retry_after_stretches_the_wait(server: FaultServer, case: Case, mode: str) -> None:
    server.script(json_reply(case.body(**case.waiting[0]), Retry_After="0.3"), case.run(**case.success))

    case.wait(mode, server, interval=FAST)

    first, second = server.seen
    assert second.at - first.at >= 0.3 - EARLY


def test_errors_of_a_poll_propagate_after_the_clients_retries(server: FaultServer, case: Case, mode: str) -> None:
    unavailable = Reply(status=503, body={"detail": "busy"}, headers={"Retry-After": "0"})
    server.script(case.run(**case.waiting[0]), unavailable, case.run(**case.success))
    assert status(case.wait(mode, server, interval=FAST)) == case.success["status"]  # retried by the client
    assert len(server.seen) == 3

    server.script(case.run(**case.waiting[0]), unavailable, case.run(**case.success))
    with pytest.raises(case.provider.errors.InternalServerError):
        case.wait(mode, server, interval=FAST, max_retries=0)  # the per-call option reaches each poll
    assert len(server.seen) == 2

    server.script(case.run(**case.waiting[0]), Reply(status=404, body={"detail": "gone"}))
    with pytest.raises(case.provider.errors.NotFoundError):
        case.wait(mode, server, interval=FAST)


def test_request_options_go_with_every_poll(server: FaultServer, case: Case, mode: str) -> None:
    server.script(case.run(**case.waiting[0]), case.run(**case.success))
    case.wait(mode, server, interval=FAST, extra_headers={"X-Trace": "t-1"})
    assert [s.headers.get("x-trace") for s in server.seen] == ["t-1", "t-1"]


def test_polls_are_logged_at_debug_without_credentials(
    server: FaultServer, case: Case, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    server.script(case.run(**case.waiting[0]), case.run(**case.success))
    with caplog.at_level(logging.DEBUG, logger=case.provider.package):
        case.wait(mode, server, interval=FAST)
    polls = [r.getMessage() for r in caplog.records if ".wait_for_run: poll " in r.getMessage()]
    assert len(polls) == 2 and all(r.levelno == logging.DEBUG for r in caplog.records if ".wait_for_run: poll " in r.getMessage())
    assert f"status={case.waiting[0]['status']!r}" in polls[0] and polls[1].endswith("done")
    secrets = [v for v in case.provider.credentials.values() if "secret" in v]
    assert secrets and not any(secret in r.getMessage() for r in caplog.records for secret in secrets)


def test_a_wrong_interval_or_timeout_is_refused_before_polling(server: FaultServer, case: Case, mode: str) -> None:
    server.script(case.run(**case.success))
    for arguments in ({"interval": 0}, {"interval": -1.0}, {"timeout": -1.0}):
        with pytest.raises(ValueError, match="wait_for_run"):
            case.wait(mode, server, **arguments)
    assert server.seen == []


def test_a_zero_timeout_polls_once(server: FaultServer, case: Case, mode: str) -> None:
    server.script(case.run(**case.waiting[0]))
    with pytest.raises(case.provider.errors.WaiterTimeoutError) as caught:
        case.wait(mode, server, timeout=0)
    assert caught.value.attempts == 1 == len(server.seen)
