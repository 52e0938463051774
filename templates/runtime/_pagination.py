"""Paged results: a list operation that pages through its results by itself, sync and async.

A paged call is a plain call whose result is made into a :class:`Page`: each page is one
request through the client's ``_request`` (so retries, timeouts, logging and errors hold per
page), with the first call's arguments and options, only the paging parameter changed (or, for a
next URL, the URL). :class:`Paging` decides, from one page's response, what the next request is
or that there is none; :class:`Page` and :class:`AsyncPage` only fetch.

Paths are JSONPath-like, on the response body's wire names: ``$`` (the body), dotted names,
``[0]`` and ``[-1]``; ``header:Link`` reads an RFC 8288 ``Link: <...>; rel="next"`` header.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import AsyncIterator, Awaitable, Generator, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

import pydantic

from ._endpoint import Endpoint
from ._errors import APIError
from ._http import httpx
from ._raw import async_raw_response, capture, raw_response
from ._types import RequestOptions
from ._unread import then

if TYPE_CHECKING:
    from ._client import AsyncClient, BaseClient, SyncClient

Item = TypeVar("Item")
Response = TypeVar("Response")
Style = Literal["cursor", "offset", "page", "next_url"]
_PART = re.compile(r"\.([^.\[\]]+)|\[(-?\d+)\]")
_MISSING = object()


class PaginationError(APIError):
    """Paging cannot go on safely: the server sent a cursor or next URL it had sent before (which
    would loop forever), or a next URL on another host than the client's base URL (where the
    client's credentials must not go)."""


def parse_path(path: str) -> tuple[str | int, ...]:
    """``"$.data[-1].id"`` -> ``("data", -1, "id")``; ``"$"`` -> ``()``."""
    if not path.startswith("$"):
        raise ValueError(f"a path starts with $, not {path!r}")
    parts: list[str | int] = []
    position = 1
    while position < len(path):
        match = _PART.match(path, position)
        if match is None:
            raise ValueError(f"{path!r}: expected .name, [0] or [-1] at {path[position:]!r}")
        parts.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
        position = match.end()
    return tuple(parts)


def _walk(value: Any, path: str) -> Any:
    """The value at ``path`` in plain JSON data or a model (wire names); ``_MISSING`` if absent."""
    for part in parse_path(path):
        if isinstance(part, int):
            if not isinstance(value, (list, tuple)) or not -len(value) <= part < len(value):
                return _MISSING
            value = value[part]
        elif isinstance(value, Mapping):
            value = value.get(part, _MISSING)
        elif isinstance(value, pydantic.BaseModel):
            value = _field(value, part)
        else:
            return _MISSING
        if value is _MISSING:
            return _MISSING
    return value


def _field(model: pydantic.BaseModel, wire: str) -> Any:
    for name, info in type(model).model_fields.items():
        if (info.alias or name) == wire:
            return getattr(model, name)
    extra = model.model_extra or {}
    return extra.get(wire, _MISSING)


@dataclass(frozen=True)
class Call:
    """One page's request: the method's arguments, and a next URL once the server gave one."""

    path: Mapping[str, Any]
    query: Mapping[str, Any]
    headers: Mapping[str, Any]
    cookies: Mapping[str, Any]
    body: Any
    url: str | None = None
    seen: frozenset[str] = frozenset()  # every cursor or next URL sent so far (the repeat guard)


