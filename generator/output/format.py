"""Stage 5, format: every generated Python file as black lays it out, so output reads as
hand-written code.

Each module is cut into top-level chunks (:mod:`.chunks`) that are formatted independently: a
chunk whose text was formatted before comes from the :class:`~.format_cache.FormatCache`; the
others are laid out by :mod:`.layout`, black's rules for the constructs clientgen writes, and
only the chunks whose layout it is not certain of go to black (imported then, and spread over
worker processes when there are enough of them). None of this changes a byte: a chunk formats
the same alone as in its module, layout gives black's bytes, and results are put back in order.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ..progress import Progress
from . import chunks, layout
from .format_cache import FormatCache

if TYPE_CHECKING:
    from concurrent.futures import Executor

    import black

LINE_LENGTH = layout.LINE_LENGTH  # black's, and the layout's
TARGET = "PY310"
# Below this many lines left to format (about a second of black), a worker costs more than it saves.
PARALLEL_MIN_LINES = 4000


class FormatError(Exception):
    """Black could not parse a rendered file: a bug in a template, never in a spec."""


@cache
def mode() -> black.Mode:
    import black
    from black.mode import TargetVersion

    return black.Mode(target_versions={TargetVersion[TARGET]}, line_length=LINE_LENGTH)


def formatter_key() -> str:
    """What formatting depends on besides the text: black's version and mode, and the layout
    rules (spelled out rather than asked of black, which would import it on every run)."""
    from importlib.metadata import version

    return f"black {version('black')} target={TARGET} line_length={LINE_LENGTH} layout={layout.VERSION}"


@dataclass
class Stats:
    """How a run's chunks were formatted (``Run.stats``, for the bench)."""

    chunks: int = 0  # distinct chunks not in the cache
    black_chunks: int = 0  # of which black formatted all or part
    black_units: int = 0  # what black was given: whole chunks, or statements of a class body


def format_files(
    files: dict[str, str],
    cache: FormatCache | None = None,
    jobs: int | None = None,
    formatted: Collection[str] = (),
    *,
    stats: Stats | None = None,
    progress: Progress | None = None,
) -> dict[str, str]:
    """Every ``.py`` file formatted; other files, and those named in ``formatted`` (the runtime,
    kept black-formatted in templates/runtime), as they are. What was formatted how is added to
    ``stats``; ``progress`` shows how far it is.

    A file formatted before comes from the cache whole; the others are cut into chunks, and the
    chunks not formatted before are laid out; only what the layout is not certain of goes to black.
    """
    cache = cache if cache is not None else FormatCache(None, formatter_key())
    stats = stats if stats is not None else Stats()
    progress = progress if progress is not None else Progress()
    python = sorted(path for path in files if path.endswith(".py") and path not in formatted)
    cut = {path: chunks.split(files[path]) for path in python if cache.get(files[path]) is None}
    missing: dict[str, str] = {}  # chunk text -> the first file it is in, for the error message
    invalid: set[str] = set()  # modules that are not Python: black says where
    for path, parts in cut.items():
        for chunk in parts:
            if chunk.text not in missing and cache.get(chunk.text) is None:
                missing[chunk.text] = path
            if not chunk.parsed:
                invalid.add(chunk.text)
    laid_out: dict[str, list[str | layout.Unit]] = {}
    progress.stage("laying out", len(missing), "chunks")
    for text in missing:
        laid_out[text] = [layout.Unit(text)] if text in invalid else layout.pieces(text)
        progress.advance()
    uncertain: dict[str, str] = {}  # black's input -> the file, for the error message
    for text, pieces in laid_out.items():
        for piece in pieces:
            if isinstance(piece, layout.Unit):
                uncertain.setdefault(piece.black_source(), missing[text])
    stats.chunks += len(missing)
    stats.black_chunks += sum(any(isinstance(p, layout.Unit) for p in pieces) for pieces in laid_out.values())
    stats.black_units += len(uncertain)
    by_black = dict(zip(uncertain, _format_all(list(uncertain.items()), jobs, progress), strict=True))
    for text, pieces in laid_out.items():
        cache.put(text, "".join(p if isinstance(p, str) else p.unwrap(by_black[p.black_source()]) for p in pieces))
    for path, parts in cut.items():
        cache.put(files[path], chunks.join((c, cache.require(c.text)) for c in parts))
    cache.save()
    black_formatted = set(python)
    return {path: cache.require(text) if path in black_formatted else text for path, text in files.items()}


def format_python(source: str, path: str = "<string>") -> str:
    import black
    from black.parsing import InvalidInput

    try:
        return black.format_str(source, mode=mode())
    except InvalidInput as exc:
        raise FormatError(f"rendered {path} is not valid Python ({exc}); this is a clientgen bug") from None


def jobs_default() -> int:
    """Worker processes: ``CLIENTGEN_JOBS`` if set, else one per CPU this process may use."""
    configured = os.environ.get("CLIENTGEN_JOBS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _format_all(sources: Sequence[tuple[str, str]], jobs: int | None, progress: Progress) -> list[str]:
    """Each (text, path) formatted, in order: in this process and ``jobs - 1`` workers when that pays.

    Chunks go longest first to whichever share is smallest so far; this process formats the first
    share while the workers format the others. Workers are spawned, not forked: they hold black,
    not a copy of this process's documents and IR.
    """
    if sources:
        progress.stage("black", len(sources), "pieces")
    jobs = jobs or jobs_default()
    if jobs < 2 or len(sources) < 2 or sum(text.count("\n") for text, _ in sources) < PARALLEL_MIN_LINES:
        return _format_batch(sources, progress)
    shares: list[list[int]] = [[] for _ in range(min(jobs, len(sources)))]
    sizes = [0] * len(shares)
    for i in sorted(range(len(sources)), key=lambda i: -len(sources[i][0])):
        smallest = sizes.index(min(sizes))
        shares[smallest].append(i)
        sizes[smallest] += len(sources[i][0])
    results: list[str] = [""] * len(sources)
    with _pool(len(shares) - 1) as pool:
        futures = [pool.submit(_format_batch, [sources[i] for i in share]) for share in shares[1:]]
        for i, text in zip(shares[0], _format_batch([sources[i] for i in shares[0]], progress), strict=True):
            results[i] = text
        for share, future in zip(shares[1:], futures, strict=True):
            for i, text in zip(share, future.result(), strict=True):
                results[i] = text
            progress.advance(len(share))
    return results


def _format_batch(sources: Sequence[tuple[str, str]], progress: Progress | None = None) -> list[str]:
    """Each (text, path) formatted; a worker process is given no ``progress``: it shows nothing."""
    results = []
    for text, path in sources:
        results.append(format_python(text, path))
        if progress is not None:
            progress.advance()
    return results


def _pool(workers: int) -> Executor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
