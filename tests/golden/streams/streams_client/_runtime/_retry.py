"""When to try a request again, and how long to wait first. Pure decisions, no I/O.

Retried: connection errors, timeouts, 408, 429 and every 5xx, at most ``max_retries`` times. A
request that is not idempotent (POST, PATCH) is sent again only when it cannot have reached the
server (the connection was never made), unless it carries an ``Idempotency-Key`` header: then the
server is trusted to apply it once, and it is retried like a GET.
"""

from __future__ import annotations

import email.utils
import random
import time
from dataclasses import dataclass

from ._http import httpx

RETRY_STATUSES = frozenset({408, 429})  # and every status from 500 on
INITIAL_DELAY = 0.5
MAX_DELAY = 8.0
MAX_RETRY_AFTER = 60.0  # a longer Retry-After is not waited for: the error goes to the caller


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int
    idempotent: bool

    def after_response(self, response: httpx.Response, retries_done: int) -> float | None:
        """Seconds to wait before the next try, or None to stop and use this response."""
        if retries_done >= self.max_retries or not retryable_status(response.status_code):
            return None
        if (
            not self.idempotent
        ):  # the server saw the request: sending it again may repeat its effect
            return None
        waited = retry_after(response)
        if waited is not None:
            return waited if waited <= MAX_RETRY_AFTER else None
        return backoff(retries_done)

    def after_error(self, error: httpx.TransportError, retries_done: int) -> float | None:
        """Seconds to wait before the next try, or None to stop and raise."""
        if retries_done >= self.max_retries:
            return None
        never_sent = isinstance(
            error, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
        )
        if not (self.idempotent or never_sent):
            return None
        return backoff(retries_done)


def retryable_status(status: int) -> bool:
    return status in RETRY_STATUSES or status >= 500


def backoff(retries_done: int) -> float:
    """Exponential backoff with jitter: about 0.5 s, 1 s, 2 s, ... capped at 8 s."""
    delay = min(INITIAL_DELAY * 2.0**retries_done, MAX_DELAY)
    return delay * (1 - 0.25 * random.random())


def retry_after(response: httpx.Response) -> float | None:
    """``Retry-After-Ms``, or ``Retry-After`` as seconds or an HTTP date; None when absent or unreadable."""
    milliseconds = response.headers.get("retry-after-ms")
    if milliseconds is not None:
        try:
            return max(float(milliseconds) / 1000, 0.0)
        except ValueError:
            pass
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    parsed = email.utils.parsedate_tz(value)
    if parsed is None:
        return None
    return max(float(email.utils.mktime_tz(parsed)) - time.time(), 0.0)
