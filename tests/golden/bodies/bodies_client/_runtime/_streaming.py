"""Streamed results: server-sent events and JSON lines, read item by item as they arrive.

A streamed call goes through the client's one request cycle (:mod:`._client`) like any other: the
same retries, status errors, credentials and logging. Only its success is made differently: the
response is sent for with ``stream=True`` and its body left unread, and :class:`Stream` (sync) or
:class:`AsyncStream` (async) reads it as the caller iterates, holding one item at a time. Retries
happen only before the body starts; the read timeout applies to each wait for the next chunk.

The decoding is written once, without I/O (:class:`_Lines`, :class:`_EventParser`,
:class:`_Items`); the two stream classes only feed it the chunks they read.

Server-sent events are parsed as the WHATWG HTML standard says: ``data:`` lines joined with
``\\n``, comments and unknown fields ignored, ``\\r\\n``/``\\r``/``\\n`` line ends, a leading byte
order mark dropped, an event without data not dispatched and an unterminated last event dropped.
A ``data`` of exactly the sentinel (``[DONE]`` unless the spec's ``x-speakeasy-sse-sentinel`` names
another) ends the stream; an event named ``error`` raises :class:`APIStreamError`.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any, ClassVar, Generic, Literal, TypeVar

import pydantic
from typing_extensions import Self

from ._encoding import to_jsonable
from ._endpoint import Decoder
from ._errors import APIConnectionError, APIError, APITimeoutError, ResponseValidationError
from ._http import httpx

E = TypeVar("E")
StreamFormat = Literal["sse", "jsonl"]
DONE = "[DONE]"
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class ServerSentEvent:
    """One server-sent event as received: its type (``"message"`` unless an ``event:`` field named
    another), its data (the ``data:`` lines joined with ``\\n``), the last event ID the stream set
    (``id:``; it carries over to later events, as in a browser) and the last reconnection time
    (``retry:``, in milliseconds; it carries over too), or None where the stream set neither."""

    event: str = "message"
    data: str = ""
    id: str | None = None
    retry: int | None = None

    def json(self) -> Any:
        """The data decoded as JSON."""
        return json.loads(self.data)


class APIStreamError(APIError):
    """The stream sent an event named ``error``. ``data`` is its data decoded as JSON (the text
    where it is not JSON), ``event`` the :class:`ServerSentEvent` itself."""

    def __init__(self, message: str, *, response: httpx.Response, event: ServerSentEvent) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.event = event
        try:
            self.data: Any = json.loads(event.data)
        except ValueError:
            self.data = event.data


class StreamValidationError(ResponseValidationError):
    """An item of a stream that does not match the spec. ``index`` is its place in the stream
    (from 0: the items delivered before it), ``event`` the server-sent event it came in (None for
    JSON lines). The items before it were delivered; the stream is closed."""

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        errors: list[str],
        index: int,
        event: ServerSentEvent | None,
    ) -> None:
        super().__init__(message, response=response, errors=errors)
        self.index = index
        self.event = event


# --- the decoding, without I/O -----------------------------------------------------------------


class _Lines:
    """Bytes in, lines out: UTF-8 read incrementally, a leading BOM dropped, ``\\r\\n``, ``\\r`` and
    ``\\n`` each ending a line (a ``\\r\\n`` split across two chunks ends one). A line's pieces are
    joined once it ends, so a long line costs its length, not its length times its chunks."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending: list[str] = []
        self._started = False
        self._after_cr = False

    def feed(self, chunk: bytes) -> list[str]:
        return self._split(self._decoder.decode(chunk))

    def end(self) -> list[str]:
        """The last line, when the body did not end with a line end."""
        lines = self._split(self._decoder.decode(b"", final=True))
        if self._pending:
            lines.append("".join(self._pending))
            self._pending = []
        return lines

    def _split(self, text: str) -> list[str]:
        if not self._started and text:
            self._started = True
            text = text.removeprefix("\ufeff")
        if self._after_cr and text:
            self._after_cr = False
            text = text.removeprefix("\n")  # the second half of a \r\n
        if not text:
            return []
        parts = _LINE_END.split(text)
        if len(parts) == 1:
            self._pending.append(text)
            return []
        if self._pending:
            parts[0] = "".join(self._pending) + parts[0]
            self._pending = []
        last = parts.pop()
        if last:
            self._pending.append(last)
        self._after_cr = text.endswith("\r")
        return parts


