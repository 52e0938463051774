"""IR types as JSON values, and back: how ``api-surface.json`` keeps a type so that reading it gives
the IR's own type (:data:`ir.TypeRef`), compared by the same rules as the types of a fresh build.

A scalar is its name (``"str"``, ``"uuid"``, ``"any"``); anything else is an object whose first key
says its kind, one line in the snapshot::

    {"model": "Run"}   {"enum": "Status"}   {"enum": "Code", "of": "int"}   {"alias": "Pet"}
    {"list": "str"}   {"map": {"model": "Run"}}   {"nullable": "int"}   {"literal": ["dog", 1]}
    {"union": [{"model": "Cat"}, {"model": "Dog"}], "tag": "kind", "mapping": {"cat": "Cat", "dog": "Dog"}}
    {"tuple": ["int", "str"], "rest": "bool", "min": 1, "max": 3}

Types are kept without validation constraints (:func:`generator.ir.subtyping.erased`): a looser
``maxLength`` is not an API change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import ir
from ..ir.names import ClassName


class TypeFormError(ValueError):
    """A JSON value that is not a type; ``at`` is where inside it (a JSON pointer's tail)."""

    def __init__(self, at: str, expected: str) -> None:
        super().__init__(expected)
        self.at, self.expected = at, expected


_SCALARS = {s.value: s for s in ir.Scalar}


def dump(t: ir.TypeRef) -> Any:
    """``t`` as a JSON value."""
    return _DUMP[type(t)](t)


def _dump_union(t: ir.UnionType) -> dict[str, Any]:
    out: dict[str, Any] = {"union": [dump(o) for o in t.options]}
    if t.discriminator is not None:
        out["tag"] = t.discriminator.property
        out["mapping"] = {value: str(name) for value, name in t.discriminator.mapping}
    return out


def _dump_tuple(t: ir.TupleType) -> dict[str, Any]:
    out: dict[str, Any] = {"tuple": [dump(p) for p in t.prefix]}
    if t.rest is not None:
        out["rest"] = dump(t.rest)
    if t.min_items:
        out["min"] = t.min_items
    if t.max_items is not None:
        out["max"] = t.max_items
    return out


def _dump_enum(t: ir.EnumType) -> dict[str, Any]:
    return {"enum": str(t.name)} | ({} if t.value_scalar is ir.Scalar.STR else {"of": t.value_scalar.value})


_DUMP: dict[type, Callable[[Any], Any]] = {
    ir.ScalarType: lambda t: t.scalar.value,
    ir.ModelType: lambda t: {"model": str(t.name)},
    ir.EnumType: _dump_enum,
    ir.AliasType: lambda t: {"alias": str(t.name)},
    ir.ListType: lambda t: {"list": dump(t.item)},
    ir.MapType: lambda t: {"map": dump(t.value)},
    ir.NullableType: lambda t: {"nullable": dump(t.inner)},
    ir.LiteralType: lambda t: {"literal": list(t.values)},
    ir.UnionType: _dump_union,
    ir.TupleType: _dump_tuple,
}


def load(data: Any, at: str = "") -> ir.TypeRef:
    """The type a JSON value made by :func:`dump` holds; a :class:`TypeFormError` for anything else."""
    if isinstance(data, str):
        if data not in _SCALARS:
            raise TypeFormError(at, f"a type (a scalar name: {', '.join(_SCALARS)}, or an object)")
        return ir.ScalarType(_SCALARS[data])
    if not isinstance(data, dict) or not data:
        raise TypeFormError(at, "a type (a scalar name or an object)")
    kind = next(iter(data))
    reader = _LOAD.get(kind)
    if reader is None:
        raise TypeFormError(at, f"a type: one of {', '.join(_LOAD)} (not {kind!r})")
    return reader(data, f"{at}/{kind}")


def _name(value: Any, at: str) -> ClassName:
    if not isinstance(value, str) or not value:
        raise TypeFormError(at, "a name")
    return str.__new__(ClassName, value)  # as it was made: not sanitised again


def _types(value: Any, at: str) -> tuple[ir.TypeRef, ...]:
    if not isinstance(value, list):
        raise TypeFormError(at, "a list of types")
    return tuple(load(item, f"{at}/{i}") for i, item in enumerate(value))


def _count(data: dict[str, Any], key: str, at: str) -> int | None:
    value = data.get(key)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        raise TypeFormError(f"{at}/{key}", "a count")
    return value


def _load_enum(data: dict[str, Any], at: str) -> ir.EnumType:
    of = data.get("of", "str")
    if of not in _SCALARS:
        raise TypeFormError(f"{at}/of", "a scalar name")
    return ir.EnumType(_name(data["enum"], at), _SCALARS[of])


def _load_union(data: dict[str, Any], at: str) -> ir.UnionType:
    options = _types(data["union"], at)
    if "tag" not in data:
        return ir.UnionType(options)
    mapping = data.get("mapping")
    if not isinstance(data["tag"], str) or not isinstance(mapping, dict):
        raise TypeFormError(at, "a tag and its mapping")
    pairs = tuple((str(value), _name(name, f"{at}/mapping/{value}")) for value, name in mapping.items())
    return ir.UnionType(options, ir.Discriminator(data["tag"], pairs))


def _load_tuple(data: dict[str, Any], at: str) -> ir.TupleType:
    rest = None if data.get("rest") is None else load(data["rest"], f"{at}/rest")
    return ir.TupleType(_types(data["tuple"], at), rest, _count(data, "min", at) or 0, _count(data, "max", at))


def _load_literal(data: dict[str, Any], at: str) -> ir.LiteralType:
    if not isinstance(data["literal"], list):
        raise TypeFormError(at, "a list of values")
    return ir.LiteralType(tuple(data["literal"]))


_LOAD: dict[str, Callable[[dict[str, Any], str], ir.TypeRef]] = {
    "model": lambda d, at: ir.ModelType(_name(d["model"], at)),
    "enum": _load_enum,
    "alias": lambda d, at: ir.AliasType(_name(d["alias"], at)),
    "list": lambda d, at: ir.ListType(load(d["list"], at)),
    "map": lambda d, at: ir.MapType(load(d["map"], at)),
    "nullable": lambda d, at: ir.NullableType(load(d["nullable"], at)),
    "literal": _load_literal,
    "union": _load_union,
    "tuple": _load_tuple,
}
