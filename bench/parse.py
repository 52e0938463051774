"""Parse 10,000 Nekt run bodies (bytes in, model out) and print microseconds per body as JSON.

    PYTHONPATH=generated:DIR python bench/parse.py [OPC_PACKAGE]

Runs in the peers' environment (which has openapi-python-client's runtime needs, attrs and
dateutil, and the same pydantic as the project), so every parser is timed in one process, with
passes interleaved: load from elsewhere slows them alike. ``json.loads`` alone is the floor for
any parser. The bodies are the Nekt docs example with a different id, number and duration each,
so nothing can be served from a cache of the previous body.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "seeds").is_dir()), ROOT.parent / "shared")
SEED = SHARED / "seeds" / "001_1395fa5008183b73.txt"
COUNT = 10_000
PASSES = 7


def example() -> dict[str, Any]:
    text = SEED.read_text()
    offset = 0
    for line in text.splitlines(keepends=True):
        if line.strip() == "{":
            value, _ = json.JSONDecoder().raw_decode(text[offset:])
            assert isinstance(value, dict)
            return value
        offset += len(line)
    raise ValueError(f"no JSON example in {SEED}")


def bodies() -> list[bytes]:
    base = example()
    return [
        json.dumps(dict(base, id=str(uuid.UUID(int=i + 1)), number=i, duration_seconds=i % 600)).encode() for i in range(COUNT)
    ]


def parsers(opc_package: str | None) -> dict[str, tuple[Callable[[Any], object], Callable[[bytes], Any]]]:
    """name -> (parse, prepare): ``prepare`` makes the input outside the timed loop."""
    import httpx2

    endpoint = importlib.import_module("provider_clients.nekt.client")._V1_RUNS_RETRIEVE
    run_model = importlib.import_module("provider_clients.nekt.models").Run

    def response(body: bytes) -> httpx2.Response:
        return httpx2.Response(200, content=body)

    def same(body: bytes) -> bytes:
        return body

    table: dict[str, tuple[Callable[[Any], object], Callable[[bytes], Any]]] = {
        "json.loads": (json.loads, same),
        "clientgen: Endpoint.result.decode(response)": (endpoint.result.decode, response),
        "clientgen: httpx2.Response(content=body) + decode": (lambda body: endpoint.result.decode(response(body)), same),
        "pydantic: Run.model_validate_json": (run_model.model_validate_json, same),
    }
    if opc_package:
        opc_run = importlib.import_module(f"{opc_package}.models").Run
        table["openapi-python-client: Run.from_dict(json.loads(body))"] = (lambda body: opc_run.from_dict(json.loads(body)), same)
    return table


def main(argv: list[str]) -> int:
    data = bodies()
    table = parsers(argv[1] if len(argv) > 1 else None)
    inputs = {name: [prepare(body) for body in data] for name, (_, prepare) in table.items()}
    best = dict.fromkeys(table, float("inf"))
    for name, (parse, _) in table.items():  # warm up: validators built, caches filled
        for item in inputs[name][:200]:
            parse(item)
    for _ in range(PASSES):
        for name, (parse, _) in table.items():
            items = inputs[name]
            started = time.perf_counter()
            for item in items:
                parse(item)
            best[name] = min(best[name], time.perf_counter() - started)
    print(json.dumps({name: seconds / COUNT * 1e6 for name, seconds in best.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
