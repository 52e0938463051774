"""Schemas become types: scalars, lists, maps, unions inline; objects, enums and unions as named
definitions.

Every way OpenAPI spells "may be null" (3.0 ``nullable``, 3.1 ``type: [X, "null"]``, an
``anyOf``/``oneOf`` option that is ``{type: "null"}`` or a null-only enum) becomes one
:class:`~generator.ir.NullableType`. Component objects, enums and unions are named after their
component; inline ones after where they stand (``title`` first, then parent + property). Primitive
components (``RunID: {type: string}``) are not classes: fields get their type and description.

Which builder handles a schema is decided by its :class:`~.reading.SchemaKind` and a dispatch table:
composition (``allOf``, ``oneOf``, ``anyOf``) lives in :mod:`.composition`, enums, ``const`` and
defaults in :mod:`.values`.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import ir
from ..errors import Diagnostics
from ..ir.names import ClassName, FieldName, Namespace
from ..load.resolve import Node, Resolver
from . import composition, limits, values
from .reading import (
    SCALARS,
    SchemaKind,
    deprecated,
    description,
    integer,
    is_nullable,
    is_nullish,
    number,
    schema_kind,
    strings,
    text,
    unique,
)

_FORMATS: dict[tuple[str, str], ir.Scalar] = {
    ("string", "date-time"): ir.Scalar.DATETIME,
    ("string", "date"): ir.Scalar.DATE,
    ("string", "time"): ir.Scalar.TIME,
    ("string", "uuid"): ir.Scalar.UUID,
    ("string", "binary"): ir.Scalar.FILE,
}
_NAMED = (SchemaKind.OBJECT, SchemaKind.ENUM, SchemaKind.UNION, SchemaKind.ALL_OF)  # components of these kinds are named definitions
MAX_REF_DEPTH = 64  # schemas being built inside one another through $refs (not recursion)


@dataclass(frozen=True)
class Described:
    """A type with the description that travels with it (a primitive component's)."""

    type: ir.TypeRef
    description: str = ""


class SchemaBuilder:
    def __init__(self, resolver: Resolver, diagnostics: Diagnostics) -> None:
        self.resolver = resolver
        self.diagnostics = diagnostics
        self.definitions = ir.Definitions()
        self._named: dict[tuple[str, str], ClassName] = {}  # component node -> its class name
        self._component_types: dict[tuple[str, str], Described] = {}
        self._in_progress: set[tuple[str, str]] = set()
        self._dispatch: dict[SchemaKind, Callable[[Node, ClassName], ir.TypeRef]] = {
            SchemaKind.ALL_OF: lambda node, name: composition.all_of(self, node, name),
            SchemaKind.UNION: lambda node, name: composition.union(self, node, name),
            SchemaKind.ENUM: lambda node, name: values.enum(self, node, name),
            SchemaKind.CONST: lambda node, name: values.const(self, node, name),
            SchemaKind.MULTI_TYPE: self._multi_type,
            SchemaKind.OBJECT: self._object,
            SchemaKind.ARRAY: self._array,
            SchemaKind.SCALAR: self._scalar,
            SchemaKind.ANY: lambda node, name: ir.ANY,
        }

    # --- entry points ------------------------------------------------------------------------

    def reserve_components(self, components: list[tuple[str, Node]]) -> None:
        """Component schemas claim their class names before any inline schema does."""
        for name, node in components:
            if schema_kind(self.resolver.deref(node).value) in _NAMED or is_nullish(node.value):
                self._named[node.key] = self.definitions.reserve(ClassName(name))

    def build_component(self, name: str, node: Node) -> None:
        self.type_of(node, ClassName(name))

    def finish(self) -> None:
        """Once every schema is built: resolve what only the whole set shows."""
        composition.flatten_union_cycles(self.definitions)

    def type_of(self, node: Node, name_hint: ClassName) -> ir.TypeRef:
        return self.described(node, name_hint).type

    def described(self, node: Node, name_hint: ClassName) -> Described:
        """The type of the schema at ``node``; ``name_hint`` names it if it needs a class."""
        if node.ref is not None:
            return self._reference(node)
        if not isinstance(node.value, dict):
            if node.value is False:
                return Described(ir.NONE)
            return Described(ir.ANY)
        kind = schema_kind(node.value)
        base = self._dispatch[kind](node, name_hint)
        if is_nullable(node.value) and kind not in (SchemaKind.UNION, SchemaKind.MULTI_TYPE, SchemaKind.ENUM):
            base = ir.nullable(base)
        return Described(base, text(node.get("description")))

    def named(self, node: Node) -> bool:
        """Whether ``node`` is a component that becomes a named definition."""
        return node.key in self._named

    # --- references --------------------------------------------------------------------------

    def _reference(self, node: Node) -> Described:
        target = self.resolver.deref(node)
        key = target.key
        if key in self._component_types:
            found = self._component_types[key]
        elif key in self._in_progress:  # a recursive reference to something that is not a class
            if key not in self._named:
                self.diagnostics.warning(
                    "recursive schema that is not an object is typed as Any", target.location,
                    "give the recursion an object in between",
                )
                return Described(ir.ANY)
            found = Described(self._named_type(key, target))
        elif len(self._in_progress) >= MAX_REF_DEPTH:
            self.diagnostics.warning(
                f"schemas nest more than {MAX_REF_DEPTH} levels deep through $refs; the client types this one as any JSON value",
                node.location.child("$ref"), "flatten the chain of references",
            )
            return Described(ir.ANY)
        else:
            self._in_progress.add(key)
            try:
                hint = self._named.get(key) or _ref_hint(target)
                found = self.described(target, hint)
            finally:
                self._in_progress.discard(key)
            self._component_types[key] = found
        extra_null = is_nullable(node.value) and not isinstance(found.type, ir.NullableType)
        return Described(ir.nullable(found.type), found.description) if extra_null else found

    def _named_type(self, key: tuple[str, str], target: Node) -> ir.TypeRef:
        """The reference type of a component class that is being built (recursion)."""
        name = self._named[key]
        kind = schema_kind(target.value)
        if kind is SchemaKind.ENUM:
            return ir.EnumType(name, ir.Scalar.STR)
        if kind is SchemaKind.UNION and not composition.union_is_object(target):
            return ir.AliasType(name)
        return ir.ModelType(name)

    def claim(self, node: Node, hint: ClassName) -> ClassName:
        """The class name for ``node``: its component's, else its title, else the hint."""
        if node.key in self._named:
            return self._named[node.key]
        title = node.get("title")
        wanted = ClassName(title) if isinstance(title, str) and title.strip() and _is_inline(node) else hint
        name = self.definitions.reserve(wanted)
        self._named[node.key] = name
        return name

    # --- types, by kind ------------------------------------------------------------------------

    def _scalar(self, node: Node, name: ClassName) -> ir.TypeRef:
        schema = node.value
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next(t for t in kind if t != "null")
        scalar = _FORMATS.get((kind, str(schema.get("format", ""))), SCALARS[kind])
        return ir.ScalarType(scalar, self.constraints(node, scalar))

    def _multi_type(self, node: Node, name: ClassName) -> ir.TypeRef:
        kinds = [t for t in node.value["type"] if t != "null"]
        options: list[ir.TypeRef] = []
        for kind in kinds:
            single = dict(node.value, type=kind)
            options.append(self.type_of(Node(node.document, node.pointer, single), name))
        result: ir.TypeRef = ir.UnionType(tuple(unique(options))) if len(options) > 1 else options[0] if options else ir.ANY
        return ir.nullable(result) if "null" in node.value["type"] else result

    def _array(self, node: Node, name: ClassName) -> ir.TypeRef:
        schema = limits.held(node, self.diagnostics)  # minItems and maxItems the runtime can hold
        items = node.child("items") if isinstance(node.get("items"), (dict, bool)) else None
        item = self.type_of(items, ClassName(name + "Item")) if items is not None else ir.ANY
        prefix = node.elements("prefixItems")
        if prefix:  # 3.1: the first items typed by position, the rest by items (none if it is false)
            positions = tuple(self.type_of(p, ClassName(f"{name}Item{i}")) for i, p in enumerate(prefix, start=1))
            rest = None if node.get("items") is False else item
            if set(positions) | {rest} != {ir.ANY}:  # else only the length is constrained: a list
                return ir.TupleType(positions, rest, max(integer(schema.get("minItems")) or 0, 0), integer(schema.get("maxItems")))
        constraints = ir.Constraints(min_length=integer(schema.get("minItems")), max_length=integer(schema.get("maxItems")))
        return ir.ListType(item, constraints)

    def _object(self, node: Node, name: ClassName) -> ir.TypeRef:
        properties = node.items("properties")
        extra_type = self.extra_type(node, name)
        if not properties and (node.key not in self._named or node.get("additionalProperties") is False):
            return ir.MapType(extra_type or ir.ANY)  # a free-form or typed map, not a class
        return self.model(
            node,
            name,
            lambda class_name: ir.Model(
                class_name, tuple(self.fields(node, class_name, Namespace())), description(node.value), extra_type, deprecated=deprecated(node.value)
            ),
        )

    def model(self, node: Node, hint: ClassName, make: Callable[[ClassName], ir.Model]) -> ir.TypeRef:
        """The model of the schema at ``node``, made once by ``make`` under its class name; while
        it is made, a placeholder stands for it, so that a reference to it from inside ends there."""
        class_name = self.claim(node, hint)
        if class_name not in self.definitions:
            self.definitions.placeholder(class_name)
            self.definitions.define(make(class_name))
        return ir.ModelType(class_name)

    def extra_type(self, node: Node, name: ClassName) -> ir.TypeRef | None:
        """The type of additional properties, when the schema gives one."""
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            return self.type_of(node.child("additionalProperties"), ClassName(name + "Value"))
        return None

    def fields(self, node: Node, owner: ClassName, names: Namespace) -> list[ir.Field]:
        """The fields of the ``properties`` at ``node``, required as the schema says (read-only and
        write-only fields are relaxed later, by :mod:`.directions`)."""
        required = set(strings(node.get("required")))
        result: list[ir.Field] = []
        for wire_name, prop in node.items("properties"):
            described = self.described(prop, ClassName(owner + ClassName(wire_name)))
            schema = prop.value if isinstance(prop.value, dict) else {}
            target = self.resolver.deref(prop).value if prop.ref else schema
            target = target if isinstance(target, dict) else {}
            read_only = bool(schema.get("readOnly") or target.get("readOnly"))
            write_only = bool(schema.get("writeOnly") or target.get("writeOnly"))
            named = isinstance(ir.strip_null(described.type), (ir.ModelType, ir.EnumType, ir.AliasType))
            description = text(schema.get("description")) or ("" if named else described.description)
            default = self._default(prop)
            result.append(
                ir.Field(
                    name=names.claim(FieldName(wire_name)),
                    wire_name=wire_name,
                    type=described.type,
                    required=wire_name in required,
                    default=values.checked_default(self, default, described.type, prop),
                    description=description,
                    deprecated=bool(schema.get("deprecated") or target.get("deprecated")),
                    read_only=read_only,
                    write_only=write_only,
                )
            )
        return result

    def _default(self, node: Node) -> Any:
        """The schema's default, else that of the schema it refers to or only wraps (``allOf``)."""
        for _ in range(16):
            if isinstance(node.value, dict) and "default" in node.value:
                return node.value["default"]
            parts = node.elements("allOf")
            if node.ref is not None:
                node = self.resolver.deref(node)
            elif len(parts) == 1:
                node = parts[0]
            else:
                break
        return ir.NO_DEFAULT

    # --- details -----------------------------------------------------------------------------

    def constraints(self, node: Node, scalar: ir.Scalar) -> ir.Constraints:
        schema = limits.held(node, self.diagnostics)  # without values the runtime cannot hold
        if scalar in (ir.Scalar.INT, ir.Scalar.FLOAT):
            ge, le, gt, lt = number(schema.get("minimum")), number(schema.get("maximum")), None, None
            if schema.get("exclusiveMinimum") is True:
                ge, gt = None, ge
            elif number(schema.get("exclusiveMinimum")) is not None:
                gt = number(schema.get("exclusiveMinimum"))
            if schema.get("exclusiveMaximum") is True:
                le, lt = None, le
            elif number(schema.get("exclusiveMaximum")) is not None:
                lt = number(schema.get("exclusiveMaximum"))
            multiple = number(schema.get("multipleOf"))
            return ir.Constraints(ge=ge, le=le, gt=gt, lt=lt, multiple_of=multiple if multiple else None)
        if scalar is ir.Scalar.STR:
            pattern = schema.get("pattern")
            if isinstance(pattern, str):
                try:
                    with warnings.catch_warnings():  # "possible set union" and the like: valid, and not ours to say
                        warnings.simplefilter("ignore", FutureWarning)
                        re.compile(pattern)
                except re.error as exc:
                    self.diagnostics.warning(
                        f"pattern {pattern!r} is not a Python regular expression ({exc}); it is not enforced",
                        node.location.child("pattern"),
                    )
                    pattern = None
            return ir.Constraints(
                min_length=integer(schema.get("minLength")),
                max_length=integer(schema.get("maxLength")),
                pattern=pattern if isinstance(pattern, str) else None,
            )
        return ir.Constraints()


def _is_inline(node: Node) -> bool:
    return "/components/schemas/" not in node.pointer or node.pointer.count("/") > 3


def _ref_hint(target: Node) -> ClassName:
    """A name for the schema a ``$ref`` reaches: its key (``#/components/schemas/Pet``), or, for a
    whole file (``$ref: schemas/pet.yaml``), the file's name."""
    last = target.pointer.rsplit("/", 1)[-1]
    if target.pointer in ("", "#"):
        last = target.document.path.name.split(".", 1)[0]
    return ClassName(last)
