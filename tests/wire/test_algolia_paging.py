"""The seed provider pages: Algolia Ingestion's list_runs and list_events (declared in
pyproject.toml: page numbers from 1, itemsPerPage, pagination.nbPages) list every run and event
across pages, sync and async, on both HTTP libraries, against a server that pages as Algolia does."""

from __future__ import annotations

import asyncio
import math
from typing import Any

from .conftest import Provider
from .faultserver import FaultServer, Reply, Seen, json_reply

RUN_ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
RUNS = [
    {"runID": f"run-{n}", "appID": "APP", "taskID": "task-1", "status": "finished", "outcome": "success", "type": "reindex",
     "createdAt": "2024-05-01T10:00:00Z"}
    for n in range(5)
]  # fmt: skip
EVENTS = [
    {"eventID": f"event-{n}", "runID": RUN_ID, "status": "succeeded", "type": "record", "batchSize": 10,
     "publishedAt": "2024-05-01T10:00:00Z"}
    for n in range(4)
]  # fmt: skip
WINDOW = {"startDate": "2024-05-01T00:00:00Z", "endDate": "2024-05-02T00:00:00Z"}


def algolia_pages(seen: Seen) -> Reply:
    query = dict(seen.query)
    page, size = int(query.get("page") or 1), int(query.get("itemsPerPage") or 10)
    listed, key = (RUNS, "runs") if seen.path == "/1/runs" else (EVENTS, "events")
    pagination = {"nbPages": max(math.ceil(len(listed) / size), 1), "page": page, "nbItems": len(listed), "itemsPerPage": size}
    return json_reply({key: listed[(page - 1) * size : page * size], "pagination": pagination, "window": WINDOW})


def listed(algolia: Provider, mode: str, server: FaultServer, operation: str, *args: Any, **kwargs: Any) -> list[Any]:
    client = algolia.make(mode, server.url)
    if mode == "sync":
        with client:
            return list(getattr(client, operation)(*args, **kwargs))

    async def go() -> list[Any]:
        async with client:
            return [item async for item in getattr(client, operation)(*args, **kwargs)]

    return asyncio.run(go())


def test_list_runs_lists_every_run_across_pages(algolia: Provider, mode: str, server: FaultServer) -> None:
    server.script(Reply(respond=algolia_pages))
    runs = listed(algolia, mode, server, "list_runs", task_id="task-1", items_per_page=2)
    assert [run.run_id for run in runs] == [f"run-{n}" for n in range(5)]
    assert all(isinstance(run, algolia.models.Run) for run in runs)
    assert [dict(seen.query).get("page") for seen in server.seen] == [None, "2", "3"]  # 3 pages of 2: nbPages stops it
    assert all(("taskID", "task-1") in seen.query and ("itemsPerPage", "2") in seen.query for seen in server.seen)
    assert all(seen.headers["x-algolia-api-key"] == "algolia-secret-key" for seen in server.seen)


def test_list_events_lists_every_event_of_a_run(algolia: Provider, mode: str, server: FaultServer) -> None:
    server.script(Reply(respond=algolia_pages))
    events = listed(algolia, mode, server, "list_events", RUN_ID, items_per_page=3)
    assert [event.event_id for event in events] == [f"event-{n}" for n in range(4)]
    assert {seen.path for seen in server.seen} == {f"/1/runs/{RUN_ID}/events"}
    assert len(server.seen) == 2


def test_the_first_page_and_its_response(algolia: Provider, server: FaultServer) -> None:
    server.script(Reply(respond=algolia_pages))
    with algolia.make("sync", server.url) as client:
        page = client.list_runs(items_per_page=4)
        assert [run.run_id for run in page.items] == ["run-0", "run-1", "run-2", "run-3"]
        assert page.response.pagination.nb_pages == 2 and page.has_next_page()
        last = page.next_page()
        assert last is not None and [run.run_id for run in last.items] == ["run-4"] and not last.has_next_page()
