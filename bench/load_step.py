"""The load step alone: how long ``generator.load`` takes to read a large YAML spec with each
reader - native (``_yamlc``, positions included), yaml-rs, and the old way (ruamel.yaml) - against
``json.loads`` on the same data as JSON.

Usage: .venv/bin/python bench/load_step.py [--runs N] [YAML ...]
Without arguments it reads Box's spec as YAML (written from the corpus' box.json into
bench/results/specs/, gitignored) and Algolia's full Ingestion spec. CPU time (process_time),
best of N, so that other processes on the machine count less. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tools import ROOT, SHARED, SPECS

sys.path.insert(0, str(ROOT))

from generator.load import document, fast, native


def best(action: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.collect()  # the garbage of the run before is not this run's
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return min(times) * 1000


def row(path: Path, runs: int) -> str:
    text = path.read_text(encoding="utf-8")
    as_json = json.dumps(document.load(path).data)
    j = best(lambda: json.loads(as_json), runs)
    readers = {"native": native.read, "yaml-rs": fast.read}
    cells = []
    for name in (*readers, "old"):
        taken = name == "old" or readers[name](text) is not None
        none = lambda text: None  # noqa: E731
        native.read = readers["native"] if name == "native" else none  # type: ignore[assignment]  # only this reader,
        fast.read = readers["yaml-rs"] if name == "yaml-rs" else none  # or none: the old way
        try:
            took = best(lambda: document.load(path), runs if name != "old" else max(1, runs // 3))
        finally:
            native.read, fast.read = readers["native"], readers["yaml-rs"]  # type: ignore[method-assign]
        cells.append(f"{took:.1f} ms ({took / j:.1f}x)" if taken else "not taken")
    return f"| {path.name} | {len(text) / 2**20:.1f} MiB | {j:.1f} ms | " + " | ".join(cells) + " |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("yaml", nargs="*", type=Path)
    args = parser.parse_args()
    box = next(s for s in SPECS if s.name == "box_yaml")
    box.prepare()
    paths = args.yaml or [box.path, SHARED / "corpus" / "large" / "algolia_ingestion_full.yml"]
    print("| spec | size | json.loads | load, native (x json.loads) | load, yaml-rs | load, old (ruamel.yaml) |")
    print("|---|---|---|---|---|---|")
    for path in paths:
        print(row(path, args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
