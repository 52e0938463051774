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

import enum
import weakref
from collections.abc import Mapping
from typing import Annotated, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    model_serializer,
)

E = TypeVar("E", bound=enum.Enum)

OpenEnum = Annotated[E | str, Field(union_mode="left_to_right")]
"""A string enum that also accepts values it does not list (as ``str``)."""

OpenIntEnum = Annotated[E | int, Field(union_mode="left_to_right")]
"""An integer enum that also accepts values it does not list (as ``int``)."""

# id(model) -> {attribute: (text received, value parsed from it)}. Kept beside the models rather
# than on them so that it takes no part in ``==``, copies or pickles; an entry goes with its model.
_WIRE_TEXT: dict[int, dict[str, tuple[str, object]]] = {}
_PLAIN = (
    str,
    int,
    float,
    bool,
    list,
    dict,
    BaseModel,
)  # dumped as received, or mutable: never replaced


class ApiModel(BaseModel):
    """Fields by their Python name or their wire name; dumps use the wire names."""

    model_config = ConfigDict(
        extra="allow",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        protected_namespaces=(),
        regex_engine="python-re",
        use_attribute_docstrings=True,
    )

    # Unannotated on purpose: pydantic would take an annotated return type as the model's
    # serialization schema; without one it keeps the fields' schema.
    @model_serializer(mode="wrap")
    def _dump_received_text(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo):  # type: ignore[no-untyped-def]
        data = handler(self)
        received = _WIRE_TEXT.get(id(self))
        if received and info.mode_is_json() and isinstance(data, dict):
            fields = type(self).model_fields
            for attribute, (text, value) in received.items():
                key = attribute if info.by_alias is False else fields[attribute].alias or attribute
                if key in data and getattr(self, attribute, None) is value:
                    data[key] = text
        return data


def remember_wire_text(value: object, received: object) -> None:
    """Record, for ``value`` just validated from the JSON ``received``, the text of each field that
    was parsed from a string into another type, so that dumping gives that text back."""
    if isinstance(value, ApiModel) and isinstance(received, Mapping):
        texts: dict[str, tuple[str, object]] = {}
        for attribute, field in type(value).model_fields.items():
            key = field.alias or attribute
            if key not in received:
                continue
            parsed, raw = getattr(value, attribute, None), received[key]
            if isinstance(raw, str) and not isinstance(parsed, _PLAIN) and parsed is not None:
                texts[attribute] = (raw, parsed)
            else:
                remember_wire_text(parsed, raw)
        if texts:
            _WIRE_TEXT[id(value)] = texts
            weakref.finalize(value, _WIRE_TEXT.pop, id(value), None)
    elif isinstance(value, list) and isinstance(received, list):
        for item, raw_item in zip(value, received, strict=False):
            remember_wire_text(item, raw_item)
    elif isinstance(value, dict) and isinstance(received, Mapping):
        for name, item in value.items():
            if name in received:
                remember_wire_text(item, received[name])
