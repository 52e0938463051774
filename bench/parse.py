"""Parse 10,000 Nekt run bodies (bytes in, model out) and print microseconds per body as JSON.

    python bench/parse.py clientgen  # with generated/ on PYTHONPATH: the generated client's own path
    python bench/parse.py opc PKG    # with openapi-python-client's Nekt package on PYTHONPATH

Every mode also times ``json.loads`` alone in the same process, the floor for any parser. The
bodies are the Nekt docs example with a different id, number and duration each, so nothing can be
served from a cache of the previous body.
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
REPEATS = 5


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
    result = []
    for i in range(COUNT):
        body = dict(base, id=str(uuid.UUID(int=i + 1)), number=i, duration_seconds=i % 600)
        result.append(json.dumps(body).encode())
    return result


def per_body(parse: Callable[[bytes], object], data: list[bytes]) -> float:
    """Microseconds per body: the best of a few passes over all bodies."""
    for body in data[:200]:  # warm up: validators built, caches filled
        parse(body)
    best = float("inf")
    for _ in range(REPEATS):
        started = time.perf_counter()
        for body in data:
            parse(body)
        best = min(best, time.perf_counter() - started)
    return best / len(data) * 1e6


def clientgen_parsers() -> dict[str, Callable[[bytes], object]]:
    import httpx

    client = importlib.import_module("provider_clients.nekt.client")
    models = importlib.import_module("provider_clients.nekt.models")
    endpoint = client._V1_RUNS_RETRIEVE
    request = httpx.Request("GET", "https://api.nekt.ai/api/v1/runs/x/")

    def through_decoder(body: bytes) -> object:
        # what a call does once the transport has returned: Endpoint.result.decode(response)
        return endpoint.result.decode(httpx.Response(200, content=body, request=request))

    return {
        "clientgen: Response + Endpoint.result.decode": through_decoder,
        "pydantic: Run.model_validate_json": models.Run.model_validate_json,
    }


def opc_parsers(package: str) -> dict[str, Callable[[bytes], object]]:
    run = importlib.import_module(f"{package}.models").Run
    return {"openapi-python-client: Run.from_dict(json.loads(body))": lambda body: run.from_dict(json.loads(body))}


def main(argv: list[str]) -> int:
    mode = argv[1]
    parsers = clientgen_parsers() if mode == "clientgen" else opc_parsers(argv[2])
    data = bodies()
    results = {"json.loads": per_body(json.loads, data)}
    results.update({name: per_body(parse, data) for name, parse in parsers.items()})
    if mode == "clientgen":  # the decoder alone, on responses built beforehand
        import httpx

        endpoint = importlib.import_module("provider_clients.nekt.client")._V1_RUNS_RETRIEVE
        responses = [httpx.Response(200, content=body) for body in data]
        iterator = iter(responses * (REPEATS + 1))
        results["clientgen: Endpoint.result.decode (response built beforehand)"] = per_body(
            lambda _body: endpoint.result.decode(next(iterator)), data
        )
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
