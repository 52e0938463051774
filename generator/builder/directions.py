"""readOnly and writeOnly depend on the direction a model travels.

A read-only field is never sent: in a model that request bodies (or parameters) use, it is
optional, and the runtime leaves it out when it encodes a body. A write-only field is never
returned: in a model that responses use, it is optional. A model used in neither direction (a
models-only document, an unused component) is treated as used in both.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from .. import ir
from ..ir.names import ClassName


def apply(definitions: ir.Definitions, operations: Iterable[ir.Operation]) -> None:
    operations = list(operations)
    sent = [op.body.type for op in operations if op.body] + [p.type for op in operations for p in op.parameters]
    received = [r.type for op in operations for r in op.responses if r.type is not None]
    requests = _reachable(definitions, sent)
    responses = _reachable(definitions, received)
    for name, definition in definitions.items():
        if not isinstance(definition, ir.Model):
            continue
        unused = name not in requests and name not in responses
        in_request, in_response = unused or name in requests, unused or name in responses
        fields = tuple(_directed(f, in_request, in_response) for f in definition.fields)
        definitions.define(dataclasses.replace(definition, fields=fields))


def _directed(f: ir.Field, in_request: bool, in_response: bool) -> ir.Field:
    read_only, write_only = f.read_only and in_request, f.write_only and in_response
    return dataclasses.replace(f, required=f.required and not (read_only or write_only), read_only=read_only, write_only=write_only)


def _reachable(definitions: ir.Definitions, roots: list[ir.TypeRef]) -> set[ClassName]:
    """Every definition the types mention, and what those mention in turn (bases included)."""
    found: set[ClassName] = set()
    stack = [name for t in roots for name in ir.referenced_names(t)]
    while stack:
        name = stack.pop()
        if name in found or name not in definitions:
            continue
        found.add(name)
        stack.extend(definitions[name].dependencies)
    return found
