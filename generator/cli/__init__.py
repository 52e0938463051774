"""The command line: ``clientgen generate|check`` (:mod:`.run`) and the other commands
(:mod:`.commands`). Nothing below this folder imports it.

:func:`main` imports nothing of its own before it has started validation in a second process
(:mod:`generator.validate.early`) for a ``generate`` or ``check``, so that the two overlap.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import NoReturn

CORE_COMMANDS = ("generate", "check")

__all__ = ["CORE_COMMANDS", "command_of", "console", "main"]


def console() -> NoReturn:
    """The ``clientgen`` executable: :func:`main`, then an exit without the interpreter's teardown
    (freeing every module's objects one by one, ~10% of a small spec's run). Nothing is left to
    do by then: the output is written and closed, worker processes joined, the validating child
    reaped; what is buffered for the terminal is flushed here."""
    status = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(BrokenPipeError, ValueError):  # a closed pipe: run.main said so already
            stream.flush()
    os._exit(status)


def main(argv: list[str] | None = None) -> int:
    """``clientgen`` with ``argv`` (default: the process's arguments); its exit status."""
    arguments = sys.argv[1:] if argv is None else argv
    child = None
    if command_of(arguments) in CORE_COMMANDS:
        from ..validate import early

        child = early.start()
    from .run import main as run

    return run(arguments, child=child)


def command_of(arguments: list[str]) -> str | None:
    """The command named in ``arguments``: the first that is not an option."""
    return next((a for a in arguments if not a.startswith("-")), None)