class _EventParser:
    """Lines in, server-sent events out, as the WHATWG standard dispatches them."""

    def __init__(self) -> None:
        self._event = ""
        self._data: list[str] = []
        self._id: str | None = None
        self._retry: int | None = None

    def line(self, line: str) -> ServerSentEvent | None:
        if not line:
            return self._dispatch()
        if line.startswith(":"):  # a comment (a keep-alive, often)
            return None
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self._retry = int(value)
        # any other field, and an id with NUL or a retry not all digits, is ignored
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        data, event = self._data, self._event
        self._data, self._event = [], ""
        if not data:  # an event with no data is not dispatched
            return None
        return ServerSentEvent(event or "message", "\n".join(data), self._id, self._retry)


class StreamDecoder(Decoder[Any]):
    """How a streamed result's items decode: ``format`` (``"sse"`` or ``"jsonl"``) and the item type.
    For server-sent events, each event's data is the item: JSON validated against the type, or the
    text itself where the type is ``str``; ``sentinel`` is the data that ends the stream."""

    streamed: ClassVar[bool] = True

    def __init__(self, type_: Any, format: StreamFormat, *, sentinel: str = DONE) -> None:
        super().__init__(type_, "json")
        self.format = format
        self.sentinel = sentinel

    def opened(self, response: httpx.Response, describe: str) -> StreamBody[Any]:
        return StreamBody(response, self, describe)

    def item(self, text: str) -> Any:
        """One item from its text; raises :class:`pydantic.ValidationError` when it does not fit."""
        if self.type is str and self.format == "sse":  # event data as text; a JSON line is JSON
            return text
        return self._validate_json(text, strict=True)


@dataclass(frozen=True)
class StreamBody(Generic[E]):
    """A successful response whose body is still unread, and how its items decode: what the request
    cycle hands to :class:`Stream` or :class:`AsyncStream`. ``describe`` names the request in
    messages, credentials redacted."""

    response: httpx.Response
    decoder: StreamDecoder
    describe: str


class _Items(Generic[E]):
    """Chunks in, items out, for one stream; counts the items delivered."""

    def __init__(self, body: StreamBody[E]) -> None:
        self.body = body
        self.delivered = 0
        self.done = False
        self._lines = _Lines()
        self._events = _EventParser()

    def events(self, chunk: bytes | None) -> Iterator[ServerSentEvent]:
        """The events a chunk completes (``None``: the body ended); stops at the sentinel."""
        lines = self._lines.end() if chunk is None else self._lines.feed(chunk)
        for line in lines:
            event = self._events.line(line)
            if event is None:
                continue
            if event.data == self.body.decoder.sentinel:
                self.done = True
                return
            yield event

    def items(self, chunk: bytes | None) -> Iterator[E]:
        if self.body.decoder.format == "jsonl":
            lines = self._lines.end() if chunk is None else self._lines.feed(chunk)
            for line in lines:
                if line.strip():
                    yield self._item(line, None)
            return
        for event in self.events(chunk):
            if event.event == "error":
                raise APIStreamError(
                    f"{self.body.describe} sent an error event after {_count(self.delivered)}: {event.data[:500]}",
                    response=self.body.response,
                    event=event,
                )
            yield self._item(event.data, event)

    def _item(self, text: str, event: ServerSentEvent | None) -> E:
        try:
            item: E = self.body.decoder.item(text)
        except pydantic.ValidationError as exc:
            errors = [_error_text(e) for e in exc.errors(include_url=False)]
            where = (
                f" (event {event.event!r}" + (f", id {event.id!r})" if event.id else ")")
                if event
                else ""
            )
            raise StreamValidationError(
                f"{self.body.describe}: item {self.delivered} of the stream (counting from 0){where} "
                f"does not match the spec: {'; '.join(errors[:5])}",
                response=self.body.response,
                errors=errors,
                index=self.delivered,
                event=event,
            ) from None
        self.delivered += 1
        return item

    def broken(self, error: httpx.RequestError) -> APIConnectionError:
        """The client's connection error for a stream that broke after some items."""
        request = self.body.response.request
        after = f"after {_count(self.delivered)} of the stream"
        if isinstance(error, httpx.TimeoutException):
            limit = (request.extensions.get("timeout") or {}).get("read")
            waited = f" (read timeout {limit}s between chunks)" if limit is not None else ""
            return APITimeoutError(
                f"{self.body.describe} timed out {after}{waited}; pass timeout=... to wait longer",
                request=request,
            )
        return APIConnectionError(
            f"{self.body.describe} broke {after}: {type(error).__name__}", request=request
        )


