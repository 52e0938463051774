"""Validation against the official JSON Schemas: OpenAPI 3.2 and Swagger 2.0.

openapi-pydantic has models of OpenAPI 3.0 and 3.1 only; a 3.2 document is checked against the
3.2 schema the OpenAPI Initiative publishes, a Swagger 2.0 document against the 2.0 one (both in
``schemas/``, see its README). Each wrong node becomes one (pointer, message) pair, in the form
:func:`.openapi.summarise` gives for openapi-pydantic's errors, so that :mod:`.tolerance` and
:mod:`.degrade` treat them alike: a missing field is ``required field is missing`` at the field's
own pointer.

The 3.2 schema finds a Schema Object's place through ``$dynamicRef: '#meta'``; the ``referencing``
library crawls the whole registry at every dynamic reference (tens of milliseconds each), so the
schema is read with those replaced by plain ``$ref``s to the same anchor (``#/$defs/schema``):
the same meaning for a document, as its schemas are not validated here.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import escape_pointer
from ..load.document import value_in
from .tolerance import MISSING

_SCHEMAS = Path(__file__).resolve().parent / "schemas"
_FILES = {"3.2": "oas-3.2.json", "2.0": "swagger-2.0.json"}
_EXCLUDED_BY = {"encoding": ("prefixEncoding", "itemEncoding")}  # 3.2's dependentSchemas with false properties
_STANDARD_METHODS = ("GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "QUERY")


def problems(data: Any, version: str) -> list[tuple[str, str]]:
    """Every wrong node of ``data`` by the official schema of ``version`` (``"3.2"`` or ``"2.0"``)."""
    found: dict[str, list[str]] = {}
    for error in _validator(version).iter_errors(data):
        for pointer, message in _explain(error, data):
            found.setdefault(pointer, [])
            if message not in found[pointer]:
                found[pointer].append(message)
    if version == "3.2":
        for pointer, message in _xml_exclusions(data):
            found.setdefault(pointer, []).append(message)
    deepest = [p for p in found if not any(q.startswith(p + "/") for q in found)]
    return [(p, "; ".join(found[p])) for p in sorted(deepest)]


@cache
def _validator(version: str) -> Any:
    import jsonschema  # type: ignore[import-untyped]  # here: only a 3.2 or 2.0 document pays for it

    schema = json.loads((_SCHEMAS / _FILES[version]).read_text(encoding="utf-8"))
    if version == "3.2":
        _static_meta(schema)
        return jsonschema.Draft202012Validator(schema)
    return jsonschema.Draft4Validator(schema)


def _static_meta(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("$dynamicRef") == "#meta":
            del node["$dynamicRef"]
            node["$ref"] = "#/$defs/schema"
        for value in node.values():
            _static_meta(value)
    elif isinstance(node, list):
        for value in node:
            _static_meta(value)


def _pointer(path: Any) -> str:
    return "#" + "".join("/" + escape_pointer(str(p)) for p in path)


def _explain(error: Any, data: Any) -> list[tuple[str, str]]:
    """The error as (pointer, message) pairs a reader understands: the validator's own messages
    print the whole offending value and the subschema it failed."""
    pointer = _pointer(error.absolute_path)
    kind, value, expected = error.validator, error.instance, error.validator_value
    if kind in ("oneOf", "anyOf") and error.context:
        required = [set(e.validator_value) for e in error.context if e.validator == "required"]
        if required and len(required) == len(error.context):
            names = sorted({name for group in required for name in group})
            together = "one of" if kind == "oneOf" else "at least one of"
            return [(pointer, f"needs {together} {_names(names)}" + (", not both" if kind == "oneOf" and len(names) == 2 else ""))]
        has_ref = isinstance(value, dict) and "$ref" in value  # a $ref with siblings: the caller says so once
        branch = [] if has_ref else _closest_branch(error.context)
        if branch and all(e.validator in ("enum", "const") for e in branch) and len({tuple(e.absolute_path) for e in branch}) == 1:
            allowed = [a for e in branch for a in ([e.validator_value] if e.validator == "const" else e.validator_value)]
            return [(_pointer(branch[0].absolute_path), f"{json.dumps(branch[0].instance)} is not one of {', '.join(json.dumps(a) for a in allowed)}")]
        if branch:
            return [pair for e in branch for pair in _explain(e, data)]
        return [(pointer, "is not valid as any of the kinds of object allowed here")]
    if kind == "required":
        missing = [name for name in expected if isinstance(value, dict) and name not in value]
        return [(f"{pointer}/{escape_pointer(name)}", MISSING) for name in missing] or [(pointer, _short(error.message))]
    if kind in ("unevaluatedProperties", "additionalProperties") and isinstance(value, dict):
        extra = re.findall(r"'([^']*)'", error.message.split("(", 1)[-1])
        known = [name for name in extra if name in value] or sorted(value)
        return [(f"{pointer}/{escape_pointer(name)}", f"`{name}` is not allowed here") for name in known]
    if kind == "not" and isinstance(expected, dict):
        return [(pointer, _not_message(expected, error))]
    if kind == "maxContains":
        return [(pointer, "at most one parameter may be `in: querystring`")]
    if kind == "minItems" and expected == 1:
        return [(pointer, "must list at least one value")]
    if kind == "const" or kind == "enum":
        allowed = [expected] if kind == "const" else list(expected)
        return [(pointer, f"{json.dumps(value)} is not one of {', '.join(json.dumps(a) for a in allowed)}")]
    if kind == "type":
        return [(pointer, f"is {_kind(value)}, not {_types(expected)}")]
    if kind == "pattern" and "propertyNames" in list(error.schema_path)[-3:]:
        return [(f"{pointer}/{escape_pointer(str(value))}", f"the name {json.dumps(value)} is not allowed: it must match {expected!r}")]
    if kind == "pattern":
        return [(pointer, f"{json.dumps(value)} does not match {expected!r}")]
    if error.message.startswith("False schema"):  # a keyword that may not stand beside another
        where = list(error.schema_path)
        if len(where) >= 3 and where[-1] == "properties" and where[-3] == "dependentSchemas":
            beside = str(where[-2])  # the instance is the excluded keyword's value; its object is at the pointer
            owner = value_in(data, [str(p) for p in error.absolute_path])
            names = [n for n in _EXCLUDED_BY.get(beside, ()) if isinstance(owner, dict) and n in owner]
            return [(f"{pointer}/{escape_pointer(n)}", f"`{n}` may not stand beside `{beside}`") for n in names] or [(pointer, "is not allowed here")]
        return [(pointer, "is not allowed here")]
    return [(pointer, _short(error.message))]


def _closest_branch(errors: list[Any]) -> list[Any]:
    """The errors of the branch of a ``oneOf``/``anyOf`` the value was meant for: not one whose
    ``in`` or ``type`` it does not have, nor "a $ref" when it has none; of those, the fewest."""
    branches: dict[Any, list[Any]] = {}
    for e in errors:
        branches.setdefault(e.relative_schema_path[0] if e.relative_schema_path else None, []).append(e)

    def other_kind(found: list[Any]) -> bool:
        return any(
            (e.validator in ("enum", "const") and e.relative_path and e.relative_path[-1] in ("in", "type"))
            or (e.validator == "required" and "$ref" in e.validator_value)
            for e in found
        )

    meant = [found for found in branches.values() if not other_kind(found)]
    if meant:
        return min(meant, key=len)
    # No branch is of its kind: the kind is what is wrong (every branch's `in` refused it).
    kinds = [e for found in branches.values() for e in found if e.validator in ("enum", "const") and e.relative_path]
    return kinds if kinds and len({tuple(e.relative_path) for e in kinds}) == 1 else []


def _not_message(expected: dict[str, Any], error: Any) -> str:
    if list(expected) == ["required"]:
        return f"{_names(expected['required'])} may not both be given"
    if list(expected) == ["allOf"]:  # the 3.2 rule: no `in: query` beside an `in: querystring`
        return "a parameter `in: querystring` may not stand beside parameters `in: query`"
    if "enum" in expected and set(expected["enum"]) == set(_STANDARD_METHODS):
        return f"{json.dumps(error.instance)} is a standard method: write it as `{str(error.instance).lower()}` in the path item, not under additionalOperations"
    return _short(error.message)


def _xml_exclusions(data: Any) -> list[tuple[str, str]]:
    """3.2's XML Object: ``nodeType`` replaces ``attribute`` and ``wrapped``, and may not stand
    beside them (a rule of the schema dialect, which validating schemas would bring in)."""
    found: list[tuple[str, str]] = []
    stack: list[tuple[Any, str]] = [(data, "#")]
    while stack:
        node, pointer = stack.pop()
        if isinstance(node, dict):
            xml = node.get("xml")
            if isinstance(xml, dict) and "nodeType" in xml:
                for old in ("attribute", "wrapped"):
                    if old in xml:
                        found.append((f"{pointer}/xml/{old}", f"`{old}` may not stand beside `nodeType` (3.2 replaces it by nodeType)"))
            stack.extend((value, f"{pointer}/{escape_pointer(key)}") for key, value in node.items() if isinstance(value, (dict, list)))
        elif isinstance(node, list):
            stack.extend((value, f"{pointer}/{index}") for index, value in enumerate(node) if isinstance(value, (dict, list)))
    return found


def _names(names: list[str]) -> str:
    quoted = [f"`{n}`" for n in names]
    if len(quoted) <= 2:
        return " and ".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _kind(value: Any) -> str:
    kinds = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "a number", float: "a number", type(None): "null"}
    return kinds.get(type(value), "a value")


def _types(expected: Any) -> str:
    names = [expected] if isinstance(expected, str) else list(expected)
    articles = {"object": "an object", "array": "a list", "integer": "an integer"}
    return " or ".join(articles.get(n, f"a {n}") for n in names)


def _short(message: str) -> str:
    return message if len(message) <= 160 else message[:157] + "..."
