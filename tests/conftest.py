"""Shared helpers: run the CLI as a user would, generate fixture packages, import them."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings

# CI runs the property tests on a fixed sequence of examples (HYPOTHESIS_PROFILE=ci, set by
# .ci/run), so a landing is judged on the code, not on the draw; every other run explores anew.
# A slow CI machine is no failure: no deadline, no health check on how long drawing takes.
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
GENERATED = ROOT / "generated"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
# ../shared beside the checkout; from a worktree nested one level deeper, the nearest one above it.
# It is not part of the repository: tests that need it say so with the ``shared`` marker or read
# through seed() and corpus_file(), and are skipped without it (failed under CI=true, where every
# corpus test must run).
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared").is_dir()), ROOT.parent / "shared")
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"
SHARED_FOLDERS = {
    "corpus": (CORPUS, "the public OpenAPI documents the corpus tests generate from"),
    "seeds": (SEEDS, "the providers' docs pages the specs were vendored from"),
}
PROVIDERS = ("algolia_ingestion", "nekt", "noxus", "truestate")
HTTP_LIBRARIES = ("httpx2", "httpx")  # the values of [tool.clientgen] http; the first is the default

# The committed package is what the provider tests exercise, exactly as users install it.
if str(GENERATED) not in sys.path:
    sys.path.insert(0, str(GENERATED))


def missing_shared(kind: str) -> str | None:
    """One line saying what is missing and where it is expected, or None when it is there."""
    folder, what = SHARED_FOLDERS[kind]
    if folder.is_dir():
        return None
    return f"{folder} not found: {what} (shared/{kind}, kept beside the checkout, not in the repository)"


def require_shared(kind: str) -> Path:
    """The shared folder ``kind``; without it the test is skipped, or failed under CI=true."""
    message = missing_shared(kind)
    if message is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return SHARED_FOLDERS[kind][0]


def seed(name: str) -> Path:
    return require_shared("seeds") / name


def corpus_file(name: str) -> Path:
    return require_shared("corpus") / name


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "shared(kind): the test reads ../shared/<kind> (corpus or seeds)")


@pytest.hookimpl(tryfirst=True)  # before an empty parameter set (no corpus, no documents) skips it
def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in item.iter_markers("shared"):
        require_shared(*marker.args)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite tests/golden/ from the fixture specs instead of comparing against it",
    )


def clientgen(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run the installed command line, as a user does."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=600
    )


def generate_package(spec: Path, output: Path, package: str, http: str = "httpx2") -> subprocess.CompletedProcess[str]:
    return clientgen("generate", "--spec", spec, "--output", output, "--package", package, "--http", http)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (caches excluded), by relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not any(part in ("__pycache__", ".mypy_cache") or part.endswith(".egg-info") for part in p.parts)
    }


@contextmanager
def imported(folder: Path, module: str) -> Iterator[ModuleType]:
    """``module`` imported from the package folder ``folder``, forgotten afterwards."""
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(module)
    finally:
        sys.path.remove(str(folder))
        top = module.split(".")[0]
        for name in [m for m in sys.modules if m == top or m.startswith(top + ".")]:
            del sys.modules[name]


@pytest.fixture(scope="session")
def provider_packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], ModuleType]]:
    """The package of the four providers for an HTTP library, made once a session: the committed
    generated/ itself for the default library; for another, this project's specs generated with
    ``--http`` as ``provider_clients_<http>`` (in a temporary folder, so both import side by side)."""
    made: dict[str, ModuleType] = {}
    with ExitStack() as stack:

        def package(http: str) -> ModuleType:
            if http not in made:
                if http == HTTP_LIBRARIES[0]:
                    made[http] = importlib.import_module("provider_clients")
                else:
                    output = tmp_path_factory.mktemp(f"providers_{http}")
                    name = f"provider_clients_{http}"
                    result = clientgen("generate", "--output", output, "--package", name, "--http", http)
                    assert result.returncode == 0, result.stderr
                    made[http] = stack.enter_context(imported(output, name))
            return made[http]

        yield package


@pytest.fixture
def providers(http: str, provider_packages: Callable[[str], ModuleType]) -> ModuleType:
    """The providers' package for the ``http`` of the requesting test. Each module whose tests run
    on every library defines ``http``, parametrised over HTTP_LIBRARIES. This fixture is
    function-scoped on purpose: a session-scoped one would keep the package of whichever
    module's ``http`` asked first, since pytest does not tie its cache to another module's fixture."""
    return provider_packages(http)


@pytest.fixture
def import_from(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Import a module from a freshly generated package folder, then forget it."""
    added: list[str] = []

    def load(folder: Path, module: str) -> object:
        monkeypatch.syspath_prepend(str(folder))
        added.append(module.split(".")[0])
        return importlib.import_module(module)

    yield load
    for top in added:
        for name in [m for m in sys.modules if m == top or m.startswith(top + ".")]:
            del sys.modules[name]


def seed_example(name: str) -> object:
    """The example response shown on a rendered docs page: the first line that opens JSON."""
    text = seed(name).read_text()
    offset = 0
    for line in text.splitlines(keepends=True):
        if line.strip() in ("{", "["):
            value, _ = json.JSONDecoder().raw_decode(text[offset:])
            return value
        offset += len(line)
    raise ValueError(f"no JSON example in {name}")
