"""The intermediate model: what a client package is, independent of OpenAPI and of Python text.

The builder (:mod:`generator.build`) makes these from a validated document; the renderer
(:mod:`generator.render`) lays them out. Everything a template would otherwise compute lives
here as a property, so templates stay layout.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TypeAlias

from .names import ClassName, ConstantName, Identifier

JsonValue: TypeAlias = bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"] | None


# --- types ---------------------------------------------------------------------------------


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
    DURATION = "duration"
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

    @property
    def items(self) -> list[tuple[str, float | int | str]]:
        """The set constraints as ``(pydantic Field keyword, value)``, in a fixed order."""
        return [(k, v) for k, v in self.__dict__.items() if v is not None]


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


@dataclass(frozen=True)
class UnionType:
    options: tuple[TypeRef, ...]
    discriminator: Discriminator | None = None  # set only when every option is a model


@dataclass(frozen=True)
class NullableType:
    inner: TypeRef


TypeRef: TypeAlias = ScalarType | ModelType | EnumType | AliasType | ListType | MapType | LiteralType | UnionType | NullableType

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
    MapType: lambda v, t: isinstance(v, dict) and all(fits(i, t.value) for i in v.values()),
    UnionType: lambda v, t: any(fits(v, o) for o in t.options),
    NullableType: lambda v, t: v is None or fits(v, t.inner),
}


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
    return False


# --- models --------------------------------------------------------------------------------


class _NoDefault(enum.Enum):
    NO_DEFAULT = "NO_DEFAULT"


NO_DEFAULT = _NoDefault.NO_DEFAULT


@dataclass(frozen=True)
class Field:
    name: Identifier
    wire_name: str
    type: TypeRef
    required: bool
    default: JsonValue | _NoDefault = NO_DEFAULT
    description: str = ""
    constraints: Constraints = Constraints()
    deprecated: bool = False
    read_only: bool = False
    write_only: bool = False

    @property
    def has_alias(self) -> bool:
        return self.name != self.wire_name

    @property
    def annotation_type(self) -> TypeRef:
        """Optional fields may be absent; absent reads as None unless the spec gives a default
        that the type can hold (a model's default is data, not an instance: it reads as None)."""
        if not self.required and self.default_value is None:
            return nullable(self.type)
        return self.type

    @property
    def default_value(self) -> JsonValue | _NoDefault:
        if self.required:
            return NO_DEFAULT
        if self.default is NO_DEFAULT or not fits(self.default, self.type):
            return None
        return self.default

    @property
    def needs_field_call(self) -> bool:
        """Its default is spelled ``Field(...)``: an alias, a deprecation or read-only must be declared."""
        return self.has_alias or self.deprecated or self.read_only


@dataclass(frozen=True)
class Model:
    kind: ClassVar[str] = "model"
    name: ClassName
    fields: tuple[Field, ...]  # its own: inherited ones are the base's, unless redeclared here
    description: str = ""
    extra_type: TypeRef | None = None  # typed additionalProperties; unknown keys are always kept
    base: ClassName | None = None  # the model it extends (allOf with a $ref to a component)

    @property
    def dependencies(self) -> set[ClassName]:
        deps: set[ClassName] = set()
        for f in self.fields:
            deps |= referenced_names(f.type)
        if self.extra_type is not None:
            deps |= referenced_names(self.extra_type)
        if self.base is not None:
            deps.add(self.base)
        return deps - {self.name}


@dataclass(frozen=True)
class EnumMember:
    name: ConstantName
    value: str | int


@dataclass(frozen=True)
class Enum:
    kind: ClassVar[str] = "enum"
    name: ClassName
    members: tuple[EnumMember, ...]
    value_scalar: Scalar  # STR or INT
    description: str = ""

    @property
    def dependencies(self) -> set[ClassName]:
        return set()


@dataclass(frozen=True)
class Alias:
    """A named type that is not a class: a union component, a list component, a literal."""

    kind: ClassVar[str] = "alias"
    name: ClassName
    type: TypeRef
    description: str = ""

    @property
    def dependencies(self) -> set[ClassName]:
        return referenced_names(self.type) - {self.name}


Definition: TypeAlias = Model | Enum | Alias


# --- operations ----------------------------------------------------------------------------

ParameterLocation = Literal["path", "query", "header", "cookie"]


@dataclass(frozen=True)
class Parameter:
    name: Identifier
    wire_name: str
    location: ParameterLocation
    type: TypeRef
    required: bool
    description: str = ""
    style: str = ""
    explode: bool = True
    deprecated: bool = False
    default: JsonValue | _NoDefault = NO_DEFAULT

    @property
    def annotation_type(self) -> TypeRef:
        return self.type if self.required else nullable(self.type)

    @property
    def default_value(self) -> JsonValue | _NoDefault:
        if self.required:
            return NO_DEFAULT
        return None if self.default is NO_DEFAULT else self.default


BodyKind = Literal["json", "form", "multipart", "bytes", "text"]


@dataclass(frozen=True)
class RequestBody:
    type: TypeRef
    media_type: str
    kind: BodyKind
    required: bool
    description: str = ""
    name: Identifier = field(default_factory=lambda: Identifier("body"))

    @property
    def annotation_type(self) -> TypeRef:
        return self.type if self.required else nullable(self.type)


ResponseKind = Literal["json", "text", "bytes", "empty"]


@dataclass(frozen=True)
class Response:
    status: str  # "200", "2XX" or "default"
    kind: ResponseKind
    type: TypeRef | None
    media_type: str = ""
    description: str = ""

    @property
    def is_success(self) -> bool:
        return self.status.startswith("2")

    @property
    def result_type(self) -> TypeRef:
        if self.kind == "empty":
            return NONE
        if self.kind == "text":
            return ScalarType(Scalar.STR)
        if self.kind == "bytes":
            return ScalarType(Scalar.BYTES)
        return self.type or ANY


@dataclass(frozen=True)
class Operation:
    name: Identifier
    operation_id: str
    method: str  # upper case
    path: str
    parameters: tuple[Parameter, ...]
    body: RequestBody | None
    responses: tuple[Response, ...]
    security: tuple[tuple[str, ...], ...]  # alternatives; each a set of scheme keys used together
    summary: str = ""
    description: str = ""
    deprecated: bool = False
    tags: tuple[str, ...] = ()
    server: str = ""  # the operation's own server URL (variables at their defaults), if it has one

    @property
    def positional(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "path")

    @property
    def keyword(self) -> tuple[Parameter, ...]:
        """Keyword-only parameters: required ones first (they have no default), then optional."""
        rest = [p for p in self.parameters if p.location != "path"]
        return tuple(sorted(rest, key=lambda p: not p.required))

    @property
    def body_first(self) -> bool:
        """A required body comes before optional keyword parameters."""
        return self.body is not None and self.body.required

    def parameters_in(self, location: ParameterLocation) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == location)

    @property
    def success(self) -> Response | None:
        """The documented 2xx response whose body the method returns (the lowest status)."""
        successes = sorted((r for r in self.responses if r.is_success), key=lambda r: r.status)
        return successes[0] if successes else None

    @property
    def result_type(self) -> TypeRef:
        """What the method returns: the union of the distinct 2xx bodies, or ``None``."""
        results: list[TypeRef] = []
        for r in sorted((r for r in self.responses if r.is_success), key=lambda r: r.status):
            if r.result_type not in results:
                results.append(r.result_type)
        if not results:
            default = next((r for r in self.responses if r.status == "default"), None)
            return default.result_type if default else ANY
        return results[0] if len(results) == 1 else UnionType(tuple(results))

    @property
    def error_responses(self) -> tuple[Response, ...]:
        return tuple(r for r in self.responses if not r.is_success and r.type is not None)

    @property
    def docstring(self) -> str:
        parts = [p for p in (self.summary, self.description) if p]
        if len(parts) == 2 and parts[0].strip().rstrip(".") == parts[1].strip().rstrip("."):
            parts = parts[:1]
        return "\n\n".join(parts)


