"""Small readers of raw schema values, shared by the schema builders: among them what kind of
schema a value is, which decides the builder that makes its type."""

from __future__ import annotations

import enum
from typing import Any

from .. import ir

# Keys that make a schema without a type an object.
OBJECT_KEYS = ("properties", "additionalProperties", "patternProperties")
# The scalar JSON types, and the scalar each is without a format.
SCALARS: dict[str, ir.Scalar] = {
    "string": ir.Scalar.STR,
    "integer": ir.Scalar.INT,
    "number": ir.Scalar.FLOAT,
    "boolean": ir.Scalar.BOOL,
    "null": ir.Scalar.NONE,
}


class SchemaKind(enum.Enum):
    """What a schema is, as far as which builder makes its type (tried in this order)."""

    ALL_OF = enum.auto()
    UNION = enum.auto()  # oneOf or anyOf
    ENUM = enum.auto()
    CONST = enum.auto()
    MULTI_TYPE = enum.auto()  # several types besides null ("type": ["string", "integer"])
    OBJECT = enum.auto()
    ARRAY = enum.auto()
    SCALAR = enum.auto()
    ANY = enum.auto()

    @property
    def noun(self) -> str:
        """How a message names a schema of this kind: ``an enum``."""
        return _NOUNS[self]


_NOUNS = {
    SchemaKind.ALL_OF: "an allOf",
    SchemaKind.UNION: "a union",
    SchemaKind.ENUM: "an enum",
    SchemaKind.CONST: "a const",
    SchemaKind.MULTI_TYPE: "a schema of several types",
    SchemaKind.OBJECT: "an object",
    SchemaKind.ARRAY: "an array",
    SchemaKind.SCALAR: "a scalar",
    SchemaKind.ANY: "any value",
}


def schema_kind(schema: Any) -> SchemaKind:
    if not isinstance(schema, dict):
        return SchemaKind.ANY
    if "allOf" in schema:
        return SchemaKind.ALL_OF
    if "oneOf" in schema or "anyOf" in schema:
        return SchemaKind.UNION
    if "enum" in schema:
        return SchemaKind.ENUM
    if "const" in schema:
        return SchemaKind.CONST
    kind = schema.get("type")
    if isinstance(kind, list):
        non_null = [t for t in kind if t != "null"]
        if len(non_null) != 1:
            return SchemaKind.MULTI_TYPE
        kind = non_null[0]
    if kind == "object" or (kind is None and any(k in schema for k in OBJECT_KEYS)):
        return SchemaKind.OBJECT
    if kind == "array" or (kind is None and ("items" in schema or "prefixItems" in schema)):
        return SchemaKind.ARRAY
    if isinstance(kind, str) and kind in SCALARS:
        return SchemaKind.SCALAR
    return SchemaKind.ANY


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
