"""Compiled templates kept between runs, the way Python keeps compiled modules in __pycache__.

Compiling the templates is most of what rendering costs on a small spec. jinja2 stores each
template's compiled code with a checksum of its source and the interpreter's magic, so an edited
template, another jinja2 or another Python is compiled afresh, never served stale. The files go to
``templates/__pycache__/`` (ignored by git, by the run stamp and by packaging, like Python's own);
a folder that cannot be written only means compiling on every run.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket


class TemplateCache(jinja2.BytecodeCache):
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, bucket: Bucket) -> Path:
        return self.folder / f"jinja2-{bucket.key}.cache"

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            with open(self._path(bucket), "rb") as handle:
                bucket.load_bytecode(handle)  # a wrong checksum, version or damaged file resets it
        except OSError:
            return

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".jinja2-", suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                bucket.write_bytecode(handle)
            os.replace(temporary, self._path(bucket))
        except OSError:
            Path(temporary).unlink(missing_ok=True)
