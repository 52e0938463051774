"""The API surface of a generated client: what user code names and calls, taken from the IR.

Operations (the client's methods) with their parameters and return type, models with their
fields and the model each extends, enums with their values, type aliases, servers, credential
arguments and the type of the ``http_client`` argument (the HTTP library, ``[tool.clientgen]
http``). Types are the IR's own (:data:`ir.TypeRef`, without validation constraints), compared by
:mod:`.changes` with the IR's subtyping rules and spelled as the annotations a user reads
(:func:`spelled`). The surface is plain data: it is kept in the generated package as a JSON
snapshot by :mod:`.versioning`, types in the structured form of :mod:`.typecodec`, which reads back
into the same types, so a comparison with the snapshot is the comparison ``clientgen changes`` makes.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .. import ir
from ..ir.names import ClassName
from ..ir.subtyping import erased
from ..render.python import Annotator
from . import legacy, typecodec
from .legacy import Spelled

FORMAT = 2  # api-surface.json's "format": 2, types structured; without it (1), annotation text

TypeOf = ir.TypeRef | Spelled  # the IR's type; or, read from a snapshot of format 1, its text


@dataclass(frozen=True)
class Slot:
    """A parameter, request body or model field."""

    type: TypeOf
    required: bool
    deprecated: bool = False


@dataclass(frozen=True)
class OperationSurface:
    call: str  # "GET /api/v1/runs/{id}/"
    returns: TypeOf  # the response's type; for a paged operation, each page's; for a stream, each item's
    parameters: dict[str, Slot] = field(default_factory=dict)  # by Python name; the body under its own
    deprecated: bool = False
    shape: str = ""  # what the method returns: "" the result itself, "page" a Page of ``item``s, "stream" a Stream
    item: TypeOf | None = None  # the items of a page

    def spelled_returns(self) -> str:
        """The method's return annotation, as a user reads it."""
        if self.shape == "page" and self.item is not None:
            return f"Page[{spelled(self.item)}, {spelled(self.returns)}]"
        if self.shape == "stream":
            return f"Stream[{spelled(self.returns)}]"
        return spelled(self.returns)


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
    # the model each model extends (only those that extend one); None where not known: a snapshot
    # of format 1 did not keep it
    bases: dict[str, str] | None = field(default_factory=dict)
    enums: dict[str, tuple[str | int, ...]] = field(default_factory=dict)
    aliases: dict[str, TypeOf] = field(default_factory=dict)
    waiters: dict[str, OperationSurface] = field(default_factory=dict)  # wait_for_<name>: the operation it polls

    @property
    def http_client_type(self) -> str:
        return self.http_client or "httpx.Client"

    def ancestors(self, name: ClassName) -> set[ClassName]:
        """A model and every model it extends."""
        bases, result = self.bases or {}, set[ClassName]()
        current: str | None = name
        while current is not None and current not in result:
            result.add(str.__new__(ClassName, current))
            current = bases.get(current)
        return result


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


def spelled(t: TypeOf, *, parameter: bool = False) -> str:
    """The annotation a user reads for ``t``: in a signature (``parameter``, where an identifier or a
    timestamp is also taken as text: ``UUID | str``) or elsewhere (a field, a result, an alias)."""
    if isinstance(t, Spelled):
        return t.text
    return (Annotator(for_parameter=True) if parameter else _Plain())(t)


