"""What clientgen makes of streams: which operations stream and with which items, the generated
README, and `clientgen changes` on an operation that became streamed."""

from __future__ import annotations

import json
from pathlib import Path

from ..conftest import clientgen, generate_package
from .conftest import LLM_SPEC

OPERATION = """openapi: 3.1.0
info: {{title: Logs, version: "1"}}
paths:
  /runs/{{run_id}}/logs:
    get:
      operationId: getRunLogs
      parameters:
        - {{name: run_id, in: path, required: true, schema: {{type: string}}}}
      responses:
        "200":
          description: the log
          content:
{content}
components:
  schemas:
    LogEvent:
      type: object
      required: [seq]
      properties:
        seq: {{type: integer}}
"""
JSON_LOG = """            application/json:
              schema: {$ref: "#/components/schemas/LogEvent"}"""
SSE_LOG = """            text/event-stream:
              schema: {$ref: "#/components/schemas/LogEvent"}"""


def generated_client(tmp_path: Path, content: str, name: str = "logs") -> str:
    spec = tmp_path / f"{name}.yaml"
    spec.write_text(OPERATION.format(content=content))
    result = generate_package(spec, tmp_path / "out", "logs_client")
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" or "warning" not in result.stderr, result.stderr
    return (tmp_path / "out" / "logs_client" / name / "client.py").read_text()


def test_an_operation_that_became_streamed_is_a_breaking_change(tmp_path: Path) -> None:
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    (tmp_path / "old" / "logs.yaml").write_text(OPERATION.format(content=JSON_LOG))
    (tmp_path / "new" / "logs.yaml").write_text(OPERATION.format(content=SSE_LOG))
    result = clientgen("changes", tmp_path / "old" / "logs.yaml", tmp_path / "new" / "logs.yaml", "--json")
    assert result.returncode == 2, result.stdout + result.stderr
    report = json.loads(result.stdout)
    changes = [(c["text"], c["breaking"]) for c in report["providers"]["logs"]]
    assert changes == [("operation get_run_logs: now streamed: returns Stream[LogEvent] (was LogEvent)", True)]
    result = clientgen("changes", tmp_path / "new" / "logs.yaml", tmp_path / "old" / "logs.yaml", "--json")
    report = json.loads(result.stdout)
    changes = [(c["text"], c["breaking"]) for c in report["providers"]["logs"]]
    assert changes == [("operation get_run_logs: no longer streamed: returns LogEvent (was Stream[LogEvent])", True)]

    (tmp_path / "new" / "logs.yaml").write_text(OPERATION.format(content=JSON_LOG + "\n" + SSE_LOG))
    result = clientgen("changes", tmp_path / "old" / "logs.yaml", tmp_path / "new" / "logs.yaml", "--json")
    report = json.loads(result.stdout)
    changes = [(c["text"], c["breaking"]) for c in report["providers"]["logs"]]
    assert changes == [("added operation get_run_logs_stream", False)], "JSON and a stream: the method stays, a sibling is added"


def test_json_lines_media_types_and_the_item_type(tmp_path: Path) -> None:
    for media_type in ("application/x-ndjson", "application/jsonl", "application/x-jsonlines"):
        content = f"""            {media_type}:
              schema: {{$ref: "#/components/schemas/LogEvent"}}"""
        client = generated_client(tmp_path, content)
        assert 'result=StreamDecoder(models.LogEvent, "jsonl")' in client, media_type
        assert f'accept="{media_type}"' in client
        assert ") -> Stream[models.LogEvent]:" in client and ") -> AsyncStream[models.LogEvent]:" in client


def test_sse_data_typed_as_text_or_without_a_schema_is_delivered_as_text(tmp_path: Path) -> None:
    for schema in ("              schema: {type: string}", "              x-other: 1"):
        client = generated_client(tmp_path, "            text/event-stream:\n" + schema)
        assert 'result=StreamDecoder(str, "sse")' in client and "-> Stream[str]:" in client


