"""Responses left unread: ``client.with_streaming_response.<method>(...)`` is a context manager
giving the response of any operation with its body not yet read, to read in pieces (a large
download) or whole, or to :meth:`~StreamResponse.parse` into what the method returns.

The wrapped method runs unchanged through the client's request cycle (retries and status errors
as usual); a context variable (:func:`left_unread`) asks the client to send for the response with
its body unread and to hand back, in place of a decoded result, an :class:`Unread` that decodes it
once ``parse()`` has read the body. A streamed result (a :class:`Stream`) is made as usual, over the
unread body. The response is taken where :mod:`._raw` takes it for ``with_raw_response``. One
implementation serves every operation, sync and async.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from types import TracebackType
from typing import Any, Generic, ParamSpec, cast

from typing_extensions import TypeVar

from ._http import httpx
from ._raw import ResponseView, capturing
from ._streaming import AsyncStream, Stream

# defaults to Any: a bare `StreamResponse` annotation (before it was generic) stays valid
T = TypeVar("T", default=Any)
U = TypeVar("U")
P = ParamSpec("P")

_unread: contextvars.ContextVar[bool] = contextvars.ContextVar("unread", default=False)


def left_unread() -> bool:
    """Whether the call being made is inside ``with_streaming_response``: its success's body is
    left unread, and its result made when ``parse()`` reads it."""
    return _unread.get()


class Unread(Generic[T]):
    """A result not made yet: what the client's request cycle returns inside
    ``with_streaming_response`` for a success that is not streamed. ``make()`` decodes it (and
    whatever the method makes of it: a page) once the body has been read."""

    def __init__(self, make: Callable[[], T]) -> None:
        self.make = make

    def then(self, step: Callable[[T], U]) -> Unread[U]:
        return Unread(lambda: step(self.make()))


def then(result: T, step: Callable[[T], U]) -> U:
    """``step(result)``, now, or once the body is read where ``result`` is :class:`Unread`."""
    if isinstance(result, Unread):
        return cast(U, result.then(step))
    return step(result)


class StreamResponse(ResponseView, Generic[T]):
    """A response whose body has not been read: read it in pieces (:meth:`iter_bytes`,
    :meth:`iter_lines`), whole (:meth:`read`), or :meth:`parse` it into the method's result.
    Closed when its ``with`` block ends."""

    def __init__(self, response: httpx.Response, result: T | Unread[T]) -> None:
        self.http_response = response
        self._result = result

    def parse(self) -> T:
        """What the method returns: its model (or page), read and decoded now; or, for a streamed
        method, its :class:`Stream` over the unread body, read as it is iterated. The same object
        each call."""
        if isinstance(self._result, Unread):
            self.http_response.read()
            self._result = cast(Unread[T], self._result).make()
        return self._result

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
        if isinstance(self._result, Stream):
            self._result.close()
        self.http_response.close()


class AsyncStreamResponse(ResponseView, Generic[T]):
    """A response whose body has not been read: ``async for`` :meth:`iter_bytes` or
    :meth:`iter_lines`, ``await`` :meth:`read`, or ``await`` :meth:`parse` for the method's result.
    Closed when its ``async with`` block ends."""

    def __init__(self, response: httpx.Response, result: T | Unread[T]) -> None:
        self.http_response = response
        self._result = result

    async def parse(self) -> T:
        """What the method returns: its model (or page), read and decoded now; or, for a streamed
        method, its :class:`AsyncStream` over the unread body, read as it is iterated. The same
        object each call."""
        if isinstance(self._result, Unread):
            await self.http_response.aread()
            self._result = cast(Unread[T], self._result).make()
        return self._result

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
        if isinstance(self._result, AsyncStream):
            await self._result.close()
        await self.http_response.aclose()


@contextlib.contextmanager
def _asking() -> Iterator[list[httpx.Response]]:
    """Inside: calls leave a success's body unread, and the responses are taken into the list."""
    with capturing() as slot:
        unread = _unread.set(True)
        try:
            yield slot
        finally:
            _unread.reset(unread)


class StreamingCall(Generic[T]):
    """The context manager ``client.with_streaming_response.<method>(...)`` returns: the call is
    made on entering (errors raised as usual), the response is closed on leaving."""

    def __init__(self, call: Callable[[], T]) -> None:
        self._call = call
        self._response: StreamResponse[T] | None = None

    def __enter__(self) -> StreamResponse[T]:
        with _asking() as slot:
            result = self._call()
        self._response = StreamResponse(slot[-1], result)
        return self._response

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._response is not None:
            self._response.close()


class AsyncStreamingCall(Generic[T]):
    """The async context manager ``client.with_streaming_response.<method>(...)`` returns on an
    async client: the call is made on entering, the response is closed on leaving."""

    def __init__(self, call: Callable[[], Awaitable[T]]) -> None:
        self._call = call
        self._response: AsyncStreamResponse[T] | None = None

    async def __aenter__(self) -> AsyncStreamResponse[T]:
        with _asking() as slot:
            result = await self._call()
        self._response = AsyncStreamResponse(slot[-1], result)
        return self._response

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._response is not None:
            await self._response.close()


def streaming_response(method: Callable[P, T]) -> Callable[P, StreamingCall[T]]:
    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> StreamingCall[T]:
        return StreamingCall(lambda: method(*args, **kwargs))

    return wrapper


def async_streaming_response(
    method: Callable[P, Awaitable[T]],
) -> Callable[P, AsyncStreamingCall[T]]:
    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> AsyncStreamingCall[T]:
        return AsyncStreamingCall(lambda: method(*args, **kwargs))

    return wrapper
