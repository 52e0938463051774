"""Small readers of raw schema values, shared by the schema builders."""

from __future__ import annotations

from typing import Any


def is_nullable(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    kind = schema.get("type")
    return schema.get("nullable") is True or (isinstance(kind, list) and "null" in kind)


def is_nullish(schema: Any) -> bool:
    """A schema whose only value is null: ``{type: "null"}``, ``{enum: [null]}``, ``{const: null}``."""
    if not isinstance(schema, dict):
        return False
    if schema.get("type") == "null" or schema.get("type") == ["null"]:
        return True
    if "enum" in schema and isinstance(schema["enum"], list) and schema["enum"] and all(v is None for v in schema["enum"]):
        return True
    return "const" in schema and schema["const"] is None


def text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def description(schema: Any) -> str:
    return text(schema.get("description")) if isinstance(schema, dict) else ""


def deprecated(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("deprecated") is True


def strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def integer(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def number(value: Any) -> float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def unique(values: list[Any]) -> list[Any]:
    seen: list[Any] = []
    for v in values:
        if not any(v == s and type(v) is type(s) for s in seen):
            seen.append(v)
    return seen
