"""One comparison of API surfaces: `clientgen changes` (both sides built from specs) and the version
`clientgen generate` bumps (the old side read back from generated/api-surface.json) agree on every
change, because the snapshot keeps types structured and reads them back into the IR's types; and a
snapshot an earlier clientgen wrote (types as annotation text) is read as documented in
generator/release/legacy.py."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import tomllib
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import ir
from generator.ir.names import ClassName
from generator.release import surface, typecodec

from .conftest import FIXTURES, GENERATED, GOLDEN, ROOT, SPECS, clientgen, generate_package
from .test_changes import edit, git

PETS = """openapi: 3.1.0
info: {title: Pets, version: "1"}
paths:
  /pets/{id}:
    get:
      operationId: get_pet
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
        - {name: ratio, in: query, schema: {type: number}}
        - {name: kinds, in: query, schema: {type: array, items: {type: string, enum: [cat, dog]}}}
      responses:
        "200":
          description: the pet
          content:
            application/json:
              schema:
                oneOf:
                  - $ref: "#/components/schemas/Cat"
                  - $ref: "#/components/schemas/Dog"
  /pets/find:
    get:
      operationId: find_pet
      parameters:
        - {name: kind, in: query, schema: {const: dog}}
      responses:
        "200":
          description: a pet
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string, maxLength: 20}
        weight: {type: integer}
        status: {$ref: "#/components/schemas/Status"}
    Cat:
      allOf:
        - $ref: "#/components/schemas/Pet"
        - type: object
          properties:
            purrs: {type: boolean}
    Dog:
      allOf:
        - $ref: "#/components/schemas/Pet"
        - type: object
          properties:
            barks: {type: boolean}
    Bird:
      type: object
      properties:
        sings: {type: boolean}
    Status:
      type: string
      enum: [available, sold]
"""

DOG = '    Dog:\n      allOf:\n        - $ref: "#/components/schemas/Pet"\n        - type: object\n'
UNION = '                  - $ref: "#/components/schemas/Dog"\n'
BIRD = "    Bird:\n      type: object\n      properties:\n        sings: {type: boolean}\n"
ANIMAL = "    Animal:\n      type: object\n      properties:\n        legs: {type: integer}\n"
BIRD_ANIMAL = """    Bird:
      allOf:
        - $ref: "#/components/schemas/Animal"
        - type: object
          properties:
            sings: {type: boolean}
