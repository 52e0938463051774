"""Models as users meet them: tagged unions, allOf inheritance, read/write-only, recursion, maps,
defaults, enums of every kind, multi-file and models-only documents, unsupported versions.

The fixture specs are tests/fixtures/specs/{unions,models,enums,multi_file,models_only}.yaml; their
golden trees are checked by test_goldens.py and type-checked by test_typecheck.py.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pydantic
import pytest

from ..conftest import generate_package
from ..recorder import Recorder
from .conftest import Loader

# --- unions ------------------------------------------------------------------------------------


def test_tagged_union_picks_by_tag_and_keeps_unknown_variants(generated: Loader, server: Recorder) -> None:
    api = generated("unions")
    payload = [
        {"kind": "circle", "radius": 1.5},
        {"kind": "square", "side": 2.0},
        {"kind": "hexagon", "sides": 6, "colour": "red"},
    ]
    server.respond(200, payload)
    with api.client.UnionsClient(base_url=server.url, max_retries=0) as client:
        shapes = client.list_shapes()
    assert [type(s).__name__ for s in shapes] == ["Circle", "Square", "UnknownVariant"]
    assert [s.model_dump() for s in shapes] == payload  # nothing lost, round trip


def test_implicit_tags_use_the_pinned_value_else_the_schema_name(generated: Loader) -> None:
    api = generated("unions")
    drawing = api.models.Drawing.model_validate(
        {"main": {"kind": "square", "side": 1}, "events": [{"type": "created"}, {"type": "Deleted"}, {"type": "moved"}], "label": 7}
    )
    assert type(drawing.main).__name__ == "Square"
    assert [type(e).__name__ for e in drawing.events] == ["Created", "Deleted", "UnknownVariant"]
    assert drawing.label == 7
    assert pydantic.TypeAdapter(api.models.IdOrName).validate_python("seven") == "seven"
    assert pydantic.TypeAdapter(api.models.MaybeShape | None).validate_python(None) is None


# --- models ------------------------------------------------------------------------------------


def test_all_of_extends_the_referenced_model_when_types_fit(generated: Loader) -> None:
    m = generated("models").models
    assert m.Dog.__mro__[1] is m.Animal and m.Puppy.__mro__[1] is m.Dog and m.Labelled.__mro__[1] is m.Animal
    assert m.Renamed.__mro__[1] is not m.Animal  # `name` redeclared as integer: fields copied instead
    assert m.Renamed.model_validate({"name": 3}).name == 3
    with pytest.raises(pydantic.ValidationError):
        m.Dog.model_validate({"name": "Rex"})  # Dog makes the inherited `nickname` required
    puppy = m.Puppy.model_validate({"name": "Rex", "nickname": "R", "ageWeeks": 9})
    assert isinstance(puppy, m.Animal) and puppy.good_boy is True and puppy.age_weeks == 9
    assert set(m.Labelled.model_fields) >= {"name", "labels"}
    assert m.Labels.__doc__ == "Deprecated."  # a deprecated schema says so


def test_read_only_never_sent_and_write_only_never_required_in_a_round_trip(generated: Loader, server: Recorder) -> None:
    api = generated("models")
    server.respond(201, {"id": 7, "name": "Rex", "nickname": "R"})  # no password: write-only
    with api.client.ModelsClient(base_url=server.url, max_retries=0) as client:
        dog = client.add_animal(body=api.models.Dog(id=99, name="Rex", nickname="R", password="pw"))
    assert server.last.json() == {"name": "Rex", "nickname": "R", "password": "pw"}
    assert dog.id == 7 and dog.password is None


def test_recursive_maps_and_defaults(generated: Loader) -> None:
    m = generated("models").models
    tree = m.TreeNode.model_validate({"value": "root", "children": [{"value": "leaf", "children": []}]})
    assert tree.children[0].value == "leaf"
    person = m.Person.model_validate({"employer": {"staff": [{"employer": None}]}})
    assert person.employer.staff[0].employer is None
    assert m.Scores.model_validate({"alice": 3}).model_extra == {"alice": 3}
    with pytest.raises(pydantic.ValidationError):
        m.Scores.model_validate({"alice": "three"})  # additionalProperties: {type: integer}
    strict = m.Strict.model_validate({"only": "a", "added_later": 1})  # additionalProperties: false
    assert strict.model_dump() == {"only": "a", "added_later": 1}  # a field the provider added is kept
    settings = m.Settings()
    assert (settings.mode, settings.retries, settings.ratio, settings.tags, settings.owner) == ("safe", 3, 0.5, [], None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert m.Settings(legacy="x").legacy == "x"
    assert any(issubclass(w.category, DeprecationWarning) for w in caught)


# --- enums -------------------------------------------------------------------------------------


def test_enums_of_every_scalar_type(generated: Loader) -> None:
    m = generated("enums").models
    assert [(e.name, e.value) for e in m.Order] == [
        ("ASC", "ASC"), ("ASC_2", "asc"), ("DESC", "DESC"), ("DESC_2", "desc"), ("EMPTY", ""), ("VALUE_2ND", "2nd"),
    ]  # fmt: skip
    assert [e.name for e in m.Level] == ["MINUS_1", "VALUE_0", "VALUE_1", "VALUE_10"]
    assert [e.name for e in m.Named] == ["LOW", "HIGH"]
    palette = m.Palette.model_validate(
        {"order": "asc", "level": -1, "switch": True, "mixed": 1, "ratio": 1.5, "colour": None, "named": 2, "inline": "y"}
    )
    assert (palette.order, palette.level, palette.named, palette.inline.value) == (m.Order.ASC_2, m.Level.MINUS_1, m.Named.HIGH, "y")
    assert (palette.switch, palette.mixed, palette.ratio, palette.colour) == (True, 1, 1.5, None)
    later = m.Palette.model_validate({"order": "sideways", "level": 99})  # values added later are kept
    assert (later.order, later.level) == ("sideways", 99)
    with pytest.raises(pydantic.ValidationError):
        m.Palette.model_validate({"switch": False})  # enum: [true]


# --- documents ---------------------------------------------------------------------------------


def test_multi_file_document_follows_relative_refs(generated: Loader, server: Recorder) -> None:
    api = generated("multi_file")
    server.respond(200, {"name": "Rex", "toy": {"squeaky": True}, "vet": {"clinic": "North"}})
    with api.client.MultiFileClient(base_url=server.url, max_retries=0) as client:
        pet = client.get_pet("a/b")
    assert server.last.path == "/pets/a%2Fb"
    assert (pet.name, pet.toy.squeaky, pet.vet.clinic) == ("Rex", True, "North")
    assert api.models.Owner.model_validate({"pets": [{"name": "Tom"}]}).pets[0].name == "Tom"


def test_models_only_document_gives_models_and_an_empty_client(generated: Loader) -> None:
    api = generated("models_only")
    assert api.models.Money(amount="-1.50", currency="EUR").amount == "-1.50"
    with pytest.raises(pydantic.ValidationError):
        api.models.Money(amount="1.5", currency="EURO")
    operations = [n for n in vars(api.client.ModelsOnlyClient) if not n.startswith("_")]
    assert operations == []


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ('swagger: "1.2"', "#/swagger: error: Swagger '1.2' documents are not supported"),  # 2.0 is read (test_swagger2.py)
        ("openapi: 3.3.0", "#/openapi: error: OpenAPI version '3.3.0' is not supported"),  # 3.2 is read (test_oas32.py)
        ("openapi: 2.5.0", "#/openapi: error: OpenAPI version '2.5.0' is not supported"),
    ],
)
def test_unsupported_versions_are_refused_with_a_located_message(tmp_path: Path, header: str, message: str) -> None:
    spec = tmp_path / "old.yaml"
    spec.write_text(f"{header}\ninfo: {{title: Old, version: '1'}}\npaths: {{}}\n")
    result = generate_package(spec, tmp_path / "out", "old")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0].endswith(f"old.yaml:1 {message}")
    assert not (tmp_path / "out").exists()
