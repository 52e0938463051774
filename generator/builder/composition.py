"""Composition: ``allOf`` becomes a model (extending the first component model it names, when that
is type-safe) and ``oneOf``/``anyOf`` a union, tagged when the spec gives a discriminator.

``allOf`` parts that are objects contribute fields; ``required`` in any part makes a field
required. The first part that is a ``$ref`` to a component model becomes the base class, unless
a redeclared field would not fit the base's type; otherwise its fields are copied in. Parts that
cannot be fields (a union, a scalar) are reported: their values still parse, as unknown fields.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .. import ir
from ..errors import GenerationError, Location
from ..ir.names import ClassName, FieldName, Namespace
from ..ir.subtyping import assignable
from ..load.resolve import Node
from .reading import OBJECT_KEYS, SchemaKind, deprecated, description, is_nullable, is_nullish, schema_kind, strings, text

if TYPE_CHECKING:
    from .schemas import SchemaBuilder

# Keys that describe a schema without constraining its shape.
ANNOTATIONS = frozenset(
    {"description", "title", "readOnly", "writeOnly", "nullable", "deprecated", "default", "example", "examples",
     "externalDocs", "xml", "$comment", "discriminator", "type"}
)


def _meaningful(schema: Any) -> bool:
    return isinstance(schema, dict) and any(k not in ANNOTATIONS and not k.startswith("x-") for k in schema)


# --- allOf -----------------------------------------------------------------------------------


def all_of(builder: SchemaBuilder, node: Node, name: ClassName) -> ir.TypeRef:
    parts = node.elements("allOf")
    own = {k: v for k, v in node.value.items() if k != "allOf"}
    shaping = [p for p in parts if _meaningful(builder.resolver.deref(p).value) or p.ref is not None]
    nullable = any(is_nullable(builder.resolver.deref(p).value) or is_nullish(builder.resolver.deref(p).value) for p in parts)
    if len(shaping) == 1 and not _meaningful(own) and not _wraps_model_as_component(builder, node, shaping[0]):
        result = builder.type_of(shaping[0], name)  # a wrapper that only adds a description or readOnly
    elif not _object_like(builder, node, set()):
        merged = _merged(builder, node, set())
        result = builder.type_of(Node(node.document, node.pointer, merged), name)
    else:
        result = _model(builder, node, name)
    return ir.nullable(result) if nullable else result


def _wraps_model_as_component(builder: SchemaBuilder, node: Node, part: Node) -> bool:
    """A component that only names another model is a subclass of it, not the same class."""
    return builder.named(node) and part.ref is not None and schema_kind(builder.resolver.deref(part).value) in (SchemaKind.OBJECT, SchemaKind.ALL_OF)


def _object_like(builder: SchemaBuilder, node: Node, seen: set[tuple[str, str]]) -> bool:
    target = builder.resolver.deref(node)
    if target.key in seen or not isinstance(target.value, dict):
        return False
    seen.add(target.key)
    if target.get("type") == "object" or any(k in target.value for k in OBJECT_KEYS):
        return True
    return any(_object_like(builder, part, seen) for part in target.elements("allOf"))


def _merged(builder: SchemaBuilder, node: Node, seen: set[tuple[str, str]]) -> dict[str, Any]:
    """One schema from the keywords of every part: for allOf of scalars (``string`` + ``maxLength``)."""
    merged: dict[str, Any] = {k: v for k, v in node.value.items() if k != "allOf"}
    seen.add(node.key)
    for part in node.elements("allOf"):
        target = builder.resolver.deref(part)
        if target.key in seen or not isinstance(target.value, dict):
            continue
        for key, value in _merged(builder, target, seen).items():
            merged.setdefault(key, value)
    return merged


@dataclasses.dataclass
class _Collected:
    """What the parts of an allOf contribute to one model."""

    fields: dict[str, ir.Field] = dataclasses.field(default_factory=dict)  # by wire name, in order
    required: set[str] = dataclasses.field(default_factory=set)
    base: ClassName | None = None
    extra_type: ir.TypeRef | None = None

    def add(self, fields: Iterable[ir.Field]) -> None:
        for f in fields:
            earlier = self.fields.get(f.wire_name)
            self.fields[f.wire_name] = dataclasses.replace(f, required=f.required or (earlier is not None and earlier.required))


def _model(builder: SchemaBuilder, node: Node, name: ClassName) -> ir.TypeRef:
    def make(class_name: ClassName) -> ir.Model:
        collected = _Collected(required=set(strings(node.get("required"))))
        _collect(builder, node, class_name, collected, {node.key}, allow_base=True)
        collected.add(builder.fields(node, class_name, Namespace()))
        collected.extra_type = builder.extra_type(node, class_name) or collected.extra_type
        fields, base = _fields_over_base(builder, collected)
        return ir.Model(class_name, fields, description(node.value), collected.extra_type, base, deprecated(node.value))

    return builder.model(node, name, make)


def _collect(builder: SchemaBuilder, node: Node, owner: ClassName, into: _Collected, seen: set[tuple[str, str]], *, allow_base: bool) -> None:
    for index, part in enumerate(node.elements("allOf")):
        target = builder.resolver.deref(part)
        if target.key in seen:
            builder.diagnostics.warning("allOf includes itself (a cycle); the repeated part adds nothing", part.location)
            continue
        into.required |= set(strings(target.get("required")))
        if not isinstance(target.value, dict) or is_nullish(target.value) or not _meaningful(target.value):
            continue
        if part.ref is not None and _object_like(builder, target, set()):
            model_type = ir.strip_null(builder.type_of(part, ClassName(owner + "Part")))
            if not isinstance(model_type, ir.ModelType):
                into.extra_type = into.extra_type or (model_type.value if isinstance(model_type, ir.MapType) and model_type.value != ir.ANY else None)
                continue
            if builder.definitions.building(model_type.name):
                builder.diagnostics.warning(
                    f"allOf part {part.ref!r} is being defined in terms of this schema (a cycle); its fields are not included",
                    part.location, "break the allOf cycle",
                )
                continue
            if allow_base and into.base is None and not into.fields:
                into.base = model_type.name
            else:
                into.add(builder.definitions.hierarchy.fields(model_type.name))
            continue
        if _object_like(builder, target, set()) or "properties" in target.value:
            _collect(builder, target, owner, into, seen | {target.key}, allow_base=False)
            into.add(builder.fields(target, owner, Namespace()))
            into.extra_type = into.extra_type or builder.extra_type(target, owner)
            continue
        kind = schema_kind(target.value)
        if kind is not SchemaKind.ANY:
            builder.diagnostics.warning(
                f"allOf part {index} is {kind.noun}, not an object; the model does not express it "
                "(its fields still parse and are kept as extra fields)",
                part.location,
            )


def _fields_over_base(builder: SchemaBuilder, collected: _Collected) -> tuple[tuple[ir.Field, ...], ClassName | None]:
    """The model's own fields, over its base when every redeclared field still fits the base's
    type (mypy checks overrides); otherwise the base's fields are copied in and there is no base."""
    hierarchy = builder.definitions.hierarchy
    inherited = {f.wire_name: f for f in hierarchy.fields(collected.base)} if collected.base else {}
    own: dict[str, ir.Field] = {}
    for wire, f in collected.fields.items():
        f = _required_if_listed(f, collected.required)
        if wire not in inherited or dataclasses.replace(f, name=inherited[wire].name) != inherited[wire]:
            own[wire] = f  # a field the base already declares the same way is not repeated
    for wire, f in inherited.items():  # allOf may make an inherited field required
        if wire not in own and _required_if_listed(f, collected.required) != f:
            own[wire] = _required_if_listed(f, collected.required)
    base_model = builder.definitions.get(collected.base) if collected.base else None
    compatible = isinstance(base_model, ir.Model) and all(
        assignable(f.annotation_type, inherited[w].annotation_type, hierarchy.ancestors) for w, f in own.items() if w in inherited
    )
    if compatible and isinstance(base_model, ir.Model) and collected.extra_type not in (None, base_model.extra_type):
        compatible = base_model.extra_type is None and not hierarchy.inherits_extra(base_model.name)
    names = Namespace()
    result: list[ir.Field] = []
    if compatible:
        for f in inherited.values():
            names.claim(f.name)
        for wire, f in own.items():
            name = inherited[wire].name if wire in inherited else names.claim(FieldName(wire))
            result.append(dataclasses.replace(f, name=name))
        return tuple(result), collected.base
    merged = dict(inherited)
    merged.update(own)
    for f in merged.values():
        result.append(dataclasses.replace(f, name=names.claim(FieldName(f.wire_name))))
    return tuple(result), None


