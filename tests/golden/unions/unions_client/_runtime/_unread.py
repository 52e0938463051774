"""Responses left unread: ``client.with_streaming_response.<method>(...)`` is a context manager
giving the response of any operation with its body not yet read, to read in pieces (a large
download) or whole.

The wrapped method runs unchanged through the client's request cycle (retries and status errors
as usual); a context variable asks the client to leave a successful body unread
(:func:`unread_if_asked`), and the response is taken where :mod:`._raw` takes it for
``with_raw_response``. One implementation serves every operation, sync and async.
"""

from __future__ import annotations

import contextvars
import dataclasses
import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from types import TracebackType
from typing import Any, ParamSpec, TypeVar

from ._endpoint import Endpoint
from ._http import httpx
from ._raw import _capture
from ._streaming import StreamDecoder

T = TypeVar("T")
P = ParamSpec("P")

_unread: contextvars.ContextVar[bool] = contextvars.ContextVar("unread", default=False)


class _UnreadDecoder(StreamDecoder):
    """Leaves a successful body unread for ``with_streaming_response``, whatever the operation
    returns otherwise."""

    def __init__(self) -> None:
        super().__init__(Any, "jsonl")


_UNREAD = _UnreadDecoder()


def unread_if_asked(endpoint: Endpoint[T]) -> Endpoint[T]:
    """``endpoint``, or, inside ``with_streaming_response``, the same one with its body left unread."""
    if not _unread.get():
        return endpoint
    return dataclasses.replace(endpoint, result=_UNREAD)


class StreamResponse:
    """A response whose body has not been read: read it in pieces (:meth:`iter_bytes`,
    :meth:`iter_lines`) or whole (:meth:`read`). Closed when its ``with`` block ends."""

    def __init__(self, response: httpx.Response) -> None:
        self.http_response = response

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body in pieces as they arrive (of ``chunk_size`` bytes, if given), decompressed."""
        return self.http_response.iter_bytes(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        """The body as text, line by line (without the line ends)."""
        return self.http_response.iter_lines()

    def read(self) -> bytes:
        """The whole body."""
        return self.http_response.read()

    def close(self) -> None:
        self.http_response.close()


class AsyncStreamResponse:
    """A response whose body has not been read: ``async for`` :meth:`iter_bytes` or
    :meth:`iter_lines`, or ``await`` :meth:`read`. Closed when its ``async with`` block ends."""

    def __init__(self, response: httpx.Response) -> None:
        self.http_response = response

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The body in pieces as they arrive (of ``chunk_size`` bytes, if given), decompressed."""
        return self.http_response.aiter_bytes(chunk_size)

    def iter_lines(self) -> AsyncIterator[str]:
        """The body as text, line by line (without the line ends)."""
        return self.http_response.aiter_lines()

    async def read(self) -> bytes:
        """The whole body."""
        return await self.http_response.aread()

    async def close(self) -> None:
        await self.http_response.aclose()


class StreamingCall:
    """The context manager ``client.with_streaming_response.<method>(...)`` returns: the call is
    made on entering (errors raised as usual), the response is closed on leaving."""

    def __init__(self, call: Callable[[], object]) -> None:
        self._call = call
        self._response: StreamResponse | None = None

    def __enter__(self) -> StreamResponse:
        self._response = StreamResponse(_unread_response(self._call))
        return self._response

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._response is not None:
            self._response.close()


class AsyncStreamingCall:
    """The async context manager ``client.with_streaming_response.<method>(...)`` returns on an
    async client: the call is made on entering, the response is closed on leaving."""

    def __init__(self, call: Callable[[], Awaitable[object]]) -> None:
        self._call = call
        self._response: AsyncStreamResponse | None = None

    async def __aenter__(self) -> AsyncStreamResponse:
        slot: list[httpx.Response] = []
        token, unread = _capture.set(slot), _unread.set(True)
        try:
            await self._call()
        finally:
            _unread.reset(unread)
            _capture.reset(token)
        self._response = AsyncStreamResponse(slot[-1])
        return self._response

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._response is not None:
            await self._response.close()


def _unread_response(call: Callable[[], object]) -> httpx.Response:
    slot: list[httpx.Response] = []
    token, unread = _capture.set(slot), _unread.set(True)
    try:
        call()
    finally:
        _unread.reset(unread)
        _capture.reset(token)
    return slot[-1]


def streaming_response(method: Callable[P, object]) -> Callable[P, StreamingCall]:
    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> StreamingCall:
        return StreamingCall(lambda: method(*args, **kwargs))

    return wrapper


def async_streaming_response(
    method: Callable[P, Awaitable[object]],
) -> Callable[P, AsyncStreamingCall]:
    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> AsyncStreamingCall:
        return AsyncStreamingCall(lambda: method(*args, **kwargs))

    return wrapper
