"""Schemas become types: scalars, lists, maps, unions inline; objects, enums and unions as named
definitions.

Every way OpenAPI spells "may be null" (3.0 ``nullable``, 3.1 ``type: [X, "null"]``, an
``anyOf``/``oneOf`` option that is ``{type: "null"}`` or a null-only enum) becomes one
:class:`~generator.ir.NullableType`. Component objects, enums and unions are named after their
component; inline ones after where they stand (``title`` first, then parent + property). Primitive
components (``RunID: {type: string}``) are not classes: fields get their type and description.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import ir
from ..errors import Diagnostics
from ..names import ClassName, ConstantName, FieldName, Namespace
from .resolve import Node, Resolver

_FORMATS: dict[tuple[str, str], ir.Scalar] = {
    ("string", "date-time"): ir.Scalar.DATETIME,
    ("string", "date"): ir.Scalar.DATE,
    ("string", "time"): ir.Scalar.TIME,
    ("string", "uuid"): ir.Scalar.UUID,
    ("string", "binary"): ir.Scalar.FILE,
}
_TYPES: dict[str, ir.Scalar] = {
    "string": ir.Scalar.STR,
    "integer": ir.Scalar.INT,
    "number": ir.Scalar.FLOAT,
    "boolean": ir.Scalar.BOOL,
    "null": ir.Scalar.NONE,
}
_OBJECT_KEYS = ("properties", "additionalProperties", "patternProperties")
MAX_REF_DEPTH = 64  # schemas being built inside one another through $refs (not recursion)


@dataclass(frozen=True)
class Described:
    """A type with the description that travels with it (a primitive component's)."""

    type: ir.TypeRef
    description: str = ""


class SchemaBuilder:
    def __init__(self, resolver: Resolver, diagnostics: Diagnostics, class_names: Namespace) -> None:
        self.resolver = resolver
        self.diagnostics = diagnostics
        self.class_names = class_names
        self.definitions: dict[ClassName, ir.Definition] = {}
        self._named: dict[tuple[str, str], ClassName] = {}  # component node -> its class name
        self._component_types: dict[tuple[str, str], Described] = {}
        self._in_progress: set[tuple[str, str]] = set()
        self._dispatch: dict[str, Callable[[Node, ClassName], ir.TypeRef]] = {
            "all_of": self._all_of,
            "union": self._union,
            "enum": self._enum,
            "const": self._const,
            "multi_type": self._multi_type,
            "object": self._object,
            "array": self._array,
            "scalar": self._scalar,
            "any": lambda node, name: ir.ANY,
        }

    # --- entry points ------------------------------------------------------------------------

    def reserve_components(self, components: list[tuple[str, Node]]) -> None:
        """Component schemas claim their class names before any inline schema does."""
        for name, node in components:
            if self._kind(self.resolver.deref(node)) in ("object", "enum", "union", "all_of") or _is_nullish(node.value):
                self._named[node.key] = self.class_names.claim(ClassName(name))

    def build_component(self, name: str, node: Node) -> None:
        self.type_of(node, ClassName(name))

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
        kind = self._kind(node)
        base = self._dispatch[kind](node, name_hint)
        if _is_nullable(node.value) and kind not in ("union", "multi_type", "enum"):
            base = ir.nullable(base)
        return Described(base, _text(node.get("description")))

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
            self.diagnostics.error(
                f"schemas nest more than {MAX_REF_DEPTH} levels deep through $refs", node.location.child("$ref"),
                "flatten the chain of references",
            )
            return Described(ir.ANY)
        else:
            self._in_progress.add(key)
            try:
                hint = self._named.get(key) or ClassName(target.pointer.rsplit("/", 1)[-1])
                found = self.described(target, hint)
            finally:
                self._in_progress.discard(key)
            self._component_types[key] = found
        extra_null = _is_nullable(node.value) and not isinstance(found.type, ir.NullableType)
        return Described(ir.nullable(found.type), found.description) if extra_null else found

    def _named_type(self, key: tuple[str, str], target: Node) -> ir.TypeRef:
        """The reference type of a component class that is being built (recursion)."""
        name = self._named[key]
        kind = self._kind(target)
        if kind == "enum":
            return ir.EnumType(name, ir.Scalar.STR)
        if kind == "union":
            return ir.AliasType(name)
        return ir.ModelType(name)

    def _claim(self, node: Node, hint: ClassName) -> ClassName:
        """The class name for ``node``: its component's, else its title, else the hint."""
        if node.key in self._named:
            return self._named[node.key]
        title = node.get("title")
        wanted = ClassName(title) if isinstance(title, str) and title.strip() and _is_inline(node) else hint
        name = self.class_names.claim(wanted)
        self._named[node.key] = name
        return name

    # --- kinds -------------------------------------------------------------------------------

    def _kind(self, node: Node) -> str:
        schema = node.value
        if not isinstance(schema, dict):
            return "any"
        if "allOf" in schema:
            return "all_of"
        if "oneOf" in schema or "anyOf" in schema:
            return "union"
        if "enum" in schema:
            return "enum"
        if "const" in schema:
            return "const"
        kind = schema.get("type")
        if isinstance(kind, list):
            non_null = [t for t in kind if t != "null"]
            if len(non_null) == 1:
                kind = non_null[0]
            else:
                return "multi_type"
        if kind == "object" or (kind is None and any(k in schema for k in _OBJECT_KEYS)):
            return "object"
        if kind == "array" or (kind is None and "items" in schema):
            return "array"
        if kind in _TYPES:
            return "scalar"
        return "any"

    def _scalar(self, node: Node, name: ClassName) -> ir.TypeRef:
        schema = node.value
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next(t for t in kind if t != "null")
        scalar = _FORMATS.get((kind, str(schema.get("format", ""))), _TYPES[kind])
        return ir.ScalarType(scalar, self.constraints(node, scalar))

    def _multi_type(self, node: Node, name: ClassName) -> ir.TypeRef:
        kinds = [t for t in node.value["type"] if t != "null"]
        options: list[ir.TypeRef] = []
        for kind in kinds:
            single = dict(node.value, type=kind)
            options.append(self.type_of(Node(node.document, node.pointer, single), name))
        result: ir.TypeRef = ir.UnionType(tuple(_unique(options))) if len(options) > 1 else options[0] if options else ir.ANY
        return ir.nullable(result) if "null" in node.value["type"] else result

    def _array(self, node: Node, name: ClassName) -> ir.TypeRef:
        items = node.child("items") if isinstance(node.get("items"), dict) else None
        item = self.type_of(items, ClassName(name + "Item")) if items is not None else ir.ANY
        constraints = ir.Constraints(min_length=_int(node.get("minItems")), max_length=_int(node.get("maxItems")))
        return ir.ListType(item, constraints)

    def _object(self, node: Node, name: ClassName) -> ir.TypeRef:
        properties = node.items("properties")
        extra = node.get("additionalProperties")
        extra_type: ir.TypeRef | None = None
        if isinstance(extra, dict) and extra:
            extra_type = self.type_of(node.child("additionalProperties"), ClassName(name + "Value"))
        if not properties and (node.key not in self._named or extra is False):
            return ir.MapType(extra_type or ir.ANY)  # a free-form or typed map, not a class
        class_name = self._claim(node, name)
        if class_name in self.definitions:
            return ir.ModelType(class_name)
        self.definitions[class_name] = ir.Model(class_name, ())  # placeholder: recursion ends here
        fields = self._fields(node, class_name, properties, set(_strings(node.get("required"))))
        self.definitions[class_name] = ir.Model(class_name, fields, _text(node.get("description")), extra_type)
        return ir.ModelType(class_name)

    def _fields(self, node: Node, owner: ClassName, properties: list[tuple[str, Node]], required: set[str]) -> tuple[ir.Field, ...]:
        names = Namespace()
        fields: list[ir.Field] = []
        for wire_name, prop in properties:
            described = self.described(prop, ClassName(owner + ClassName(wire_name)))
            schema = prop.value if isinstance(prop.value, dict) else {}
            target = self.resolver.deref(prop).value if prop.ref else schema
            target = target if isinstance(target, dict) else {}
            write_only = bool(schema.get("writeOnly") or target.get("writeOnly"))
            named = isinstance(ir.strip_null(described.type), (ir.ModelType, ir.EnumType, ir.AliasType))
            description = _text(schema.get("description")) or ("" if named else described.description)
            default = schema["default"] if "default" in schema else target.get("default", ir.NO_DEFAULT)
            fields.append(
                ir.Field(
                    name=names.claim(FieldName(wire_name)),
                    wire_name=wire_name,
                    type=described.type,
                    required=wire_name in required and not write_only,
                    default=self.checked_default(default, described.type, prop),
                    description=description,
                    deprecated=bool(schema.get("deprecated")),
                    read_only=bool(schema.get("readOnly") or target.get("readOnly")),
                    write_only=write_only,
                )
            )
        return tuple(fields)

    def _all_of(self, node: Node, name: ClassName) -> ir.TypeRef:
        parts = node.elements("allOf")
        own_keys = set(node.value) - {"allOf", "description", "readOnly", "writeOnly", "nullable", "title", "deprecated", "default", "example", "examples"}
        if len(parts) == 1 and not own_keys:  # the wrapper that only adds readOnly or a description
            return self.type_of(parts[0], name)
        merged = self.merge_all_of(node)
        return self.type_of(Node(node.document, node.pointer, merged), name)

    def merge_all_of(self, node: Node) -> dict[str, Any]:
        """One schema with the properties and required names of every part (recursively)."""
        merged: dict[str, Any] = {}
        properties: dict[str, Any] = {}
        required: list[str] = []
        schemas = [node.value] + [self.resolver.deref(p).value for p in node.elements("allOf")]
        for index, schema in enumerate(schemas):
            if not isinstance(schema, dict):
                continue
            if index > 0 and "allOf" in schema:
                part = self.resolver.deref(node.child("allOf", index - 1))
                schema = self.merge_all_of(part)
            for key, value in schema.items():
                if key == "properties" and isinstance(value, dict):
                    for prop, prop_schema in value.items():
                        properties[prop] = self._absolute_refs(prop_schema, node, index)
                elif key == "required" and isinstance(value, list):
                    required.extend(r for r in value if r not in required)
                elif key not in ("allOf", "$ref") and key not in merged:
                    merged[key] = value
        if properties:
            merged["properties"] = properties
            merged.setdefault("type", "object")
        if required:
            merged["required"] = required
        return merged

    def _absolute_refs(self, schema: Any, node: Node, index: int) -> Any:
        """Property schemas merged from another file keep refs that still resolve from here."""
        if index == 0:
            return schema
        part = self.resolver.deref(node.child("allOf", index - 1))
        if part.document is node.document:
            return schema
        return _rebase_refs(schema, part.document.path.name)

    def _union(self, node: Node, name: ClassName) -> ir.TypeRef:
        key = "oneOf" if "oneOf" in node.value else "anyOf"
        options: list[ir.TypeRef] = []
        nullable = _is_nullable(node.value)
        for index, option in enumerate(node.elements(key)):
            target = self.resolver.deref(option)
            if _is_nullish(target.value):
                nullable = True
                continue
            hint = ClassName(f"{name}Option{index + 1}")
            option_type = self.type_of(option, hint)
            if isinstance(option_type, ir.NullableType):
                nullable, option_type = True, option_type.inner
            if option_type == ir.NONE:
                nullable = True
            elif option_type not in options:
                options.append(option_type)
        if not options:
            return ir.NONE
        if len(options) == 1:
            result = options[0]
        else:
            discriminator = node.value.get("discriminator")
            tag = discriminator.get("propertyName") if isinstance(discriminator, dict) else None
            result = ir.UnionType(tuple(options), tag if isinstance(tag, str) else None)
            if node.key in self._named:  # a component union: a named alias
                alias_name = self._named[node.key]
                self.definitions[alias_name] = ir.Alias(alias_name, result, _text(node.get("description")))
                result = ir.AliasType(alias_name)
        return ir.nullable(result) if nullable else result

    def _enum(self, node: Node, name: ClassName) -> ir.TypeRef:
        values = node.get("enum")
        values = values if isinstance(values, list) else []
        nullable = None in values or _is_nullable(node.value)
        values = [v for v in values if v is not None]
        if not values:
            return ir.NONE
        if all(isinstance(v, str) for v in values):
            scalar = ir.Scalar.STR
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            scalar = ir.Scalar.INT
        else:
            literal = ir.LiteralType(tuple(_unique(values)))
            return ir.nullable(literal) if nullable else literal
        class_name = self._claim(node, name)
        if class_name not in self.definitions:
            members = Namespace()
            self.definitions[class_name] = ir.Enum(
                class_name,
                tuple(ir.EnumMember(members.claim(ConstantName(str(v))), v) for v in _unique(values)),
                scalar,
                _text(node.get("description")),
            )
        result: ir.TypeRef = ir.EnumType(class_name, scalar)
        return ir.nullable(result) if nullable else result

    def _const(self, node: Node, name: ClassName) -> ir.TypeRef:
        value = node.value["const"]
        return ir.NONE if value is None else ir.LiteralType((value,))

    # --- details -----------------------------------------------------------------------------

    def constraints(self, node: Node, scalar: ir.Scalar) -> ir.Constraints:
        schema = node.value
        if scalar in (ir.Scalar.INT, ir.Scalar.FLOAT):
            ge, le, gt, lt = _num(schema.get("minimum")), _num(schema.get("maximum")), None, None
            if schema.get("exclusiveMinimum") is True:
                ge, gt = None, ge
            elif _num(schema.get("exclusiveMinimum")) is not None:
                gt = _num(schema.get("exclusiveMinimum"))
            if schema.get("exclusiveMaximum") is True:
                le, lt = None, le
            elif _num(schema.get("exclusiveMaximum")) is not None:
                lt = _num(schema.get("exclusiveMaximum"))
            multiple = _num(schema.get("multipleOf"))
            return ir.Constraints(ge=ge, le=le, gt=gt, lt=lt, multiple_of=multiple if multiple else None)
        if scalar is ir.Scalar.STR:
            pattern = schema.get("pattern")
            if isinstance(pattern, str):
                try:
                    re.compile(pattern)
                except re.error as exc:
                    self.diagnostics.warning(
                        f"pattern {pattern!r} is not a Python regular expression ({exc}); it is not enforced",
                        node.location.child("pattern"),
                    )
                    pattern = None
            return ir.Constraints(
                min_length=_int(schema.get("minLength")),
                max_length=_int(schema.get("maxLength")),
                pattern=pattern if isinstance(pattern, str) else None,
            )
        return ir.Constraints()

    def checked_default(self, value: Any, type_: ir.TypeRef, node: Node) -> Any:
        """A default that does not fit its own type is an error in the spec."""
        if value is ir.NO_DEFAULT:
            return value
        problem = _default_problem(value, type_)
        if problem:
            self.diagnostics.error(f"default {value!r} is not a valid value: {problem}", node.location.child("default"), "fix or remove the default")
        return value


def _default_problem(value: Any, type_: ir.TypeRef) -> str:
    import uuid

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


def _is_nullable(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    kind = schema.get("type")
    return schema.get("nullable") is True or (isinstance(kind, list) and "null" in kind)


def _is_nullish(schema: Any) -> bool:
    """A schema whose only value is null: ``{type: "null"}``, ``{enum: [null]}``, ``{const: null}``."""
    if not isinstance(schema, dict):
        return False
    if schema.get("type") == "null" or schema.get("type") == ["null"]:
        return True
    if "enum" in schema and isinstance(schema["enum"], list) and schema["enum"] and all(v is None for v in schema["enum"]):
        return True
    return "const" in schema and schema["const"] is None


def _is_inline(node: Node) -> bool:
    return "/components/schemas/" not in node.pointer or node.pointer.count("/") > 3


def _rebase_refs(schema: Any, filename: str) -> Any:
    if isinstance(schema, dict):
        return {k: (filename + v if k == "$ref" and isinstance(v, str) and v.startswith("#") else _rebase_refs(v, filename)) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_rebase_refs(v, filename) for v in schema]
    return schema


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _num(value: Any) -> float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _unique(values: list[Any]) -> list[Any]:
    seen: list[Any] = []
    for v in values:
        if not any(v == s and type(v) is type(s) for s in seen):
            seen.append(v)
    return seen
