"""A long generation says what it is doing on a terminal, and nothing more anywhere else.

The CLI runs with its stderr on a pseudo-terminal, as in a shell; ``CLIENTGEN_PROGRESS_DELAY=0``
shows the line from the start (by default it waits 2 s, longer than a small spec takes), so the
tests do not depend on how fast the machine is.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from .conftest import FIXTURES, ROOT

SPEC = FIXTURES / "specs" / "models.yaml"


def run(output: Path, *, terminal: bool, delay: str = "0") -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``clientgen generate``, stderr on a pty if ``terminal``."""
    env = {**os.environ, "CLIENTGEN_PROGRESS_DELAY": delay}
    command = [sys.executable, "-m", "generator", "generate", "--no-cache", "--spec", str(SPEC), "--output", str(output)]
    if not terminal:
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        return done.returncode, done.stdout, done.stderr
    primary, secondary = os.openpty()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=secondary)
    os.close(secondary)
    received: list[bytes] = []

    def read() -> None:
        while True:
            try:
                data = os.read(primary, 4096)
            except OSError:  # EIO: the other side closed
                return
            if not data:
                return
            received.append(data)

    reader = threading.Thread(target=read)
    reader.start()
    stdout, _ = process.communicate(timeout=300)
    reader.join(timeout=60)
    os.close(primary)
    return process.returncode, stdout.decode(), b"".join(received).decode()


def test_on_a_terminal_one_line_shows_the_stage_and_counts_then_is_erased(tmp_path: Path) -> None:
    code, stdout, stderr = run(tmp_path / "out", terminal=True)
    assert code == 0, stderr
    assert "\n" not in stderr.replace("\r\n", "\n").strip("\n"), "progress stays on one line"
    frames = [frame for frame in stderr.split("\r\x1b[K") if frame]
    assert frames, f"no progress shown: {stderr!r}"
    assert frames[0].startswith("clientgen: reading and building: 0 of 1 specs")
    assert any(f.startswith("clientgen: laying out: ") and f.endswith(" chunks") for f in frames)
    assert stderr.endswith("\r\x1b[K"), "the line is erased when the run ends"
    assert " files, " in stdout.splitlines()[-1], stdout  # the summary, on stdout as always


def test_off_a_terminal_nothing_extra_is_printed(tmp_path: Path) -> None:
    code, stdout, stderr = run(tmp_path / "out", terminal=False)
    assert code == 0, stderr
    assert stderr == ""
    assert "clientgen:" not in stdout and "\r" not in stdout


def test_a_short_run_on_a_terminal_prints_nothing_extra(tmp_path: Path) -> None:
    """With the default delay (2 s), a run that ends before it shows nothing; a run taking longer
    than the delay set here (an hour) cannot happen in a test."""
    code, _, stderr = run(tmp_path / "out", terminal=True, delay="3600")
    assert code == 0, stderr
    assert stderr == ""
