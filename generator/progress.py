"""What a long generation is doing: one line on a terminal's stderr, redrawn in place.

Each run has its own :class:`Progress` (``Run.progress`` in :mod:`generator.pipeline`), handed to
the stages that report on it (:meth:`Progress.stage`, :meth:`Progress.advance`). It shows nothing
unless the CLI made it for a terminal (:func:`shown_on`, only when stderr is one), and nothing
before the run has taken :data:`DELAY` seconds, so a short run, a pipe, a log file or CI sees no
byte of it. The line is redrawn at most every :data:`INTERVAL` seconds and erased when the run
ends (:meth:`Progress.erase`), so it never stays among the messages that follow. A worker process
is given none: it reports nothing.
"""

from __future__ import annotations

import os
import time
from typing import TextIO

DELAY = 2.0  # seconds before the line appears; CLIENTGEN_PROGRESS_DELAY overrides it
INTERVAL = 0.1
ERASE = "\r\x1b[K"  # back to the start of the line, and clear it


class Progress:
    """The progress line of one run; with no ``stream``, it shows nothing."""

    def __init__(self, stream: TextIO | None = None, delay: float = DELAY) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.delay = delay
        self.name = ""
        self.unit = ""
        self.done = 0
        self.total = 0
        self.drawn = 0.0  # when the line was last drawn; 0 if it is not on screen

    def stage(self, name: str, total: int = 0, unit: str = "") -> None:
        """A new stage begins: ``total`` ``unit`` to do (0: not counted)."""
        self.name, self.total, self.unit, self.done = name, total, unit, 0
        self._draw(force=True)

    def advance(self, count: int = 1) -> None:
        self.done += count
        self._draw()

    def erase(self) -> None:
        """Take the line off the screen (when the run ends)."""
        if self.stream is not None and self.drawn:
            self.stream.write(ERASE)
            self.stream.flush()
            self.drawn = 0.0

    def _draw(self, *, force: bool = False) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        if now - self.started < self.delay or (not force and now - self.drawn < INTERVAL):
            return
        count = f": {self.done} of {self.total} {self.unit}" if self.total else ""
        line = f"clientgen: {self.name}{count}"
        width = _columns(self.stream) - 1
        self.stream.write(ERASE + line[:width])
        self.stream.flush()
        self.drawn = now


def shown_on(stream: TextIO) -> Progress:
    """A display on ``stream`` if it is a terminal; else one that shows nothing."""
    if not stream.isatty():
        return Progress()
    configured = os.environ.get("CLIENTGEN_PROGRESS_DELAY", "")
    delay = float(configured) if configured.replace(".", "", 1).isdigit() else DELAY
    return Progress(stream, delay)


def _columns(stream: TextIO) -> int:
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError):
        columns = 0
    return columns if columns > 20 else 80  # a pseudo-terminal may not say