"""

# (name, (text in PETS, its replacement), the bump both must agree on)
EDITS = [
    ("field made optional", ("required: [name]", "required: []"), "major"),
    ("field made required", ("required: [name]", "required: [name, weight]"), "major"),
    (
        "field added optional",
        ("        weight: {type: integer}\n", "        weight: {type: integer}\n        age: {type: integer}\n"),
        "minor",
    ),
    ("enum value added", ("enum: [available, sold]", "enum: [available, sold, pending]"), "minor"),
    ("enum value removed", ("enum: [available, sold]", "enum: [available]"), "major"),
    (
        "parameter type widened",
        ("{name: limit, in: query, schema: {type: integer}}", "{name: limit, in: query, schema: {type: number}}"),
        "patch",
    ),
    (
        "parameter type narrowed",
        ("{name: ratio, in: query, schema: {type: number}}", "{name: ratio, in: query, schema: {type: integer}}"),
        "major",
    ),
    (
        "parameter union widened",
        ("{name: limit, in: query, schema: {type: integer}}", "{name: limit, in: query, schema: {type: [integer, string]}}"),
        "patch",
    ),
    ("parameter items no longer an enum", ("items: {type: string, enum: [cat, dog]}", "items: {type: string}"), "major"),
    (
        "parameter takes an identifier",
        (
            "{name: id, in: path, required: true, schema: {type: string}}",
            "{name: id, in: path, required: true, schema: {type: string, format: uuid}}",
        ),
        "patch",
    ),
    ("field type widened", ("weight: {type: integer}", "weight: {type: number}"), "major"),
    ("field type narrowed", ("weight: {type: integer}", "weight: {type: boolean}"), "major"),
    (
        "parameter added required",
        ("      responses:\n", "        - {name: owner, in: query, required: true, schema: {type: string}}\n      responses:\n"),
        "major",
    ),
    (
        "parameter added optional",
        ("      responses:\n", "        - {name: owner, in: query, schema: {type: string}}\n      responses:\n"),
        "minor",
    ),
    ("response union grown", (UNION, UNION + '                  - $ref: "#/components/schemas/Bird"\n'), "major"),
    ("response union shrunk", (UNION, ""), "patch"),
    ("response narrowed to a subclass", ('{$ref: "#/components/schemas/Pet"}\ncomponents', '{$ref: "#/components/schemas/Dog"}\ncomponents'), "patch"),
    ("response widened to a base class", (UNION, UNION.replace("Dog", "Pet")), "major"),
    ("parameter constant widened to its type", ("schema: {const: dog}", "schema: {type: string}"), "patch"),
    ("parameter narrowed to a constant", ("schema: {const: dog}", "schema: {const: cat}"), "major"),
    (
        "model no longer extends its base",
        (DOG, '    Dog:\n      allOf:\n        - $ref: "#/components/schemas/Bird"\n        - type: object\n'),
        "major",
    ),
    ("model gains a base", (BIRD, ANIMAL + BIRD_ANIMAL), "minor"),
    ("only a constraint changed", ("maxLength: 20", "maxLength: 30"), "none"),
]


@pytest.fixture(scope="module")
def pets_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with one spec, generated once (so it has a history) and committed."""
    project = tmp_path_factory.mktemp("pets") / "project"
    (project / "specs").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[tool.clientgen]\n")
    (project / "specs" / "pets.yaml").write_text(PETS)
    result = clientgen("generate", cwd=project)
    assert result.returncode == 0, result.stderr
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "pets")
    return project


def version(project: Path) -> tuple[int, int, int]:
    text = tomllib.loads((project / "generated" / "pyproject.toml").read_text())["project"]["version"]
    major, minor, patch = (int(part) for part in text.split("."))
    return major, minor, patch


def bump(before: tuple[int, int, int], after: tuple[int, int, int]) -> str:
    if after == before:
        return "none"
    return "major" if after[0] > before[0] else "minor" if after[1] > before[1] else "patch"


def listed_by_generate(stdout: str) -> list[tuple[str, bool]]:
    """The changes `clientgen generate` prints (the summary's indented lines)."""
    lines = [line[2:] for line in stdout.splitlines() if line.startswith("  ")]
    return sorted((line.removeprefix("BREAKING "), line.startswith("BREAKING ")) for line in lines)


def listed_by_changes(report: dict[str, Any]) -> list[tuple[str, bool]]:
    return sorted((c["text"], c["breaking"]) for changes in report["providers"].values() for c in changes)


def verdict_of_changes(report: dict[str, Any]) -> str:
    """The bump the report calls for: breaking -> major, an addition -> minor, other changes -> patch."""
    changes = [c for found in report["providers"].values() for c in found]
    if report["exit_code"] == 2:
        return "major"
    return "minor" if any(c["kind"] == "added" for c in changes) else "patch" if changes else "none"


@pytest.mark.parametrize(("name", "replacement", "expected"), EDITS, ids=[e[0] for e in EDITS])
def test_changes_and_the_bump_of_generate_agree(
    pets_project: Path, tmp_path: Path, name: str, replacement: tuple[str, str], expected: str
) -> None:
    project = tmp_path / "project"
    shutil.copytree(pets_project, project)
    edit(project / "specs" / "pets.yaml", *replacement)
    before = version(project)

    changes = clientgen("changes", "--json", cwd=project)
    generated = clientgen("generate", cwd=project)

    assert changes.returncode in (0, 1, 2), changes.stderr
    assert generated.returncode == 0, generated.stderr
    report = json.loads(changes.stdout)
    assert listed_by_generate(generated.stdout) == listed_by_changes(report), generated.stdout
    assert bump(before, version(project)) == verdict_of_changes(report) == expected, listed_by_changes(report)
    again = clientgen("generate", "--no-cache", cwd=project)  # the snapshot just written reads back the same
    assert again.returncode == 0 and "API changes" not in again.stdout, again.stdout


