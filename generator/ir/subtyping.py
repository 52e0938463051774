"""Subtyping between IR types, as mypy sees the generated annotations.

The builder asks it when a subclass may redeclare an inherited field (mypy checks overrides, so a
redeclared field's type must be a subtype of the inherited one's); ``clientgen changes`` asks it
whether a parameter now accepts more or a result promises less (:mod:`generator.release.changes`),
on the types of the IR either side, or read back from the package's snapshot of its API surface.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from .names import ClassName
from .types import (
    ANY,
    NONE,
    EnumType,
    ListType,
    LiteralType,
    MapType,
    ModelType,
    NullableType,
    Scalar,
    ScalarType,
    TupleType,
    TypeRef,
    UnionType,
    fits,
    strip_null,
)

# A parameter of one of these scalars also accepts text: callers often hold identifiers and
# timestamps as strings (the annotation reads ``UUID | str``).
ALSO_AS_TEXT = frozenset({Scalar.UUID, Scalar.DATETIME, Scalar.DATE})


def assignable(child: TypeRef, parent: TypeRef, ancestors: Callable[[ClassName], set[ClassName]]) -> bool:
    """Whether a field of type ``child`` may redeclare an inherited one of type ``parent``: mypy
    wants a subtype (lists and dicts are invariant). ``ancestors`` gives a model's base chain."""
    child, parent = erased(child), erased(parent)
    if child == parent or parent == ANY:
        return True
    if isinstance(parent, NullableType):
        return child == NONE or assignable(strip_null(child), parent.inner, ancestors)
    if isinstance(child, NullableType):
        return False
    if isinstance(child, UnionType):  # each option on its own: A | B fits A | B | C
        if child.discriminator is not None and not (isinstance(parent, UnionType) and parent.discriminator is not None):
            return False  # a tagged union also holds UnknownVariant, which only another tagged union does
        return all(assignable(o, parent, ancestors) for o in child.options)
    if isinstance(parent, UnionType):
        return any(assignable(child, o, ancestors) for o in parent.options)
    if isinstance(child, LiteralType) and isinstance(parent, (ScalarType, EnumType)):
        return all(fits(v, parent) for v in child.values)
    if isinstance(child, (ScalarType, EnumType)) and isinstance(parent, (ScalarType, EnumType)):
        child_scalar = child.value_scalar if isinstance(child, EnumType) else child.scalar
        parent_scalar = parent.value_scalar if isinstance(parent, EnumType) else parent.scalar
        same = child_scalar is parent_scalar or (child_scalar is Scalar.INT and parent_scalar is Scalar.FLOAT)
        return same and (isinstance(parent, EnumType) or not isinstance(child, EnumType) or parent_scalar is child_scalar)
    if isinstance(child, ModelType) and isinstance(parent, ModelType):
        return parent.name in ancestors(child.name)
    return False


def accepted(t: TypeRef) -> TypeRef:
    """What a parameter of type ``t`` accepts: ``t``, with :data:`ALSO_AS_TEXT` scalars (at any
    depth) also as ``str``."""
    if isinstance(t, ScalarType):
        return UnionType((t, ScalarType(Scalar.STR))) if t.scalar in ALSO_AS_TEXT else t
    if isinstance(t, ListType):
        return dataclasses.replace(t, item=accepted(t.item))
    if isinstance(t, MapType):
        return MapType(accepted(t.value))
    if isinstance(t, NullableType):
        return NullableType(accepted(t.inner))
    if isinstance(t, UnionType):
        return dataclasses.replace(t, options=tuple(accepted(o) for o in t.options))
    return t


def erased(t: TypeRef) -> TypeRef:
    """``t`` as mypy sees it: without validation constraints, and a tuple by the lengths it may
    have (two tuples that differ only in a bound beyond their prefix are one type)."""
    if isinstance(t, ScalarType):
        return ScalarType(t.scalar)
    if isinstance(t, ListType):
        return ListType(erased(t.item))
    if isinstance(t, NullableType):
        return NullableType(erased(t.inner))
    if isinstance(t, MapType):
        return MapType(erased(t.value))
    if isinstance(t, UnionType):
        return UnionType(tuple(erased(o) for o in t.options), t.discriminator)
    if isinstance(t, TupleType):
        return _erased_tuple(t)
    return t


def _erased_tuple(t: TupleType) -> TupleType:
    """The tuple with the same shapes (:attr:`TupleType.shapes`) and no bound a shape does not need."""
    prefix, rest = tuple(erased(p) for p in t.prefix), None if t.rest is None else erased(t.rest)
    full = len(prefix)
    top = full if t.max_items is None else min(full, t.max_items)
    if rest is None or (t.max_items is not None and t.max_items <= full):
        return TupleType(prefix[:top], None, min(t.min_items, top))
    return TupleType(prefix, rest, min(t.min_items, full))
