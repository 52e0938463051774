"""Large streams in bounded memory: 20 MB of small events, and a large binary download read through
``with_streaming_response``, each measured with tracemalloc."""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from .conftest import Api
from .server import Script, StreamServer

MB = 1 << 20


def small_events(total: int) -> Callable[[], Iterator[bytes]]:
    """About ``total`` bytes of ~200-byte events, made as they are sent, 16 KB a piece."""

    def pieces() -> Iterator[bytes]:
        sent, seq, piece = 0, 0, []
        while sent < total:
            event = ("data: " + json.dumps({"seq": seq, "message": "m" * 160}) + "\n\n").encode()
            piece.append(event)
            sent += len(event)
            seq += 1
            if len(piece) == 80:
                yield b"".join(piece)
                piece = []
        yield b"".join(piece) + b"data: [DONE]\n\n"

    return pieces


def peak_while(run: Callable[[], Any]) -> tuple[Any, int]:
    tracemalloc.start()
    try:
        result = run()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_twenty_megabytes_of_small_events_stay_in_a_few_megabytes(api: Api, server: StreamServer) -> None:
    server.script(Script(small_events(20 * MB)))
    last: list[int] = [-1]

    def check(item: Any) -> None:
        assert item.seq == last[0] + 1
        last[0] = item.seq

    def consume() -> int:
        if api.mode == "sync":

            def use(client: Any) -> int:
                seen = 0
                with client.stream_run_logs("r") as stream:
                    for item in stream:
                        check(item)
                        seen += 1
                return seen

            return int(api.run(use))

        async def use_async(client: Any) -> int:
            seen = 0
            async with await client.stream_run_logs("r") as stream:
                async for item in stream:
                    check(item)
                    seen += 1
            return seen

        return int(api.run(use_async))

    count, peak = peak_while(consume)
    assert count > 100_000
    assert peak < 4 * MB, f"peak {peak / MB:.1f} MB for a 20 MB stream"


def test_with_streaming_response_reads_a_large_download_in_pieces(api: Api, server: StreamServer) -> None:
    size = 32 * MB
    block = bytes(range(256)) * 256  # 64 KB

    def pieces() -> Iterator[bytes]:
        for _ in range(size // len(block)):
            yield block

    server.script(Script(pieces, headers={"Content-Type": "application/octet-stream"}))
    if api.mode == "sync":

        def use(client: Any) -> tuple[int, int, str]:
            total = 0
            with client.with_streaming_response.download_file("f") as response:
                for chunk in response.iter_bytes():
                    total += len(chunk)
                return response.status_code, total, response.headers["content-type"]

    else:

        async def use(client: Any) -> tuple[int, int, str]:
            total = 0
            async with client.with_streaming_response.download_file("f") as response:
                async for chunk in response.iter_bytes():
                    total += len(chunk)
                return response.status_code, total, response.headers["content-type"]

    (status, total, content_type), peak = peak_while(lambda: api.run(use))
    assert (status, total, content_type) == (200, size, "application/octet-stream")
    assert peak < 4 * MB, f"peak {peak / MB:.1f} MB for a {size // MB} MB download"
    assert server.seen[0].headers["accept"] == "application/octet-stream"


def test_with_streaming_response_read_iter_lines_and_errors(api: Api, server: StreamServer) -> None:
    errors = api.package
    server.script(
        Script([b"first line\nsecond", b" line\n"], headers={"Content-Type": "application/octet-stream"}),
        Script([b"whole body"], headers={"Content-Type": "application/octet-stream"}),
        Script([b'{"message": "no such file"}'], status=404, headers={"Content-Type": "application/json"}),
    )
    if api.mode == "sync":

        def use(client: Any) -> tuple[list[str], bytes, Any]:
            with client.with_streaming_response.download_file("f") as response:
                lines = list(response.iter_lines())
            with client.with_streaming_response.download_file("f") as response:
                whole = response.read()
            with pytest.raises(errors.NotFoundError) as raised, client.with_streaming_response.download_file("f"):
                pass
            return lines, whole, raised.value

    else:

        async def use(client: Any) -> tuple[list[str], bytes, Any]:
            async with client.with_streaming_response.download_file("f") as response:
                lines = [line async for line in response.iter_lines()]
            async with client.with_streaming_response.download_file("f") as response:
                whole = await response.read()
            with pytest.raises(errors.NotFoundError) as raised:
                async with client.with_streaming_response.download_file("f"):
                    pass
            return lines, whole, raised.value

    lines, whole, error = api.run(use)
    assert lines == ["first line", "second line"]
    assert whole == b"whole body"
    assert error.status_code == 404 and error.body == {"message": "no such file"}


def test_with_streaming_response_leaves_a_streamed_operation_unread_too(api: Api, server: StreamServer) -> None:
    server.script(Script([b"data: 1\n\n", b"data: 2\n\n"]))
    if api.mode == "sync":

        def use(client: Any) -> bytes:
            with client.with_streaming_response.stream_ticks("r") as response:
                return b"".join(response.iter_bytes())

    else:

        async def use(client: Any) -> bytes:
            async with client.with_streaming_response.stream_ticks("r") as response:
                return b"".join([chunk async for chunk in response.iter_bytes()])

    assert api.run(use) == b"data: 1\n\ndata: 2\n\n"

