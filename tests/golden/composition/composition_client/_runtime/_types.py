"""Small shared types: the "not given" sentinel, per-call options, upload content."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Final, TypeAlias, TypedDict

import httpx


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

FileContent: TypeAlias = (
    bytes | IO[bytes] | tuple[str, bytes | IO[bytes]] | tuple[str, bytes | IO[bytes], str]
)
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
