"""Read-only fields are never sent: a request body leaves them out, at every depth.

Generated models mark them with ``Field(json_schema_extra={"readOnly": True})``, which also shows
in ``model_json_schema()``. A model fetched, changed and sent back therefore sends only what the
server accepts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pydantic


def is_read_only(info: pydantic.fields.FieldInfo) -> bool:
    extra = info.json_schema_extra
    return isinstance(extra, dict) and extra.get("readOnly") is True


def read_only_exclusions(value: Any) -> dict[Any, Any]:
    """The ``exclude`` argument of ``model_dump`` that drops every read-only field that is set."""
    if isinstance(value, pydantic.BaseModel):
        fields = type(value).model_fields
        result: dict[Any, Any] = {}
        for name in value.model_fields_set:
            if name not in fields:
                continue
            nested: Any = (
                True if is_read_only(fields[name]) else read_only_exclusions(getattr(value, name))
            )
            if nested:
                result[name] = nested
        return result
    if isinstance(value, (list, tuple)):
        return {
            index: nested
            for index, item in enumerate(value)
            if (nested := read_only_exclusions(item))
        }
    if isinstance(value, Mapping):
        return {
            key: nested for key, item in value.items() if (nested := read_only_exclusions(item))
        }
    return {}
