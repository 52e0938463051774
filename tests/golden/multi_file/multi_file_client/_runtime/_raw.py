"""Raw responses: ``client.with_raw_response.get_run(...)`` returns the parsed result together
with the :class:`httpx.Response` it came from.

The wrapped method runs unchanged; a context variable asks the client to hand over the final
response, so one implementation serves both the plain and the raw call, sync and async.

A raw response is also a context manager (``async with`` on an async client) that closes the
response when its block ends: with ``stream=True`` (or any streamed method) that releases the
connection whether or not the stream in ``.parsed`` was read to its end.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Generic, NoReturn, ParamSpec, TypeVar

from typing_extensions import Self

from ._http import httpx
from ._streaming import AsyncStream, Stream

P = ParamSpec("P")
T = TypeVar("T")

_capture: contextvars.ContextVar[list[httpx.Response] | None] = contextvars.ContextVar(
    "capture", default=None
)


class ResponseView:
    """What every wrapper of a response says of it: the status and the headers."""

    http_response: httpx.Response

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers


@dataclass(frozen=True)
class RawResponse(ResponseView, Generic[T]):
    """What ``client.with_raw_response.<method>(...)`` returns: ``parsed``, what the method returns,
    and ``http_response``, the response it came from. ``with raw: ...`` closes the response (and
    the stream in ``parsed``, if any) when the block ends."""

    http_response: httpx.Response
    parsed: T

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if isinstance(self.parsed, Stream):
            self.parsed.close()
        self.http_response.close()


@dataclass(frozen=True)
class AsyncRawResponse(RawResponse[T]):
    """What ``with_raw_response`` returns on an async client: a :class:`RawResponse` closed by
    ``async with raw: ...``."""

    def __enter__(self) -> NoReturn:
        raise TypeError("a raw response of an async client is closed by `async with`, not `with`")

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if isinstance(self.parsed, AsyncStream):
            await self.parsed.close()
        await self.http_response.aclose()


def capture(response: httpx.Response) -> None:
    slot = _capture.get()
    if slot is not None:
        slot.append(response)


@contextlib.contextmanager
def capturing() -> Iterator[list[httpx.Response]]:
    """Inside: each response the client receives is taken into the list (the last: the final one)."""
    slot: list[httpx.Response] = []
    token = _capture.set(slot)
    try:
        yield slot
    finally:
        _capture.reset(token)


def raw_response(method: Callable[P, T]) -> Callable[P, RawResponse[T]]:
    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        with capturing() as slot:
            parsed = method(*args, **kwargs)
        return RawResponse(slot[-1], parsed)

    return wrapper


def async_raw_response(
    method: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[AsyncRawResponse[T]]]:
    @functools.wraps(method)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> AsyncRawResponse[T]:
        with capturing() as slot:
            parsed = await method(*args, **kwargs)
        return AsyncRawResponse(slot[-1], parsed)

    return wrapper
