"""Validation started early, in a second process, while this one loads, builds and renders.

Checking a document against openapi-pydantic's models is the largest fixed cost of a cold run:
importing pydantic and building the models' validators is about 110 ms of a small spec's 250.
So ``generate`` and ``check`` fork a child as soon as they know their command (:func:`start`);
it imports pydantic while the parent reads its settings, then loads each spec the parent names
(:func:`validate`), validates it (:func:`.openapi.validate`) and sends back the :class:`Outcome`:
the data as the builder should read it, and the diagnostics, with their lines.

The parent meanwhile makes the package on the assumption that every document is valid
(:func:`assume_valid`, in :func:`generator.pipeline.generate`): :func:`outcome` says "valid" at
once and remembers what it said. The child's word is taken as it arrives (:func:`check`, between
stages) and at the end (:meth:`Assumption.held`); if a document was not valid, the package is
made again with the child's outcome, as it would have been without this module, and the files
the child read count as read by the run (its cache stamp depends on them). Validation never makes
the parent import pydantic. An outcome is used only for the very text the parent loaded, validated with the
same settings: a digest of the text travels with it.

The parent validates by itself, as it would without this module, on a platform without
``fork``, with ``CLIENTGEN_JOBS=1`` (one process), when pydantic is already imported (a second
run in one process gains nothing), and for a spec the child could not read or answer (it failed
or died). The answers are the same either way, and so is the output.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import pickle
import select
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from ..errors import Diagnostics
from ..load.document import Graft

Key = tuple[str, str, bool]  # (path, digest of the text, allow_external_refs)
_SIZE = 8  # bytes of the length before each answer


class Invalid(Exception):
    """The child found a problem in a document the parent assumed valid."""


@dataclass(frozen=True)
class Outcome:
    """What validating a document found: the data as the builder should read it (None: as it
    was loaded) and the warnings, notes and skipped pieces."""

    data: Any
    found: Diagnostics
    read: frozenset[Path] = frozenset()  # every file validating it read: the spec, the files it $refs
    grafts: dict[str, Graft] = field(default_factory=dict)  # values the data took from other files

    @property
    def valid(self) -> bool:
        return self.data is None and not self.found.items


@dataclass
class _Child:
    pid: int
    paths_fd: int | None  # the paths to validate go this way; None once sent
    answers_fd: int  # the answers come back this way
    received: bytearray = field(default_factory=bytearray)
    answers: dict[Key, Outcome] = field(default_factory=dict)
    finished: bool = False


@dataclass
class Assumption:
    """Work done on the assumption that every document the child validates is valid."""

    keys: list[Key] = field(default_factory=list)

    def held(self) -> bool:
        """Whether the child found no problem in any document answered under this assumption
        (waiting for its answers)."""
        return _child is not None and all((found := _wait(_child, key)) is not None and found.valid for key in self.keys)


_child: _Child | None = None
_assumption: Assumption | None = None


def start() -> None:
    """Fork the child, when that can pay off (see the module)."""
    global _child
    if _child is not None or not hasattr(os, "fork") or os.environ.get("CLIENTGEN_JOBS") == "1" or "pydantic" in sys.modules:
        return
    paths_out, paths_in = os.pipe()
    answers_out, answers_in = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        for fd in (paths_out, paths_in, answers_out, answers_in):
            os.close(fd)
        return
    if pid == 0:
        os.close(paths_in)
        os.close(answers_out)
        _serve(paths_out, answers_in)
    os.close(paths_out)
    os.close(answers_in)
    _child = _Child(pid, paths_in, answers_out)
    atexit.register(stop)


def validate(specs: Sequence[tuple[Path, bool]]) -> None:
    """Have the child validate these specs (path, and whether $refs may leave its folder), in
    this order (no child: nothing)."""
    child = _child
    if child is None or child.paths_fd is None:
        return
    try:
        with os.fdopen(child.paths_fd, "wb") as out:
            child.paths_fd = None
            pickle.dump([(str(path), allow) for path, allow in specs], out)
    except OSError:
        stop()


def outcome(path: Path, text: str, allow_external_refs: bool) -> Outcome | None:
    """The child's outcome for the document at ``path`` with this ``text``, or None when it has
    none to give (then the caller validates). Under :func:`assume_valid`: valid, at once, and the
    key is kept for checking."""
    child = _child
    if child is None or child.paths_fd is not None:
        return None  # no child, or never asked: it has nothing to say
    key = (str(path), _digest(text), allow_external_refs)
    if _assumption is not None:
        _assumption.keys.append(key)
        return _VALID
    return _wait(child, key)


@contextmanager
def assume_valid() -> Iterator[Assumption | None]:
    """Within the block, :func:`answer` says every document is valid; the caller asks
    :meth:`Assumption.held` and does the work again if it did not hold. None (nothing assumed)
    when there is no child to check the assumption."""
    global _assumption
    if _child is None or _child.paths_fd is not None or _assumption is not None:
        yield None
        return
    _assumption = Assumption()
    try:
        yield _assumption
    finally:
        _assumption = None


def check() -> None:
    """Raise :class:`Invalid` if an answer that has arrived contradicts the assumption: the work
    on it stops there instead of at its end."""
    child, assumption = _child, _assumption
    if child is None or assumption is None:
        return
    _receive(child, block=False)
    if any(not found.valid for key in assumption.keys if (found := child.answers.get(key)) is not None):
        raise Invalid


def stop() -> None:
    """End the child if it still runs, and reap it."""
    child = _child
    if child is None or child.finished:
        return
    child.finished = True
    for fd in (child.paths_fd, child.answers_fd):
        if fd is not None:
            os.close(fd)
    child.paths_fd = None
    try:
        if os.waitpid(child.pid, os.WNOHANG) == (0, 0):
            os.kill(child.pid, signal.SIGKILL)
            os.waitpid(child.pid, 0)
    except ChildProcessError:
        pass


def _wait(child: _Child, key: Key) -> Outcome | None:
    while key not in child.answers and not child.finished:
        _receive(child, block=True)
    return child.answers.get(key)


def _receive(child: _Child, *, block: bool) -> None:
    """Read what the child has sent (at least something, if ``block``) and keep its answers."""
    while not child.finished:
        if not block and not select.select([child.answers_fd], [], [], 0)[0]:
            return
        chunk = os.read(child.answers_fd, 1 << 16)
        if not chunk:
            stop()  # the child is done, or died: what it did not answer, the parent validates
            return
        child.received += chunk
        while len(child.received) >= _SIZE and len(child.received) >= _SIZE + (size := int.from_bytes(child.received[:_SIZE], "big")):
            key, found = pickle.loads(child.received[_SIZE : _SIZE + size])
            child.answers[key] = found
            del child.received[: _SIZE + size]
            block = False


def _serve(paths_fd: int, answers_fd: int) -> NoReturn:
    """The child: pydantic's schema machinery first, then an outcome a spec. It exits without
    running the parent's exit handlers or flushing its copies of the parent's buffers, and says
    nothing: what goes wrong, the parent meets again and reports."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
        import pydantic

        class _Warm(pydantic.BaseModel):  # a first model imports what every model needs
            value: int

        from ..load.document import load, recording
        from .openapi import validate

        with os.fdopen(paths_fd, "rb") as paths_in:
            specs = pickle.load(paths_in)
        for path, allow in specs:
            try:
                with recording() as read:
                    document = load(Path(path))
                    found = Diagnostics()
                    readable = validate(document, found, allow_external_refs=allow)
                result = Outcome(None if readable is document else readable.data, found, frozenset(read), readable.grafts)
                data = pickle.dumps(((path, _digest(document.text), allow), result))
            except Exception:
                continue
            _write_all(answers_fd, len(data).to_bytes(_SIZE, "big") + data)
    finally:
        os._exit(0)


_VALID = Outcome(None, Diagnostics())


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
