"""Nothing lost, nothing let through: for every response schema in specs/, through the committed
package's clients and a real server on 127.0.0.1 -

- every instance hypothesis-jsonschema makes from the schema is accepted and dumps back to equal
  JSON, also with unknown properties and (with the schema's enums opened up) unknown enum values;
- every instance the jsonschema library rejects for a wrong type or a missing required property
  is rejected by the client too (``ResponseValidationError`` for success bodies).
"""

from __future__ import annotations

import copy
import importlib
import inspect
import json
import uuid
from collections.abc import Callable, Iterator
from enum import Enum
from typing import Any

import jsonschema
import pydantic
import pydantic_core
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from provider_clients import APIStatusError, Page, ResponseValidationError
from provider_clients._runtime import Endpoint

from ..conftest import SPECS, seed_example
from .jsonschemas import ResponseSchema, open_enums, response_schemas
from .server import Reply, Server, serve

SCHEMAS = list(response_schemas(SPECS))
# hypothesis-jsonschema filters while it draws nested objects, and the differential test keeps
# only the instances it can judge: filtering is expected here, not a sign of a broken strategy.
EXAMPLES = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
# The only reasons for which a rejection is asserted: both sides must agree on these.
STRUCTURAL = frozenset({"type", "required"})
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**31), 2**31) | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=5),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6,
)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve() as running:
        yield running


def test_every_provider_has_a_response_schema() -> None:
    """The cases below are read from specs/: they must not be silently empty."""
    assert {s.provider for s in SCHEMAS} == {p.stem for p in SPECS.glob("*.yaml")}


def call(case: ResponseSchema, server: Server) -> Callable[[], Any]:
    """The generated method for the operation of ``case``, bound to arguments that fit it."""
    module = importlib.import_module(f"provider_clients.{case.provider}.client")
    endpoint = next(v for v in vars(module).values() if isinstance(v, Endpoint) and (v.method, v.path) == (case.method, case.path))
    package = importlib.import_module(f"provider_clients.{case.provider}")
    client_class = next(getattr(package, name) for name in package.__all__ if name.endswith("Client") and not name.startswith("Async"))
    constructor = inspect.signature(client_class.__init__).parameters.values()
    credentials = {p.name: "secret" for p in constructor if p.default is None and p.name not in ("base_url", "http_client", "default_headers")}
    client = client_class(base_url=server.url, max_retries=0, **credentials)
    method = getattr(client, endpoint.operation)
    required = [p for p in inspect.signature(method).parameters.values() if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_KEYWORD,)]
    positional = [stub(p.annotation) for p in required if p.kind is p.POSITIONAL_OR_KEYWORD]
    keywords = {p.name: stub(p.annotation) for p in required if p.kind is p.KEYWORD_ONLY}
    return lambda: method(*positional, **keywords)


def instances(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Valid instances, formats included (draft 7 does not know ``uuid``; OpenAPI does)."""
    return from_schema(schema, custom_formats={"uuid": st.uuids().map(str)})


def stub(annotation: Any) -> Any:
    text = str(annotation)
    return str(uuid.uuid4()) if "UUID" in text else 1 if text.startswith("int") else "x"


def answer(case: ResponseSchema, server: Server, operation: Callable[[], Any], instance: Any) -> Any:
    """What the client makes of ``instance`` as the body of the case's response."""
    status = {"default": 500, "4XX": 400, "5XX": 500}.get(case.status) or int(case.status)
    server.reply = Reply.json(instance, status)
    if 200 <= status < 300:
        result = operation()
        return result.response if isinstance(result, Page) else result  # a paged operation's body
    with pytest.raises(APIStatusError) as raised:
        operation()
    return raised.value.body


def dump(value: Any) -> Any:
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", exclude_unset=True)
    if isinstance(value, list):
        return [dump(v) for v in value]
    if isinstance(value, dict):
        return {k: dump(v) for k, v in value.items()}
    if isinstance(value, Enum):
        return value.value
    return pydantic_core.to_jsonable_python(value)


@pytest.mark.parametrize("case", SCHEMAS, ids=lambda c: c.id)
def test_valid_instances_are_accepted_and_dump_back_unchanged(case: ResponseSchema, server: Server) -> None:
    operation = call(case, server)

    @EXAMPLES
    @given(instance=instances(case.schema))
    def check(instance: Any) -> None:
        assert dump(answer(case, server, operation, instance)) == instance

    check()


@pytest.mark.parametrize("case", [c for c in SCHEMAS if open_enums(c.schema) != c.schema], ids=lambda c: c.id)
def test_unknown_enum_values_are_kept(case: ResponseSchema, server: Server) -> None:
    opened = open_enums(case.schema)
    operation = call(case, server)

    @EXAMPLES
    @given(instance=instances(opened))
    def check(instance: Any) -> None:
        assert dump(answer(case, server, operation, instance)) == instance

    check()


@st.composite
def broken(draw: st.DrawFn, case: ResponseSchema) -> Any:
    """A valid instance with one value replaced by any JSON value, or one key removed."""
    instance = copy.deepcopy(draw(instances(case.schema)))
    places = list(_places(instance))
    if not places:
        return draw(json_values)
    parent, key = draw(st.sampled_from(places))
    if isinstance(parent, dict) and draw(st.booleans()):
        del parent[key]
    else:
        parent[key] = draw(json_values)
    return instance


def _places(value: Any) -> Iterator[tuple[Any, Any]]:
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        yield value, key
        yield from _places(child)


@pytest.mark.parametrize("case", [c for c in SCHEMAS if c.status.startswith("2")], ids=lambda c: c.id)
def test_what_jsonschema_rejects_for_type_or_requiredness_the_client_rejects(case: ResponseSchema, server: Server) -> None:
    validator = jsonschema.Draft7Validator(case.schema)
    operation = call(case, server)

    @EXAMPLES
    @given(instance=broken(case))
    def check(instance: Any) -> None:
        errors = list(validator.iter_errors(instance))
        assume(errors and all(e.validator in STRUCTURAL for e in errors))
        server.reply = Reply.json(instance)
        with pytest.raises(ResponseValidationError):
            operation()

    check()


def test_a_rejected_body_is_kept_on_the_error(server: Server) -> None:
    """Refusing a body loses nothing either: the response stays on the error."""
    case = next(c for c in SCHEMAS if c.status.startswith("2"))
    body = {"not": ["what", "the", "spec", "says"]} if case.schema.get("type") != "object" else []
    server.reply = Reply.json(body)
    with pytest.raises(ResponseValidationError) as raised:
        call(case, server)()
    assert json.loads(raised.value.response.content) == body


# Keys a hostile or careless server may send that are also names inside pydantic or the runtime.
INTERNAL_NAMES = ["_received", "__class__", "__dict__", "__pydantic_extra__", "model_config", "model_fields", "copy", "_", ""]


def test_unknown_fields_named_like_internals_are_kept_as_data(server: Server) -> None:
    case = next(c for c in SCHEMAS if c.provider == "nekt" and c.status == "200")
    body = copy.deepcopy(seed_example("001_1395fa5008183b73.txt"))
    assert isinstance(body, dict)
    for name in INTERNAL_NAMES:
        body[name] = [name, {"nested": None}]
        body["trigger"][name] = {name: 1}
    run = answer(case, server, call(case, server), body)
    assert dump(run) == body
    assert type(run).__name__ == "Run" and run.model_extra is not None and run.model_extra["model_config"] == ["model_config", {"nested": None}]
