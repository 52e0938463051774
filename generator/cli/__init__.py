"""The command line: ``clientgen generate|check`` (:mod:`.run`) and the other commands
(:mod:`.commands`). Nothing below this folder imports it.

:func:`main` imports nothing of its own before it has started validation in a second process
(:mod:`generator.validate.early`) for a ``generate`` or ``check``, so that the two overlap.
"""

from __future__ import annotations

import sys

CORE_COMMANDS = ("generate", "check")

__all__ = ["CORE_COMMANDS", "command_of", "main"]


def main(argv: list[str] | None = None) -> int:
    """``clientgen`` with ``argv`` (default: the process's arguments); its exit status."""
    arguments = sys.argv[1:] if argv is None else argv
    if command_of(arguments) in CORE_COMMANDS:
        from ..validate import early

        early.start()
    from .run import main as run

    return run(arguments)


def command_of(arguments: list[str]) -> str | None:
    """The command named in ``arguments``: the first that is not an option."""
    return next((a for a in arguments if not a.startswith("-")), None)
