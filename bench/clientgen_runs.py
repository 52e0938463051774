"""What only clientgen is measured on: regeneration with caches, import time, the parsing path."""

from __future__ import annotations

import json
import re
import shutil
import statistics
from pathlib import Path
from typing import Any

from measure import Series, run, series
from tools import BENCH, PEERS_BIN, PROJECT_BIN, ROOT, Spec, clientgen_module, environment


def generate_cached(spec: Spec, out: Path, spec_path: Path | None = None) -> list[str | Path]:
    return [PROJECT_BIN / "clientgen", "generate", "--spec", spec_path or spec.path, "--output", out, "--package", spec.package]


def regenerate_unchanged(spec: Spec, out: Path, times: int) -> Series:
    """The pre-commit case: the same command again, nothing changed (caches beside ``out``)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(out.parent / ".clientgen-cache", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    run(generate_cached(spec, out), cwd=out.parent)  # warm: writes the tree and the caches
    return series(times, lambda _: run(generate_cached(spec, out), cwd=out.parent))


def regenerate_project(work: Path, times: int) -> Series:
    """``clientgen generate`` for the project's four providers, nothing changed."""
    out = work / "project" / "generated"
    shutil.rmtree(out.parent, ignore_errors=True)
    out.parent.mkdir(parents=True)
    command: list[str | Path] = [PROJECT_BIN / "clientgen", "generate", "--output", out]
    run(command, cwd=ROOT)
    return series(times, lambda _: run(command, cwd=ROOT))


