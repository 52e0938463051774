"""JSON shapes that Python spells differently, through the generated package: 3.1 ``prefixItems``
arrays (tuples typed by position), numbers that keep their form (``3`` stays ``3``, ``3.5`` stays
``3.5``), and the Accept header an operation's documented responses call for.

The fixture spec is tests/fixtures/specs/shapes.yaml; its golden tree is checked by
test_goldens.py and type-checked by test_typecheck.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ..conftest import FIXTURES, clientgen
from ..recorder import Recorder
from ..wire.prism import running
from .conftest import Loader

ROW: dict[str, Any] = {
    "id": "r1",
    "amount": 3,
    "share": 1,
    "total": 3.5,
    "value": {"name": "v"},
    "samples": [3, 3.5, 3.0],
    "weights": {"a": 3, "b": 3.5},
    "pair": [{"name": "a"}, "b"],
    "tagged": [{"name": "a"}, "b", "c"],
    "leading": ["x", 3],
    "open": [1, {"any": ["thing"]}, None, 2.5],
    "bounded": ["s", 3, 3.5],
    "capped": ["s"],
}


def exact(value: Any) -> str:
    """JSON text that tells ``3`` from ``3.0`` (``==`` does not)."""
    return json.dumps(value, separators=(",", ":"))


def dumped(parsed: Any) -> str:
    if isinstance(parsed, list):
        return "[" + ",".join(dumped(item) for item in parsed) + "]"
    if hasattr(parsed, "model_dump_json"):
        return str(parsed.model_dump_json(by_alias=True, exclude_unset=True))
    return exact(parsed)


# --- prefixItems -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"tagged": [{"name": "only the thing"}], "leading": [], "open": [7], "bounded": ["s", 1, 2, 3, 4]},
        {"tagged": [], "leading": ["x"], "bounded": ["s", 1.5, 2.5]},
    ],
    ids=["full", "shortest-tails", "empty-prefixes"],
)
def test_arrays_typed_by_position_are_accepted_and_round_trip(generated: Loader, server: Recorder, changes: dict[str, Any]) -> None:
    api = generated("shapes")
    body = {**ROW, **changes}
    server.respond(200, body)
    with api.client.ShapesClient(base_url=server.url, max_retries=0) as client:
        row = client.get_row("r1")
        server.respond(200, body)
        client.put_row("r1", body=row)  # sent back as it was received

    assert row.pair == (api.models.Thing(name="a"), "b")
    assert isinstance(row.tagged, tuple) and row.tagged[:1] == tuple(api.models.Thing.model_validate(t) for t in body["tagged"][:1])
    assert list(row.bounded) == body["bounded"] and list(row.open) == body["open"]
    assert row.model_dump_json(by_alias=True, exclude_unset=True) == exact(body)
    assert api.models.Row.model_validate(body).model_dump_json(exclude_unset=True) == exact(body)  # not just as received
    assert server.last.body.decode() == json.dumps(body)


def test_a_default_for_an_array_typed_by_position_is_a_tuple(generated: Loader) -> None:
    api = generated("shapes")
    row = api.models.Row(id="r1", amount=1)
    assert row.capped == ("none", 0.5)
    assert row.model_dump(mode="json")["capped"] == ["none", 0.5]
    assert row.model_dump_json(exclude_unset=True) == '{"id":"r1","amount":1}'  # a default is not sent


@pytest.mark.parametrize(
    ("field", "value", "complaint"),
    [
        ("pair", [{"name": "a"}, 2], "pair[1]: Input should be a valid string"),  # wrong type at a position
        ("pair", [{"name": "a"}, "b", "c"], "pair: Tuple should have at most 2 items"),  # items: false
        ("pair", [{"name": "a"}], "pair[1]: Field required"),  # minItems: 2
        ("pair", ["a", "b"], "pair[0]: Input should be an object"),
        ("tagged", [{"name": "a"}, "b", 3], "Input should be a valid string"),  # the rest, typed by items
        ("leading", ["x", 1, "more"], "Tuple should have at most 2 items after validation, not 3"),  # items: false
        ("leading", [1], "leading.tuple[str][0]: Input should be a valid string"),  # shorter prefixes are shapes of their own
        ("open", ["not an integer"], "open[0]: Input should be a valid integer"),
        ("open", [], "open[0]: Field required"),  # minItems: 1
        ("bounded", ["s", 1], "bounded: Tuple should have at least 3 items"),
        ("bounded", ["s", 1, 2, 3, 4, 5], "bounded: Tuple should have at most 5 items"),
        ("capped", ["s", 1, "more"], "capped.tuple[str, union[int,float]]: Tuple should have at most 2 items"),
        ("capped", [], "capped.tuple[str][0]: Field required"),
    ],
)
def test_arrays_that_break_their_positions_are_refused(generated: Loader, server: Recorder, field: str, value: Any, complaint: str) -> None:
    api = generated("shapes")
    server.respond(200, {**ROW, field: value})
    with api.client.ShapesClient(base_url=server.url, max_retries=0) as client, pytest.raises(api.errors.ResponseValidationError) as refused:
        client.get_row("r1")
    assert complaint in str(refused.value)


def test_a_change_to_a_tuple_is_an_api_change(tmp_path: Path) -> None:
    spec = (FIXTURES / "specs" / "shapes.yaml").read_text()
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(spec)
    tail = "            - $ref: \"#/components/schemas/Thing\"\n          items: {type: string}\n"
    assert tail in spec
    new.write_text(spec.replace(tail, tail.replace("items: {type: string}", "items: false")))

    result = clientgen("changes", old, new)

    assert result.returncode == 2, result.stdout + result.stderr  # a field's type changed: breaking, as for any field
    assert "BREAKING field Row.tagged: type tuple[()] | tuple[Thing, *tuple[str, ...]] -> tuple[()] | tuple[Thing]" in result.stdout


# --- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize("number", [3, 3.5, 3.0], ids=["int", "float", "float-without-fraction"])
def test_numbers_keep_their_form_in_every_position(generated: Loader, server: Recorder, number: float) -> None:
    api = generated("shapes")
    body = {
        "id": "r1",
        "amount": number,
        "total": number,
        "value": number,  # a oneOf of a model and a oneOf [string, number]
        "samples": [number, 0.5],
        "weights": {"a": number},
        "leading": ["x", number],
        "bounded": ["s", number, number],
    }
    with api.client.ShapesClient(base_url=server.url, max_retries=0) as client:
        server.respond(200, body)
        row = client.get_row("r1")
        server.respond(200, [number, "text", {"name": "n"}])
        values = client.list_values()  # a bare union, not in a model
        server.respond(200, number)
        ratio = client.get_ratio()
        server.respond(200, body)
        client.put_row("r1", body=row)

    assert type(row.amount) is type(number) and type(values[0]) is type(number) and type(ratio) is type(number)
    assert row.model_dump_json(by_alias=True, exclude_unset=True) == exact(body)
    assert api.models.Row.model_validate(body).model_dump_json(exclude_unset=True) == exact(body)
    assert api.models.Row.model_validate_json(exact(body)).model_dump(mode="json", exclude_unset=True) == body
    assert dumped(values) == exact([number, "text", {"name": "n"}])
    assert server.last.body.decode() == json.dumps(body)  # what the client re-serialises


def test_a_request_built_with_an_integer_sends_an_integer(generated: Loader, server: Recorder) -> None:
    api = generated("shapes")
    m = api.models
    row = m.Row(id="r1", amount=3, share=1, total=2.5, value=3, samples=[3, 3.5], weights={"a": 3}, bounded=("s", 3, 3.5))
    server.respond(200, {"id": "r1", "amount": 3})
    with api.client.ShapesClient(base_url=server.url, max_retries=0) as client:
        client.put_row("r1", body=row)
    sent = '{"id": "r1", "amount": 3, "share": 1, "total": 2.5, "value": 3, "samples": [3, 3.5], "weights": {"a": 3}, "bounded": ["s", 3, 3.5]}'
    assert server.last.body.decode() == sent


def test_a_number_that_is_not_one_is_refused(generated: Loader, server: Recorder) -> None:
    api = generated("shapes")
    with api.client.ShapesClient(base_url=server.url, max_retries=0) as client:
        for wrong in (True, "3"):
            server.respond(200, {"id": "r1", "amount": wrong})
            with pytest.raises(api.errors.ResponseValidationError, match=r"amount: Input should be a valid number"):
                client.get_row("r1")


def test_mypy_sees_a_float_and_each_tuple_shape(generated: Loader) -> None:
    api = generated("shapes")
    use = api.folder / "use_shapes.py"
    use.write_text(
        "from typing_extensions import assert_type\n"
        "from shapes_client.shapes import ShapesClient, models\n"
        "row = models.Row(id='r', amount=3)\n"
        "assert_type(row.amount, float)\n"
        "assert_type(row.total, float | None)\n"
        "assert_type(row.pair, tuple[models.Thing, str] | None)\n"
        "assert_type(row.leading, tuple[()] | tuple[str] | tuple[str, float] | None)\n"
        "if row.tagged:\n"
        "    assert_type(row.tagged[0], models.Thing)\n"
        "    assert_type(row.tagged[1:], tuple[str, ...])\n"
        "with ShapesClient(base_url='http://127.0.0.1') as client:\n"
        "    assert_type(client.get_ratio(), float)\n"
        "    assert_type(client.list_values(), list[models.Thing | str | float])\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--python-version", "3.10", use.name],
        cwd=api.folder, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


# --- Accept ------------------------------------------------------------------------------------


def test_accept_asks_for_the_media_types_the_operation_documents(generated: Loader, server: Recorder) -> None:
    shapes, responses = generated("shapes"), generated("responses")
    with shapes.client.ShapesClient(base_url=server.url, max_retries=0) as client:
        server.respond(200, b"%PDF-1.7\n", "application/pdf")
        assert client.get_report("r1") == b"%PDF-1.7\n"
        assert server.last.headers["Accept"] == "application/pdf"
        server.respond(200, [])
        client.export_rows()  # JSON first, then the others in the spec's order, without parameters
        assert server.last.headers["Accept"] == (
            "application/json, text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        server.respond(200, {"id": "r1", "amount": 1})
        client.get_row("r1")
        assert server.last.headers["Accept"] == "application/json"
        server.respond(200, b"%PDF", "application/pdf")
        client.get_report("r1", extra_headers={"Accept": "application/pdf, */*;q=0.1"})  # the caller still decides
        assert server.last.headers["Accept"] == "application/pdf, */*;q=0.1"
    with responses.client.ResponsesClient(base_url=server.url, max_retries=0) as client:
        server.respond(200, b"text", "text/plain")
        client.get_text()
        assert server.last.headers["Accept"] == "text/plain"
        server.respond(204)
        client.delete_thing()  # no body documented for success: JSON, as before
        assert server.last.headers["Accept"] == "application/json"


def test_prism_answers_each_operation_in_the_media_type_it_asks_for(generated: Loader, tmp_path: Path) -> None:
    """Prism honours Accept: asked for JSON, an operation that only returns a PDF answers 406."""
    api = generated("responses")
    with (
        running(FIXTURES / "specs" / "responses.yaml", tmp_path / "prism.log") as prism,
        api.client.ResponsesClient(base_url=prism.url, max_retries=0) as client,
    ):
        pdf = client.with_raw_response.get_bytes()
        text = client.with_raw_response.get_text()
        thing = client.with_raw_response.get_thing()
    assert pdf.status_code == 200 and pdf.http_response.headers["content-type"].startswith("application/pdf")
    assert isinstance(pdf.parsed, bytes)
    assert text.status_code == 200 and text.http_response.headers["content-type"].startswith("text/plain")
    assert thing.status_code == 200 and isinstance(thing.parsed, api.models.Thing)


def test_a_content_key_that_is_not_a_media_type_is_left_out_of_accept_with_a_warning(
    tmp_path: Path, import_from: Any, server: Recorder
) -> None:
    spec = tmp_path / "odd.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: Odd, version: '1'}\npaths:\n  /file:\n    get:\n      operationId: get_file\n"
        "      responses:\n        '200':\n          description: ok\n          content:\n"
        "            pdf: {schema: {type: string, format: binary}}\n"
        "            image/*: {schema: {type: string, format: binary}}\n"
    )
    result = clientgen("generate", "--spec", spec, "--output", tmp_path / "out", "--package", "odd_client", "--report")
    assert result.returncode == 0, result.stderr
    assert "odd.yaml:11 #/paths/~1file/get/responses/200/content/pdf: warning: 'pdf' is not a media type; the Accept header leaves it out" in (
        result.stdout + result.stderr
    )
    odd = import_from(tmp_path / "out", "odd_client.odd")
    server.respond(200, b"\x89PNG", "image/png")
    with odd.OddClient(base_url=server.url, max_retries=0) as client:
        assert client.get_file() == b"\x89PNG"
    assert server.last.headers["Accept"] == "image/*"