def _required_if_listed(f: ir.Field, required: set[str]) -> ir.Field:
    if f.required or f.wire_name not in required:
        return f
    return dataclasses.replace(f, required=True)


# --- oneOf / anyOf ---------------------------------------------------------------------------


def union_is_object(node: Node) -> bool:
    """A schema with its own properties beside ``oneOf``/``anyOf`` is an object; the options only
    constrain it (``anyOf: [{required: [a]}, {required: [b]}]``)."""
    return isinstance(node.value, dict) and "properties" in node.value


def union(builder: SchemaBuilder, node: Node, name: ClassName) -> ir.TypeRef:
    key = "oneOf" if "oneOf" in node.value else "anyOf"
    if union_is_object(node):
        if any(_meaningful(builder.resolver.deref(o).value) and "required" not in builder.resolver.deref(o).value for o in node.elements(key)):
            builder.diagnostics.warning(
                f"{key} beside properties: the model has the properties; the options are not expressed "
                "(their fields still parse and are kept as extra fields)",
                node.location.child(key),
            )
        object_node = Node(node.document, node.pointer, {k: v for k, v in node.value.items() if k not in ("oneOf", "anyOf")})
        return builder.type_of(object_node, name)
    options: list[ir.TypeRef] = []
    option_keys: list[tuple[str, str] | None] = []
    nullable = is_nullable(node.value)
    for index, option in enumerate(node.elements(key)):
        target = builder.resolver.deref(option)
        if is_nullish(target.value):
            nullable = True
            continue
        option_type = builder.type_of(option, ClassName(f"{name}Option{index + 1}"))
        if isinstance(option_type, ir.NullableType):
            nullable, option_type = True, option_type.inner
        if option_type == ir.NONE:
            nullable = True
        elif option_type not in options:
            options.append(option_type)
            option_keys.append(target.key if option.ref is not None else None)
    if not options:
        return ir.NONE
    if len(options) == 1:
        return ir.nullable(options[0]) if nullable else options[0]
    discriminator = _discriminator(builder, node, options, option_keys)
    result: ir.TypeRef = ir.UnionType(tuple(options), discriminator)
    if builder.named(node) or discriminator is not None:  # a component or tagged union: a named alias
        alias_name = builder.claim(node, name)
        builder.definitions.define(ir.Alias(alias_name, result, text(node.get("description"))))
        result = ir.AliasType(alias_name)
    return ir.nullable(result) if nullable else result


