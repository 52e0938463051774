"""A spec with a hostile string in every string slot: titles, descriptions, summaries, names,
enum values, defaults, examples, server URLs, parameter and header names, patterns.

``slot_spec(texts)`` builds it from one string per slot; ``CLEAN`` gives the plain fixture. Each
string is wrapped in a fixed prefix that keeps the spec's *structure* the same whatever the
string holds (a name always needs an alias, a description is never blank, two enum values never
collide), so the generated code of any hostile variant must have the clean fixture's shape.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from generator.errors import escape_pointer

SLOTS = (
    "title", "version", "info_description", "server_host", "server_description", "variable_name",
    "variable_value", "variable_description", "scheme_key", "scheme_header", "scheme_description",
    "path_segment", "path_param", "path_param_description", "operation_id", "summary",
    "operation_description", "tag", "query_name", "query_description", "query_default",
    "query_example", "header_name", "header_description", "cookie_name", "body_description",
    "response_description", "second_operation_id", "model_name", "model_description",
    "required_property", "required_description", "default_property", "default_value",
    "const_property", "const_value", "pattern_property", "pattern", "example_property",
    "example_value", "inline_property", "inline_title", "enum_property", "enum_name", "enum_value",
    "enum_description", "union_property", "union_name", "union_description", "error_name",
    "error_property",
)  # fmt: skip
CLEAN = {slot: slot.replace("_", " ").title().replace(" ", "") for slot in SLOTS}

# Spec strings (keys of ``wrapped``) that must reach the generated code exactly, as string constants.
VALUES = (
    "server_url", "variable_name", "variable_a", "variable_b", "scheme_key", "scheme_header", "path",
    "path_param", "query_name", "query_default", "header_name", "cookie_name", "required_property",
    "default_property", "default_value", "const_property", "const_value", "pattern_property", "pattern",
    "example_property", "inline_property", "enum_property", "enum_a", "enum_b", "enum_c",
    "union_property", "error_property",
)  # fmt: skip
# Spec strings that must reach a docstring, compared with whitespace runs collapsed (docstrings are
# stripped and re-indented). The rest - names, examples, descriptions the client does not show -
# only have to do no harm.
TEXTS = (
    "title", "version", "path_param_description", "summary", "operation_description", "query_description",
    "header_description", "body_description", "model_description", "required_description",
    "enum_description", "union_description",
)  # fmt: skip


def ref(name: str) -> str:
    """A JSON pointer to a component schema, as a URI fragment (escaped, then percent-encoded)."""
    return "#/components/schemas/" + quote(escape_pointer(name), safe="")


def no_braces(text: str) -> str:
    """Braces would add path placeholders (a different operation, not a different string)."""
    return text.replace("{", "(").replace("}", ")")


def wrapped(texts: Mapping[str, str]) -> dict[str, str]:
    """Each slot's string as it stands in the spec: the hostile text inside a fixed frame."""
    t = dict(texts)
    return {
        "title": f"Title {t['title']}",
        "version": f"v{t['version']}",
        "info_description": f"About {t['info_description']}",
        "server_url": f"https://{t['server_host']}.example.com/{{{t['variable_name']}}}",
        "server_description": f"Server {t['server_description']}",
        "variable_name": t["variable_name"],
        "variable_a": f"a{t['variable_value']}",
        "variable_b": f"b{t['variable_value']}",
        "variable_description": f"Region {t['variable_description']}",
        "scheme_key": f"Key{t['scheme_key']}",
        "scheme_header": f"X-Key-{t['scheme_header']}",
        "scheme_description": f"Scheme {t['scheme_description']}",
        "path": f"/things/{no_braces(t['path_segment'])}/{{P{no_braces(t['path_param'])}}}",
        "path_param": f"P{no_braces(t['path_param'])}",
        "path_param_description": f"Id {t['path_param_description']}",
        "operation_id": f"Get{t['operation_id']}",
        "summary": f"Summary {t['summary']}",
        "operation_description": f"Description {t['operation_description']}",
        "tag": f"Tag{t['tag']}",
        "query_name": f"Q{t['query_name']}",
        "query_description": f"Query {t['query_description']}",
        "query_default": t["query_default"],
        "query_example": t["query_example"],
        "header_name": f"X-H-{t['header_name']}",
        "header_description": f"Header {t['header_description']}",
        "cookie_name": f"C{t['cookie_name']}",
        "body_description": f"Body {t['body_description']}",
        "response_description": f"Response {t['response_description']}",
        "second_operation_id": f"Post{t['second_operation_id']}",
        "model_name": f"Model{t['model_name']}",
        "model_description": f"Model {t['model_description']}",
        "required_property": f"R{t['required_property']}",
        "required_description": f"Required {t['required_description']}",
        "default_property": f"D{t['default_property']}",
        "default_value": t["default_value"],
        "const_property": f"K{t['const_property']}",
        "const_value": t["const_value"],
        "pattern_property": f"P{t['pattern_property']}",
        "pattern": re.escape(t["pattern"]),
        "example_property": f"E{t['example_property']}",
        "example_value": t["example_value"],
        "inline_property": f"I{t['inline_property']}",
        "inline_title": f"Inline{t['inline_title']}",
        "enum_property": f"N{t['enum_property']}",
        "enum_name": f"Enum{t['enum_name']}",
        "enum_a": f"A{t['enum_value']}",
        "enum_b": f"B{t['enum_value']}",
        "enum_c": f"C{t['enum_value']}",
        "enum_description": f"Enum {t['enum_description']}",
        "union_property": f"U{t['union_property']}",
        "union_name": f"Union{t['union_name']}",
        "union_description": f"Union {t['union_description']}",
        "error_name": f"Error{t['error_name']}",
        "error_property": f"M{t['error_property']}",
    }


