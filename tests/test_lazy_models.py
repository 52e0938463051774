"""A provider with more definitions than ``[tool.clientgen] lazy_models_above`` gets a models
package that loads each model on first use (PEP 562): importing the client loads no model, a
name loads the one module that declares it (and what that module needs), decoders find their
model on their first call, and type checkers see every name.

The fixture project (tests/fixtures/lazy_models) sets the threshold below its spec's 13
definitions; its output is pinned in tests/golden/lazy_models by tests/test_goldens.py, with the
other goldens (test_typecheck.py also runs mypy --strict and ruff over it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from .conftest import FIXTURES, clientgen

PROJECT = FIXTURES / "lazy_models"
PACKAGE = "lazy_models_client"
MODELS = f"{PACKAGE}.shop.models"
DEFINITIONS = 13  # in specs/shop.yaml
NAMES = ["Animal", "AnimalBase", "Cat", "Dog", "Error", "Item10", "Item2", "Order", "OrderLine", "Owner", "Pet", "PetStatus", "Tag"]


def generate(folder: Path, threshold: int | None = None) -> Path:
    shutil.copytree(PROJECT, folder)
    if threshold is not None:
        settings = folder / "pyproject.toml"
        settings.write_text(settings.read_text().replace("lazy_models_above = 5", f"lazy_models_above = {threshold}"))
    result = clientgen("generate", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder / "out"


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("lazy") / "project")


def python(output: Path, code: str) -> Any:
    """Run ``code`` in a fresh interpreter with the package importable; what it prints, as JSON."""
    env = {**os.environ, "PYTHONPATH": str(output)}
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_provider_up_to_the_threshold_keeps_one_models_module(output: Path, tmp_path: Path) -> None:
    single = generate(tmp_path / "at", threshold=DEFINITIONS) / PACKAGE / "shop"
    assert (single / "models.py").is_file() and not (single / "models").exists()
    split = generate(tmp_path / "below", threshold=DEFINITIONS - 1) / PACKAGE / "shop"
    assert (split / "models" / "__init__.py").is_file() and not (split / "models.py").exists()
    # the same names either way
    code = f"import json, {MODELS} as m; print(json.dumps(sorted(n for n in dir(m) if n in {NAMES!r})))"
    assert python(single.parent.parent, code) == NAMES
    assert python(output, code) == NAMES


def test_a_star_import_gives_every_model_as_the_single_module_does(output: Path, tmp_path: Path) -> None:
    single = generate(tmp_path / "at", threshold=DEFINITIONS) / PACKAGE / "shop"
    code = f"""
        import json
        from {MODELS} import *
        print(json.dumps(sorted(n for n in {NAMES!r} if n in globals())))
        """
    assert python(single.parent.parent, code) == NAMES
    assert python(output, code) == NAMES


def test_importing_the_client_loads_no_model_until_a_name_is_read(output: Path) -> None:
    found = python(
        output,
        f"""
        import json, sys
        from {PACKAGE}.shop import ShopClient, models

        def loaded():
            return sorted(m.rsplit(".", 1)[1] for m in sys.modules if m.startswith("{MODELS}."))

        steps = {{"import": loaded()}}
        from {MODELS} import Tag
        steps["from import Tag"] = loaded()
        steps["same object"] = models.Tag is Tag and Tag.__name__ == "Tag"
        pet = models.Pet
        steps["models.Pet"] = loaded()
        steps["in its module"] = pet.__module__
        steps["listed"] = {{"Pet", "Cat", "Item10"}} <= set(dir(models))
        try:
            models.NoSuchModel
        except AttributeError as error:
            steps["unknown"] = str(error)
        print(json.dumps(steps))
        """,
    )
    assert found["import"] == []
    assert found["from import Tag"] == ["_tag"]
    assert found["same object"] is True
    assert found["models.Pet"] == ["_owner", "_tag"]  # Pet's module (with Owner: a cycle) and what it imports
    assert found["in its module"] == f"{MODELS}._owner"
    assert found["listed"] is True
    assert found["unknown"] == f"module {MODELS!r} has no attribute 'NoSuchModel'"


REPLIES: dict[str, tuple[int, Any]] = {
    "/pets/1": (200, {"id": 1, "name": "Rex", "status": "sold", "owner": {"name": "Ann"}, "tags": [{"label": "good"}]}),
    "/pets/2": (404, {"message": "no pet 2"}),
    "/animals/7": (200, {"kind": "dog", "name": "Fido", "goodBoy": True}),
    "/items": (200, [{"name": "a"}, {"name": "b"}]),
}


@pytest.fixture
def server() -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 answering each path of :data:`REPLIES`."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body = REPLIES[self.path]
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_calls_decode_into_the_models_their_decoders_find_on_first_call(output: Path, server: str) -> None:
    found = python(
        output,
        f"""
        import json, sys
        from {PACKAGE}._runtime import NotFoundError
        from {PACKAGE}.shop import ShopClient, models

        def loaded():
            return sorted(m.rsplit(".", 1)[1] for m in sys.modules if m.startswith("{MODELS}."))

        steps = {{}}
        with ShopClient(base_url={server!r}) as client:
            pet = client.get_pet(1)
            steps["after get_pet"] = loaded()
            steps["pet"] = [type(pet).__name__, type(pet.owner).__name__, type(pet.tags[0]).__name__, pet.status is models.PetStatus.SOLD]
            steps["pet is models.Pet"] = type(pet) is models.Pet and type(pet.owner) is models.Owner
            steps["dumped"] = pet.model_dump(mode="json", by_alias=True, exclude_unset=True)
            animal = client.get_animal(7)
            steps["animal"] = [type(animal).__name__, type(animal) is models.Dog, animal.good_boy]
            items = client.list_items()
            steps["items"] = [type(i).__name__ for i in items]
            try:
                client.get_pet(2)
            except NotFoundError as error:
                steps["error body"] = [type(error.body).__name__, error.body.message]
        print(json.dumps(steps))
        """,
    )
    assert found["after get_pet"] == ["_owner", "_tag"]  # the error model's module is not loaded: no error yet
    assert found["pet"] == ["Pet", "Owner", "Tag", True]
    assert found["pet is models.Pet"] is True
    assert found["dumped"] == REPLIES["/pets/1"][1]
    assert found["animal"] == ["Dog", True, True]
    assert found["items"] == ["Item10", "Item10"]
    assert found["error body"] == ["Error", "no pet 2"]


def test_user_code_type_checks_against_the_lazily_loaded_names(output: Path, tmp_path: Path) -> None:
    """mypy sees the real classes through the imports under TYPE_CHECKING, not ``object``: right
    code passes ``--strict``, and a wrong type is caught."""
    use = tmp_path / "use.py"
    use.write_text(
        textwrap.dedent(
            f"""
            from {PACKAGE}.shop import ShopClient, models
            from {MODELS} import Owner, Pet


            def describe(client: ShopClient) -> str:
                pet: Pet = client.get_pet(1)
                owner: Owner | None = pet.owner
                animal = client.get_animal(7)
                kind = "dog" if isinstance(animal, models.Dog) else "other"
                return pet.name + (owner.name if owner else "") + kind


            def wrong(client: ShopClient) -> int:
                return client.get_pet(1)
            """
        )
    )
    env = {**os.environ, "MYPYPATH": str(output)}
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--python-version", "3.10", str(use)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600,
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1, result.stdout
    assert "use.py:15:" in errors[0] and '"Pet"' in errors[0] and '"int"' in errors[0], errors[0]


@pytest.mark.parametrize("value", ['"many"', "-1", "2.5", "true"])
def test_a_threshold_that_is_not_a_count_is_refused(value: str, tmp_path: Path) -> None:
    folder = tmp_path / "project"
    shutil.copytree(PROJECT, folder)
    settings = folder / "pyproject.toml"
    settings.write_text(settings.read_text().replace("lazy_models_above = 5", f"lazy_models_above = {value}"))
    result = clientgen("generate", cwd=folder)
    assert result.returncode == 1
    line = next(i for i, text in enumerate(settings.read_text().splitlines(), 1) if text.startswith("lazy_models_above"))
    assert f"pyproject.toml:{line}: lazy_models_above in [tool.clientgen] must be a whole number of definitions, 0 or more" in result.stderr
    assert not (folder / "out").exists()
