"""Small shared types: the "not given" sentinel, per-call options, upload content."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Annotated, Any, Final, TypeAlias, TypedDict

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

from ._http import httpx


class NotGiven:
    """The value of an argument that was not passed.

    ``None`` cannot play this part: ``timeout=None`` means "no timeout", which differs from
    "use the client's default timeout". Falsy, so ``if value:`` reads naturally.
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()

Timeout: TypeAlias = float | httpx.Timeout | None
"""Seconds for every phase, an :class:`httpx.Timeout`, or ``None`` for no timeout."""


def _file_content(value: Any) -> Any:
    """Uploads are kept as given (a file is read only when the request is sent); text received
    in a JSON body for a binary field becomes bytes."""
    if isinstance(value, (bytes, bytearray, tuple)) or hasattr(value, "read"):
        return value
    if isinstance(value, str):
        return value.encode()
    raise ValueError("expected bytes, a binary file, or (filename, content[, content type])")


FileContent: TypeAlias = Annotated[
    bytes | IO[bytes] | tuple[str, bytes | IO[bytes]] | tuple[str, bytes | IO[bytes], str],
    PlainValidator(_file_content),
    PlainSerializer(lambda value: value, return_type=Any),
    WithJsonSchema({"type": "string", "format": "binary"}),
]
"""An upload: raw bytes, a binary file, or ``(filename, content[, content_type])``."""


class RequestOptions(TypedDict, total=False):
    """Keyword arguments every operation method accepts, to change one call."""

    timeout: Timeout
    """Overrides the client's timeout for this call."""
    max_retries: int
    """Overrides the client's ``max_retries`` for this call."""
    extra_headers: Mapping[str, str]
    """Headers sent with this call in addition to (or replacing) the client's."""
    extra_query: Mapping[str, str]
    """Query parameters sent with this call in addition to the operation's."""
