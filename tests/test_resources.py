"""Operations grouped into resources (issue 21): tests/fixtures/resources/big.yaml has 44 operations,
so ``resources = "auto"`` groups them; groups come from ``x-speakeasy-group`` (dots nest),
``x-fern-sdk-group-name`` (a list nests), the ``methods`` table of pyproject.toml and the first tag
(an OpenAPI 3.2 tag ``parent`` nests it); names from ``x-speakeasy-name-override`` /
``x-fern-sdk-method-name`` / the table, or the operationId without the group's words. Each group
is a class in its own module, imported on first use; raw responses and waiters work inside them.
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from .conftest import FIXTURES, HTTP_LIBRARIES, clientgen, imported
from .recorder import Recorder, recording_server

SPEC = FIXTURES / "resources" / "big.yaml"

GROUPS = {  # group path -> its methods, in the spec's order
    ("beta",): [],
    ("beta", "assistants"): ["all", "create"],  # x-speakeasy-group: beta.assistants, x-speakeasy-name-override: all
    ("beta", "threads"): ["create", "retrieve"],  # tag threads, whose 3.2 parent is beta
    ("beta", "threads", "runs"): ["list"],  # tag runs, parent threads
    ("beta", "vector_stores"): ["list_all"],  # x-fern-sdk-group-name: [beta, vector_stores], x-fern-sdk-method-name
    ("files",): ["list", "create", "retrieve", "delete", "get_content", "get", "get_file", "close_"],
    ("models_tag",): ["list", "retrieve"],
    ("policies",): ["list", "get"],  # policies -> policy, singular and plural
    ("vector_stores",): ["create"],  # x-fern-sdk-group-name: vector_stores (a string)
    ("widgets",): [f"list_widgets{i}" for i in range(22)],
}


@pytest.fixture(scope="module", params=HTTP_LIBRARIES)
def http(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory, http: str) -> Iterator[tuple[ModuleType, Path, str]]:
    output = tmp_path_factory.mktemp(f"big_{http}")
    result = clientgen("generate", "--spec", SPEC, "--output", output, "--package", f"big_client_{http}", "--http", http, "--report")
    assert result.returncode == 0, result.stderr
    with imported(output, f"big_client_{http}.big") as module:
        yield module, output / f"big_client_{http}" / "big", result.stdout


@pytest.fixture
def big(generated: tuple[ModuleType, Path, str]) -> ModuleType:
    return generated[0]


@pytest.fixture
def server() -> Iterator[Recorder]:
    with recording_server() as recorder:
        yield recorder


def _methods(resource: type) -> list[str]:
    return [name for name, value in vars(resource).items() if callable(value) and not name.startswith("_")]


def test_operations_are_grouped_and_named(big: ModuleType, generated: tuple[ModuleType, Path, str]) -> None:
    folder = generated[1]
    modules = sorted(p.stem for p in (folder / "resources").glob("*.py") if p.stem != "__init__")
    assert modules == sorted("_".join(path) for path in GROUPS)
    assert _methods(big.BigClient) == ["create_moderation", "get_health", "get_version", "wait_for_ready"]  # untagged stay
    for path, methods in GROUPS.items():
        module = importlib.import_module(f"{big.__name__}.resources.{'_'.join(path)}")
        name = "".join(p.title().replace("_", "") for p in path)
        for cls in (getattr(module, name), getattr(module, "Async" + name)):
            children = [p[-1] for p in GROUPS if len(p) == len(path) + 1 and p[: len(path)] == path]
            assert _methods(cls) == methods, path
            assert [n for n, v in vars(cls).items() if isinstance(v, functools.cached_property)] == children


def test_the_report_lists_every_renamed_method(generated: tuple[ModuleType, Path, str]) -> None:
    report = generated[2]
    assert "GET /files: list_files is client.files.list" in report
    assert "GET /assistants: list_assistants is client.beta.assistants.all" in report
    assert "GET /threads/{id}/runs: list_thread_runs is client.beta.threads.runs.list" in report
    assert "get_file is client" not in report  # kept its name: 'get' was taken


def test_groups_are_cached_attributes_imported_on_first_use(generated: tuple[ModuleType, Path, str], http: str) -> None:
    folder = generated[1]
    package = f"big_client_{http}.big"
    code = (
        f"import sys; import {package} as big\n"
        f"assert not [m for m in sys.modules if m.startswith('{package}.resources')], 'a resource was imported with the client'\n"
        "client = big.BigClient(base_url='http://127.0.0.1:9')\n"
        "assert client.files is client.files and client.beta.threads.runs is client.beta.threads.runs\n"
        f"assert sorted(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('{package}.resources.')) == "
        "['beta', 'beta_threads', 'beta_threads_runs', 'files']\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=folder.parents[1], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_group_methods_raw_responses_and_waiters_on_the_wire(big: ModuleType, server: Recorder, mode: str) -> None:
    server.respond(200, {"name": "ready"})

    async def run_async() -> list[Any]:
        async with big.AsyncBigClient(base_url=server.url, max_retries=0) as client:
            return [
                await client.files.list(),
                await client.beta.threads.runs.list("t1"),
                await client.beta.threads.create(name="n"),
                await client.with_raw_response.beta.vector_stores.list_all(),
                await client.wait_for_ready("f1"),
            ]

    if mode == "sync":
        with big.BigClient(base_url=server.url, max_retries=0) as client:
            results = [
                client.files.list(),
                client.beta.threads.runs.list("t1"),
                client.beta.threads.create(name="n"),
                client.with_raw_response.beta.vector_stores.list_all(),
                client.wait_for_ready("f1"),
            ]
    else:
        results = asyncio.run(run_async())
    assert [(r.method, r.target) for r in server.requests] == [
        ("GET", "/files"), ("GET", "/threads/t1/runs"), ("POST", "/threads"), ("GET", "/vector_stores"), ("GET", "/files/f1"),
    ]
    assert server.requests[2].body == b'{"name": "n"}'  # a keyword body inside a group
    assert results[0].name == "ready" and results[3].status_code == 200 and results[3].parsed.name == "ready"
    assert results[4].name == "ready"


def test_the_readme_lists_methods_by_group(generated: tuple[ModuleType, Path, str]) -> None:
    readme = (generated[1].parents[1] / "README.md").read_text()
    assert "`client.files` (`files`: 8 methods.)" in readme
    assert "| `list()` | `GET /files` |" in readme
    assert "`client.beta.threads.runs` (`runs`: 1 method.)" in readme
    assert "| `get_health()` | `GET /health` |" in readme


def test_the_grouped_package_passes_mypy_strict(generated: tuple[ModuleType, Path, str], http: str) -> None:
    if http != HTTP_LIBRARIES[0]:
        pytest.skip("the same code on every HTTP library")
    package = generated[1].parent
    usage = package.parent / "usage.py"
    usage.write_text(
        f"from {package.name}.big import BigClient\n\n"
        "client = BigClient()\n"
        "files: list[str] = [client.files.list().name, client.beta.threads.runs.list('t').name]\n"
        "raw = client.with_raw_response.files.retrieve('f')\n"
        "print(raw.parsed.name, raw.status_code, files)\n"
        "client.files.list(1)\n"
    )
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--python-version", "3.10", package.name, "usage.py"]
    result = subprocess.run(command, cwd=package.parent, capture_output=True, text=True, timeout=600)
    assert 'usage.py:7: error: Too many positional arguments for "list" of "Files"  [call-arg]' in result.stdout
    assert "Found 1 error in 1 file" in result.stdout, result.stdout


# --- from pyproject.toml, and the rule -------------------------------------------------------------


def test_the_methods_table_places_operations(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    shutil.copy(SPEC, tmp_path / "specs" / "big.yaml")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.clientgen]\nspecs = "specs"\noutput = "out"\n'
        "[tool.clientgen.providers.big.methods]\n"
        'listModels = "catalog.models_list.all"\n'  # a nested group from the table
        'createModeration = "moderations.create"\n'  # untagged: the table gives it a group
        'listAssistants = "ignored.other"\n'  # the extension's group wins; its name-override too
    )
    result = clientgen("generate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "out" / "provider_clients" / "big"
    assert (folder / "resources" / "catalog_models_list.py").is_file() and (folder / "resources" / "moderations.py").is_file()
    catalog = (folder / "resources" / "catalog_models_list.py").read_text()
    assert "    def all(self, **options: Unpack[RequestOptions]) -> models.Thing:" in catalog
    assert "def create(" in (folder / "resources" / "moderations.py").read_text()
    assert "def all(" in (folder / "resources" / "beta_assistants.py").read_text()
    client = (folder / "client.py").read_text()
    assert "    def get_health(self," in client and "def create_moderation(" not in client
    (tmp_path / "pyproject.toml").write_text(
        '[tool.clientgen]\nspecs = "specs"\noutput = "out"\n[tool.clientgen.providers.big.methods]\ngetHealth = "ping"\n'
    )
    result = clientgen("generate", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        "pyproject.toml:5 #/tool/clientgen/providers/big/methods/getHealth: error: methods.getHealth in "
        "[tool.clientgen.providers.big] must be \"group.method\" (dotted Python names), not 'ping'"
    ) in result.stderr


def test_a_methods_table_entry_for_no_operation_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    shutil.copy(SPEC, tmp_path / "specs" / "big.yaml")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.clientgen]\nspecs = "specs"\noutput = "out"\n[tool.clientgen.providers.big.methods]\nlistModel = "models.list"\n'
    )
    result = clientgen("generate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "[tool.clientgen.providers.big.methods] names operationId 'listModel', which the spec does not have; it is ignored" in result.stderr


def test_thirty_tagged_operations_stay_flat(tmp_path: Path) -> None:
    lines = SPEC.read_text().splitlines()
    cut = lines.index("  /widgets8:")  # operations 31 to 44 are the widgets 8 to 21
    end = lines.index("components:")
    (tmp_path / "thirty.yaml").write_text("\n".join(lines[:cut] + lines[end:]) + "\n")
    result = clientgen("generate", "--spec", tmp_path / "thirty.yaml", "--output", tmp_path / "out", "--package", "thirty", "--report")
    assert result.returncode == 0, result.stderr
    assert "thirty: 30 operations" in result.stdout
    assert not (tmp_path / "out" / "thirty" / "thirty" / "resources").exists()
    assert "    def list_files(" in (tmp_path / "out" / "thirty" / "thirty" / "client.py").read_text()
    result = clientgen(
        "generate", "--spec", tmp_path / "thirty.yaml", "--output", tmp_path / "grouped", "--package", "thirty", "--resources", "tags"
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "grouped" / "thirty" / "thirty" / "resources" / "files.py").is_file()


def test_moving_into_groups_is_a_breaking_change(tmp_path: Path) -> None:
    flat = clientgen("generate", "--spec", SPEC, "--output", tmp_path, "--package", "moved", "--resources", "flat")
    assert flat.returncode == 0, flat.stderr
    grouped = clientgen("generate", "--spec", SPEC, "--output", tmp_path, "--package", "moved")
    assert grouped.returncode == 0, grouped.stderr
    assert "BREAKING removed operation list_files" in grouped.stdout
    assert "added operation files.list" in grouped.stdout
    assert "added operation beta.threads.runs.list" in grouped.stdout
    assert "version 0.1.0 -> 1.0.0 (breaking changes)" in grouped.stdout