# --- client --------------------------------------------------------------------------------

SchemeKind = Literal["api_key", "bearer", "basic"]


@dataclass(frozen=True)
class SecurityScheme:
    key: str  # the name in components/securitySchemes
    argument: Identifier  # the client constructor's keyword argument
    env_var: str
    kind: SchemeKind
    location: Literal["header", "query", "cookie"] = "header"
    wire_name: str = "Authorization"  # header, query or cookie name
    description: str = ""


@dataclass(frozen=True)
class ServerVariable:
    name: Identifier
    wire_name: str
    default: str
    choices: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Server:
    url: str  # with {wire_name} placeholders
    variables: tuple[ServerVariable, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Api:
    """One provider's client package."""

    key: str  # the provider key: the module name and the spec's file stem
    client_name: ClassName
    env_prefix: str
    title: str
    version: str
    description: str
    servers: tuple[Server, ...]
    security_schemes: tuple[SecurityScheme, ...]
    operations: tuple[Operation, ...]
    definitions: tuple[Definition, ...]
    source: str = ""  # the spec file, as the generated files name it

    @property
    def server(self) -> Server | None:
        return self.servers[0] if self.servers else None

    @property
    def server_variables(self) -> tuple[ServerVariable, ...]:
        """The first server's variables: the client's constructor arguments."""
        return self.server.variables if self.server else ()

    @property
    def models(self) -> tuple[Model, ...]:
        return tuple(d for d in self.definitions if isinstance(d, Model))

    @property
    def enums(self) -> tuple[Enum, ...]:
        return tuple(d for d in self.definitions if isinstance(d, Enum))

    def fields_of(self, model: Model) -> tuple[Field, ...]:
        """Every field a model has: inherited ones first, then its own (which may redeclare them)."""
        by_name = {d.name: d for d in self.definitions}
        base = by_name.get(model.base) if model.base else None
        fields = {f.wire_name: f for f in (self.fields_of(base) if isinstance(base, Model) else ())}
        fields.update({f.wire_name: f for f in model.fields})
        return tuple(fields.values())

    @property
    def async_client_name(self) -> ClassName:
        return ClassName("Async" + self.client_name)


@dataclass
class Report:
    """What a generation did for one spec, for ``--report`` and the summary line."""

    key: str
    operations: int = 0
    models: int = 0
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def dependency_order(definitions: tuple[Definition, ...]) -> tuple[Definition, ...]:
    """Definitions with what each needs at import time first, otherwise by name: an alias needs
    the names it mentions (it is evaluated eagerly), a model its base class. Annotations of
    fields resolve lazily, so cycles through them are fine; cycles among aliases are broken by
    :func:`recursive_aliases`."""
    by_name = {d.name: d for d in definitions}
    ordered: list[Definition] = []
    placed: set[ClassName] = set()
    visiting: set[ClassName] = set()

    def place(definition: Definition) -> None:
        if definition.name in placed or definition.name in visiting:
            return
        visiting.add(definition.name)
        for dep in sorted(_eager_dependencies(definition)):
            if dep in by_name:
                place(by_name[dep])
        visiting.discard(definition.name)
        placed.add(definition.name)
        ordered.append(definition)

    for definition in sorted(definitions, key=lambda d: d.name):
        place(definition)
    return tuple(ordered)


def _eager_dependencies(definition: Definition) -> set[ClassName]:
    if isinstance(definition, Alias):
        return definition.dependencies
    if isinstance(definition, Model) and definition.base is not None:
        return {definition.base}
    return set()