@dataclass(frozen=True)
class Paging(Generic[Item, Response]):
    """How one operation pages: where its items are, and which parameter (or URL) moves on.

    ``param`` is the query parameter that moves on (cursor, offset or page number); ``limit`` the
    page size parameter (``limit`` of offset, ``size`` of page); ``next`` where the next cursor or
    URL is; ``has_more`` a boolean that says whether there is more; ``total`` the item count
    (offset) or page count (page) in the body; ``start`` the first page's number.
    """

    endpoint: Endpoint[Response]
    style: Style
    items: str
    param: str = ""
    next: str = ""
    has_more: str = ""
    limit: str = ""
    total: str = ""
    start: int = 1

    # --- what the client calls ---------------------------------------------------------------

    def first(
        self,
        client: SyncClient,
        *,
        path: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        cookies: Mapping[str, Any] | None = None,
        body: Any = None,
        options: RequestOptions,
    ) -> Page[Item, Response]:
        """The first page, fetched now."""
        call = Call(path or {}, _given(query), headers or {}, cookies or {}, body)
        return Page._fetch(self, client, call, options)

    def paginate(
        self,
        client: AsyncClient,
        *,
        path: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        cookies: Mapping[str, Any] | None = None,
        body: Any = None,
        options: RequestOptions,
    ) -> AsyncPaginator[Item, Response]:
        """Nothing is sent until the paginator is awaited (the first page) or iterated (items)."""
        call = Call(path or {}, _given(query), headers or {}, cookies or {}, body)
        return AsyncPaginator(self, client, call, options)

    # --- deciding the next request -----------------------------------------------------------

    def items_of(self, result: Response) -> list[Item]:
        found = _walk(result, self.items)
        return list(found) if isinstance(found, (list, tuple)) else []

    def next_call(
        self, client: BaseClient, call: Call, items: list[Item], response: httpx.Response
    ) -> Call | PaginationError | None:
        """The next page's request; ``None`` when this was the last page; a :class:`PaginationError`
        (to raise when the next page is asked for) when going on would be unsafe."""
        where = f"{client._config.client_name}.{self.endpoint.operation}"
        if self.style == "offset":
            return self._next_offset(call, items, response)
        if self.style == "page":
            return self._next_page(call, items, response)
        if self.style == "cursor":
            body = _json(response)
            if self.has_more and _walk(body, self.has_more) is False:
                return None
            cursor = _walk(body, self.next)
            if (
                cursor is _MISSING
                or cursor is None
                or cursor == ""
                or isinstance(cursor, (dict, list))
            ):
                return None
            text = cursor if isinstance(cursor, str) else json.dumps(cursor)
            if text in call.seen:
                return PaginationError(
                    f"{where}: the server sent the cursor {text!r} again; stopped instead of looping forever",
                    request=response.request,
                )
            return replace(call, query={**call.query, self.param: cursor}, seen=call.seen | {text})
        return self._next_url(client, where, call, response)

    def _next_offset(self, call: Call, items: list[Item], response: httpx.Response) -> Call | None:
        limit = call.query.get(self.limit) if self.limit else None
        if not items or (isinstance(limit, int) and len(items) < limit):
            return None
        offset = _number(call.query.get(self.param), 0) + len(items)
        total = _walk(_json(response), self.total) if self.total else _MISSING
        if isinstance(total, int) and not isinstance(total, bool) and offset >= total:
            return None
        return replace(call, query={**call.query, self.param: offset})

    def _next_page(self, call: Call, items: list[Item], response: httpx.Response) -> Call | None:
        if not items:
            return None
        page = _number(call.query.get(self.param), self.start) + 1
        pages = _walk(_json(response), self.total) if self.total else _MISSING
        if isinstance(pages, int) and not isinstance(pages, bool) and page >= self.start + pages:
            return None
        return replace(call, query={**call.query, self.param: page})

    def _next_url(
        self, client: BaseClient, where: str, call: Call, response: httpx.Response
    ) -> Call | PaginationError | None:
        if self.next.lower() == "header:link":
            found: Any = response.links.get("next", {}).get("url")
        else:
            found = _walk(_json(response), self.next)
        if not isinstance(found, str) or not found.strip():
            return None
        url = response.request.url.join(found.strip())
        base = client._config.base_url
        if (url.scheme, url.host, url.port) != (base.scheme, base.host, base.port):
            return PaginationError(
                f"{where}: the next page's URL {client._redactor.url(url)!r} is not on the client's base URL "
                f"{client._redactor.url(base)!r} (scheme, host and port); not followed, so no credentials leave",
                request=response.request,
            )
        text = str(url)
        if text in call.seen or text == str(response.request.url):
            return PaginationError(
                f"{where}: the server sent the next URL {client._redactor.url(url)!r} again; stopped instead of looping forever",
                request=response.request,
            )
        return replace(call, url=text, seen=call.seen | {text})


class _Page(Generic[Item, Response]):
    """What a page is, sync or async: its items, its whole response, and the way on."""

    _client: BaseClient

    def __init__(
        self,
        paging: Paging[Item, Response],
        client: Any,
        call: Call,
        options: RequestOptions,
        response: Response,
        http_response: httpx.Response,
    ) -> None:
        self._paging, self._client, self._options = paging, client, options
        self.response: Response = response
        """This page's whole response, as the operation's plain method would return it."""
        self.http_response = http_response
        self.items: list[Item] = paging.items_of(response)
        """This page's items."""
        self._next = paging.next_call(client, call, self.items, http_response)

    def has_next_page(self) -> bool:
        return self._next is not None

    def _following(self) -> Call | None:
        """The next page's request; raises :class:`PaginationError` when going on is unsafe."""
        if isinstance(self._next, PaginationError):
            raise self._next
        return self._next

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({len(self.items)} items, has_next_page={self.has_next_page()})"
        )


