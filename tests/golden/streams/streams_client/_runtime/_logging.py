"""What a client logs and how it names a request in messages, with credentials redacted.

Everything goes to the standard :mod:`logging` module, on the logger named after the generated
package (``provider_clients``): each request and response at DEBUG (method, URL, status, time,
headers), each retry at INFO. Bodies are never logged. Wherever a credential could travel - the
headers and query parameters of the client's security schemes, ``Authorization``, ``Cookie`` and
the password of a URL - the log line and the error message show ``[REDACTED]`` instead. httpx's
own INFO line for each request (``HTTP Request: GET <url> ...``) gets its URL redacted the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from ._http import httpx

logger = logging.getLogger((__package__ or __name__).rpartition("._runtime")[0] or __name__)
REDACTED = "[REDACTED]"
_QUOTED_REDACTED = quote(REDACTED, safe="")
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})


@dataclass(frozen=True)
class Redactor:
    """Names under which a client's credentials travel, lower-case."""

    headers: frozenset[str] = SECRET_HEADERS
    query: frozenset[str] = frozenset()

    @classmethod
    def of(cls, secrets: Iterable[tuple[str, str]]) -> Redactor:
        """From ``(location, name)`` pairs: ``("header", "x-api-key")``, ``("query", "api_key")``."""
        pairs = list(secrets)
        return cls(
            headers=SECRET_HEADERS
            | {name.lower() for location, name in pairs if location == "header"},
            query=frozenset(name.lower() for location, name in pairs if location == "query"),
        )

    def url(self, url: httpx.URL) -> str:
        if url.password:
            url = url.copy_with(password=REDACTED)
        if self.query and url.query:
            pairs = [
                (k, REDACTED if k.lower() in self.query else v) for k, v in url.params.multi_items()
            ]
            url = url.copy_with(params=pairs)
        # readable: [REDACTED], not %5BREDACTED%5D
        return str(url).replace(_QUOTED_REDACTED, REDACTED)

    def describe(self, request: httpx.Request) -> str:
        """``GET https://host/path?q=1``, as requests are named in messages and logs."""
        return f"{request.method} {self.url(request.url)}"

    def header_items(self, headers: httpx.Headers) -> list[tuple[str, str]]:
        return [
            (name, REDACTED if name.lower() in self.headers else value)
            for name, value in headers.multi_items()
        ]


def log_request(redactor: Redactor, request: httpx.Request, attempt: int) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "request: %s (attempt %d) headers=%s",
            redactor.describe(request),
            attempt,
            redactor.header_items(request.headers),
        )


def log_response(redactor: Redactor, response: httpx.Response, elapsed: float) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "response: %s -> %d %s in %.3fs headers=%s",
            redactor.describe(response.request),
            response.status_code,
            response.reason_phrase,
            elapsed,
            redactor.header_items(response.headers),
        )


def log_retry(
    redactor: Redactor,
    request: httpx.Request,
    reason: str,
    retry: int,
    max_retries: int,
    delay: float,
) -> None:
    logger.info(
        "%s: %s; retry %d of %d in %.2fs",
        redactor.describe(request),
        reason,
        retry,
        max_retries,
        delay,
        extra={"retry": retry, "retry_delay": delay},
    )


class _RedactHttpxUrls(logging.Filter):
    """httpx logs the full URL of every request at INFO, where a query-string credential would show.

    One filter serves every generated package in the process: each finds it on the httpx logger
    by ``clientgen_query_names`` and adds its parameter names there.
    """

    def __init__(self) -> None:
        super().__init__()
        self.clientgen_query_names: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(isinstance(a, httpx.URL) for a in record.args):
            redactor = Redactor(query=frozenset(self.clientgen_query_names))
            record.args = tuple(
                redactor.url(a) if isinstance(a, httpx.URL) else a for a in record.args
            )
        return True


def redact_httpx_logs(redactor: Redactor) -> None:
    """Make httpx's request log redact ``redactor``'s query parameters too (and URL passwords)."""
    httpx_logger = logging.getLogger(httpx.__name__)  # the library's own: "httpx2" or "httpx"
    for installed in httpx_logger.filters:
        names = getattr(installed, "clientgen_query_names", None)
        if isinstance(names, set):
            names.update(redactor.query)
            return
    url_filter = _RedactHttpxUrls()
    url_filter.clientgen_query_names.update(redactor.query)
    httpx_logger.addFilter(url_filter)
