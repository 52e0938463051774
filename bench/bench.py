"""Side-by-side benchmark: clientgen, openapi-python-client and datamodel-code-generator on the
same specs in one run, then clientgen's own targets (regeneration, import time, parsing).

Run it with ``bash bench/run.sh`` (which sets up the peers' environment); the table goes to
stdout and bench/results/results.md, every number to bench/results/results.json. Nothing here
is asserted by the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

import clientgen_runs
from measure import Series
from report import markdown, targets
from tools import BENCH, CLIENTGEN, PEERS_BIN, PROJECT_BIN, ROOT, SPECS, TOOLS, Output, Spec, environment

RESULTS = BENCH / "results"
PROVIDERS = ("algolia_ingestion", "nekt", "noxus", "truestate")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is reported")
    parser.add_argument("--specs", nargs="*", help="only these specs (names as in the table)")
    parser.add_argument("--tools", nargs="*", help="only these tools")
    parser.add_argument("--report-only", action="store_true", help="re-render the tables from results.json")
    args = parser.parse_args()
    if args.report_only:
        saved: dict[str, Any] = json.loads((RESULTS / "results.json").read_text())
        saved["targets"] = targets(saved)
        (RESULTS / "results.md").write_text(markdown(saved))
        print(markdown(saved))
        return 0
    specs = [s for s in SPECS if not args.specs or s.name in args.specs]
    tools = [t for t in TOOLS if not args.tools or t.name in args.tools]
    work = RESULTS / "work"
    env = environment()
    # Every tool runs from bytecode, as installed: pip compiles the peers when it installs them;
    # clientgen is installed editable, so its modules are compiled here (with PYTHONDONTWRITEBYTECODE
    # set, as on this machine, each run would otherwise compile them again: about 0.3 s).
    subprocess.run([str(PROJECT_BIN / "python"), "-m", "compileall", "-q", str(ROOT / "generator")], check=True, env=env)
    results: dict[str, Any] = {"date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "machine": machine()}
    results["versions"] = versions()
    results["runs"] = args.runs
    results["cold"] = []
    results["clientgen"] = {}
    for spec in specs:
        spec.prepare()
        print(f"== {spec.name}", file=sys.stderr, flush=True)
        measured: dict[str, Series] = {t.name: Series() for t in tools}
        for _ in range(args.runs):  # interleaved, so load from elsewhere hits every tool alike
            for tool in tools:
                measured[tool.name].runs.append(tool.generate(spec, work / tool.name / spec.name / "out", env))
        for tool in tools:
            series = measured[tool.name]
            output = tool.count(spec, work / tool.name / spec.name / "out", series.last)
            results["cold"].append(_cold_row(spec, tool.name, series, output))
            print(
                f"   {tool.name}: {series.median:.2f}s completed={output.completed} {output.reason}", file=sys.stderr, flush=True
            )
        if CLIENTGEN in tools:
            results["clientgen"][spec.name] = clientgen_extras(spec, work, args.runs)
    if CLIENTGEN in tools:
        print("== project and parsing", file=sys.stderr, flush=True)
        project = clientgen_runs.regenerate_project(work, args.runs)
        results["project_regen_unchanged_s"] = project.median if project.ok else None
        results["project_import"] = {
            p: clientgen_runs.import_time_ms(BENCH.parent / "generated", f"provider_clients.{p}", args.runs) for p in PROVIDERS
        }
        opc_nekt = work / "openapi-python-client" / "nekt" / "out"
        results["parse_us_per_body"] = clientgen_runs.parse_path(opc_nekt)
    results["targets"] = targets(results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    table = markdown(results)
    (RESULTS / "results.md").write_text(table)
    print(table)
    return 0


def _cold_row(spec: Spec, tool: str, series: Series, output: Output) -> dict[str, Any]:
    return {
        "spec": spec.name,
        "tool": tool,
        "completed": output.completed and series.ok,
        "reason": output.reason,
        "median_s": round(series.median, 3),
        "runs_s": [round(r.seconds, 3) for r in series.runs],
        "max_rss_mb": round(series.max_rss_mb, 1),
        "tree_pss_mb": round(series.tree_pss_mb, 1),
        "lines": output.lines,
        "operations": output.operations,
        "models": output.models,
        "note": output.note,
    }


def clientgen_extras(spec: Spec, work: Path, runs: int) -> dict[str, Any]:
    cold_out = work / "clientgen" / spec.name / "out"
    module = clientgen_runs.module_of(spec, cold_out) if cold_out.is_dir() else None
    if module is None:
        return {}
    extras: dict[str, Any] = {"import": clientgen_runs.import_time_ms(cold_out, module, runs)}
    if spec.name in clientgen_runs.FIRST_CALLS:
        extras["first_call"] = clientgen_runs.first_call_ms(cold_out, module, clientgen_runs.FIRST_CALLS[spec.name], runs)
    extras["format"] = clientgen_runs.black_share(spec, work / "clientgen-black" / spec.name / "out")
    unchanged = clientgen_runs.regenerate_unchanged(spec, work / "clientgen-regen" / spec.name / "out", runs)
    extras["regen_unchanged_s"] = round(unchanged.median, 3) if unchanged.ok else None
    changed = clientgen_runs.regenerate_one_schema_changed(spec, work / "clientgen-edit" / spec.name / "out", runs)
    if changed is not None:
        extras["regen_one_schema_changed_s"] = round(changed.median, 3) if changed.ok else None
        if not changed.ok:
            extras["regen_one_schema_changed_error"] = changed.last.stderr[-400:]
    return extras


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory = next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        memory_gb = round(int(memory) / 2**20, 1)
    except (OSError, StopIteration):
        memory_gb = 0.0
    return {
        "cpu": model or platform.processor(),
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def versions() -> dict[str, str]:
    code = "import importlib.metadata as m, sys; print(' '.join(m.version(p) for p in sys.argv[1:]))"
    result: dict[str, str] = {}
    for python, names in (
        (PROJECT_BIN / "python", ["black", "pydantic", "jinja2"]),
        (PEERS_BIN / "python", ["openapi-python-client", "datamodel-code-generator", "ruff", "black"]),
    ):
        found = subprocess.run([python, "-c", code, *names], capture_output=True, text=True, env=environment())
        for name, version in zip(names, found.stdout.split(), strict=False):
            result[f"{name} ({'project' if python.parent == PROJECT_BIN else 'peers'})"] = version
    return result


if __name__ == "__main__":
    sys.exit(main())
