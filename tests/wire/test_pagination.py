"""Paged operations against a real loopback server that pages: every style of
tests/wire/specs/pages.toml, sync and async, on both HTTP libraries. Items come in order, none
twice and none missing, in the right number of requests; a retry mid-way repeats only that page;
a cursor or URL sent twice, and a next URL on another host, raise PaginationError."""

from __future__ import annotations

import asyncio
import importlib
import math
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ..conftest import clientgen, imported
from .faultserver import FaultServer, Reply, Seen, json_reply

SPECS = Path(__file__).resolve().parent / "specs"
N = 7  # items on the server
SIZE = 3  # the server's page size when the request names none
ITEMS = [{"id": f"i{n}", "n": n} for n in range(N)]
IDS = [item["id"] for item in ITEMS]


@pytest.fixture(scope="session")
def pages(http: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """``pages_client_HTTP.pages``: tests/wire/specs/pages.yaml with the paging of pages.toml,
    generated as a project (the declarations live in its pyproject.toml)."""
    project = tmp_path_factory.mktemp(f"pages_{http}")
    (project / "specs").mkdir()
    shutil.copy(SPECS / "pages.yaml", project / "specs" / "pages.yaml")
    settings = f'[tool.clientgen]\noutput = "out"\npackage = "pages_client_{http}"\nhttp = "{http}"\n\n'
    (project / "pyproject.toml").write_text(settings + (SPECS / "pages.toml").read_text())
    result = clientgen("generate", cwd=project)
    assert result.returncode == 0, result.stderr
    with imported(project / "out", f"pages_client_{http}.pages") as module:
        yield module


# --- the server ------------------------------------------------------------------------------


@dataclass
class Pager:
    """Answers each style's path from the request, as a paging API does."""

    base: str
    fail: frozenset[int] = frozenset()  # 0-based request numbers answered 503 (then retried)
    count: int = 0
    next_url: Callable[[int, int], str] | None = None  # (start, size) -> the next URL, instead of this server's
    same_cursor: bool = False  # the server sends the same cursor every time
    end: Any = None  # what /cursor-plain sends as the next cursor on its last page

    def __call__(self, seen: Seen) -> Reply:
        number, self.count = self.count, self.count + 1
        if number in self.fail:
            return json_reply({"message": "busy"}, 503, Retry_After="0")
        query = dict(seen.query)
        size = int(query.get("limit") or query.get("per_page") or query.get("size") or SIZE)
        if seen.path.startswith("/cursor"):
            after = query.get("after") or query.get("starting_after")
            start = IDS.index(after) + 1 if after in IDS else 0
            chunk = ITEMS[start : start + size]
            more = start + size < N
            last = "same" if self.same_cursor else (chunk[-1]["id"] if chunk else None)
            if seen.path == "/cursor":  # the next cursor is sent on the last page too: has_more stops it
                return json_reply({"data": chunk, "next": last, "has_more": more})
            if seen.path == "/cursor-plain":
                return json_reply({"data": chunk, "next_cursor": last if more or self.same_cursor else self.end})
            return json_reply({"data": chunk})
        if seen.path.startswith("/offset"):
            offset = int(query.get("offset") or 0)
            chunk = ITEMS[offset : offset + size]
            return json_reply({"items": chunk, "total": N} if seen.path == "/offset" else {"items": chunk})
        if seen.path.startswith("/pages"):
            page = int(query.get("page") or 1)
            chunk = ITEMS[(page - 1) * size : page * size]
            count = {"pagination": {"nbPages": math.ceil(N / size), "page": page}} if seen.path == "/pages" else {}
            return json_reply({"results": chunk, **count})
        start = int(query.get("from") or 0)
        chunk = ITEMS[start : start + size]
        more = start + size < N
        following = (self.next_url or (lambda s, n: f"/{seen.path.strip('/')}?size={n}&from={s}"))(start + size, size)
        if seen.path == "/next":  # relative to the request, as many APIs send it
            return json_reply({"data": chunk, "next": following if more else None})
        absolute = following if "://" in following else self.base + following
        return json_reply(chunk, **({"Link": f'<{absolute}>; rel="next", <{self.base}/link>; rel="first"'} if more else {}))


def serve(server: FaultServer, **options: Any) -> Pager:
    pager = Pager(server.url, **options)
    server.script(Reply(respond=pager))
    return pager


# --- calling, sync and async -------------------------------------------------------------------


def client(pages: ModuleType, mode: str, server: FaultServer, **arguments: Any) -> Any:
    name = "PagesClient" if mode == "sync" else "AsyncPagesClient"
    return getattr(pages, name)(key="page-secret", base_url=server.url, **arguments)


def every_item(pages: ModuleType, mode: str, server: FaultServer, operation: str, **kwargs: Any) -> list[Any]:
    """``for item in client.operation(...)`` (``async for`` on the async client)."""
    made = client(pages, mode, server)
    if mode == "sync":
        with made:
            return list(getattr(made, operation)(**kwargs))

    async def go() -> list[Any]:
        async with made:
            return [item async for item in getattr(made, operation)(**kwargs)]

    return asyncio.run(go())


def every_page(pages: ModuleType, mode: str, server: FaultServer, operation: str, **kwargs: Any) -> list[Any]:
    """The first page, then ``iter_pages()`` from it."""
    made = client(pages, mode, server)
    if mode == "sync":
        with made:
            first = getattr(made, operation)(**kwargs)
            return list(first.iter_pages())

    async def go() -> list[Any]:
        async with made:
            first = await getattr(made, operation)(**kwargs)
            return [page async for page in first.iter_pages()]

    return asyncio.run(go())


# (method, arguments, requests the whole listing takes): 7 items, pages of 3
CASES = [
    pytest.param("list_cursor", {"limit": 3, "tag": "t"}, 3, id="cursor-has_more"),
    pytest.param("list_cursor_plain", {}, 3, id="cursor-without-has_more"),
    pytest.param("list_cursor_items", {}, 4, id="cursor-into-the-items"),  # the empty page has no last item
    pytest.param("list_offset", {}, 3, id="offset-total"),  # 6 + 1 >= total
    pytest.param("list_offset_plain", {"limit": 3}, 3, id="offset-without-total"),  # 1 item < limit
    pytest.param("list_offset_plain", {}, 4, id="offset-without-total-or-limit"),  # until a page is empty
    pytest.param("list_pages", {"per_page": 3}, 3, id="page-count"),
    pytest.param("list_pages_plain", {}, 4, id="page-without-count"),  # until a page is empty
    pytest.param("list_next", {}, 3, id="next-url-in-body"),
    pytest.param("list_link", {}, 3, id="link-header"),
]


@pytest.mark.parametrize(("operation", "arguments", "requests"), CASES)
def test_every_item_once_in_order(
    pages: ModuleType, mode: str, server: FaultServer, operation: str, arguments: dict[str, Any], requests: int
) -> None:
    serve(server)
    items = every_item(pages, mode, server, operation, **arguments, extra_headers={"X-Trace": "t1"})
    assert [item.id for item in items] == IDS
    assert all(isinstance(item, pages.models.Item) for item in items)
    assert len(server.seen) == requests
    # every page repeats the first call's arguments, credentials and options
    for seen in server.seen:
        assert seen.headers["x-key"] == "page-secret"
        assert seen.headers["x-trace"] == "t1"
        assert all((name, str(value)) in seen.query for name, value in arguments.items()) or operation in ("list_next", "list_link")


@pytest.mark.parametrize(("operation", "arguments", "requests"), CASES)
def test_pages_one_by_one(
    pages: ModuleType, mode: str, server: FaultServer, operation: str, arguments: dict[str, Any], requests: int
) -> None:
    serve(server)
    found = every_page(pages, mode, server, operation, **arguments)
    assert len(found) == requests
    assert [item.id for page in found for item in page.items] == IDS
    assert [page.has_next_page() for page in found] == [True] * (requests - 1) + [False]
    first = found[0]
    response_type = type(first.response)
    assert response_type is list or response_type.__module__.endswith(".models")
    assert first.items == (first.response if isinstance(first.response, list) else first.items)


def test_the_page_api_sync(pages: ModuleType, server: FaultServer) -> None:
    serve(server)
    with client(pages, "sync", server) as made:
        page = made.list_pages(per_page=3)
        assert isinstance(page, _package_error(pages, "Page"))
        assert [item.id for item in page.items] == IDS[:3]
        assert page.response.pagination.nb_pages == 3
        second = page.next_page()
        assert second is not None and [item.id for item in second.items] == IDS[3:6]
        third = second.next_page()
        assert third is not None and not third.has_next_page() and third.next_page() is None
        assert [item.id for item in second] == IDS[3:]  # iterating a page: from that page on
    assert [dict(seen.query).get("page") for seen in server.seen] == [None, "2", "3", "3"]


def test_async_the_paginator_and_its_first_page(pages: ModuleType, server: FaultServer) -> None:
    serve(server)

    async def go() -> tuple[list[str], list[str], int]:
        async with client(pages, "async", server) as made:
            paginator = made.list_cursor(limit=3)
            assert len(server.seen) == 0  # nothing is sent before it is awaited or iterated
            page = await paginator
            second = await page.next_page()
            assert second is not None
            listed = [item.id async for item in made.list_cursor(limit=3)]
            pages_of = [p async for p in made.list_cursor(limit=3).iter_pages()]
            return [item.id for item in page.items + second.items], listed, len(pages_of)

    firsts, listed, count = asyncio.run(go())
    assert firsts == IDS[:6]
    assert listed == IDS
    assert count == 3


@pytest.mark.parametrize(("operation", "arguments", "requests"), CASES)
def test_a_retry_mid_way_repeats_only_that_page(
    pages: ModuleType, mode: str, server: FaultServer, operation: str, arguments: dict[str, Any], requests: int
) -> None:
    serve(server, fail=frozenset({1}))  # the second page: 503, then 200
    items = every_item(pages, mode, server, operation, **arguments)
    assert [item.id for item in items] == IDS
    assert len(server.seen) == requests + 1
    assert server.seen[1].path == server.seen[2].path and server.seen[1].query == server.seen[2].query


def test_no_retries_when_the_call_says_so(pages: ModuleType, mode: str, server: FaultServer) -> None:
    """The first call's options hold for every page: max_retries=0 gives up on the second page's 503."""
    serve(server, fail=frozenset({1}))
    with pytest.raises(_package_error(pages, "InternalServerError")):
        every_item(pages, mode, server, "list_offset", max_retries=0)
    assert len(server.seen) == 2


@pytest.mark.parametrize("operation", ["list_cursor", "list_cursor_plain"])
def test_a_cursor_sent_twice_raises(pages: ModuleType, mode: str, server: FaultServer, operation: str) -> None:
    serve(server, same_cursor=True)
    error = _package_error(pages, "PaginationError")
    with pytest.raises(error, match="the server sent the cursor 'same' again; stopped instead of looping forever"):
        every_item(pages, mode, server, operation)
    assert len(server.seen) == 2


@pytest.mark.parametrize("operation", ["list_next", "list_link"])
def test_a_next_url_sent_twice_raises(pages: ModuleType, mode: str, server: FaultServer, operation: str) -> None:
    serve(server, next_url=lambda start, size: f"/{operation.removeprefix('list_')}?size={size}&from=3")
    error = _package_error(pages, "PaginationError")
    with pytest.raises(error, match="again; stopped instead of looping forever"):
        every_item(pages, mode, server, operation)
    assert len(server.seen) == 2


@pytest.mark.parametrize("operation", ["list_next", "list_link"])
@pytest.mark.parametrize("elsewhere", ["http://localhost:{port}", "http://127.0.0.1:{other}", "https://127.0.0.1:{port}"])
def test_a_next_url_on_another_host_is_refused(
    pages: ModuleType, mode: str, server: FaultServer, operation: str, elsewhere: str
) -> None:
    port = int(server.url.rsplit(":", 1)[1])
    target = elsewhere.format(port=port, other=port + 1 if port < 65535 else port - 1)
    serve(server, next_url=lambda start, size: f"{target}/{operation.removeprefix('list_')}?size={size}&from={start}")
    error = _package_error(pages, "PaginationError")
    with pytest.raises(error, match=r"is not on the client's base URL .* not followed, so no credentials leave") as raised:
        every_item(pages, mode, server, operation)
    assert "page-secret" not in str(raised.value)
    assert len(server.seen) == 1  # nothing was sent anywhere else (a request there would fail to connect)
    assert isinstance(raised.value, _package_error(pages, "APIError"))


def test_with_raw_response_gives_the_first_page_and_its_response(pages: ModuleType, server: FaultServer) -> None:
    serve(server)
    with client(pages, "sync", server) as made:
        raw = made.with_raw_response.list_offset(limit=3)
    assert raw.status_code == 200
    assert [item.id for item in raw.parsed.items] == IDS[:3]



def test_with_streaming_response_parse_gives_the_first_page_that_pages_on(pages: ModuleType, mode: str, server: FaultServer) -> None:
    """``response.parse()`` (``await`` on the async client) is the page the plain method returns,
    read from the one response; its next pages are fetched as usual."""
    serve(server)
    made = client(pages, mode, server)
    if mode == "sync":
        with made, made.with_streaming_response.list_offset(limit=3) as response:
            page = response.parse()
            ids = [item.id for item in page]
    else:

        async def go() -> tuple[Any, Any, list[str]]:
            async with made, made.with_streaming_response.list_offset(limit=3) as response:
                page = await response.parse()
                return response, page, [item.id async for item in page]

        response, page, ids = asyncio.run(go())
    assert isinstance(page, _package_error(pages, "Page" if mode == "sync" else "AsyncPage"))
    assert page.http_response is response.http_response and response.http_response.is_closed
    assert [item.id for item in page.items] == IDS[:3] and ids == IDS
    assert len(server.seen) == 3

def _package_error(pages: ModuleType, name: str) -> Any:
    """A class the package the module belongs to exports from its root."""
    return getattr(importlib.import_module(pages.__name__.split(".")[0]), name)


@pytest.mark.parametrize("end", [None, ""], ids=["null", "empty"])
def test_a_null_or_empty_cursor_is_the_end(pages: ModuleType, mode: str, server: FaultServer, end: Any) -> None:
    serve(server, end=end)
    assert [item.id for item in every_item(pages, mode, server, "list_cursor_plain")] == IDS
    assert len(server.seen) == 3
