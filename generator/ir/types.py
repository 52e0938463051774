"""Types: what a value is — scalars, references to definitions, lists, maps, unions."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias

from .names import ClassName

JsonValue: TypeAlias = bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"] | None


class Scalar(enum.Enum):
    """A scalar type; the value is what the renderer keys its table by."""

    STR = "str"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    BYTES = "bytes"
    DATE = "date"
    DATETIME = "datetime"
    TIME = "time"
    UUID = "uuid"
    ANY = "any"
    NONE = "none"
    FILE = "file"  # binary upload in a multipart or raw body


@dataclass(frozen=True)
class Constraints:
    ge: float | None = None
    le: float | None = None
    gt: float | None = None
    lt: float | None = None
    multiple_of: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None


@dataclass(frozen=True)
class ScalarType:
    scalar: Scalar
    constraints: Constraints = Constraints()


@dataclass(frozen=True)
class ModelType:
    name: ClassName


@dataclass(frozen=True)
class EnumType:
    """A reference to a generated enum; open: values it does not list are kept as plain values."""

    name: ClassName
    value_scalar: Scalar  # STR or INT: what an unknown value is kept as


@dataclass(frozen=True)
class AliasType:
    """A reference to a named type alias (a component that is a union)."""

    name: ClassName


@dataclass(frozen=True)
class ListType:
    item: TypeRef
    constraints: Constraints = Constraints()


@dataclass(frozen=True)
class TupleShape:
    """One length range of a :class:`TupleType`: exactly ``items`` when ``rest`` is None, else
    ``items`` followed by any number of ``rest`` (within ``constraints``)."""

    items: tuple[TypeRef, ...]
    rest: TypeRef | None = None
    constraints: Constraints = Constraints()


@dataclass(frozen=True)
class TupleType:
    """An array typed by position (``prefixItems``): ``prefix`` types the first items and ``rest``
    every later one (``None``: no more may follow). As in JSON Schema, an array may stop before
    the prefix ends unless ``min_items`` says otherwise; ``max_items`` bounds it too."""

    prefix: tuple[TypeRef, ...]
    rest: TypeRef | None
    min_items: int = 0
    max_items: int | None = None

    @property
    def shapes(self) -> tuple[TupleShape, ...]:
        """The lengths the array may have, as disjoint shapes: one fixed tuple for each length
        shorter than the prefix, then the whole prefix (followed by ``rest``, if any may follow)."""
        full = len(self.prefix)
        top = full if self.max_items is None else min(full, self.max_items)
        lowest = min(self.min_items, top)
        if self.rest is None or (self.max_items is not None and self.max_items <= full):
            return tuple(TupleShape(self.prefix[:n]) for n in range(lowest, top + 1))
        open_ended = TupleShape(
            self.prefix,
            self.rest,
            Constraints(min_length=self.min_items if self.min_items > full else None, max_length=self.max_items),
        )
        return (*(TupleShape(self.prefix[:n]) for n in range(lowest, full)), open_ended)

    @property
    def parts(self) -> tuple[TypeRef, ...]:
        return self.prefix + ((self.rest,) if self.rest is not None else ())


@dataclass(frozen=True)
class MapType:
    value: TypeRef


@dataclass(frozen=True)
class LiteralType:
    values: tuple[JsonValue, ...]


@dataclass(frozen=True)
class Discriminator:
    """How a tagged union picks its option: the tag property's wire name and, for each tag value,
    the class it selects. A value it does not list parses as the runtime's UnknownVariant."""

    property: str
    mapping: tuple[tuple[str, ClassName], ...]  # (tag value, class name), in a fixed order
    default: ClassName | None = None  # OpenAPI 3.2's defaultMapping: what a tag not listed selects


@dataclass(frozen=True)
class UnionType:
    options: tuple[TypeRef, ...]
    discriminator: Discriminator | None = None  # set only when every option is a model


@dataclass(frozen=True)
class NullableType:
    inner: TypeRef


TypeRef: TypeAlias = ScalarType | ModelType | EnumType | AliasType | ListType | TupleType | MapType | LiteralType | UnionType | NullableType

ANY = ScalarType(Scalar.ANY)
NONE = ScalarType(Scalar.NONE)


