"""mypy --strict accepts typed use of the streams: items are the spec's models (a union of event
models for the LLM-style sibling), not Any, and a wrong use of an item is an error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..conftest import generate_package
from .conftest import LLM_SPEC

USAGE = '''
from __future__ import annotations

from llm_typed import AsyncStream, ServerSentEvent, Stream, StreamResponse
from llm_typed.streams import AsyncStreamsClient, StreamsClient
from llm_typed.streams.models import CompletionRequest, DeltaEvent, DoneEvent, LogEvent, Record


def sync_usage(client: StreamsClient) -> list[str]:
    said: list[str] = []
    with client.stream_run_logs("run") as stream:
        for event in stream:
            said.append(event.message)
    logs: Stream[LogEvent] = client.stream_run_logs("run")
    for raw in logs.iter_events():
        seen: ServerSentEvent = raw
        said.append(seen.event + seen.data + (seen.id or "") + str(seen.retry or 0))
    logs.close()
    for item in client.create_chat_completion_stream(body=CompletionRequest(model="m", prompt="p")):
        if isinstance(item, DeltaEvent):
            said.append(item.delta)
        elif isinstance(item, DoneEvent):
            said.append(item.finish_reason)
    ticks: list[str] = list(client.stream_ticks("run"))
    with client.with_streaming_response.download_file("file") as response:
        unread: StreamResponse = response
        size = sum(len(chunk) for chunk in unread.iter_bytes())
    return said + ticks + [str(size)]


async def async_usage(client: AsyncStreamsClient) -> list[int]:
    stream: AsyncStream[Record] = await client.export_records("export")
    async with stream:
        ids = [record.id async for record in stream]
    async with client.with_streaming_response.download_file("file") as response:
        ids.append(len(await response.read()))
    return ids
'''

WRONG = '''
from llm_typed.streams import StreamsClient


def wrong(client: StreamsClient) -> int:
    for event in client.stream_run_logs("run"):
        return event.message
    return 0
'''


def mypy(folder: Path, module: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--python-version", "3.10", module],
        cwd=folder, capture_output=True, text=True, timeout=600,
    )


def test_mypy_strict_accepts_typed_stream_usage_and_catches_a_wrong_one(tmp_path: Path) -> None:
    result = generate_package(LLM_SPEC, tmp_path, "llm_typed")
    assert result.returncode == 0, result.stderr
    (tmp_path / "usage.py").write_text(USAGE, encoding="utf-8")
    (tmp_path / "wrong.py").write_text(WRONG, encoding="utf-8")
    checked = mypy(tmp_path, "usage.py")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    refused = mypy(tmp_path, "wrong.py")
    assert refused.returncode == 1, refused.stdout
    assert 'Incompatible return value type (got "str", expected "int")' in refused.stdout
