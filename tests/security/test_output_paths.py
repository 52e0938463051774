"""No escape from the output folder: package names, provider keys and names from a spec never
write outside it, and names that differ only by case never overwrite each other."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.output import write
from generator.output.write import UnsafeOutputError

from ..conftest import SPECS, tree
from .support import clientgen_limited, imported

PACKAGE_FILES = {"client/__init__.py", "client/py.typed", "client/api/__init__.py", "client/api/client.py", "client/api/models.py"}


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


@pytest.mark.parametrize("package", ["../escape", "/tmp/clientgen-absolute", "a/b", "os.path", "class", "x-y"])
def test_package_name_must_be_an_identifier(package: str, tmp_path: Path) -> None:
    spec = Path(shutil.copy(SPECS / "nekt.yaml", tmp_path / "api.yaml"))
    work = tmp_path / "work"
    work.mkdir()

    result = clientgen_limited("generate", "--spec", spec, "--output", "out", "--package", package, cwd=work)

    assert result.returncode == 1
    assert f"package name {package!r} is not a Python identifier" in result.stderr
    assert "Traceback" not in result.stderr
    assert files_under(tmp_path) == {"api.yaml"}
    assert not Path("/tmp/clientgen-absolute").exists()


def test_configured_package_name_cannot_leave_the_output(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.clientgen]\npackage = "../../escaped"\n')
    shutil.copytree(SPECS, tmp_path / "specs")
    result = clientgen_limited("generate", cwd=tmp_path)
    assert result.returncode == 1
    assert "'../../escaped' is not a Python identifier" in result.stderr
    assert not (tmp_path / "generated").exists() and not (tmp_path.parent / "escaped").exists()


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["class.yaml"], "'class' is not a valid provider key"),
        (["Nekt.yaml"], "'Nekt' is not a valid provider key"),
        (["nekt.yaml", "nekt.json"], "provider key 'nekt' also comes from nekt.json"),
        (["nekt.yml", "nekt.yaml"], "provider key 'nekt' also comes from nekt.yaml"),
    ],
)
def test_provider_keys_are_modules_and_unique(names: list[str], message: str, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.clientgen]\npackage = "client"\n')
    (tmp_path / "specs").mkdir()
    for name in names:
        text = (SPECS / "nekt.yaml").read_text()
        if name.endswith(".json"):
            import json

            from ruamel.yaml import YAML

            text = json.dumps(YAML(typ="safe").load(text))
        (tmp_path / "specs" / name).write_text(text)

    result = clientgen_limited("generate", cwd=tmp_path)

    assert result.returncode == 1
    assert message in result.stderr
    assert f"specs/{sorted(names)[-1]} #: error" in result.stderr or f"specs/{names[0]} #: error" in result.stderr
    assert not (tmp_path / "generated").exists()


def test_a_standalone_spec_named_like_a_keyword_gets_a_usable_module(tmp_path: Path) -> None:
    spec = Path(shutil.copy(SPECS / "nekt.yaml", tmp_path / "class.yaml"))
    result = clientgen_limited("generate", "--spec", spec, "--output", tmp_path / "out", "--package", "client", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with imported(tmp_path / "out", "client") as package:
        assert package.__name__ == "client"
        module = __import__("client.class_", fromlist=["ClassClient"])
        assert module.ClassClient.__name__ == "ClassClient"


CASE_AND_PATHS = """\
openapi: 3.1.0
info: {title: Names, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /pets:
    get:
      operationId: getPet
      parameters:
        - {name: X-Id, in: header, schema: {type: string}}
        - {name: x-id, in: query, schema: {type: string}}
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}}
    post:
      operationId: GetPet
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/pet'}}}}}
    put:
      operationId: get_pet
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/PET'}}}}}
    delete:
      operationId: ../../../etc/passwd
      responses: {'204': {description: gone}}
    patch:
      operationId: /absolute/path
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/..~1..~1models'}}}}}
components:
  schemas:
    Pet:
      type: object
      properties: {id: {type: integer}, ID: {type: string}, Id: {type: boolean}}
    pet: {type: object, properties: {kind: {type: string, enum: [a]}}}
    PET: {type: object, properties: {kind: {type: string, enum: [A]}}}
    ../../models: {type: object, properties: {path: {type: string}}}