def test_the_table_judges_types_by_subtyping(pets_project: Path, tmp_path: Path) -> None:
    """Two rows spelled out: what a text comparison got wrong (a parameter union that accepts more;
    a result union that promises more)."""
    project = tmp_path / "project"
    shutil.copytree(pets_project, project)
    edit(project / "specs" / "pets.yaml", *EDITS[7][1])
    edit(project / "specs" / "pets.yaml", UNION, UNION + '                  - $ref: "#/components/schemas/Bird"\n')
    report = json.loads(clientgen("changes", "--json", cwd=project).stdout)
    assert listed_by_changes(report) == [
        ("operation get_pet: returns Cat | Dog | Bird (was Cat | Dog)", True),
        ("parameter limit of get_pet: type int -> int | str", False),
    ]


def test_a_models_base_class_is_part_of_the_surface(pets_project: Path, tmp_path: Path) -> None:
    gains, loses = (tmp_path / name for name in ("gains", "loses"))
    for project, (old, new) in ((gains, (BIRD, ANIMAL + BIRD_ANIMAL)), (loses, (DOG, DOG.replace("/Pet", "/Bird")))):
        shutil.copytree(pets_project, project)
        edit(project / "specs" / "pets.yaml", old, new)
    gained = listed_by_changes(json.loads(clientgen("changes", "--json", cwd=gains).stdout))
    lost = listed_by_changes(json.loads(clientgen("changes", "--json", cwd=loses).stdout))
    assert gained == [("added field Bird.legs (optional)", False), ("added model Animal", False), ("model Bird: now extends Animal", False)]
    assert ("model Dog: extends Bird (was Pet)", True) in lost


# --- the snapshot's form ---------------------------------------------------------------------------

NAMES = st.sampled_from(["Run", "Pet", "None_", "Model2xx", "Ünïcode"]).map(ClassName)
VALUES = st.one_of(st.text(max_size=5), st.integers(-(10**20), 10**20), st.floats(allow_nan=False, allow_infinity=False), st.booleans(), st.none())
LEAVES = st.one_of(
    st.sampled_from(list(ir.Scalar)).map(ir.ScalarType),
    NAMES.map(ir.ModelType),
    NAMES.map(ir.AliasType),
    st.builds(ir.EnumType, NAMES, st.sampled_from([ir.Scalar.STR, ir.Scalar.INT])),
    st.lists(VALUES, min_size=1, max_size=3).map(lambda values: ir.LiteralType(tuple(values))),
)
TAGS = st.builds(ir.Discriminator, st.text(max_size=8), st.lists(st.tuples(st.text(max_size=5), NAMES), max_size=3, unique_by=lambda p: p[0]).map(tuple))


def _composite(inner: st.SearchStrategy[ir.TypeRef]) -> st.SearchStrategy[ir.TypeRef]:
    return st.one_of(
        inner.map(ir.ListType),
        inner.map(ir.MapType),
        inner.map(ir.NullableType),
        st.builds(ir.UnionType, st.lists(inner, min_size=2, max_size=3).map(tuple), st.none() | TAGS),
        st.builds(ir.TupleType, st.lists(inner, max_size=3).map(tuple), st.none() | inner, st.integers(0, 4), st.none() | st.integers(0, 5)),
    )


@settings(max_examples=300, deadline=None)
@given(st.recursive(LEAVES, _composite, max_leaves=10))
def test_every_type_reads_back_from_its_json_as_itself(t: ir.TypeRef) -> None:
    assert typecodec.load(json.loads(json.dumps(typecodec.dump(t)))) == t