def test_an_item_schema_gives_the_item_type(tmp_path: Path) -> None:
    """OpenAPI 3.2's itemSchema: for server-sent events, its data's contentSchema; for JSON lines,
    the line's schema."""
    sse = """            text/event-stream:
              itemSchema:
                type: object
                properties:
                  event: {type: string}
                  data:
                    type: string
                    contentMediaType: application/json
                    contentSchema: {$ref: "#/components/schemas/LogEvent"}"""
    assert 'result=StreamDecoder(models.LogEvent, "sse")' in generated_client(tmp_path, sse)
    jsonl = """            application/jsonl:
              itemSchema: {$ref: "#/components/schemas/LogEvent"}"""
    assert 'result=StreamDecoder(models.LogEvent, "jsonl")' in generated_client(tmp_path, jsonl)


FLAGGED = """openapi: 3.1.0
info: {title: Chat, version: "1"}
paths:
  /chat:
    post:
      operationId: chat
      x-speakeasy-stream-request-field: streaming
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                prompt: {type: string}
                streaming: {type: boolean}
      responses:
        "200":
          description: a reply, or its events
          content:
            application/json:
              schema: {type: object, properties: {text: {type: string}}}
            text/event-stream:
              schema: {type: string}
              x-speakeasy-sse-sentinel: "<end>"
"""


def test_a_schema_of_the_event_itself_types_its_data(tmp_path: Path) -> None:
    """Speakeasy's convention in 3.0/3.1: the schema describes the event (data, event, id, retry)."""
    events = """            text/event-stream:
              schema:
                type: object
                required: [data]
                properties:
                  event: {type: string}
                  id: {type: string}
                  data: {$ref: "#/components/schemas/LogEvent"}"""
    assert 'result=StreamDecoder(models.LogEvent, "sse")' in generated_client(tmp_path, events)
    text = events.replace('data: {$ref: "#/components/schemas/LogEvent"}', "data: {type: string}")
    assert 'result=StreamDecoder(str, "sse")' in generated_client(tmp_path, text)


def test_a_custom_sentinel_and_the_speakeasy_stream_request_field(tmp_path: Path) -> None:
    client = generated_client(tmp_path, SSE_LOG + "\n              x-speakeasy-sse-sentinel: \"<end>\"")
    assert 'result=StreamDecoder(models.LogEvent, "sse", sentinel="<end>")' in client

    (tmp_path / "chat.yaml").write_text(FLAGGED)
    result = generate_package(tmp_path / "chat.yaml", tmp_path / "chat_out", "chat_client")
    assert result.returncode == 0, result.stderr
    client = (tmp_path / "chat_out" / "chat_client" / "chat" / "client.py").read_text()
    assert 'body=stream_body(body, "streaming")' in client
    assert 'result=StreamDecoder(str, "sse", sentinel="<end>")' in client


def test_the_plain_method_asks_for_json_and_the_readme_marks_streamed_operations(tmp_path: Path) -> None:
    result = generate_package(LLM_SPEC, tmp_path, "llm_readme")
    assert result.returncode == 0, result.stderr
    client = (tmp_path / "llm_readme" / "streams" / "client.py").read_text()
    plain = client[client.index("_CREATE_CHAT_COMPLETION:") : client.index("_CREATE_CHAT_COMPLETION_STREAM:")]
    assert "accept=" not in plain, "the plain method asks for JSON only (the default Accept)"
    readme = (tmp_path / "README.md").read_text()
    assert "| `stream_run_logs(run_id)` | `GET /runs/{run_id}/logs` | `Stream[models.LogEvent]` *streamed* (server-sent events) |" in readme
    assert "| `export_records(export_id)` | `GET /exports/{export_id}` | `Stream[models.Record]` *streamed* (JSON lines) |" in readme
    assert "| `create_chat_completion(*, body)` | `POST /chat/completions` | `models.Completion` |" in readme
    streaming = readme[readme.index("## Streaming") : readme.index("## Waiters")]
    assert "with client.create_chat_completion_stream(...) as stream:" in streaming
    assert "with_streaming_response" in streaming
