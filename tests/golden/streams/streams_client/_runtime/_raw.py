"""Raw responses: ``client.with_raw_response.get_run(...)`` returns the parsed result together
with the :class:`httpx.Response` it came from.

The wrapped method runs unchanged; a context variable asks the client to hand over the final
response, so one implementation serves both the plain and the raw call, sync and async.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, ParamSpec, TypeVar

from ._http import httpx

P = ParamSpec("P")
T = TypeVar("T")

_capture: contextvars.ContextVar[list[httpx.Response] | None] = contextvars.ContextVar(
    "capture", default=None
)


@dataclass(frozen=True)
class RawResponse(Generic[T]):
    http_response: httpx.Response
    parsed: T

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers


def capture(response: httpx.Response) -> None:
    slot = _capture.get()
    if slot is not None:
        slot.append(response)


def raw_response(method: Callable[P, T]) -> Callable[P, RawResponse[T]]:
    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        slot: list[httpx.Response] = []
        token = _capture.set(slot)
        try:
            parsed = method(*args, **kwargs)
        finally:
            _capture.reset(token)
        return RawResponse(slot[-1], parsed)

    return wrapper


def async_raw_response(method: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[RawResponse[T]]]:
    @functools.wraps(method)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        slot: list[httpx.Response] = []
        token = _capture.set(slot)
        try:
            parsed = await method(*args, **kwargs)
        finally:
            _capture.reset(token)
        return RawResponse(slot[-1], parsed)

    return wrapper
