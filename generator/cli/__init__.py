"""The command line: ``clientgen generate|check`` (:mod:`.main`) and the other commands
(:mod:`.commands`). Nothing below this folder imports it.
"""

from .main import main

__all__ = ["main"]
