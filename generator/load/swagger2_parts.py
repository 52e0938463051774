"""The pieces of a Swagger 2.0 document that convert on their own (see :mod:`.swagger2`): schemas,
references and security schemes, in their OpenAPI 3.0 spelling."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from ..errors import unescape_pointer

_FLOWS = {"implicit": "implicit", "password": "password", "application": "clientCredentials", "accessCode": "authorizationCode"}


def convert_schema(schema: Any, *, keep_refs: bool = False) -> Any:
    """A 2.0 schema as 3.0 reads it: references rewritten (unless ``keep_refs``: a schema in
    another file, whose references point at that file's 2.0 data), ``x-nullable``, ``type: file``
    and a string ``discriminator`` in their 3.0 spelling; every subschema alike."""
    if isinstance(schema, list):
        return [convert_schema(s, keep_refs=keep_refs) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "$ref" and isinstance(value, str):
            out[key] = value if keep_refs else schema_ref(value)
        elif key == "x-nullable":
            if value is True:
                out["nullable"] = True
        elif key == "discriminator" and isinstance(value, str):
            out[key] = {"propertyName": value}
        elif key in ("properties", "definitions", "patternProperties") and isinstance(value, dict):
            out[key] = {name: convert_schema(s, keep_refs=keep_refs) for name, s in value.items()}
        elif key in ("items", "additionalProperties", "not", "allOf", "anyOf", "oneOf"):
            out[key] = convert_schema(value, keep_refs=keep_refs)
        else:
            out[key] = value
    if out.get("type") == "file":
        out["type"], out["format"] = "string", "binary"
    return out


def rewrite_refs(node: Any, moved: Callable[[str], str], seen: set[int]) -> None:
    """Every local ``$ref`` of the converted data made to point where its 2.0 target went
    (``#/definitions/X`` to ``#/components/schemas/X``, a response's schema to its content's)."""
    if id(node) in seen:  # a converted schema stands under each of its media types
        return
    seen.add(id(node))
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/") and moved(unquote(ref)) != unquote(ref):
            node["$ref"] = moved(unquote(ref))
        for value in node.values():
            rewrite_refs(value, moved, seen)
    elif isinstance(node, list):
        for value in node:
            rewrite_refs(value, moved, seen)


def ref_name(ref: str, prefix: str) -> str:
    return unescape_pointer(ref[len(prefix) :]) if ref.startswith(prefix) else ""


def schema_ref(ref: str) -> str:
    file_part, hash_, fragment = ref.partition("#")
    if hash_ and fragment.startswith("/definitions/") and not file_part:
        return "#/components/schemas/" + fragment[len("/definitions/") :]
    return ref


def parameter_ref(ref: str) -> str:
    return "#/components/parameters/" + ref[len("#/parameters/") :] if ref.startswith("#/parameters/") else ref


def response_ref(ref: str) -> str:
    return "#/components/responses/" + ref[len("#/responses/") :] if ref.startswith("#/responses/") else ref


def security_scheme(scheme: Any) -> Any:
    if not isinstance(scheme, dict):
        return scheme
    kind = scheme.get("type")
    extensions = {k: v for k, v in scheme.items() if k.startswith("x-")}
    described = {"description": scheme["description"]} if "description" in scheme else {}
    if kind == "basic":
        return {"type": "http", "scheme": "basic", **described, **extensions}
    if kind == "apiKey":
        return {k: v for k, v in scheme.items() if k in ("type", "name", "in", "description") or k.startswith("x-")}
    if kind == "oauth2":
        flow = _FLOWS.get(str(scheme.get("flow")), "implicit")
        details = {k: scheme[k] for k in ("authorizationUrl", "tokenUrl") if k in scheme}
        if flow == "clientCredentials" or flow == "password":
            details.pop("authorizationUrl", None)
        if flow == "implicit":
            details.pop("tokenUrl", None)
        details["scopes"] = scheme.get("scopes") if isinstance(scheme.get("scopes"), dict) else {}
        return {"type": "oauth2", "flows": {flow: details}, **described, **extensions}
    return scheme


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
