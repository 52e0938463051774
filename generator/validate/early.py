"""Validation started early, in a second process, while this one loads, builds and renders.

A run validates through the :class:`Validator` it was made with (``Run.validator`` in
:mod:`generator.pipeline`): :class:`Validator` itself validates in this process
(:func:`.openapi.validate`, a plain function of the document); :class:`Forked` takes the outcomes
from a child process.

Checking a document against openapi-pydantic's models is the largest fixed cost of a cold run:
importing pydantic and building the models' validators is about 110 ms of a small spec's 250.
So ``generate`` and ``check`` fork a child as soon as they know their command (:func:`start`);
it imports pydantic while the parent reads its settings, then loads each spec the parent names
(:meth:`Child.ask`), validates it and sends back the :class:`Outcome`: the data as the builder
should read it, and the diagnostics, with their lines.

The parent meanwhile makes the package on the assumption that every document is valid
(:meth:`Forked.assume_valid`, in :func:`generator.pipeline.generate`): :meth:`Forked.outcome`
says "valid" at once and remembers what it said. The child's word is taken as it arrives
(:meth:`Forked.check`, between stages) and at the end (:meth:`Assumption.held`); if a document
was not valid, the package is made again with the child's outcome, as it would have been without
this module, and the files the child read count as read by the run (its cache stamp depends on
them). Validation never makes the parent import pydantic. An outcome is used only for the very
text the parent loaded, validated with the same settings: a digest of the text travels with it.

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
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from ..errors import Diagnostics

if TYPE_CHECKING:
    from ..load.document import Document, Graft  # not imported before the fork: it imports ruamel.yaml

Key = tuple[str, str, bool]  # (path, digest of the text, allow_external_refs)
Loader = Callable[[Path], "Document"]  # how a run reads a file a $ref names
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


class Validator:
    """Validates in this process. Every validator answers as this one would."""

    def outcome(self, document: Document, allow_external_refs: bool, load: Loader) -> Outcome:
        """What validating ``document`` finds; files its ``$ref``s name are read with ``load``."""
        from .openapi import validate

        read: set[Path] = set()

        def loading(path: Path) -> Document:
            read.add(path.resolve())
            return load(path)

        found = Diagnostics()
        readable = validate(document, found, allow_external_refs=allow_external_refs, load=loading)
        return Outcome(None if readable is document else readable.data, found, frozenset(read), readable.grafts)

    @contextmanager
    def assume_valid(self) -> Iterator[Assumption | None]:
        """Nothing is assumed: the outcomes are known when asked for."""
        yield None

    def check(self) -> None:
        """Between stages: nothing to check."""

    def close(self) -> None:
        """The run is over."""


@dataclass
class Child:
    """The validating process: the parent sends it the specs once, and reads its answers."""

    pid: int
    paths_fd: int | None  # the paths to validate go this way; None once sent
    answers_fd: int  # the answers come back this way
    received: bytearray = field(default_factory=bytearray)
    answers: dict[Key, Outcome] = field(default_factory=dict)
    finished: bool = False

    def ask(self, specs: Sequence[tuple[Path, bool]]) -> None:
        """Have the child validate these specs (path, and whether $refs may leave its folder), in
        this order."""
        if self.paths_fd is None:
            return
        try:
            with os.fdopen(self.paths_fd, "wb") as out:
                self.paths_fd = None
                pickle.dump([(str(path), allow) for path, allow in specs], out)
        except OSError:
            self.stop()

    def wait(self, key: Key) -> Outcome | None:
        """The child's outcome for ``key``, once it has come; None if it will not come."""
        while key not in self.answers and not self.finished:
            self.receive(block=True)
        return self.answers.get(key)

    def receive(self, *, block: bool) -> None:
        """Read what the child has sent (at least something, if ``block``) and keep its answers."""
        while not self.finished:
            if not block and not select.select([self.answers_fd], [], [], 0)[0]:
                return
            chunk = os.read(self.answers_fd, 1 << 16)
            if not chunk:
                self.stop()  # the child is done, or died: what it did not answer, the parent validates
                return
            received = self.received
            received += chunk
            while len(received) >= _SIZE and len(received) >= _SIZE + (size := int.from_bytes(received[:_SIZE], "big")):
                key, found = pickle.loads(received[_SIZE : _SIZE + size])
                self.answers[key] = found
                del received[: _SIZE + size]
                block = False

    def stop(self) -> None:
        """End the child if it still runs, and reap it."""
        if self.finished:
            return
        self.finished = True
        for fd in (self.paths_fd, self.answers_fd):
            if fd is not None:
                os.close(fd)
        self.paths_fd = None
        try:
            if os.waitpid(self.pid, os.WNOHANG) == (0, 0):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


