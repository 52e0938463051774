"""Subtyping between IR types, as mypy sees the generated annotations.

The builder asks it when a subclass may redeclare an inherited field (mypy checks overrides, so a
redeclared field's type must be a subtype of the inherited one's); ``clientgen changes`` asks it
whether a parameter now accepts more or a result promises less (:mod:`generator.release.changes`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import replace

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
    child, parent = _erased(child), _erased(parent)
    if child == parent or parent == ANY:
        return True
    if isinstance(parent, NullableType):
        return child == NONE or assignable(strip_null(child), parent.inner, ancestors)
    if isinstance(child, NullableType):
        return False
    if isinstance(parent, UnionType):
        return any(assignable(child, o, ancestors) for o in parent.options)
    if isinstance(child, UnionType):
        return all(assignable(o, parent, ancestors) for o in child.options)
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


def _erased(t: TypeRef) -> TypeRef:
    """``t`` without constraints, which mypy does not see."""
    if isinstance(t, ScalarType):
        return ScalarType(t.scalar)
    if isinstance(t, ListType):
        return ListType(_erased(t.item))
    if isinstance(t, NullableType):
        return NullableType(_erased(t.inner))
    if isinstance(t, MapType):
        return MapType(_erased(t.value))
    if isinstance(t, UnionType):
        return UnionType(tuple(_erased(o) for o in t.options), t.discriminator)
    if isinstance(t, TupleType):
        return replace(t, prefix=tuple(_erased(p) for p in t.prefix), rest=None if t.rest is None else _erased(t.rest))
    return t