def of_api(api: ir.Api, http: str) -> ProviderSurface:
    def slot(t: ir.TypeRef, required: bool, deprecated: bool = False) -> Slot:
        return Slot(erased(t), required, deprecated)

    operations = {}
    for op in sorted(api.operations, key=lambda o: o.name):
        slots = {str(p.name): slot(p.type, p.required, p.deprecated) for p in op.parameters}
        if op.keyword_body is not None:  # each property its own keyword argument (moving from body= breaks)
            slots.update({str(a.name): slot(a.field.type, a.required, a.field.deprecated) for a in op.keyword_body.arguments})
        elif op.body is not None:
            slots[str(op.body.name)] = slot(op.body.type, op.body.required)
        # keyed by how the client reaches it (files.list when grouped): moving into a group breaks
        operations[api.method_path(op)] = OperationSurface(
            f"{op.method} {op.path}",
            erased(op.result_type if op.stream is None else op.stream.item),
            slots,
            op.deprecated,
            *_shape(op),
        )
    waiters = {
        str(w.name): OperationSurface(
            f"{w.operation.method} {w.operation.path}",
            erased(w.result_type),
            {str(p.name): slot(p.type, p.required, p.deprecated) for p in w.parameters},
        )
        for w in sorted(api.waiters, key=lambda w: w.name)
    }
    models = sorted(api.models, key=lambda m: m.name)
    return ProviderSurface(
        client=str(api.client_name),
        servers=tuple(s.url for s in api.servers),
        credentials=tuple(str(a) for s in api.security_schemes for a, _ in s.arguments),
        http_client=f"{http}.Client",
        operations=operations,
        models={str(m.name): {str(f.name): slot(f.type, f.required, f.deprecated) for f in api.fields_of(m)} for m in models},
        bases={str(m.name): str(m.base) for m in models if m.base is not None},
        enums={str(e.name): tuple(m.value for m in e.members) for e in sorted(api.enums, key=lambda e: e.name)},
        aliases={
            str(d.name): erased(d.type) for d in sorted(api.definitions, key=lambda d: d.name) if isinstance(d, ir.Alias)
        },
        waiters=waiters,
    )


def _shape(op: ir.Operation) -> tuple[str] | tuple[str, ir.TypeRef] | tuple[()]:
    """What a method returns besides its response, after ``returns``: ``("page", item)`` for a
    paged one, ``("stream",)`` for a streamed one (its items are its ``returns``), else nothing."""
    if op.stream is not None:
        return ("stream",)
    if op.paging is not None:
        return ("page", erased(op.paging.item_type))
    return ()


def of_apis(apis: list[ir.Api], http: str) -> Surface:
    return {api.key: of_api(api, http) for api in sorted(apis, key=lambda a: a.key)}


def to_jsonable(surface: Surface) -> Any:
    """The surface as JSON values, fields at their defaults left out; each type one :class:`Inline`
    value in the form of :mod:`.typecodec`."""
    return {key: _jsonable(value) for key, value in surface.items()}


@dataclass(frozen=True)
class Inline:
    """A JSON value :func:`dumps` writes on one line, as if it were a scalar (a type)."""

    value: Any


_TYPES = typing.get_args(ir.TypeRef)


def _jsonable(value: Any) -> Any:
    if isinstance(value, _TYPES):
        return Inline(typecodec.dump(value))
    if isinstance(value, Spelled):
        raise TypeError(f"a type read from an earlier snapshot is not written again: {value.text}")
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


def from_jsonable(data: Any, form: int = FORMAT) -> Surface:
    """The surface a snapshot of format ``form`` holds, read by hand: a run that validates in its
    own process never imports pydantic, and would pay more for it than for the reading. A value of
    the wrong kind is a SurfaceError that says where; keys this version does not know are ignored (a
    newer clientgen may have written them). Types of format 1 are read as :mod:`.legacy` says."""
    read: Surface = _Reader(legacy=form == 1).read(Surface, data, "")
    return {key: _legacy(provider) for key, provider in read.items()} if form == 1 else read