def _request_arguments(call: Call, options: RequestOptions) -> dict[str, Any]:
    """The client's ``_request`` arguments for one page: a next URL replaces path and query."""
    return {
        "path": call.path,
        "query": call.query if call.url is None else {},
        "headers": call.headers,
        "cookies": call.cookies,
        "body": call.body,
        "options": options,
        "url": call.url,
    }


class Page(_Page[Item, Response]):
    """One page of a list operation: its items and whole typed response, and the way on.

    Iterating a page yields every item from this page on, fetching the next pages as needed.
    """

    _client: SyncClient

    @classmethod
    def _fetch(
        cls, paging: Paging[Item, Response], client: SyncClient, call: Call, options: RequestOptions
    ) -> Page[Item, Response]:
        raw = raw_response(client._request)(paging.endpoint, **_request_arguments(call, options))
        capture(raw.http_response)  # a with_raw_response call around this one sees the page too
        # inside with_streaming_response, made once parse() has read the body
        return then(
            raw.parsed, lambda parsed: cls(paging, client, call, options, parsed, raw.http_response)
        )

    def next_page(self) -> Page[Item, Response] | None:
        """The next page, fetched now; ``None`` after the last. Raises :class:`PaginationError`
        when the server's way on is unsafe (a repeated cursor or URL, another host)."""
        following = self._following()
        if following is None:
            return None
        return Page._fetch(self._paging, self._client, following, self._options)

    def iter_pages(self) -> Iterator[Page[Item, Response]]:
        """This page and every page after it."""
        page: Page[Item, Response] | None = self
        while page is not None:
            yield page
            page = page.next_page()

    def __iter__(self) -> Iterator[Item]:
        for page in self.iter_pages():
            yield from page.items


class AsyncPage(_Page[Item, Response]):
    """One page of a list operation on an async client; ``async for`` yields every item from
    this page on, fetching the next pages as needed."""

    _client: AsyncClient

    @classmethod
    async def _fetch(
        cls,
        paging: Paging[Item, Response],
        client: AsyncClient,
        call: Call,
        options: RequestOptions,
    ) -> AsyncPage[Item, Response]:
        request = async_raw_response(client._request)
        raw = await request(paging.endpoint, **_request_arguments(call, options))
        capture(raw.http_response)
        return then(
            raw.parsed, lambda parsed: cls(paging, client, call, options, parsed, raw.http_response)
        )

    async def next_page(self) -> AsyncPage[Item, Response] | None:
        """The next page, fetched now; ``None`` after the last. Raises :class:`PaginationError`
        when the server's way on is unsafe (a repeated cursor or URL, another host)."""
        following = self._following()
        if following is None:
            return None
        return await AsyncPage._fetch(self._paging, self._client, following, self._options)

    async def iter_pages(self) -> AsyncIterator[AsyncPage[Item, Response]]:
        """This page and every page after it."""
        page: AsyncPage[Item, Response] | None = self
        while page is not None:
            yield page
            page = await page.next_page()

    async def __aiter__(self) -> AsyncIterator[Item]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item


@dataclass
class AsyncPaginator(Generic[Item, Response]):
    """What a paged operation of an async client returns, before anything is sent:
    ``await`` it for the first page, or ``async for`` over it for every item."""

    _paging: Paging[Item, Response]
    _client: AsyncClient
    _call: Call
    _options: RequestOptions = field(default_factory=lambda: RequestOptions())

    def _first(self) -> Awaitable[AsyncPage[Item, Response]]:
        return AsyncPage._fetch(self._paging, self._client, self._call, self._options)

    def __await__(self) -> Generator[Any, None, AsyncPage[Item, Response]]:
        return self._first().__await__()

    async def __aiter__(self) -> AsyncIterator[Item]:
        page = await self._first()
        async for item in page:
            yield item

    async def iter_pages(self) -> AsyncIterator[AsyncPage[Item, Response]]:
        """Every page, the first fetched when iteration starts."""
        page = await self._first()
        async for each in page.iter_pages():
            yield each


def _given(query: Mapping[str, Any] | None) -> dict[str, Any]:
    """The query without the arguments left at None (which are not sent either)."""
    return {key: value for key, value in (query or {}).items() if value is not None}


def _number(value: Any, default: int) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    with contextlib.suppress(TypeError, ValueError):
        return int(value)
    return default


def _json(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content)
    except ValueError:
        return None