def _discriminator(builder: SchemaBuilder, node: Node, options: list[ir.TypeRef], keys: list[tuple[str, str] | None]) -> ir.Discriminator | None:
    spec = node.get("discriminator")
    prop = spec.get("propertyName") if isinstance(spec, dict) else None
    if not isinstance(prop, str):
        return None
    where = node.location.child("discriminator")
    if not all(isinstance(o, ir.ModelType) for o in options):
        builder.diagnostics.warning(
            "discriminator on a union whose options are not all objects; it is an untagged union", where,
        )
        return None
    models = [o.name for o in options if isinstance(o, ir.ModelType)]
    by_key = {k: m for k, m in zip(keys, models, strict=True) if k is not None}
    tags: dict[str, ClassName] = {}
    mapping = spec.get("mapping") if isinstance(spec, dict) else None
    for value, ref in (mapping or {}).items() if isinstance(mapping, dict) else []:
        target = _mapping_target(builder, node, ref)
        if target is None or target not in by_key:
            builder.diagnostics.warning(f"discriminator mapping {value!r} names {ref!r}, which is not an option of the union; it is ignored", where.child("mapping", value))
        elif str(value) in tags and tags[str(value)] != by_key[target]:
            builder.diagnostics.warning(f"discriminator value {value!r} is mapped twice; the first mapping is used", where.child("mapping", value))
        else:
            tags.setdefault(str(value), by_key[target])
    for key, model in zip(keys, models, strict=True):  # implicit: the value the model pins, else its schema name
        if model not in tags.values():
            implicit = _fixed_values(builder, model, prop) or ([key[1].rsplit("/", 1)[-1]] if key is not None else [])
            for value in implicit:
                tags.setdefault(value, model)
    default = _default_mapping(builder, node, spec, by_key, where)
    untagged = [m for m in models if m not in tags.values() and m != default]
    if untagged:
        builder.diagnostics.warning(
            f"discriminator {prop!r}: no tag value selects {', '.join(untagged)}; it is an untagged union", where,
            "map a value to every option, or refer to the options by $ref",
        )
        return None
    return ir.Discriminator(prop, tuple(tags.items()), default)


