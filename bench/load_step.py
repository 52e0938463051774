"""The load step alone: how long ``generator.load`` takes to read a large YAML spec, the fast way
(yaml-rs) and the old way (ruamel.yaml), against ``json.loads`` on the same data as JSON.

Usage: .venv/bin/python bench/load_step.py [--runs N] [YAML ...]
Without arguments it reads Box's spec as YAML (written from the corpus' box.json into
bench/results/specs/, gitignored) and Algolia's full Ingestion spec. CPU time (process_time),
best of N, so that other processes on the machine count less. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tools import ROOT, SHARED, SPECS

sys.path.insert(0, str(ROOT))

from generator.load import document, fast


def best(action: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return min(times) * 1000


def row(path: Path, runs: int) -> str:
    text = path.read_text(encoding="utf-8")
    as_json = json.dumps(document.load(path).data)
    taken = fast.read(text) is not None
    j = best(lambda: json.loads(as_json), runs)
    quick = best(lambda: document.load(path), runs)
    original = fast.read
    fast.read = lambda text: None  # type: ignore[assignment]  # every document the old way
    try:
        old = best(lambda: document.load(path), max(1, runs // 3))
    finally:
        fast.read = original
    note = "" if taken else " (not taken: read the old way)"
    return f"| {path.name}{note} | {len(text) / 2**20:.1f} MiB | {j:.1f} ms | {quick:.1f} ms | {old:.1f} ms | {quick / j:.1f}x | {old / j:.1f}x |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("yaml", nargs="*", type=Path)
    args = parser.parse_args()
    box = next(s for s in SPECS if s.name == "box_yaml")
    box.prepare()
    paths = args.yaml or [box.path, SHARED / "corpus" / "large" / "algolia_ingestion_full.yml"]
    print("| spec | size | json.loads | load, fast (yaml-rs) | load, old (ruamel.yaml) | fast / json | old / json |")
    print("|---|---|---|---|---|---|---|")
    for path in paths:
        print(row(path, args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
