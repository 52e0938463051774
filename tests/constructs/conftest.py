"""Fixtures for the construct tests: the fixture specs' packages, generated fresh by the command
line and imported, and a recording HTTP server on 127.0.0.1."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from ..conftest import FIXTURES, generate_package
from ..recorder import Recorder, recording_server

Loader = Callable[[str], Any]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory, http: str) -> Iterator[Loader]:
    """``generated("bodies")``: the fixture spec's package for the HTTP library ``http``, generated
    by the CLI and imported."""
    loaded: dict[str, SimpleNamespace] = {}

    def load(stem: str) -> Any:
        if stem not in loaded:
            output = tmp_path_factory.mktemp(stem)
            result = generate_package(FIXTURES / "specs" / f"{stem}.yaml", output, f"{stem}_client", http=http)
            assert result.returncode == 0, result.stderr
            sys.path.insert(0, str(output))
            loaded[stem] = SimpleNamespace(
                models=importlib.import_module(f"{stem}_client.{stem}.models"),
                client=importlib.import_module(f"{stem}_client.{stem}.client"),
                errors=importlib.import_module(f"{stem}_client"),
                folder=output,
            )
        return loaded[stem]

    yield load
    for stem, package in loaded.items():
        sys.path.remove(str(package.folder))
        for name in [m for m in sys.modules if m.split(".")[0] == f"{stem}_client"]:
            del sys.modules[name]


@pytest.fixture
def server() -> Iterator[Recorder]:
    with recording_server() as recorder:
        yield recorder
