"""Schemas that list their values - ``enum`` and ``const`` - and the defaults a schema declares.

String and integer enums become enum classes (open: values they do not list still parse).
Enums of other values (booleans, mixed strings and numbers) become ``Literal`` types, named when
they are components; floats cannot be ``Literal`` values, so an enum or const with a float reads
as ``float``. ``null`` among the values makes the type nullable.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .. import ir
from ..ir.names import ClassName, ConstantName, Namespace
from ..load.resolve import Node
from .reading import deprecated, description, is_nullable, strings, text, unique

if TYPE_CHECKING:
    from .schemas import SchemaBuilder

_LITERAL_VALUES = (str, int)  # bool is an int
_MEMBER_NAMES = ("x-enum-varnames", "x-enumNames", "x-enum-names")


def enum(builder: SchemaBuilder, node: Node, name: ClassName) -> ir.TypeRef:
    listed = node.get("enum")
    listed = listed if isinstance(listed, list) else []
    nullable = None in listed or is_nullable(node.value)
    found = unique([v for v in listed if v is not None])
    if not found:
        return ir.NONE
    if all(isinstance(v, str) for v in found):
        result = _enum_class(builder, node, name, found, ir.Scalar.STR)
    elif all(isinstance(v, int) and not isinstance(v, bool) for v in found):
        result = _enum_class(builder, node, name, found, ir.Scalar.INT)
    else:
        result = _named(builder, node, name, _literal_type(found))
    return ir.nullable(result) if nullable else result


def const(builder: SchemaBuilder, node: Node, name: ClassName) -> ir.TypeRef:
    value = node.value["const"]
    if value is None:
        return ir.NONE
    return _literal_type([value])


def _literal_type(found: list[Any]) -> ir.TypeRef:
    """``Literal[...]`` of the strings, integers and booleans; ``float`` replaces the integers when
    a float is listed; an object or array value makes it ``Any``."""
    if any(isinstance(v, (dict, list)) for v in found):
        return ir.ANY
    has_float = any(isinstance(v, float) for v in found)
    literals = tuple(v for v in found if isinstance(v, _LITERAL_VALUES) and not (has_float and type(v) is int))
    options: list[ir.TypeRef] = [ir.LiteralType(literals)] if literals else []
    if has_float:  # a float holds the integers too
        options.append(ir.ScalarType(ir.Scalar.FLOAT))
    return options[0] if len(options) == 1 else ir.UnionType(tuple(options))


def _named(builder: SchemaBuilder, node: Node, name: ClassName, type_: ir.TypeRef) -> ir.TypeRef:
    """A component's literal type becomes a named alias; an inline one stays inline."""
    if not builder.named(node):
        return type_
    alias_name = builder.claim(node, name)
    builder.definitions.define(ir.Alias(alias_name, type_, text(node.get("description"))))
    return ir.AliasType(alias_name)


def _enum_class(builder: SchemaBuilder, node: Node, name: ClassName, found: list[Any], scalar: ir.Scalar) -> ir.TypeRef:
    class_name = builder.claim(node, name)
    if class_name not in builder.definitions:
        members = Namespace()
        spelled = _member_names(node, len(found))
        builder.definitions.define(
            ir.Enum(
                class_name,
                tuple(ir.EnumMember(members.claim(ConstantName(spelled[i] if spelled else _spelled(v))), v) for i, v in enumerate(found)),
                scalar,
                description(node.value),
                deprecated(node.value),
            )
        )
    return ir.EnumType(class_name, scalar)


def _spelled(value: str | int) -> str:
    """The text a member name is made from: ``-1`` reads as ``MINUS_1``, not as ``1``."""
    return f"minus {-value}" if isinstance(value, int) and value < 0 else str(value)


def _member_names(node: Node, count: int) -> list[str]:
    """Member names the spec spells out with a vendor extension, when it gives one per value."""
    for key in _MEMBER_NAMES:
        names = strings(node.get(key))
        if len(names) == count:
            return names
    return []


# --- defaults --------------------------------------------------------------------------------


def checked_default(builder: SchemaBuilder, value: Any, type_: ir.TypeRef, node: Node) -> Any:
    """A default that does not fit its own type is dropped, with a warning - except a number or a
    boolean for a string, which reads as its text (with a warning too)."""
    if value is ir.NO_DEFAULT:
        return value
    location = node.location.child("default")
    if _is_string(type_) and isinstance(value, (int, float)):
        spelled = str(value).lower() if isinstance(value, bool) else str(value)
        builder.diagnostics.warning(f"default {value!r} of a string is not a string; it reads as {spelled!r}", location, "quote the default")
        return spelled
    problem = _default_problem(value, type_)
    if problem:
        builder.diagnostics.warning(
            f"default {json.dumps(value)} is not a valid value ({problem}); the default is dropped", location, "fix or remove the default"
        )
        return ir.NO_DEFAULT
    return value


def _is_string(type_: ir.TypeRef) -> bool:
    inner = ir.strip_null(type_)
    return isinstance(inner, ir.ScalarType) and inner.scalar is ir.Scalar.STR


def _default_problem(value: Any, type_: ir.TypeRef) -> str:
    if isinstance(type_, ir.NullableType):
        return "" if value is None else _default_problem(value, type_.inner)
    if not isinstance(type_, ir.ScalarType):
        return ""
    scalar = type_.scalar
    checks: dict[ir.Scalar, Callable[[Any], bool]] = {
        ir.Scalar.STR: lambda v: isinstance(v, str),
        ir.Scalar.INT: lambda v: isinstance(v, int) and not isinstance(v, bool),
        ir.Scalar.FLOAT: lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        ir.Scalar.BOOL: lambda v: isinstance(v, bool),
        ir.Scalar.UUID: lambda v: isinstance(v, str) and _parses(uuid.UUID, v),
    }
    check = checks.get(scalar)
    if check is not None and not check(value):
        return f"expected {scalar.value}"
    return ""


def _parses(parser: Callable[[str], object], value: str) -> bool:
    try:
        parser(value)
    except ValueError:
        return False
    return True
