"""The response schemas of specs/ as self-contained JSON Schema (draft 7), for hypothesis-jsonschema
and the jsonschema library: component refs become ``#/definitions/...``, OpenAPI 3.0's
``nullable`` and boolean exclusive bounds become their JSON Schema spelling, and keywords that
only OpenAPI knows are dropped."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.load import load

OPENAPI_ONLY = frozenset({"discriminator", "xml", "externalDocs", "example", "nullable", "deprecated"})
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class ResponseSchema:
    provider: str
    method: str  # upper case
    path: str
    status: str
    schema: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.provider}:{self.method} {self.path} {self.status}"


def response_schemas(specs: Path) -> Iterator[ResponseSchema]:
    for spec in sorted(specs.glob("*.yaml")):
        data = load(spec).data
        is_30 = str(data["openapi"]).startswith("3.0")
        components = data.get("components", {})
        definitions = {name: convert(schema, is_30) for name, schema in components.get("schemas", {}).items()}
        for path, item in data.get("paths", {}).items():
            for method in METHODS:
                for status, response in item.get(method, {}).get("responses", {}).items():
                    if "$ref" in response:
                        response = components["responses"][response["$ref"].rsplit("/", 1)[-1]]
                    schema = response.get("content", {}).get("application/json", {}).get("schema")
                    if schema is not None:
                        document = {"$schema": "http://json-schema.org/draft-07/schema#", **convert(schema, is_30)}
                        yield ResponseSchema(spec.stem, method.upper(), path, status, {**document, "definitions": definitions})


def convert(schema: Any, is_30: bool) -> Any:
    if isinstance(schema, list):
        return [convert(item, is_30) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "$ref":
            result[key] = value.replace("#/components/schemas/", "#/definitions/")
        elif key in ("properties", "definitions", "patternProperties"):
            result[key] = {name: convert(sub, is_30) for name, sub in value.items()}
        elif key not in OPENAPI_ONLY:
            result[key] = convert(value, is_30)
    if is_30:
        for bound, limit in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
            if result.get(bound) is True:
                result[bound] = result.pop(limit)
            elif result.get(bound) is False:
                del result[bound]
        if schema.get("nullable") is True:
            return {"anyOf": [result, {"type": "null"}]}
    return result


def open_enums(schema: Any) -> Any:
    """The schema with every string enum opened up to any string: what a provider may add later."""
    if isinstance(schema, list):
        return [open_enums(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {key: open_enums(value) for key, value in schema.items()}
    values = result.get("enum")
    if isinstance(values, list) and any(isinstance(v, str) for v in values) and all(isinstance(v, str) or v is None for v in values):
        del result["enum"]
        result["type"] = ["string", "null"] if None in values else "string"
    return result