SNAPSHOTS = sorted([*GOLDEN.glob("*/api-surface.json"), GENERATED / "api-surface.json"])


@pytest.mark.parametrize("path", SNAPSHOTS, ids=[p.parent.name for p in SNAPSHOTS])
def test_a_snapshot_reads_back_into_the_surface_it_was_written_from(path: Path) -> None:
    text = path.read_text()
    data = json.loads(text)
    assert data["format"] == surface.FORMAT == 2
    read = surface.from_jsonable(data["providers"])
    assert surface.dumps({**data, "providers": surface.to_jsonable(read)}) == text
    assert '"type": {"' in text or '"type": "' in text  # types are structured (a scalar is its name)


@pytest.mark.parametrize("spec", ["shapes", "unions", "composition", "nullable_31", "parameters", "enums", "waiters"])
def test_a_fixture_generated_again_over_its_own_snapshot_has_no_api_changes(spec: str, tmp_path: Path) -> None:
    """Every kind of type the fixtures hold, from the IR to the snapshot and back: equal."""
    output = tmp_path / spec
    shutil.copytree(GOLDEN / spec, output)
    (output / "README.md").write_text("changed, so that the run is not skipped\n")
    result = generate_package(FIXTURES / "specs" / f"{spec}.yaml", output, f"{spec}_client")
    assert result.returncode == 0, result.stderr
    assert "API changes" not in result.stdout and "version" not in result.stdout, result.stdout
    assert (output / "api-surface.json").read_bytes() == (GOLDEN / spec / "api-surface.json").read_bytes()


def test_a_damaged_type_in_the_snapshot_is_located(tmp_path: Path) -> None:
    project = committed_project(tmp_path)
    snapshot = project / "generated" / "api-surface.json"
    snapshot.write_text(snapshot.read_text().replace('"returns": {"model": "Run"}', '"returns": {"modle": "Run"}', 1))

    result = clientgen("generate", cwd=project)

    assert result.returncode == 1
    assert (
        "api-surface.json: not a readable API snapshot (not an API surface at algolia_ingestion/operations/get_run/returns: "
        "expected a type: one of model, enum, alias, list, map, nullable, literal, union, tuple (not 'modle'))"
    ) in result.stderr
    assert "Traceback" not in result.stderr


def test_a_snapshot_of_a_newer_format_is_refused_with_what_to_do(tmp_path: Path) -> None:
    project = committed_project(tmp_path)
    snapshot = project / "generated" / "api-surface.json"
    snapshot.write_text(snapshot.read_text().replace('"format": 2', '"format": 3', 1))
    result = clientgen("generate", cwd=project)
    assert result.returncode == 1
    assert "format 3: written by a newer clientgen; upgrade clientgen (this one reads formats 1 and 2)" in result.stderr


# --- a snapshot written by an earlier clientgen (format 1: types as annotation text) -----------------

FORMAT_1 = FIXTURES / "surface" / "api-surface-format1.json"  # generated/api-surface.json as main had it


def legacy(snapshot: Path, like: Path, tmp_path: Path) -> Path:
    """An earlier clientgen's ``snapshot`` with the version and runtime record of ``like`` (a
    snapshot of now): these tests are about its types; tests/test_versioning.py says what a
    snapshot without a runtime record does."""
    data, now = json.loads(snapshot.read_text()), json.loads(like.read_text())
    data.update(version=now["version"], runtime=now["runtime"])
    written = tmp_path / f"legacy-{snapshot.name}"
    written.write_text(json.dumps(data))
    return written


