"""The import of a generated provider module (its dependencies imported first, as a service has
them) and the first call to one of its operations after it, then the same call again: what the
first call adds is what finding its model and building its validator cost. The response comes
from the HTTP library's ``MockTransport`` in this process: no network and no server thread in the timing.

Run by clientgen_runs.first_call_ms in the project's environment, with the package on PYTHONPATH:

    python first_call.py MODULE PLAN_JSON

where the plan names the client class, its arguments (credentials), the method, its arguments and
the response body: ``{"client": ..., "client_arguments": {...}, "method": ..., "arguments": {...},
"body": ...}`` (a method of a resource is dotted: ``files.get_id``). It prints
``{"import_ms": ..., "construct_ms": ..., "first_ms": ..., "again_ms": ...}``: the client's
construction is timed too, after the import (import and construct: the grouped client's cost).
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import sys
import time

import anyio  # noqa: F401  (a dependency: imported before the package, as in bench's import time)
import typing_extensions  # noqa: F401
from pydantic import BaseModel

# the generated package's HTTP library ([tool.clientgen] http; the bench generates with the default),
# imported before the package like its other dependencies
http_library = importlib.import_module(os.environ.get("BENCH_HTTP", "httpx2"))

# wall time; BENCH_CPU_TIME=1 for this process's CPU time (steadier on a machine others share)
clock = time.process_time if os.environ.get("BENCH_CPU_TIME") else time.perf_counter


class Warm(BaseModel):  # pydantic's model machinery, which a service using pydantic has loaded
    x: int


def main(module_name: str, plan_json: str) -> None:
    plan = json.loads(plan_json)
    started = clock()
    module = importlib.import_module(module_name)
    imported = clock()
    content = json.dumps(plan["body"]).encode()

    def answer(request: object) -> object:
        return http_library.Response(200, content=content, headers={"Content-Type": "application/json"})

    http = http_library.Client(transport=http_library.MockTransport(answer))
    making = clock()
    client = getattr(module, plan["client"])(base_url="http://127.0.0.1", http_client=http, **plan["client_arguments"])
    constructed = clock()
    call = functools.reduce(getattr, plan["method"].split("."), client)  # "files.get_id": a method of a resource
    times = []
    for _ in range(2):
        before = clock()
        call(**plan["arguments"])
        times.append(clock() - before)
    print(
        json.dumps(
            {
                "import_ms": 1000 * (imported - started),
                "construct_ms": 1000 * (constructed - making),
                "first_ms": 1000 * times[0],
                "again_ms": 1000 * times[1],
            }
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
