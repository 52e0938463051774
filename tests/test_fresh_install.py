"""The generated package installs on its own into a fresh virtual environment, without the
generator, bringing its HTTP library and not the other one, and leaves its folder as it was; and a
package made for one library neither imports nor depends on the other."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

import pytest
import tomllib

from generator.render import RUNTIME

from .conftest import GENERATED, GOLDEN, HTTP_LIBRARIES, PROVIDERS, clientgen

OTHER = {"httpx2": "httpx", "httpx": "httpx2"}


@dataclass(frozen=True)
class Made:
    """A package made for one library, and a call to make through it: generated/ for the default
    library, the golden responses_httpx for httpx."""

    folder: Path
    package: str
    client: str  # module.Class below the package
    arguments: str  # to the client, besides http_client
    call: str


MADE = {
    "httpx2": Made(GENERATED, "provider_clients", "nekt.NektClient", "api_key_auth='k'", "v1_runs_retrieve('x')"),
    "httpx": Made(GOLDEN / "responses_httpx", "responses_httpx_client", "responses.ResponsesClient", "base_url='https://x.test'", "get_thing()"),
}


def files(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder``, by relative path; nothing skipped, so a build folder shows."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def imported_modules(package: Path) -> set[str]:
    """The top-level names of every absolute import in the package's modules."""
    names: set[str] = set()
    for source in package.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def requirement_names(folder: Path) -> set[str]:
    dependencies = tomllib.loads((folder / "pyproject.toml").read_text())["project"]["dependencies"]
    return {d.split(">")[0].split("<")[0].split("=")[0].split(";")[0].strip().lower() for d in dependencies}


@pytest.mark.parametrize("http", HTTP_LIBRARIES)
def test_a_package_imports_and_requires_only_its_http_library(http: str) -> None:
    made = MADE[http]
    imports = imported_modules(made.folder / made.package)
    assert http in imports and OTHER[http] not in imports
    assert http in requirement_names(made.folder) and OTHER[http] not in requirement_names(made.folder)


def test_the_runtime_imports_its_http_library_only_through_http_py() -> None:
    """templates/runtime/ is the same text for both libraries: its modules say ``from ._http import
    httpx``, and only the rendered _runtime/_http.py names the library."""
    assert not imported_modules(RUNTIME) & set(HTTP_LIBRARIES), "import the library with `from ._http import httpx`"


@pytest.mark.parametrize("http", HTTP_LIBRARIES)
def test_a_package_works_where_the_other_library_cannot_be_imported(http: str) -> None:
    """With the other library blocked (``sys.modules[name] = None`` makes importing it fail), the
    package imports, and a client given its library's client with a MockTransport raises the
    documented error for a 404, carrying that library's response."""
    made = MADE[http]
    module, name = made.client.rsplit(".", 1)
    script = f"""
import sys
sys.modules[{OTHER[http]!r}] = None
import {http} as library
import {made.package} as package
from {made.package}.{module} import {name}

transport = library.MockTransport(lambda request: library.Response(404, json={{"detail": "gone"}}))
client = {name}({made.arguments}, http_client=library.Client(transport=transport))
try:
    client.{made.call}
except package.NotFoundError as exc:
    assert isinstance(exc.response, library.Response), type(exc.response)
else:
    raise AssertionError("no NotFoundError")
assert not [m for m, v in sys.modules.items() if v is not None and m.split(".")[0] == {OTHER[http]!r}]
print("ok")
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=made.folder, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


@pytest.mark.parametrize("http", HTTP_LIBRARIES)
def test_pip_install_in_a_fresh_venv_brings_its_http_library_and_leaves_the_folder_clean(http: str, tmp_path: Path) -> None:
    source = tmp_path / "generated"
    if http == HTTP_LIBRARIES[0]:
        shutil.copytree(GENERATED, source, ignore=shutil.ignore_patterns("__pycache__", ".mypy_cache"))
    else:  # this project's specs and settings, for the other library
        result = clientgen("generate", "--output", source, "--http", http)
        assert result.returncode == 0, result.stderr
    before = files(source)
    assert not [name for name in before if name.startswith("build/") or ".egg-info/" in name]
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    python = env / "bin" / "python"
    install = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert install.returncode == 0, install.stderr
    assert files(source) == before, "pip install wrote into the package folder (a build/ or *.egg-info?)"
    names = {
        "algolia_ingestion": "AlgoliaIngestionClient",
        "nekt": "NektClient",
        "noxus": "NoxusClient",
        "truestate": "TruestateClient",
    }
    lines = [f"from provider_clients.{p} import {names[p]}, Async{names[p]}" for p in PROVIDERS]
    lines += ["import importlib.util", "assert importlib.util.find_spec('generator') is None, 'the generator leaked in'"]
    lines += [f"assert importlib.util.find_spec({http!r}) is not None, 'its HTTP library is missing'"]
    lines += [f"assert importlib.util.find_spec({OTHER[http]!r}) is None, 'the other HTTP library came along'"]
    lines += ["from provider_clients.nekt.models import Run", "from provider_clients import APIError", "print('ok')"]
    check = subprocess.run([python, "-c", "\n".join(lines)], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip() == "ok"
    assert sys.prefix != str(env)
