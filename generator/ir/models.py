"""Definitions: models (classes with fields), enums and named aliases, and their import order."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, ClassVar, TypeAlias

from .names import ClassName, ConstantName, Identifier
from .types import Constraints, JsonValue, Scalar, TypeRef, fits, nullable, referenced_names, tupled


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
    def omittable(self) -> bool:
        """Absent reads as None, yet the schema refuses null: a response sending null is refused."""
        return self.annotation_type != self.type

    @property
    def default_value(self) -> JsonValue | tuple[Any, ...] | _NoDefault:
        """The default as Python spells it: an array the type reads as a tuple is a tuple."""
        if self.required:
            return NO_DEFAULT
        if self.default is NO_DEFAULT or not fits(self.default, self.type):
            return None
        value: JsonValue | tuple[Any, ...] = tupled(self.default, self.type)
        return value


@dataclass(frozen=True)
class Model:
    kind: ClassVar[str] = "model"
    name: ClassName
    fields: tuple[Field, ...]  # its own: inherited ones are the base's, unless redeclared here
    description: str = ""
    extra_type: TypeRef | None = None  # typed additionalProperties; unknown keys are always kept
    base: ClassName | None = None  # the model it extends (allOf with a $ref to a component)
    deprecated: bool = False

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

    @property
    def is_empty(self) -> bool:
        """No fields, docstring or extra annotation: the class body is ``pass``."""
        return not self.fields and not self.description and not self.deprecated and self.extra_type is None


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
    deprecated: bool = False

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


def dependency_order(definitions: tuple[Definition, ...]) -> tuple[Definition, ...]:
    """Definitions with what each needs at import time first, otherwise by name: an alias needs
    the names it mentions (it is evaluated eagerly), a model its base class. The types of a
    model's fields come before it too where a cycle does not prevent it, so that its annotations
    are evaluated as code rather than parsed from strings; cycles among aliases are broken by
    :func:`recursive_aliases`."""
    by_name = {d.name: d for d in definitions}
    ordered: list[Definition] = []
    placed: set[ClassName] = set()
    visiting: set[ClassName] = set()

    def waits_on_visiting(name: ClassName) -> bool:
        """Whether ``name`` needs, at import time, a definition still being placed."""
        stack, seen = [name], set()
        while stack:
            current = stack.pop()
            if current in visiting:
                return True
            if current not in seen and current not in placed:
                seen.add(current)
                stack.extend(d for d in _eager_dependencies(by_name[current]) if d in by_name)
        return False

    def place(definition: Definition) -> None:
        if definition.name in placed or definition.name in visiting:
            return
        visiting.add(definition.name)
        for dep in sorted(_eager_dependencies(definition)):
            if dep in by_name:
                place(by_name[dep])
        for dep in sorted(definition.dependencies - _eager_dependencies(definition)):
            if dep in by_name and not waits_on_visiting(dep):
                place(by_name[dep])
        visiting.discard(definition.name)
        placed.add(definition.name)
        ordered.append(definition)

    for definition in sorted(definitions, key=lambda d: d.name):
        place(definition)
    return tuple(ordered)


def forward_references(ordered: tuple[Definition, ...]) -> dict[ClassName, frozenset[ClassName]]:
    """For each model, the names its annotations mention that are not yet bound where it is
    declared (itself, or what :func:`dependency_order` had to put after it): those annotations
    are strings, resolved once the module is complete."""
    position = {d.name: i for i, d in enumerate(ordered)}
    result: dict[ClassName, frozenset[ClassName]] = {}
    for i, definition in enumerate(ordered):
        if isinstance(definition, Model):
            types = [f.type for f in definition.fields] + ([definition.extra_type] if definition.extra_type else [])
            mentioned = set().union(*(referenced_names(t) for t in types))
            result[definition.name] = frozenset(n for n in mentioned if position.get(n, -1) >= i)
    return result


def _eager_dependencies(definition: Definition) -> set[ClassName]:
    if isinstance(definition, Alias):
        return definition.dependencies
    if isinstance(definition, Model) and definition.base is not None:
        return {definition.base}
    return set()