def committed_project(tmp_path: Path, snapshot: Path | None = None) -> Path:
    """This project's settings, specs and generated package (with ``snapshot`` as its api-surface.json)."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    shutil.copytree(SPECS, project / "specs")
    shutil.copytree(GENERATED, project / "generated", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    if snapshot is not None:
        shutil.copy(snapshot, project / "generated" / "api-surface.json")
    return project


def test_an_earlier_snapshot_of_the_same_api_reads_as_no_change_and_is_rewritten_structured(tmp_path: Path) -> None:
    project = committed_project(tmp_path, legacy(FORMAT_1, GENERATED / "api-surface.json", tmp_path))
    assert '"format"' not in FORMAT_1.read_text() and '"type": "UUID | str"' in FORMAT_1.read_text()
    changelog = (project / "generated" / "CHANGELOG.md").read_bytes()
    before = version(project)

    result = clientgen("generate", cwd=project)

    assert result.returncode == 0, result.stderr
    assert "API changes" not in result.stdout, result.stdout
    assert version(project) == before
    assert (project / "generated" / "CHANGELOG.md").read_bytes() == changelog
    assert (project / "generated" / "api-surface.json").read_bytes() == (GENERATED / "api-surface.json").read_bytes()


@pytest.mark.parametrize("spec", ["shapes", "unions", "composition", "nullable_31"])
def test_an_earlier_snapshot_of_every_kind_of_type_reads_as_no_change(spec: str, tmp_path: Path) -> None:
    """Fixtures' snapshots as the earlier clientgen wrote them (tuples and tagged unions among their
    types, whose text is not read back): the same API, so no change, the same version, and the
    snapshot rewritten in the structured form."""
    output = tmp_path / spec
    shutil.copytree(GOLDEN / spec, output)
    shutil.copy(legacy(FIXTURES / "surface" / f"{spec}-format1.json", GOLDEN / spec / "api-surface.json", tmp_path), output / "api-surface.json")
    result = generate_package(FIXTURES / "specs" / f"{spec}.yaml", output, f"{spec}_client")
    assert result.returncode == 0, result.stderr
    assert "API changes" not in result.stdout and "version" not in result.stdout, result.stdout
    assert (output / "api-surface.json").read_bytes() == (GOLDEN / spec / "api-surface.json").read_bytes()


def test_an_earlier_snapshot_judges_a_change_it_can_read(tmp_path: Path) -> None:
    """The text ``int | None`` reads back as a type: a field that was ``int | None`` and is now
    ``str | None`` is a breaking change, as ``clientgen changes`` says of the same edit."""
    project = committed_project(tmp_path, legacy(FORMAT_1, GENERATED / "api-surface.json", tmp_path))
    spec = project / "specs" / "nekt.yaml"
    old = "        number:\n          type: integer\n"
    new = "        number:\n          type: string\n"
    edit(spec, old, new)
    start = version(project)

    result = clientgen("generate", cwd=project)

    assert result.returncode == 0, result.stderr
    assert "  BREAKING field Run.number: type int | None -> str | None\n" in result.stdout
    assert version(project) == (start[0] + 1, 0, 0)


def test_an_earlier_snapshot_lists_a_change_it_cannot_read_as_not_breaking_and_says_so(tmp_path: Path) -> None:
    """A type whose text does not read back (here, made up) and differs from the new annotation:
    a changed type, not breaking (a patch), marked as not judged."""
    earlier = json.loads(legacy(FORMAT_1, GENERATED / "api-surface.json", tmp_path).read_text())
    earlier["providers"]["nekt"]["models"]["Run"]["number"]["type"] = "Variadic[tuple[int, Unpack[tuple[str, ...]]]]"
    written = tmp_path / "api-surface.json"
    written.write_text(json.dumps(earlier))
    project = committed_project(tmp_path, written)
    start = version(project)

    result = clientgen("generate", cwd=project)

    assert result.returncode == 0, result.stderr
    line = (
        "  field Run.number: type Variadic[tuple[int, Unpack[tuple[str, ...]]]] -> int | None (not judged: an earlier "
        "clientgen's api-surface.json keeps this type as text only; listed as not breaking)\n"
    )
    assert line in result.stdout, result.stdout
    assert version(project) == (start[0], start[1], start[2] + 1)
    assert re.search(r'"format": 2', (project / "generated" / "api-surface.json").read_text())
