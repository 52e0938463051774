"""The errors a client raises. Catch :class:`APIError` for all of them.

``APIError``
  ``APIConnectionError`` - no response: DNS, refused or reset connection
    ``APITimeoutError`` - no response in time
  ``APIStatusError`` - a response with a non-2xx status (``.status_code``, ``.response``, ``.body``)
    ``BadRequestError`` 400, ``AuthenticationError`` 401, ``PermissionDeniedError`` 403,
    ``NotFoundError`` 404, ``ConflictError`` 409, ``UnprocessableEntityError`` 422,
    ``RateLimitError`` 429, ``InternalServerError`` 5xx
  ``ResponseValidationError`` - a 2xx response whose body does not match the spec
  ``MissingCredentialError`` - an operation needs a credential the client was not given
"""

from __future__ import annotations

from typing import Any

from ._http import httpx


class APIError(Exception):
    """Base of every error a generated client raises."""

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APIConnectionError(APIError):
    """The request got no response: the connection failed or broke."""


class APITimeoutError(APIConnectionError):
    """The request got no response within the timeout."""


class APIStatusError(APIError):
    """The server answered with a status that is not 2xx.

    ``body`` is the documented error model for that status where the spec declares one, else the
    decoded JSON, else the text.
    """

    def __init__(self, message: str, *, response: httpx.Response, body: Any) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.body = body


class BadRequestError(APIStatusError):
    """400 Bad Request."""


class AuthenticationError(APIStatusError):
    """401 Unauthorized: the credentials are missing or wrong."""


class PermissionDeniedError(APIStatusError):
    """403 Forbidden."""


class NotFoundError(APIStatusError):
    """404 Not Found."""


class ConflictError(APIStatusError):
    """409 Conflict."""


class UnprocessableEntityError(APIStatusError):
    """422 Unprocessable Entity: the server rejected the request's content."""


class RateLimitError(APIStatusError):
    """429 Too Many Requests (raised once the retries are used up)."""


class InternalServerError(APIStatusError):
    """Any 5xx status (raised once the retries are used up)."""


class ResponseValidationError(APIError):
    """A 2xx response body that does not match the spec. ``response`` keeps the raw response."""

    def __init__(self, message: str, *, response: httpx.Response, errors: list[str]) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.errors = errors

    @property
    def text(self) -> str:
        return self.response.text


class MissingCredentialError(APIError):
    """An operation needs a credential that was neither passed nor set in the environment."""


STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status: int) -> type[APIStatusError]:
    if status >= 500:
        return InternalServerError
    return STATUS_ERRORS.get(status, APIStatusError)