def _count(items: int) -> str:
    return f"{items} item{'' if items == 1 else 's'}"


def _error_text(error: Any) -> str:
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"]).lstrip(".")
    if error["type"] == "json_invalid":
        return f"not valid JSON ({error['msg']})"
    return f"{where or '(item)'}: {error['msg']}"


# --- the streams ---------------------------------------------------------------------------------


class Stream(Generic[E]):
    """The items of a streamed response, as they arrive: iterate it once.

    ``with client.stream_x(...) as stream: for item in stream: ...`` closes the connection when the
    block ends; so does :meth:`close`, and reaching the end of the stream. ``response`` is the
    :class:`httpx.Response` (status, headers; its body is what the stream reads).
    """

    def __init__(self, body: StreamBody[E]) -> None:
        self.response = body.response
        self._items = _Items(body)
        self._iterator: Iterator[E] | None = None
        self._closed = False

    @property
    def delivered(self) -> int:
        """How many items the stream has delivered so far."""
        return self._items.delivered

    def __iter__(self) -> Iterator[E]:
        return self

    def __next__(self) -> E:
        if self._closed:
            raise StopIteration
        if self._iterator is None:
            self._iterator = self._read(self._items.items)
        return next(self._iterator)

    def iter_events(self) -> Iterator[ServerSentEvent]:
        """The server-sent events themselves (names, ids, raw data), up to the sentinel; an
        ``error`` event is one of them here, not raised. Instead of iterating the stream."""
        if self._items.body.decoder.format != "sse":
            raise TypeError("a JSON lines stream has no events: iterate the stream itself")
        return self._read(self._items.events)

    def _read(self, made: Callable[[bytes | None], Iterable[Any]]) -> Iterator[Any]:
        try:
            for chunk in self.response.iter_bytes():
                yield from made(chunk)
                if self._items.done:
                    return
            yield from made(None)
        except httpx.RequestError as exc:
            raise self._items.broken(exc) from exc
        finally:
            self.close()

    def close(self) -> None:
        """Close the connection; iterating afterwards ends at once."""
        self._closed = True
        self.response.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncStream(Generic[E]):
    """The items of a streamed response, as they arrive: ``async for`` it once.

    ``async with stream: async for item in stream: ...`` closes the connection when the block
    ends; so does ``await stream.close()``, and reaching the end of the stream.
    """

    def __init__(self, body: StreamBody[E]) -> None:
        self.response = body.response
        self._items = _Items(body)
        self._iterator: AsyncIterator[E] | None = None
        self._closed = False

    @property
    def delivered(self) -> int:
        """How many items the stream has delivered so far."""
        return self._items.delivered

    def __aiter__(self) -> AsyncIterator[E]:
        return self

    async def __anext__(self) -> E:
        if self._closed:
            raise StopAsyncIteration
        if self._iterator is None:
            self._iterator = self._read(self._items.items)
        return await self._iterator.__anext__()

    def iter_events(self) -> AsyncIterator[ServerSentEvent]:
        """The server-sent events themselves (names, ids, raw data), up to the sentinel; an
        ``error`` event is one of them here, not raised. Instead of iterating the stream."""
        if self._items.body.decoder.format != "sse":
            raise TypeError("a JSON lines stream has no events: iterate the stream itself")
        return self._read(self._items.events)

    async def _read(self, made: Callable[[bytes | None], Iterable[Any]]) -> AsyncIterator[Any]:
        try:
            async for chunk in self.response.aiter_bytes():
                for item in made(chunk):
                    yield item
                if self._items.done:
                    return
            for item in made(None):
                yield item
        except httpx.RequestError as exc:
            raise self._items.broken(exc) from exc
        finally:
            await self.close()

    async def close(self) -> None:
        """Close the connection; iterating afterwards ends at once."""
        self._closed = True
        await self.response.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


def stream_body(body: Any, flag: str) -> Any:
    """A request body as JSON with its boolean ``flag`` (wire name) true: what the ``_stream``
    sibling of a method sends to ask for the stream."""
    return {**(to_jsonable(body) or {}), flag: True}
