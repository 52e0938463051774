"""Run a command and measure it: wall time, the peak RSS of its largest process (what
``/usr/bin/time -v`` reports) and the peak proportional set size (PSS) of its whole process tree,
sampled from /proc every 20 ms: the memory of a tool that runs worker processes, with pages
that processes share counted once."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE_SECONDS = 0.02


@dataclass
class Run:
    seconds: float
    returncode: int
    max_rss_mb: float  # the largest single process: the child or one of its descendants (wait4)
    tree_pss_mb: float  # the peak PSS summed over the process tree, sampled
    stdout: str
    stderr: str


@dataclass
class Series:
    runs: list[Run] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.returncode == 0 for r in self.runs)

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def max_rss_mb(self) -> float:
        return max(r.max_rss_mb for r in self.runs)

    @property
    def tree_pss_mb(self) -> float:
        return max(r.tree_pss_mb for r in self.runs)

    @property
    def last(self) -> Run:
        return self.runs[-1]


def run(
    command: Sequence[str | Path], *, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 900
) -> Run:
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen([str(c) for c in command], cwd=cwd, env=env, stdout=out, stderr=err, text=True)
        sampler = _TreeSampler(process.pid)
        sampler.start()
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        # wait4: this child's own usage; its ru_maxrss is the largest of it and its descendants
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        killer.cancel()
        sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode < 0:
        stderr += f"\n(killed by signal {-process.returncode}; timeout {timeout:.0f}s)"
    return Run(elapsed, process.returncode, usage.ru_maxrss / 1024, sampler.peak / 2**20, stdout, stderr)


def series(times: int, make: Callable[[int], Run]) -> Series:
    return Series([make(i) for i in range(times)])


class _TreeSampler(threading.Thread):
    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak = 0
        self._done = threading.Event()

    def stop(self) -> None:
        self._done.set()
        self.join()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, _tree_pss(self.root))
            self._done.wait(SAMPLE_SECONDS)


def _tree_pss(root: int) -> int:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    stat = handle.read()
            except OSError:
                continue
            parents[int(entry)] = int(stat[stat.rfind(b")") + 2 :].split()[1])
    tree = {root}
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                changed = True
    return sum(_pss(pid) for pid in tree)


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0