@dataclass(frozen=True)
class _Reader:
    legacy: bool  # types are annotation text (format 1)

    def read(self, kind: Any, value: Any, at: str) -> Any:
        """``value`` (JSON) as ``kind``: a dataclass of this module, dict[str, X], tuple[X, ...], a
        type (:data:`TypeOf`), ``X | None``, a union of scalars, or str, bool, int."""
        origin, args = typing.get_origin(kind), typing.get_args(kind)
        if kind == _TYPE_OF:
            return self.type(value, at)
        if kind == _OPTIONAL_TYPE_OF:
            return None if value is None else self.type(value, at)
        if isinstance(kind, type) and dataclasses.is_dataclass(kind):
            if not isinstance(value, dict):
                raise _wrong(at, "an object")
            hints, given = _hints(kind), {}
            for f in dataclasses.fields(kind):
                if f.name in value:
                    given[f.name] = self.read(hints[f.name], value[f.name], f"{at}/{f.name}")
                elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                    raise _wrong(f"{at}/{f.name}", "a value (it is missing)")
            return kind(**given)
        if origin is dict:
            if not isinstance(value, dict):
                raise _wrong(at, "an object")
            return {key: self.read(args[1], item, f"{at}/{key}") for key, item in value.items()}
        if origin is tuple:
            if not isinstance(value, list):
                raise _wrong(at, "a list")
            return tuple(self.read(args[0], item, f"{at}/{i}") for i, item in enumerate(value))
        if origin in (typing.Union, types.UnionType) and type(None) in args and len(args) == 2:
            return None if value is None else self.read(next(a for a in args if a is not type(None)), value, at)
        if origin in (typing.Union, types.UnionType):
            if any(_is(option, value) for option in args):
                return value
            raise _wrong(at, " or ".join(option.__name__ for option in args))
        if _is(kind, value):
            return value
        raise _wrong(at, kind.__name__)

    def type(self, value: Any, at: str) -> TypeOf:
        if self.legacy:
            if not isinstance(value, str):
                raise _wrong(at, "a type's annotation text")
            return Spelled(value)  # read as a type by _legacy, which knows the provider's names
        try:
            return typecodec.load(value)
        except typecodec.TypeFormError as exc:
            raise _wrong(at + exc.at, exc.expected) from None


_TYPE_OF = typing.get_type_hints(Slot)["type"]
_OPTIONAL_TYPE_OF = typing.get_type_hints(OperationSurface)["item"]


def _legacy(provider: ProviderSurface) -> ProviderSurface:
    """A provider read from a snapshot of format 1: each type's text read as a type where it can
    be, and the hierarchy unknown (that snapshot did not keep it)."""
    models, aliases = frozenset(provider.models), frozenset(provider.aliases)

    def typed(t: TypeOf) -> TypeOf:
        return legacy.read(t.text, models, aliases) if isinstance(t, Spelled) else t

    def slots(of: dict[str, Slot]) -> dict[str, Slot]:
        return {name: dataclasses.replace(s, type=typed(s.type)) for name, s in of.items()}

    def operation(o: OperationSurface) -> OperationSurface:
        item = typed(o.item) if o.item is not None else None
        return dataclasses.replace(o, returns=typed(o.returns), parameters=slots(o.parameters), item=item)

    return dataclasses.replace(
        provider,
        operations={name: operation(o) for name, o in provider.operations.items()},
        waiters={name: operation(o) for name, o in provider.waiters.items()},
        models={name: slots(fields) for name, fields in provider.models.items()},
        bases=None,
        aliases={name: typed(t) for name, t in provider.aliases.items()},
    )


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
    if isinstance(data, dict) and data and all(isinstance(v, Inline) for v in data.values()):
        leaf = False  # types by name (the aliases): one a line
    if leaf or not data:
        return json.dumps(data, ensure_ascii=False, default=_inline)
    inner = indent + "  "
    if isinstance(data, dict):
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_dumps(v, inner)}" for k, v in data.items()]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    return "[\n" + ",\n".join(f"{inner}{_dumps(v, inner)}" for v in data) + f"\n{indent}]"


def _inline(value: Any) -> Any:
    if isinstance(value, Inline):
        return value.value
    raise TypeError(f"not JSON: {value!r}")


def _values(data: dict[str, Any] | list[Any]) -> list[Any]:
    return list(data.values()) if isinstance(data, dict) else data
