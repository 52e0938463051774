"""Waiters that a spec declares with x-speakeasy-polling (tests/fixtures/specs/waiters.yaml):
generated as wait_for_<name> with the spec's interval, on a nested field, and on an operation that
returns a list (success when every item is done, failure when any failed)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest

from ..conftest import FIXTURES, generate_package, imported
from .conftest import Provider
from .faultserver import FaultServer, json_reply

SPEC = FIXTURES / "specs" / "waiters.yaml"
SECRET = "builds-secret-key"


@pytest.fixture(scope="session")
def builds(http: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    output = tmp_path_factory.mktemp(f"builds_{http}")
    result = generate_package(SPEC, output, f"builds_client_{http}", http=http)
    assert result.returncode == 0, result.stderr
    with imported(output, f"builds_client_{http}.waiters") as module:
        yield Provider(module, "WaitersClient", {"query_key": SECRET})


def build(state: str, **fields: Any) -> dict[str, Any]:
    return {"id": "b1", "state": state, **fields}


def test_a_polling_extension_gives_a_waiter_with_the_specs_interval(server: FaultServer, builds: Provider, mode: str) -> None:
    server.script(json_reply(build("queued")), json_reply(build("running")), json_reply(build("done")))

    result = builds.call(mode, server.url, "wait_for_done", "b1")

    assert result.state == "done" and len(server.seen) == 3
    arrivals = [s.at for s in server.seen]
    assert arrivals[2] - arrivals[1] >= 0.02 - 0.005  # intervalSeconds: 0.02


def test_a_polling_extension_failure_criteria_raise(server: FaultServer, builds: Provider, mode: str) -> None:
    server.script(json_reply(build("running")), json_reply(build("failed")))
    with pytest.raises(builds.errors.WaiterFailureError) as caught:
        builds.call(mode, server.url, "wait_for_done", "b1")
    assert caught.value.result.state == "failed"


def test_a_nested_field_every_condition_of_a_criterion_must_hold(server: FaultServer, builds: Provider, mode: str) -> None:
    server.script(
        json_reply(build("done", deploy={"phase": "rolling", "healthy": True})),
        json_reply(build("done", deploy={"phase": "live", "healthy": False})),
        json_reply(build("done")),  # no deploy yet: no match
        json_reply(build("done", deploy={"phase": "live", "healthy": True})),
    )
    result = builds.call(mode, server.url, "wait_for_deployed", "b1", interval=0.01, timeout=30)
    assert result.deploy.phase == "live" and len(server.seen) == 4


def test_a_list_succeeds_when_every_item_does(server: FaultServer, builds: Provider, mode: str) -> None:
    server.script(
        json_reply([]),  # nothing yet: keeps waiting
        json_reply([build("done"), build("running")]),
        json_reply([build("done"), build("done")]),
    )
    seen: list[int] = []
    result = builds.call(mode, server.url, "wait_for_all_done", "p1", on_poll=lambda items: seen.append(len(items)))
    assert [b.state for b in result] == ["done", "done"]
    assert seen == [0, 2] and len(server.seen) == 3


def test_a_list_fails_when_any_item_does(server: FaultServer, builds: Provider, mode: str) -> None:
    server.script(json_reply([build("done"), build("failed"), build("running")]))
    with pytest.raises(builds.errors.WaiterFailureError) as caught:
        builds.call(mode, server.url, "wait_for_all_done", "p1")
    assert [b.state for b in caught.value.result] == ["done", "failed", "running"]


def test_a_parameter_named_like_a_waiter_argument_keeps_its_wire_name(server: FaultServer, builds: Provider, mode: str) -> None:
    server.script(json_reply([build("done")]))
    builds.call(mode, server.url, "wait_for_all_done", "p1", interval_="2026-Q4", interval=0.5)
    assert ("interval", "2026-Q4") in server.seen[0].query


def test_the_poll_log_redacts_a_query_credential(
    server: FaultServer, builds: Provider, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    server.script(json_reply(build("running")), json_reply(build("done")))
    with caplog.at_level(logging.DEBUG, logger=builds.package):
        builds.call(mode, server.url, "wait_for_done", "b1")
    polls = [r.getMessage() for r in caplog.records if "wait_for_done: poll" in r.getMessage()]
    assert len(polls) == 2 and all("key=[REDACTED]" in p for p in polls)
    assert not any(SECRET in r.getMessage() for r in caplog.records)
    assert all(s.query == [("key", SECRET)] for s in server.seen)  # while the requests carry it