def regenerate_one_schema_changed(spec: Spec, out: Path, times: int) -> Series | None:
    """Edit one schema's description (a different one each time), then regenerate with caches."""
    out.parent.mkdir(parents=True, exist_ok=True)
    edited = out.parent / f"edited{spec.path.suffix}"
    document, dump = _load(spec.path)
    names = sorted((document.get("components") or {}).get("schemas") or {})
    if not names:
        return None
    shutil.copyfile(spec.path, edited)
    shutil.rmtree(out.parent / ".clientgen-cache", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    run(generate_cached(spec, out, edited), cwd=out.parent)

    def once(i: int) -> Any:
        schema = document["components"]["schemas"][names[i * 7 % len(names)]]
        if isinstance(schema, dict):
            schema["description"] = f"{schema.get('description') or ''} (edited {i})".strip()
        edited.write_text(dump(document))
        return run(generate_cached(spec, out, edited), cwd=out.parent)

    return series(times, once)


def _load(path: Path) -> tuple[Any, Any]:
    if path.suffix == ".json":
        return json.loads(path.read_text()), lambda d: json.dumps(d, indent=2)
    from io import StringIO

    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = 4096

    def dump(document: Any) -> str:
        buffer = StringIO()
        yaml.dump(document, buffer)
        return buffer.getvalue()

    return yaml.load(path.read_text()), dump


def import_time_ms(folder: Path, module: str, times: int) -> dict[str, float]:
    """``python -X importtime -c "import module"``: the total, and the package's own share (with
    httpx2 and pydantic's model machinery, which a service using it has loaded anyway, first).

    Measured as installed: pip compiles a package to bytecode when it installs it, so the folder
    is compiled first (with PYTHONDONTWRITEBYTECODE set, as on some machines, every import would
    otherwise compile the source again: for Box's models, 0.17 s of parsing, not of importing)."""
    compiled = run([PROJECT_BIN / "python", "-m", "compileall", "-q", str(folder)], cwd=folder, env=environment())
    if compiled.returncode:
        return {}
    totals, owns = [], []
    top = module.split(".")[0]
    deps = "import httpx2, anyio, typing_extensions\nfrom pydantic import BaseModel\nclass Warm(BaseModel):\n    x: int\n"
    for _ in range(times):
        env = {**environment(), "PYTHONPATH": str(folder)}
        total = run([PROJECT_BIN / "python", "-X", "importtime", "-c", f"import {module}"], cwd=folder, env=env)
        own = run([PROJECT_BIN / "python", "-X", "importtime", "-c", f"{deps}import {module}"], cwd=folder, env=env)
        if total.returncode or own.returncode:
            return {}
        totals.append(_importtime(total.stderr))
        owns.append(_importtime(own.stderr, prefix=top))
    return {"total_ms": statistics.median(totals), "own_ms": statistics.median(owns)}


# The operation whose first call is measured, per spec: the client and its credentials, the method
# and its arguments, and a response body that fits the operation's model.
FIRST_CALLS: dict[str, dict[str, Any]] = {
    "box": {
        "client": "BoxClient",
        "client_arguments": {"o_auth2_security": "token"},
        "method": "files.get_id",  # get_files_id, grouped by its tag (resources = "auto"); FileFull: 44 classes in 13 modules
        "arguments": {"file_id": "12345"},
        "body": {"id": "12345", "type": "file", "name": "a.txt", "size": 10},
    },
}


def first_call_ms(folder: Path, module: str, plan: dict[str, Any], times: int) -> dict[str, float]:
    """bench/first_call.py: the module's import (dependencies first), then the first call to one
    operation and the same call again (the HTTP library's ``MockTransport``); ``added_ms`` is the difference."""
    compiled = run([PROJECT_BIN / "python", "-m", "compileall", "-q", str(folder)], cwd=folder, env=environment())
    if compiled.returncode:
        return {}
    rows = []
    for _ in range(times):
        env = {**environment(), "PYTHONPATH": str(folder)}
        result = run([PROJECT_BIN / "python", BENCH / "first_call.py", module, json.dumps(plan)], cwd=folder, env=env)
        if result.returncode:
            print(result.stderr[-2000:])
            return {}
        rows.append(json.loads(result.stdout))
    numbers = {key: statistics.median(r[key] for r in rows) for key in ("import_ms", "construct_ms", "first_ms", "again_ms")}
    numbers["import_construct_ms"] = statistics.median(r["import_ms"] + r["construct_ms"] for r in rows)
    numbers["added_ms"] = statistics.median(r["first_ms"] - r["again_ms"] for r in rows)
    return {key: round(value, 2) for key, value in numbers.items()}


def _importtime(stderr: str, prefix: str | None = None) -> float:
    """Sum of the cumulative time of top-level imports (optionally only those of ``prefix``)."""
    total = 0
    for line in stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| ( *)(\S+)", line)
        if match and not match.group(2) and (prefix is None or match.group(3).split(".")[0] == prefix):
            total += int(match.group(1))
    return total / 1000


def parse_path(opc_package_dir: Path | None) -> dict[str, float]:
    """bench/parse.py in the peers' environment, clientgen's committed package beside the peer's."""
    paths = [str(ROOT / "generated")]
    command: list[str | Path] = [PEERS_BIN / "python", BENCH / "parse.py"]
    if opc_package_dir is not None and opc_package_dir.is_dir():
        paths.append(str(opc_package_dir.parent))
        command.append(opc_package_dir.name)
    result = run(command, env={**environment(), "PYTHONPATH": ":".join(paths)})
    if result.returncode:
        print(result.stderr)
        return {}
    numbers: dict[str, float] = json.loads(result.stdout)
    return numbers


def module_of(spec: Spec, out: Path) -> str | None:
    return clientgen_module(spec, out)


BLACK_SHARE = """
import json, sys
from pathlib import Path
from generator.config import DEFAULT_HTTP, PackageInfo, single_spec
from generator.pipeline import Run, generate
package = sys.argv[3]
with Run() as run:  # what `generate --no-cache --spec` makes, without writing it: the run counts its chunks
    generate([single_spec(Path(sys.argv[1]))], PackageInfo(package, package.replace("_", "-"), "0.1.0", DEFAULT_HTTP), run=run)
stats = run.stats
print(json.dumps({"code": 0, "chunks": stats.chunks, "black_chunks": stats.black_chunks, "black_pieces": stats.black_units}))
"""


def black_share(spec: Spec, out: Path) -> dict[str, int]:
    """How much of a cold run's code still went through black: the chunks formatted (distinct, not
    from a cache), how many of them black saw all or part of, and the pieces it was given (whole
    chunks, or single statements of a class body the layout was not certain of)."""
    shutil.rmtree(out, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    result = run([PROJECT_BIN / "python", "-c", BLACK_SHARE, spec.path, out, spec.package], cwd=out.parent, env=environment())
    if result.returncode:
        return {}
    numbers: dict[str, int] = json.loads(result.stdout.splitlines()[-1])
    return {k: v for k, v in numbers.items() if k != "code"} if numbers.get("code") == 0 else {}
