"""Waiters: poll an operation until what it returns reaches a terminal state.

A generated ``wait_for_<name>`` method hands its :class:`Waiter` the operation to call (with the
caller's arguments). :meth:`Waiter._cycle` is a generator that makes every decision - whether a
result is a success, a failure or neither, how long to sleep, when to give up - and yields only
the I/O it needs: ``Poll`` once, or ``Sleep``. :meth:`Waiter.wait` and :meth:`Waiter.wait_async`
drive it in a few lines each, as the clients drive their request cycle.

Each poll is an ordinary call of the operation: its errors (after the client's own retries)
propagate unchanged. The wait between polls is the interval, or longer when the response carried
``Retry-After``; the last wait is cut short at the deadline for one last poll, so a wait never
outlasts its timeout by more than one request.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Awaitable, Callable, Generator, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias, TypedDict, TypeVar

import anyio

from ._client import BaseClient, Sleep
from ._errors import APIError
from ._http import httpx
from ._logging import logger
from ._raw import RawResponse, async_raw_response, raw_response
from ._retry import retry_after

T = TypeVar("T")

Criterion: TypeAlias = Mapping[str, tuple[Any, ...]]
"""A state: each attribute path (Python names, dotted for nested fields) with the values that
match it. A result is in that state when every path has one of its values."""


class PollOptions(TypedDict, total=False):
    """The request options a ``wait_for_...`` method passes to each poll: those of
    :class:`RequestOptions` but ``timeout``, which is the waiter's own (the client's timeout
    applies to each request)."""

    max_retries: int
    extra_headers: Mapping[str, str]
    extra_query: Mapping[str, str]


class WaiterError(APIError):
    """Base of the errors a ``wait_for_...`` method raises itself. Errors of a poll (a 404, a
    connection error) are not wrapped: they propagate as the operation raises them."""


class WaiterFailureError(WaiterError):
    """A poll returned a failure state; ``result`` is what it returned."""

    def __init__(self, message: str, *, result: Any, request: httpx.Request | None = None) -> None:
        super().__init__(message, request=request)
        self.result = result


class WaiterTimeoutError(WaiterError):
    """No terminal state before the timeout. ``result`` is the last result (``None`` when no poll
    completed) and ``attempts`` the number of polls made."""

    def __init__(
        self,
        message: str,
        *,
        result: Any,
        attempts: int,
        request: httpx.Request | None = None,
    ) -> None:
        super().__init__(message, request=request)
        self.result = result
        self.attempts = attempts


@dataclass(frozen=True)
class Poll:
    attempt: int


Step: TypeAlias = Poll | Sleep


@dataclass(frozen=True)
class Waiter:
    """One declared waiter: which states end the wait, and how often to poll."""

    name: str  # the method name, for messages
    operation: str  # the method it polls
    success: tuple[Criterion, ...]
    failure: tuple[Criterion, ...] = ()
    interval: float = 5.0  # seconds between polls
    timeout: float = 3600.0  # seconds in all
    delay: float = 0.0  # seconds before the first poll
    each: bool = False  # a list result: success when every item is, failure when any item is

    def wait(
        self,
        client: BaseClient,
        poll: Callable[[], T],
        *,
        interval: float | None,
        timeout: float | None,
        on_poll: Callable[[T], None] | None,
    ) -> T:
        steps = self._cycle(client, interval, timeout, on_poll)
        call = raw_response(poll)
        outcome: RawResponse[Any] | None = None
        while True:
            try:
                step = steps.send(outcome)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            if isinstance(step, Sleep):
                time.sleep(step.seconds)
                outcome = None
            else:
                outcome = call()

    async def wait_async(
        self,
        client: BaseClient,
        poll: Callable[[], Awaitable[T]],
        *,
        interval: float | None,
        timeout: float | None,
        on_poll: Callable[[T], None] | None,
    ) -> T:
        steps = self._cycle(client, interval, timeout, on_poll)
        call = async_raw_response(poll)
        outcome: RawResponse[Any] | None = None
        while True:
            try:
                step = steps.send(outcome)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            if isinstance(step, Sleep):
                await anyio.sleep(step.seconds)
                outcome = None
            else:
                outcome = await call()

    def _cycle(
        self,
        client: BaseClient,
        interval: float | None,
        timeout: float | None,
        on_poll: Callable[[Any], None] | None,
    ) -> Generator[Step, RawResponse[Any] | None, Any]:
        where = f"{client._config.client_name}.{self.name}"
        interval = self.interval if interval is None else interval
        timeout = self.timeout if timeout is None else timeout
        if not interval > 0:  # never a busy loop
            raise ValueError(f"{where}: interval must be more than 0 seconds, not {interval}")
        if not timeout >= 0:
            raise ValueError(f"{where}: timeout must be 0 seconds or more, not {timeout}")
        deadline = time.monotonic() + timeout
        if self.delay > 0:
            yield Sleep(min(self.delay, timeout))
        attempts = 0
        while True:
            raw = yield Poll(attempts + 1)
            assert raw is not None
            attempts += 1
            result, response = raw.parsed, raw.http_response
            if self._reached(self.success, result, every=self.each):
                _log(client, where, attempts, response, self._observed(result), "done")
                return result
            if self._reached(self.failure, result, every=False):
                raise WaiterFailureError(
                    f"{where}: {self.operation} returned a failure state on poll {attempts}: "
                    f"{self._observed(result)}",
                    result=result,
                    request=response.request,
                )
            if on_poll is not None:
                on_poll(result)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WaiterTimeoutError(
                    f"{where}: no terminal state within {timeout:g}s ({attempts} polls of "
                    f"{self.operation}); last: {self._observed(result)}",
                    result=result,
                    attempts=attempts,
                    request=response.request,
                )
            wait = min(max(interval, retry_after(response) or 0.0), remaining)
            _log(client, where, attempts, response, self._observed(result), f"next in {wait:.2f}s")
            yield Sleep(wait)

    def _reached(self, states: tuple[Criterion, ...], result: Any, *, every: bool) -> bool:
        """Whether ``result`` is in one of ``states``; for a list result, whether every item is
        (``every``) or any item is. An empty list is in no state."""
        if not self.each:
            return any(_holds(state, result) for state in states)
        items = list(result) if isinstance(result, (list, tuple)) else []
        matched = (any(_holds(state, item) for state in states) for item in items)
        return bool(items) and (all(matched) if every else any(matched))

    def _observed(self, result: Any) -> str:
        """The values of the fields the states look at, for messages: ``status='running'``."""
        paths = dict.fromkeys(path for state in self.success + self.failure for path in state)
        if self.each and isinstance(result, (list, tuple)):
            shown = {p: [_show(_lookup(item, p)) for item in result] for p in paths}
        else:
            shown = {p: _show(_lookup(result, p)) for p in paths}
        return ", ".join(f"{path}={value!r}" for path, value in shown.items())


_MISSING = object()


def _lookup(value: Any, path: str) -> Any:
    for name in path.split("."):
        value = getattr(value, name, _MISSING)
        if value is None or value is _MISSING:
            return value
    return value


def _holds(state: Criterion, value: Any) -> bool:
    for path, wanted in state.items():
        found = _lookup(value, path)
        if not any(found == w and isinstance(found, bool) == isinstance(w, bool) for w in wanted):
            return False
    return True


def _show(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def _log(
    client: BaseClient,
    where: str,
    attempt: int,
    response: httpx.Response,
    observed: str,
    then: str,
) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "%s: poll %d (%s): %s; %s",
            where,
            attempt,
            client._redactor.describe(response.request),
            observed,
            then,
        )
