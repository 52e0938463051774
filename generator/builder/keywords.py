"""Whether a provider is laid out as resources, and its object request bodies as keyword arguments.

``resources`` (``[tool.clientgen]``, a provider's table, or ``--resources`` with ``--spec``):

- ``"flat"``: every method on the client, every request body one ``body=`` argument (as before);
- ``"tags"``: operations grouped into resources, and an operation whose request body is an object
  schema (JSON, form or multipart; not a union, array, scalar or binary) takes its properties as
  keyword-only arguments after its parameters;
- ``"auto"`` (default): ``"tags"`` for a provider with more than :data:`AUTO_ABOVE` operations,
  some of them tagged; ``"flat"`` for others, so small providers stay exactly as they are.

A property whose name a parameter or a name every method reserves already holds gets
:data:`~generator.ir.bodies.CLASH_SUFFIX` (``name_body``), then a counter, with a note in ``--report``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

from .. import ir
from ..errors import Diagnostics, Location, escape_pointer
from ..ir.bodies import CLASH_SUFFIX, EXTRA_BODY
from ..ir.names import ClassName, Identifier, Namespace
from ..ir.reserved import CALL_OPTIONS
from .resources import group_operations

AUTO_ABOVE = 30  # operations: a provider with more, some tagged, is laid out as resources
KEYWORD_KINDS = ("json", "form", "multipart")


def grouped(api: ir.Api, resources: str) -> bool:
    """Whether ``api`` is laid out as resources under the setting ``resources``."""
    if resources == "auto":
        return len(api.operations) > AUTO_ABOVE and any(o.tags for o in api.operations)
    return resources == "tags"


def as_resources(api: ir.Api, resources: str, methods: Mapping[str, str], spec: Path | None, diagnostics: Diagnostics) -> ir.Api:
    """``api`` laid out as resources, when ``resources`` says so: object request bodies as
    keyword arguments, operations in groups."""
    if not grouped(api, resources):
        return api
    models = {m.name: m for m in api.models}
    polled = {w.operation.name for w in api.waiters}  # a waiter calls its operation with body=: it keeps it
    operations = tuple(o if o.name in polled else _keyword(o, api, models, spec, diagnostics) for o in api.operations)
    return group_operations(dataclasses.replace(api, operations=operations), methods, spec, diagnostics)


def _keyword(
    operation: ir.Operation, api: ir.Api, models: dict[ClassName, ir.Model], spec: Path | None, diagnostics: Diagnostics
) -> ir.Operation:
    body = operation.body
    if body is None or body.kind not in KEYWORD_KINDS or not isinstance(body.type, ir.ModelType) or body.type.name not in models:
        return operation
    model = models[body.type.name]
    taken = Namespace(CALL_OPTIONS | {EXTRA_BODY} | {str(p.name) for p in operation.parameters})
    arguments: list[ir.BodyArgument] = []
    for field in api.fields_of(model):
        if field.read_only:  # never sent
            continue
        own = Identifier(field.name)  # a model's field_ (avoiding pydantic's names) is a plain argument
        name = taken.claim(own if own not in taken else Identifier(own + CLASH_SUFFIX))
        argument = ir.BodyArgument(name=name, field=field, required=field.required and body.required)
        if argument.renamed:
            pointer = f"#/paths/{escape_pointer(operation.path)}/{operation.method.lower()}/requestBody"
            diagnostics.note(
                f"{operation.method} {operation.path}: body property {field.wire_name!r} is the keyword argument "
                f"{name!r} of {operation.name} ({own!r} is a parameter or a reserved name)",
                Location(spec, pointer) if spec is not None else Location(Path(api.source or api.key)),
            )
        arguments.append(argument)
    keyword = ir.KeywordBody(model=model.name, arguments=tuple(arguments), optional=not body.required)
    return dataclasses.replace(operation, keyword_body=keyword)
