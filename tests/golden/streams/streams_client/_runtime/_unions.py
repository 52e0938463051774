"""Tagged unions that keep what they do not know, and enum types as values.

``Annotated[Cat | Dog | UnknownVariant, Tagged("kind", {"cat": Cat, "dog": Dog})]`` validates a
payload as the class its tag selects; a tag the spec did not list (a variant the provider added
later) parses as :class:`UnknownVariant`, which keeps every field, instead of failing.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

from ._models import ApiModel, OpenEnum, OpenIntEnum

E = TypeVar("E", bound=enum.Enum)


class UnknownVariant(ApiModel):
    """A variant of a tagged union that this client does not know: every field is kept, and
    dumps back as it was received."""


class Tagged:
    """Pydantic metadata for a union of models picked by the tag property ``property``."""

    def __init__(
        self,
        property: str,
        mapping: Mapping[str, type[BaseModel]],
        default: type[BaseModel] | None = None,
    ) -> None:
        self.property = property
        self.mapping = dict(mapping)  # tag value -> the class it selects
        self.default = default  # OpenAPI 3.2's defaultMapping: a tag absent or not mapped

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tagged) and (other.property, other.mapping, other.default) == (
            self.property,
            self.mapping,
            self.default,
        )

    def __hash__(self) -> int:  # typing hashes Annotated metadata when it builds a Union
        return hash((self.property, tuple(self.mapping.items()), self.default))

    def __repr__(self) -> str:
        default = f", default={self.default!r}" if self.default is not None else ""
        return f"Tagged({self.property!r}, {self.mapping!r}{default})"

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        default = self.default or UnknownVariant
        classes: list[type[BaseModel]] = list(
            dict.fromkeys([*self.mapping.values(), default, UnknownVariant])
        )
        choices: dict[str, CoreSchema] = {
            cls.__name__: handler.generate_schema(cls) for cls in classes
        }
        tags = {value: cls.__name__ for value, cls in self.mapping.items()}
        names = {cls: cls.__name__ for cls in classes}

        def tag_of(value: Any) -> str:
            if isinstance(
                value, BaseModel
            ):  # an instance: validating Python objects, or serialising
                return str(names.get(type(value), UnknownVariant.__name__))
            tag = value.get(self.property) if isinstance(value, dict) else None
            if isinstance(tag, bool):
                tag = "true" if tag else "false"
            return tags.get(str(tag), default.__name__) if tag is not None else default.__name__

        return core_schema.tagged_union_schema(choices, discriminator=tag_of)


def open_enum(enum_type: type[E]) -> Any:
    """``OpenEnum[enum_type]`` (or ``OpenIntEnum``) as a value: mypy accepts that spelling only as
    a type, and a decoder needs it as a value."""
    alias: Any = OpenIntEnum if issubclass(enum_type, int) else OpenEnum
    return alias[enum_type]