def slot_spec(texts: Mapping[str, str]) -> dict[str, Any]:
    w = wrapped(texts)
    model = {
        "type": "object",
        "description": w["model_description"],
        "required": [w["required_property"]],
        "properties": {
            w["required_property"]: {"type": "string", "description": w["required_description"]},
            w["default_property"]: {"type": "string", "default": w["default_value"]},
            w["const_property"]: {"const": w["const_value"]},
            w["pattern_property"]: {"type": "string", "pattern": w["pattern"]},
            w["example_property"]: {"type": "string", "examples": [w["example_value"]]},
            w["inline_property"]: {"type": "object", "title": w["inline_title"], "properties": {"count": {"type": "integer"}}},
            w["enum_property"]: {"$ref": ref(w["enum_name"])},
            w["union_property"]: {"$ref": ref(w["union_name"])},
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": w["title"], "version": w["version"], "description": w["info_description"]},
        "servers": [
            {
                "url": w["server_url"],
                "description": w["server_description"],
                "variables": {
                    w["variable_name"]: {
                        "default": w["variable_a"],
                        "enum": [w["variable_a"], w["variable_b"]],
                        "description": w["variable_description"],
                    }
                },
            }
        ],
        "security": [{w["scheme_key"]: []}],
        "tags": [{"name": w["tag"]}],
        "paths": {
            w["path"]: {
                "parameters": [
                    {"name": w["path_param"], "in": "path", "required": True, "description": w["path_param_description"], "schema": {"type": "string"}},
                ],
                "get": {
                    "operationId": w["operation_id"],
                    "summary": w["summary"],
                    "description": w["operation_description"],
                    "tags": [w["tag"]],
                    "parameters": [
                        {
                            "name": w["query_name"],
                            "in": "query",
                            "description": w["query_description"],
                            "schema": {"type": "string", "default": w["query_default"]},
                            "example": w["query_example"],
                        },
                        {"name": w["header_name"], "in": "header", "description": w["header_description"], "schema": {"type": "string"}},
                        {"name": w["cookie_name"], "in": "cookie", "schema": {"type": "string"}},
                    ],
                    "responses": {
                        "200": {"description": w["response_description"], "content": {"application/json": {"schema": {"$ref": ref(w["model_name"])}}}},
                        "404": {"description": "missing", "content": {"application/json": {"schema": {"$ref": ref(w["error_name"])}}}},
                    },
                },
                "post": {
                    "operationId": w["second_operation_id"],
                    "requestBody": {
                        "description": w["body_description"],
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": ref(w["model_name"])}}},
                    },
                    "responses": {"204": {"description": "done"}},
                },
            }
        },
        "components": {
            "securitySchemes": {
                w["scheme_key"]: {"type": "apiKey", "in": "header", "name": w["scheme_header"], "description": w["scheme_description"]}
            },
            "schemas": {
                w["model_name"]: model,
                w["enum_name"]: {"type": "string", "enum": [w["enum_a"], w["enum_b"], w["enum_c"]], "description": w["enum_description"]},
                w["union_name"]: {
                    "oneOf": [{"$ref": ref(w["model_name"])}, {"$ref": ref(w["error_name"])}],
                    "description": w["union_description"],
                },
                w["error_name"]: {"type": "object", "properties": {w["error_property"]: {"type": "string"}}},
            },
        },
    }
