"""The API surface of a generated client: what user code names and calls, taken from the IR.

Operations (the client's methods) with their parameters and return type, models with their
fields, enums with their values, type aliases, servers, credential arguments and the type of the
``http_client`` argument (the HTTP library, ``[tool.clientgen] http``). Types read as
the annotations a user sees (:class:`Annotation`), and made from the IR they also carry the type
they spell, which :mod:`.changes` compares. The surface is plain data: it is compared by
:mod:`.changes` and kept in the generated package as a JSON snapshot by :mod:`.versioning`, which
keeps the text only.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .. import ir
from ..ir.names import ClassName
from ..ir.subtyping import accepted
from ..render.python import Annotator


class Annotation(str):
    """A type as the annotation a user reads; made from the IR, it also carries the type itself
    (``ref``) and the model hierarchy it lives in (``ancestors``), so that a change is judged by
    the subtyping rules rather than by its text. Equal and serialised as its text."""

    ref: ir.TypeRef | None = None
    ancestors: Callable[[ClassName], set[ClassName]] | None = None

    @classmethod
    def of(cls, text: str, ref: ir.TypeRef, ancestors: Callable[[ClassName], set[ClassName]]) -> Annotation:
        made = cls(text)
        made.ref, made.ancestors = ref, ancestors
        return made


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
    # the sync client's http_client= type: the HTTP library, which is also that of
    # RawResponse.http_response and the errors' .request/.response ("" in a snapshot made before
    # the setting, when every package used httpx: see http_client_type)
    http_client: str = ""
    operations: dict[str, OperationSurface] = field(default_factory=dict)
    models: dict[str, dict[str, Slot]] = field(default_factory=dict)
    enums: dict[str, tuple[str | int, ...]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    waiters: dict[str, OperationSurface] = field(default_factory=dict)  # wait_for_<name>: the operation it polls

    @property
    def http_client_type(self) -> str:
        return self.http_client or "httpx.Client"


Surface = dict[str, ProviderSurface]  # by provider key


class SurfaceError(Exception):
    """A snapshot that is not an API surface."""


class _Plain(Annotator):
    """Annotations as mypy reads them, without validation constraints: a looser maxLength is not an
    API change."""

    def _constrained(self, name: str, constraints: ir.Constraints) -> str:
        return name

    def _number(self) -> str:
        return "float"  # what mypy sees: keeping an integer's form is not an API change

    def _variadic(self, items: str, rest: str) -> str:
        return f"tuple[{items}, *tuple[{rest}, ...]]"


def of_api(api: ir.Api, http: str) -> ProviderSurface:
    ancestors = _ancestors(api)
    plain_text, parameter_text = _Plain(), Annotator(for_parameter=True)

    def plain(t: ir.TypeRef) -> Annotation:
        return Annotation.of(plain_text(t), t, ancestors)

    def parameter(t: ir.TypeRef) -> Annotation:
        return Annotation.of(parameter_text(t), accepted(t), ancestors)

    operations = {}
    for op in sorted(api.operations, key=lambda o: o.name):
        slots = {str(p.name): Slot(parameter(p.type), p.required, p.deprecated) for p in op.parameters}
        if op.body is not None:
            slots[str(op.body.name)] = Slot(parameter(op.body.type), op.body.required)
        returns = plain(op.result_type) if op.stream is None else streamed(plain(op.stream.item))
        operations[str(op.name)] = OperationSurface(f"{op.method} {op.path}", returns, slots, op.deprecated)
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
        http_client=f"{http}.Client",
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


def streamed(item: Annotation) -> Annotation:
    """A streamed method's result, ``Stream[Item]``: compared by its item (a stream of a narrower
    item promises no more), and :func:`is_streamed` by its text."""
    if item.ref is None or item.ancestors is None:
        return Annotation(f"Stream[{item}]")
    return Annotation.of(f"Stream[{item}]", item.ref, item.ancestors)


def is_streamed(returns: str) -> bool:
    return returns.startswith("Stream[")


def _ancestors(api: ir.Api) -> Callable[[ClassName], set[ClassName]]:
    models = {m.name: m for m in api.models}

    def ancestors(name: ClassName) -> set[ClassName]:
        """A model and every model it extends."""
        result: set[ClassName] = set()
        current: ClassName | None = name
        while current is not None and current not in result:
            result.add(current)
            current = models[current].base if current in models else None
        return result

    return ancestors


def of_apis(apis: list[ir.Api], http: str) -> Surface:
    return {api.key: of_api(api, http) for api in sorted(apis, key=lambda a: a.key)}


def to_jsonable(surface: Surface) -> Any:
    """The surface as JSON values, fields at their defaults left out."""
    return {key: _jsonable(value) for key, value in surface.items()}


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
            if item != default:
                out[f.name] = _jsonable(item)
        return out
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_jsonable(v) for v in value]
    return value


def from_jsonable(data: Any) -> Surface:
    """The surface a snapshot holds, read by hand: a run that validates in its own process never
    imports pydantic, and would pay more for it than for the reading. A value of the wrong kind is
    a SurfaceError that says where; keys this version does not know are ignored (a newer clientgen
    may have written them)."""
    read: Surface = _read(Surface, data, "")
    return read


def _read(kind: Any, value: Any, at: str) -> Any:
    """``value`` (JSON) as ``kind``: a dataclass of this module, dict[str, X], tuple[X, ...], a union
    of scalars, or str, bool, int."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        if not isinstance(value, dict):
            raise _wrong(at, "an object")
        hints, given = _hints(kind), {}
        for f in dataclasses.fields(kind):
            if f.name in value:
                given[f.name] = _read(hints[f.name], value[f.name], f"{at}/{f.name}")
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise _wrong(f"{at}/{f.name}", "a value (it is missing)")
        return kind(**given)
    if origin is dict:
        if not isinstance(value, dict):
            raise _wrong(at, "an object")
        return {key: _read(args[1], item, f"{at}/{key}") for key, item in value.items()}
    if origin is tuple:
        if not isinstance(value, list):
            raise _wrong(at, "a list")
        return tuple(_read(args[0], item, f"{at}/{i}") for i, item in enumerate(value))
    if origin in (typing.Union, types.UnionType):
        if any(_is(option, value) for option in args):
            return value
        raise _wrong(at, " or ".join(option.__name__ for option in args))
    if _is(kind, value):
        return value
    raise _wrong(at, kind.__name__)


def _is(scalar: type, value: Any) -> bool:
    return isinstance(value, scalar) and (scalar is bool or not isinstance(value, bool))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _wrong(at: str, expected: str) -> SurfaceError:
    return SurfaceError(f"not an API surface at {at.lstrip('/') or 'the top'}: expected {expected}")


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