"""


def test_names_that_differ_only_by_case_or_look_like_paths_stay_apart(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(CASE_AND_PATHS)
    result = clientgen_limited("generate", "--spec", spec, "--output", tmp_path / "out", "--package", "client", cwd=tmp_path)
    assert result.returncode == 0, result.stderr

    generated = files_under(tmp_path / "out")
    package = {name for name in generated if name.startswith("client/") and "/_runtime/" not in name}
    assert package == PACKAGE_FILES, "a spec name became a file"
    assert all("/" not in name for name in generated - package if not name.startswith("client/_runtime/"))
    assert files_under(tmp_path) - {f"out/{name}" for name in generated} == {"api.yaml"}

    with imported(tmp_path / "out", "client"):
        from client.api import ApiClient, models  # type: ignore[import-not-found]

        pets = [models.Pet, models.Pet2, models.PET3]  # Pet, pet, PET: the first keeps its name
        assert len({cls.__name__.casefold() for cls in pets}) == 3
        assert models.Pet2.model_validate({"kind": "a"}).kind is models.Pet2Kind.A
        assert models.PET3.model_validate({"kind": "A"}).kind is models.PET3Kind.A
        pet = models.Pet.model_validate({"id": 1, "ID": "one", "Id": True})
        assert (pet.id, pet.id_2, pet.id_3) == (1, "one", True)
        assert pet.model_dump(mode="json", exclude_unset=True) == {"id": 1, "ID": "one", "Id": True}
        methods = {name for name in vars(ApiClient) if not name.startswith("_")}
        assert {"get_pet", "get_pet_2", "get_pet_3"} <= methods
        assert len(methods) == 5
        assert models.Models.model_validate({"path": "x"}).path == "x"


@pytest.mark.parametrize(
    "name",
    ["../outside.py", "/tmp/clientgen-absolute.py", "pkg/../../outside.py", "pkg/./x.py", "pkg//x.py", "pkg\\..\\x.py", "C:/x.py"],
)
def test_the_writer_refuses_names_that_leave_the_output(name: str, tmp_path: Path) -> None:
    """Defence in depth below the CLI, which cannot produce such names."""
    root = tmp_path / "out"
    with pytest.raises(UnsafeOutputError, match="must stay inside the output folder"):
        write.write_tree(root, {"pkg/__init__.py": b"", name: b"print('escaped')\n"})
    assert files_under(tmp_path) == set()
    assert not Path("/tmp/clientgen-absolute.py").exists()


def test_the_writer_refuses_names_that_are_one_file_on_a_case_insensitive_system(tmp_path: Path) -> None:
    root = tmp_path / "out"
    with pytest.raises(UnsafeOutputError, match="one file on case-insensitive systems"):
        write.write_tree(root, {"pkg/models.py": b"A = 1\n", "pkg/Models.py": b"A = 2\n"})
    assert not root.exists()


def test_a_failed_write_keeps_the_previous_tree(tmp_path: Path) -> None:
    root = tmp_path / "out"
    write.write_tree(root, {"pyproject.toml": write.MARKER.encode() + b"\n", "pkg/a.py": b"A = 1\n"})
    before = tree(root)
    with pytest.raises(UnsafeOutputError):
        write.write_tree(root, {"pyproject.toml": write.MARKER.encode() + b"\n", "pkg/a.py": b"A = 2\n", "../b.py": b""})
    assert tree(root) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_regeneration_links_what_did_not_change_and_never_follows_a_symlink(tmp_path: Path) -> None:
    root, outside = tmp_path / "out", tmp_path / "outside.py"
    marker = write.MARKER.encode() + b"\n"
    write.write_tree(root, {"pyproject.toml": marker, "pkg/same.py": b"A = 1\n", "pkg/edited.py": b"B = 1\n", "pkg/linked.py": b"C = 1\n"})
    same = (root / "pkg" / "same.py").stat()
    outside.write_bytes(b"C = 1\n")  # a symlink to a file with the very bytes clientgen would write
    (root / "pkg" / "linked.py").unlink()
    (root / "pkg" / "linked.py").symlink_to(outside)

    write.write_tree(root, {"pyproject.toml": marker, "pkg/same.py": b"A = 1\n", "pkg/edited.py": b"B = 2\n", "pkg/linked.py": b"C = 1\n"})

    assert (root / "pkg" / "same.py").stat().st_ino == same.st_ino  # linked: not written again
    assert (root / "pkg" / "same.py").stat().st_mtime_ns == same.st_mtime_ns
    assert (root / "pkg" / "edited.py").read_bytes() == b"B = 2\n"
    linked = root / "pkg" / "linked.py"
    assert not linked.is_symlink() and linked.stat().st_ino != outside.stat().st_ino
    assert linked.read_bytes() == b"C = 1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "outside.py"]
