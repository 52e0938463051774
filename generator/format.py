"""Stage 5, format: black over every generated Python file, so output reads as hand-written code."""

from __future__ import annotations

import black
from black.mode import TargetVersion
from black.parsing import InvalidInput

MODE = black.Mode(target_versions={TargetVersion.PY310}, line_length=100)


class FormatError(Exception):
    """Black could not parse a rendered file: a bug in a template, never in a spec."""


def format_files(files: dict[str, str]) -> dict[str, str]:
    return {path: format_python(path, text) if path.endswith(".py") else text for path, text in files.items()}


def format_python(path: str, source: str) -> str:
    try:
        return black.format_str(source, mode=MODE)
    except InvalidInput as exc:
        raise FormatError(f"rendered {path} is not valid Python ({exc}); this is a clientgen bug") from None