@dataclass
class Assumption:
    """Work done on the assumption that every document the child validates is valid."""

    child: Child
    keys: list[Key] = field(default_factory=list)

    def held(self) -> bool:
        """Whether the child found no problem in any document answered under this assumption
        (waiting for its answers)."""
        return all((found := self.child.wait(key)) is not None and found.valid for key in self.keys)


class Forked(Validator):
    """Outcomes from the child, once it has been asked (:meth:`Child.ask`); what it does not
    answer is validated in this process."""

    def __init__(self, child: Child) -> None:
        self.child = child
        self.assumption: Assumption | None = None

    def outcome(self, document: Document, allow_external_refs: bool, load: Loader) -> Outcome:
        """As :class:`Validator` would say; under :meth:`assume_valid`: valid, at once, and the
        key is kept for checking."""
        from .openapi import check_version

        check_version(document)  # what is not OpenAPI 3.0/3.1 at all is refused here, as in one process
        if self.child.paths_fd is None:  # asked: it has something to say
            key = (str(document.path), _digest(document.text), allow_external_refs)
            if self.assumption is not None:
                self.assumption.keys.append(key)
                return _VALID
            known = self.child.wait(key)
            if known is not None:  # validated in the process started early for it
                return known
        return super().outcome(document, allow_external_refs, load)

    @contextmanager
    def assume_valid(self) -> Iterator[Assumption | None]:
        """Within the block, :meth:`outcome` says every document is valid; the caller asks
        :meth:`Assumption.held` and does the work again if it did not hold. None (nothing assumed)
        when the child was not asked or has ended, so cannot check the assumption."""
        if self.child.paths_fd is not None or self.child.finished or self.assumption is not None:
            yield None
            return
        self.assumption = Assumption(self.child)
        try:
            yield self.assumption
        finally:
            self.assumption = None

    def check(self) -> None:
        """Raise :class:`Invalid` if an answer that has arrived contradicts the assumption: the work
        on it stops there instead of at its end."""
        child, assumption = self.child, self.assumption
        if assumption is None:
            return
        child.receive(block=False)
        if any(not found.valid for key in assumption.keys if (found := child.answers.get(key)) is not None):
            raise Invalid

    def close(self) -> None:
        """All it had to say is said: the child is ended and reaped."""
        self.child.stop()


def start() -> Child | None:
    """Fork the child, when that can pay off (see the module); None when it cannot."""
    if not hasattr(os, "fork") or os.environ.get("CLIENTGEN_JOBS") == "1" or "pydantic" in sys.modules:
        return None
    paths_out, paths_in = os.pipe()
    answers_out, answers_in = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        for fd in (paths_out, paths_in, answers_out, answers_in):
            os.close(fd)
        return None
    if pid == 0:
        os.close(paths_in)
        os.close(answers_out)
        _serve(paths_out, answers_in)
    os.close(paths_out)
    os.close(answers_in)
    child = Child(pid, paths_in, answers_out)
    atexit.register(child.stop)
    return child


def validator(child: Child | None) -> Validator:
    """The validator of a run: the child's outcomes if one was started, else this process's."""
    return Validator() if child is None else Forked(child)


def _serve(paths_fd: int, answers_fd: int) -> NoReturn:
    """The child: pydantic's schema machinery first, then an outcome a spec. It exits without
    running the parent's exit handlers or flushing its copies of the parent's buffers, and says
    nothing: what goes wrong, the parent meets again and reports."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
        import pydantic

        class _Warm(pydantic.BaseModel):  # a first model imports what every model needs
            value: int

        from ..load.document import load
        from . import openapi  # noqa: F401  (imported now, while the parent reads its settings)

        with os.fdopen(paths_fd, "rb") as paths_in:
            specs = pickle.load(paths_in)
        for path, allow in specs:
            try:
                document = load(Path(path))
                found = Validator().outcome(document, allow, load)
                result = Outcome(found.data, found.found, found.read | {Path(path).resolve()}, found.grafts)
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
