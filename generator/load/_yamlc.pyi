"""The native YAML reader's C side (``_yamlc.c``); :mod:`generator.load.native` is its interface."""

from collections.abc import Callable
from typing import Any

def read(
    text: str,
    scalar: Callable[[str], Any],
    key: Callable[[str], str],
    special: str,
    longest_word: int,
    max_depth: int,
    max_nodes: int,
) -> tuple[Any, bytes, list[str]] | None: ...
