"""The API surface of a generated client: what user code names and calls, taken from the IR.

Operations (the client's methods) with their parameters and return type, models with their
fields, enums with their values, type aliases, servers and credential arguments. Types read as
the annotations a user sees. The surface is plain data: it is compared by :mod:`.changes` and
kept in the generated package as a JSON snapshot by :mod:`.versioning`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pydantic

from .. import ir
from ..render.python import Annotator


@dataclass(frozen=True)
class Slot:
    """A parameter, request body or model field."""

    type: str
    required: bool
    deprecated: bool = False


@dataclass(frozen=True)
class OperationSurface:
    call: str  # "GET /api/v1/runs/{id}/"
    returns: str
    parameters: dict[str, Slot] = field(default_factory=dict)  # by Python name; the body under its own
    deprecated: bool = False


@dataclass(frozen=True)
class ProviderSurface:
    client: str
    servers: tuple[str, ...] = ()
    credentials: tuple[str, ...] = ()  # the client's credential arguments
    operations: dict[str, OperationSurface] = field(default_factory=dict)
    models: dict[str, dict[str, Slot]] = field(default_factory=dict)
    enums: dict[str, tuple[str | int, ...]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    waiters: dict[str, OperationSurface] = field(default_factory=dict)  # wait_for_<name>: the operation it polls


Surface = dict[str, ProviderSurface]  # by provider key
_ADAPTER: pydantic.TypeAdapter[Surface] = pydantic.TypeAdapter(Surface)


class SurfaceError(Exception):
    """A snapshot that is not an API surface."""


class _Plain(Annotator):
    """Annotations without validation constraints: a looser maxLength is not an API change."""

    def _constrained(self, name: str, constraints: ir.Constraints) -> str:
        return name


def of_api(api: ir.Api) -> ProviderSurface:
    plain, parameter = _Plain(), Annotator(for_parameter=True)
    operations = {}
    for op in sorted(api.operations, key=lambda o: o.name):
        slots = {str(p.name): Slot(parameter(p.type), p.required, p.deprecated) for p in op.parameters}
        if op.body is not None:
            slots[str(op.body.name)] = Slot(parameter(op.body.type), op.body.required)
        operations[str(op.name)] = OperationSurface(f"{op.method} {op.path}", plain(op.result_type), slots, op.deprecated)
    waiters = {
        str(w.name): OperationSurface(
            f"{w.operation.method} {w.operation.path}",
            plain(w.result_type),
            {str(p.name): Slot(parameter(p.type), p.required, p.deprecated) for p in w.parameters},
        )
        for w in sorted(api.waiters, key=lambda w: w.name)
    }
    return ProviderSurface(
        client=str(api.client_name),
        servers=tuple(s.url for s in api.servers),
        credentials=tuple(str(s.argument) for s in api.security_schemes),
        operations=operations,
        models={
            str(m.name): {str(f.name): Slot(plain(f.type), f.required, f.deprecated) for f in api.fields_of(m)}
            for m in sorted(api.models, key=lambda m: m.name)
        },
        enums={str(e.name): tuple(m.value for m in e.members) for e in sorted(api.enums, key=lambda e: e.name)},
        aliases={
            str(d.name): plain(d.type) for d in sorted(api.definitions, key=lambda d: d.name) if isinstance(d, ir.Alias)
        },
        waiters=waiters,
    )


def of_apis(apis: list[ir.Api]) -> Surface:
    return {api.key: of_api(api) for api in sorted(apis, key=lambda a: a.key)}


def to_jsonable(surface: Surface) -> Any:
    return _ADAPTER.dump_python(surface, mode="json", exclude_defaults=True)


def from_jsonable(data: Any) -> Surface:
    try:
        return _ADAPTER.validate_python(data)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        where = "/".join(str(p) for p in first["loc"])
        raise SurfaceError(f"not an API surface at {where or 'the top'}: {first['msg']}") from None


def dumps(data: Any) -> str:
    """JSON with one line per leaf object (a field, a parameter), so diffs read line by line."""
    return _dumps(data, "") + "\n"


def _dumps(data: Any, indent: str) -> str:
    leaf = not isinstance(data, (dict, list)) or all(not isinstance(v, (dict, list)) for v in _values(data))
    if leaf or not data:
        return json.dumps(data, ensure_ascii=False)
    inner = indent + "  "
    if isinstance(data, dict):
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_dumps(v, inner)}" for k, v in data.items()]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    return "[\n" + ",\n".join(f"{inner}{_dumps(v, inner)}" for v in data) + f"\n{indent}]"


def _values(data: dict[str, Any] | list[Any]) -> list[Any]:
    return list(data.values()) if isinstance(data, dict) else data
