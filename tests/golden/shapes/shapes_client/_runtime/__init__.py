"""The hand-written runtime every generated client calls into; copied verbatim by clientgen.

The HTTP library (``[tool.clientgen] http``: httpx2 or httpx) is named in one module only,
``_http.py``, which clientgen renders beside these files; every other module imports it from there
as ``from ._http import httpx`` (never ``import httpx``) and uses the names both libraries share.
"""

from ._bodies import keyword_body
from ._client import AsyncClient, SyncClient, skip_credential_check
from ._config import ClientConfig, Scheme, ServerTemplate, make_config
from ._endpoint import Decoder, Endpoint
from ._errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    MissingCredentialError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    UnprocessableEntityError,
)
from ._json import Number, Variadic
from ._models import ApiModel, Omittable, OpenEnum, OpenIntEnum
from ._pagination import AsyncPage, AsyncPaginator, Page, PaginationError, Paging
from ._raw import AsyncRawResponse, RawResponse, async_raw_response, raw_response
from ._streaming import (
    APIStreamError,
    AsyncStream,
    ServerSentEvent,
    Stream,
    StreamBody,
    StreamDecoder,
    StreamValidationError,
    stream_body,
)
from ._types import NOT_GIVEN, FileContent, NotGiven, RequestOptions, Timeout
from ._unions import Tagged, UnknownVariant, open_enum
from ._unread import (
    AsyncStreamResponse,
    StreamResponse,
    async_streaming_response,
    streaming_response,
)
from ._waiters import PollOptions, Waiter, WaiterError, WaiterFailureError, WaiterTimeoutError

__all__ = [
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APIStreamError",
    "APITimeoutError",
    "ApiModel",
    "AsyncClient",
    "AsyncPage",
    "AsyncPaginator",
    "AsyncRawResponse",
    "AsyncStream",
    "AsyncStreamResponse",
    "AuthenticationError",
    "BadRequestError",
    "ClientConfig",
    "ConflictError",
    "Decoder",
    "Endpoint",
    "FileContent",
    "InternalServerError",
    "MissingCredentialError",
    "NotFoundError",
    "NotGiven",
    "Number",
    "Omittable",
    "OpenEnum",
    "OpenIntEnum",
    "Page",
    "PaginationError",
    "Paging",
    "PermissionDeniedError",
    "PollOptions",
    "RateLimitError",
    "RawResponse",
    "RequestOptions",
    "ResponseValidationError",
    "Scheme",
    "ServerSentEvent",
    "ServerTemplate",
    "Stream",
    "StreamBody",
    "StreamDecoder",
    "StreamResponse",
    "StreamValidationError",
    "SyncClient",
    "Tagged",
    "Timeout",
    "UnknownVariant",
    "UnprocessableEntityError",
    "Variadic",
    "Waiter",
    "WaiterError",
    "WaiterFailureError",
    "WaiterTimeoutError",
    "async_raw_response",
    "async_streaming_response",
    "keyword_body",
    "make_config",
    "open_enum",
    "raw_response",
    "skip_credential_check",
    "stream_body",
    "streaming_response",
]