def _default_mapping(
    builder: SchemaBuilder, node: Node, spec: dict[str, Any], by_key: dict[tuple[str, str], ClassName], where: Location
) -> ClassName | None:
    """OpenAPI 3.2's ``defaultMapping``: the option a tag that is absent or not mapped selects."""
    ref = spec.get("defaultMapping")
    if ref is None:
        return None
    target = _mapping_target(builder, node, ref)
    if target is None or target not in by_key:
        builder.diagnostics.warning(
            f"discriminator defaultMapping names {ref!r}, which is not an option of the union; it is ignored", where.child("defaultMapping")
        )
        return None
    return by_key[target]


def _mapping_target(builder: SchemaBuilder, node: Node, ref: Any) -> tuple[str, str] | None:
    if not isinstance(ref, str):
        return None
    if "#" not in ref and "/" not in ref and "." not in ref:
        ref = f"#/components/schemas/{ref}"  # a bare schema name
    try:
        return builder.resolver.follow(Node(node.document, node.pointer, {"$ref": ref})).key
    except GenerationError:  # a mapping that points at nothing is reported as not an option
        return None


def _fixed_values(builder: SchemaBuilder, model: ClassName, prop: str) -> list[str]:
    """The tag values a model admits when its tag field allows exactly one value."""
    for f in builder.definitions.hierarchy.fields(model):
        if f.wire_name != prop:
            continue
        t = ir.strip_null(f.type)
        if isinstance(t, ir.LiteralType) and len(t.values) == 1:
            return [str(t.values[0])]
        enum = builder.definitions.get(t.name) if isinstance(t, ir.EnumType) else None
        if isinstance(enum, ir.Enum) and len(enum.members) == 1:
            return [str(enum.members[0].value)]
    return []


def flatten_union_cycles(definitions: ir.Definitions) -> None:
    """``A = int | B`` with ``B = str | A`` means ``A = B = int | str``: an alias that contains
    itself as a union option (through other union aliases) is replaced by the flat union of
    everything it reaches. mypy rejects such an alias otherwise."""

    def options(t: ir.TypeRef) -> list[ir.TypeRef]:
        inner = ir.strip_null(t)
        return list(inner.options) if isinstance(inner, ir.UnionType) and inner.discriminator is None else [inner]

    def edges(name: ClassName) -> list[ClassName]:
        alias = definitions.get(name)
        if not isinstance(alias, ir.Alias):
            return []
        return [o.name for o in options(alias.type) if isinstance(o, ir.AliasType) and isinstance(definitions.get(o.name), ir.Alias)]

    def reach(start: ClassName) -> tuple[list[ir.TypeRef], bool, bool]:
        """Every non-alias option reachable from ``start``, whether ``start`` reaches itself, and
        whether any alias on the way is nullable."""
        found: list[ir.TypeRef] = []
        seen: set[ClassName] = set()
        stack, cyclic, nullable = [start], False, False
        while stack:
            name = stack.pop(0)
            if name in seen:
                cyclic = cyclic or name == start
                continue
            seen.add(name)
            alias = definitions[name]
            assert isinstance(alias, ir.Alias)
            nullable = nullable or isinstance(alias.type, ir.NullableType)
            for option in options(alias.type):
                if isinstance(option, ir.AliasType) and isinstance(definitions.get(option.name), ir.Alias):
                    stack.append(option.name)
                elif option not in found:
                    found.append(option)
        return found, cyclic, nullable

    flat: dict[ClassName, ir.TypeRef] = {}
    for name in sorted(n for n, d in definitions.items() if isinstance(d, ir.Alias) and edges(n)):
        found, cyclic, nullable = reach(name)
        if cyclic:
            result: ir.TypeRef = ir.UnionType(tuple(found)) if len(found) > 1 else found[0] if found else ir.ANY
            flat[name] = ir.nullable(result) if nullable else result
    for name, type_ in flat.items():
        alias = definitions[name]
        assert isinstance(alias, ir.Alias)
        definitions.define(dataclasses.replace(alias, type=type_))
