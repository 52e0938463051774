"""Formatted text by unformatted text, kept between runs in one file per output folder.

An entry is keyed by a hash of the formatter (black's version and mode) and the unformatted
text, and stores a hash of its formatted text: an entry that does not match, a file that does not
parse, or one made by another black is ignored, never trusted. The file keeps exactly the entries
the last run used, so it never grows beyond one generation, and is replaced atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

FORMAT_VERSION = 1


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class FormatCache:
    def __init__(self, path: Path | None, formatter: str, *, read_only: bool = False) -> None:
        self.path = path
        self.formatter = formatter
        self.read_only = read_only
        self._stored = _read(path, formatter) if path is not None else {}
        self._used: dict[str, str] = {}  # key -> formatted text

    @classmethod
    def for_output(cls, cache_dir: Path, output: Path, formatter: str, *, read_only: bool = False) -> FormatCache:
        name = digest(str(output.resolve()))[:20]
        return cls(cache_dir / "format" / f"{name}.json", formatter, read_only=read_only)

    def _key(self, text: str) -> str:
        return digest(f"{self.formatter}\0{text}")

    def get(self, text: str) -> str | None:
        key = self._key(text)
        if key in self._used:
            return self._used[key]
        entry = self._stored.get(key)
        if not (isinstance(entry, list) and len(entry) == 2 and all(isinstance(e, str) for e in entry)):
            return None
        check, formatted = str(entry[0]), str(entry[1])
        if digest(formatted) != check:
            return None  # damaged: format again
        self._used[key] = formatted
        return formatted

    def put(self, text: str, formatted: str) -> None:
        self._used[self._key(text)] = formatted

    def require(self, text: str) -> str:
        formatted = self.get(text)
        if formatted is None:
            raise KeyError("chunk was not formatted")
        return formatted

    def save(self) -> None:
        """Write the entries this run used, if they differ from what was read."""
        if self.path is None or self.read_only or self._used.keys() == self._stored.keys():
            return
        entries = {key: [digest(text), text] for key, text in sorted(self._used.items())}
        payload = {"version": FORMAT_VERSION, "formatter": self.formatter, "entries": entries}
        write_atomic(self.path, json.dumps(payload, ensure_ascii=False, separators=(",", ":")))


def _read(path: Path, formatter: str) -> dict[str, Any]:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # absent or damaged: start empty
    if not isinstance(payload, dict) or payload.get("version") != FORMAT_VERSION or payload.get("formatter") != formatter:
        return {}
    entries = payload.get("entries")
    return entries if isinstance(entries, dict) else {}


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` whole; a cache that cannot be written is only a slower next run."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
