"""The base of every generated model, and open enums.

Models keep what the spec does not list: unknown fields are stored and dumped back, and an enum
field accepts values its enum does not name (kept as plain ``str``/``int``), so a provider adding
a field or a status never breaks a deployed client.

``model.model_dump(mode="json", by_alias=True, exclude_unset=True)`` gives back the JSON that was
received, text for text: a value parsed from a string into a richer type (a ``datetime`` sent as
``"2024-05-01T12:00:00.0Z"``, an upper-case ``UUID``) is dumped as the string it arrived as, for
as long as the attribute still holds the value that was parsed. Assign a new value and it is
dumped in pydantic's canonical form.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import json
import uuid
from collections.abc import Callable
from functools import cache
from typing import Annotated, Any, TypeVar

import pydantic
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    model_serializer,
)
from pydantic_core import CoreSchema, core_schema

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")

OpenEnum = Annotated[E | str, Field(union_mode="left_to_right")]
"""A string enum that also accepts values it does not list (as ``str``)."""

OpenIntEnum = Annotated[E | int, Field(union_mode="left_to_right")]
"""An integer enum that also accepts values it does not list (as ``int``)."""


class _NullRefusedInJson:
    """Validates ``T | None`` as ``T`` from JSON, and as ``T | None`` from Python objects."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        schema = handler(source)
        if schema["type"] != "nullable":
            return schema
        return core_schema.json_or_python_schema(json_schema=schema["schema"], python_schema=schema)


_NULL_REFUSED_IN_JSON = _NullRefusedInJson()

Omittable = Annotated[T | None, _NULL_REFUSED_IN_JSON]
"""An optional field whose schema does not allow null: absent reads as ``None``, but a response
that sends ``null`` for it breaks the schema and is refused, as a wrong type would be. Code may
set ``None``: a request body then leaves the field out."""


def refuses_null(info: pydantic.fields.FieldInfo) -> bool:
    """Whether a field is :data:`Omittable`."""
    return _NULL_REFUSED_IN_JSON in info.metadata


# Types whose JSON text has more than one spelling for one value ("...:51.0Z" and "...:51Z").
_TEXT_TYPES: tuple[type, ...] = (
    datetime.datetime,
    datetime.date,
    datetime.time,
    uuid.UUID,
    decimal.Decimal,
)


class Received:
    """A model's place in a list body it was parsed from (a model parsed from a whole body
    keeps just the body's bytes: the cheaper mark, made on every call)."""

    __slots__ = ("content", "index")

    def __init__(self, content: bytes, index: int) -> None:
        self.content = content
        self.index = index


class ApiModel(BaseModel):
    """Fields by their Python name or their wire name; dumps use the wire names."""

    # Set on a model parsed from a response (not a field: no part in ==, copies or pickles).
    __slots__ = ("_received",)

    model_config = ConfigDict(
        extra="allow",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        protected_namespaces=(),
        regex_engine="python-re",
        defer_build=True,  # validators are built on first use, not when the module is imported
    )

    # Unannotated on purpose: pydantic would take an annotated return type as the model's
    # serialization schema; without one it keeps the fields' schema.
    @model_serializer(mode="wrap")
    def _dump_as_received(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo):  # type: ignore[no-untyped-def]
        data = handler(self)
        if not info.mode_is_json() or info.by_alias is False:
            return data
        try:  # the slot itself: getattr would fall back to an unknown field named "_received"
            received: bytes | Received = _RECEIVED_SLOT.__get__(self, type(self))
        except AttributeError:
            return data  # not parsed from a response
        if isinstance(received, Received):
            return as_received(data, json.loads(received.content)[received.index])
        return as_received(data, json.loads(received))


_RECEIVED_SLOT = ApiModel.__dict__["_received"]


mark_received: Callable[[Any, bytes], None] = _RECEIVED_SLOT.__set__
"""Mark a model parsed from a whole body with that body: one attribute, set by a C call (no
Python frame on every call's path). Raises ``TypeError`` for anything that is not a model; the
body is decoded again only if the model is dumped to JSON, to spell each unchanged value as it
was received."""


def mark_received_items(value: object, content: bytes) -> None:
    """What :data:`mark_received` does, for each model in a list body; anything else is left alone
    (a string, a number, a dict: nothing to spell back)."""
    if type(value) is list:
        for index, item in enumerate(value):
            if isinstance(item, ApiModel):
                _RECEIVED_SLOT.__set__(item, Received(content, index))


def as_received(dumped: Any, received: Any) -> Any:
    """``dumped`` with every value that still equals the received one spelled as received."""
    if isinstance(dumped, dict) and isinstance(received, dict):
        for key, value in dumped.items():
            if key in received:
                dumped[key] = as_received(value, received[key])
        return dumped
    if isinstance(dumped, list) and isinstance(received, list) and len(dumped) == len(received):
        return [as_received(d, r) for d, r in zip(dumped, received, strict=True)]
    if isinstance(dumped, bool) or isinstance(received, bool):
        return dumped
    if isinstance(dumped, (int, float)) and isinstance(received, (int, float)):
        return received if dumped == received else dumped  # 123 stays 123, not 123.0
    if (
        isinstance(dumped, str)
        and isinstance(received, str)
        and dumped != received
        and _same_value(dumped, received)
    ):
        return received
    return dumped


def _same_value(dumped: str, received: str) -> bool:
    for kind in _TEXT_TYPES:
        try:
            return bool(
                _adapter(kind).validate_python(dumped) == _adapter(kind).validate_python(received)
            )
        except (pydantic.ValidationError, TypeError):
            continue
    return False


@cache
def _adapter(kind: type) -> pydantic.TypeAdapter[Any]:
    return pydantic.TypeAdapter(kind)