def nullable(t: TypeRef) -> TypeRef:
    if isinstance(t, NullableType) or t in (ANY, NONE):
        return t
    return NullableType(t)


def strip_null(t: TypeRef) -> TypeRef:
    return t.inner if isinstance(t, NullableType) else t


def referenced_names(t: TypeRef) -> set[ClassName]:
    """Names of the models, enums and aliases that a type mentions."""
    if isinstance(t, (ModelType, EnumType, AliasType)):
        return {t.name}
    if isinstance(t, (ListType, NullableType)):
        return referenced_names(t.item if isinstance(t, ListType) else t.inner)
    if isinstance(t, MapType):
        return referenced_names(t.value)
    if isinstance(t, UnionType):
        return set().union(*(referenced_names(o) for o in t.options))
    if isinstance(t, TupleType):
        return set().union(*(referenced_names(p) for p in t.parts))
    return set()


def fits(value: JsonValue, t: TypeRef) -> bool:
    """Whether ``value`` can stand, as a Python literal, for a value of type ``t``."""
    check = _FITS.get(type(t))
    return check(value, t) if check is not None else False


def _fits_scalar(value: JsonValue, t: ScalarType) -> bool:
    if t.scalar is Scalar.ANY:
        return True
    if t.scalar is Scalar.FLOAT:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    wanted = {Scalar.STR: str, Scalar.INT: int, Scalar.BOOL: bool, Scalar.NONE: type(None)}.get(t.scalar)
    return wanted is not None and isinstance(value, wanted) and (wanted is bool or not isinstance(value, bool))


_FITS: dict[type, Callable[[JsonValue, Any], bool]] = {
    ScalarType: _fits_scalar,
    EnumType: lambda v, t: isinstance(v, str) if t.value_scalar is Scalar.STR else isinstance(v, int) and not isinstance(v, bool),
    LiteralType: lambda v, t: any(v == o and type(v) is type(o) for o in t.values),
    ListType: lambda v, t: isinstance(v, list) and all(fits(i, t.item) for i in v),
    TupleType: lambda v, t: isinstance(v, list) and any(_fits_shape(v, s) for s in t.shapes),
    MapType: lambda v, t: isinstance(v, dict) and all(fits(i, t.value) for i in v.values()),
    UnionType: lambda v, t: any(fits(v, o) for o in t.options),
    NullableType: lambda v, t: v is None or fits(v, t.inner),
}


def _fits_shape(value: list[JsonValue], shape: TupleShape) -> bool:
    fixed = len(shape.items)
    if len(value) < fixed or (shape.rest is None and len(value) > fixed):
        return False
    longest = shape.constraints.max_length
    if len(value) < (shape.constraints.min_length or 0) or (longest is not None and len(value) > longest):
        return False
    return all(fits(v, t) for v, t in zip(value, shape.items, strict=False)) and all(
        fits(v, shape.rest) for v in value[fixed:] if shape.rest is not None
    )


def tupled(value: JsonValue, t: TypeRef) -> Any:
    """``value``, which fits ``t``, with each array that ``t`` reads as a tuple made a tuple."""
    t = strip_null(t)
    if isinstance(value, list) and isinstance(t, TupleType):
        shape = next(s for s in t.shapes if _fits_shape(value, s))
        types = [*shape.items, *[shape.rest] * (len(value) - len(shape.items))]
        return tuple(tupled(v, item) if item is not None else v for v, item in zip(value, types, strict=True))
    if isinstance(value, list) and isinstance(t, ListType):
        return [tupled(v, t.item) for v in value]
    if isinstance(value, dict) and isinstance(t, MapType):
        return {k: tupled(v, t.value) for k, v in value.items()}
    return value


def mentions(t: TypeRef, scalar: Scalar) -> bool:
    if isinstance(t, ScalarType):
        return t.scalar is scalar
    if isinstance(t, ListType):
        return mentions(t.item, scalar)
    if isinstance(t, NullableType):
        return mentions(t.inner, scalar)
    if isinstance(t, MapType):
        return mentions(t.value, scalar)
    if isinstance(t, UnionType):
        return any(mentions(o, scalar) for o in t.options)
    if isinstance(t, TupleType):
        return any(mentions(p, scalar) for p in t.parts)
    return False
