"""What a request body never sends, at every depth: read-only fields, and ``None`` in a field
whose schema does not allow null.

Generated models mark read-only fields with ``Field(json_schema_extra={"readOnly": True})``, which
also shows in ``model_json_schema()``, and optional non-null fields with ``Omittable[...]``. A
model fetched, changed and sent back therefore sends only what the server accepts, and
``Model(field=None)`` leaves the field out rather than sending a ``null`` the schema refuses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pydantic

from ._models import refuses_null


def is_read_only(info: pydantic.fields.FieldInfo) -> bool:
    extra = info.json_schema_extra
    return isinstance(extra, dict) and extra.get("readOnly") is True


def is_unsent(info: pydantic.fields.FieldInfo, value: Any) -> bool:
    return is_read_only(info) or (value is None and refuses_null(info))


def unsent_exclusions(value: Any) -> dict[Any, Any]:
    """The ``exclude`` argument of ``model_dump`` that drops every set field :func:`is_unsent`."""
    if isinstance(value, pydantic.BaseModel):
        fields = type(value).model_fields
        result: dict[Any, Any] = {}
        for name in value.model_fields_set:
            if name not in fields:
                continue
            item = getattr(value, name)
            nested: Any = True if is_unsent(fields[name], item) else unsent_exclusions(item)
            if nested:
                result[name] = nested
        return result
    if isinstance(value, (list, tuple)):
        return {
            index: nested for index, item in enumerate(value) if (nested := unsent_exclusions(item))
        }
    if isinstance(value, Mapping):
        return {key: nested for key, item in value.items() if (nested := unsent_exclusions(item))}
    return {}
