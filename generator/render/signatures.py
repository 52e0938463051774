"""The parameters of a generated method, and the call a waiter makes, written once.

An operation's method takes its path parameters positionally, then, keyword-only, a required
body, the required parameters, the optional ones and an optional body last, then ``**options``.
A waiter's takes its operation's (renamed where they would take one of its own names: see
:attr:`~generator.ir.Waiter.signature`), then its own ``interval``, ``timeout`` and ``on_poll``,
keyword-only. :func:`parameters` is that list; the ``def`` (:func:`parameter_list`) and the
README's method column (:func:`argument_names`) are both written from it; the README's example
of a waiter's call too (:func:`waiter_example`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from .. import ir
from ..ir.bodies import EXTRA_BODY
from . import bodies
from .python import code_literal
from .used import Used, used

KEYWORD_ONLY = "*"


@dataclass(frozen=True)
class Parameter:
    """One parameter after ``self``: a name, how it is annotated (in the module being rendered)
    and its default; or :data:`KEYWORD_ONLY`, the ``*`` before keyword-only ones."""

    name: str
    annotation: Callable[[Used], str] = lambda _: ""
    default: ir.JsonValue | ir._NoDefault = ir.NO_DEFAULT
    default_code: str = ""  # a default that is a name, not a literal (``NOT_GIVEN``)


def parameters(target: ir.Operation | ir.Waiter) -> list[Parameter]:
    """The parameters of ``target``'s method after ``self`` and before ``**options``."""
    operation = target.signature if isinstance(target, ir.Waiter) else target
    positional = [_typed(p.name, p.annotation_type) for p in operation.parameters_in("path")]
    optional_last = sorted((p for p in operation.parameters if p.location != "path"), key=lambda p: not p.required)
    keyword = [_typed(p.name, p.annotation_type, p.default_value) for p in optional_last]
    body = operation.body
    if operation.keyword_body is not None:  # the body's properties, after the parameters
        keyword += keyword_body_parameters(operation.keyword_body)
    elif body is not None:
        argument = _typed(body.name, body.annotation_type, ir.NO_DEFAULT if body.required else None)
        keyword = [argument, *keyword] if body.required else [*keyword, argument]
    if isinstance(target, ir.Waiter):
        keyword += [
            Parameter("interval", lambda _: "float | None", None),
            Parameter("timeout", lambda _: "float | None", None),
            Parameter("on_poll", lambda u: f"{u.use('Callable')}[[{u.annotate(target.result_type)}], None] | None", None),
        ]
    return [*positional, *([Parameter(KEYWORD_ONLY)] if keyword else []), *keyword]


def keyword_body_parameters(keyword: ir.KeywordBody) -> list[Parameter]:
    """A body's properties as keyword arguments, required ones first, then ``extra_body``."""
    ordered = sorted(keyword.arguments, key=lambda a: not a.required)
    result = [
        Parameter(a.name, partial(bodies.argument_annotation, a), default_code="" if a.required else "NOT_GIVEN")
        for a in ordered
    ]
    return [*result, Parameter(EXTRA_BODY, lambda u: f"{u.use('Mapping')}[str, object] | None", None)]


def _typed(name: str, t: ir.TypeRef, default: ir.JsonValue | ir._NoDefault = ir.NO_DEFAULT) -> Parameter:
    return Parameter(name, partial(_as_parameter, t), default)


def _as_parameter(t: ir.TypeRef, module: Used) -> str:
    return module.parameter(t)


def parameter_list(target: ir.Operation | ir.Waiter, replaced: Parameter | None = None) -> str:
    """The ``def``'s parameters, one a line, with their annotations and defaults (the one named as
    ``replaced`` is, as that one, for an overload)."""
    module = used()
    lines = ["self,"]
    for p in parameters(target):
        p = replaced if replaced is not None and p.name == replaced.name else p
        default = "" if p.default is ir.NO_DEFAULT else f" = {code_literal(p.default)}"
        default = f" = {module.use(p.default_code)}" if p.default_code else default
        lines.append(f"{KEYWORD_ONLY}," if p.name == KEYWORD_ONLY else f"{p.name}: {p.annotation(module)}{default},")
    options = "PollOptions" if isinstance(target, ir.Waiter) else "RequestOptions"
    lines.append(f"**options: {module.use('Unpack')}[{module.use(options)}]")
    return "\n".join(lines)


def argument_names(target: ir.Operation | ir.Waiter) -> str:
    """``run_id, *, interval, timeout, on_poll``: the names a caller passes."""
    return ", ".join(p.name for p in parameters(target))


def waiter_call(waiter: ir.Waiter) -> str:
    """The arguments a waiter passes on to its operation's method, before ``**options``: each of
    its own by the name the operation's method gives it (a path parameter positionally)."""
    operation = waiter.operation
    pairs = list(zip(operation.parameters, waiter.parameters, strict=True))
    positional = [f"{ours.name}, " for theirs, ours in pairs if theirs.location == "path"]
    keyword = [f"{theirs.name}={ours.name}, " for theirs, ours in pairs if theirs.location != "path"]
    body = [f"{operation.body.name}={waiter.body.name}, "] if operation.body and waiter.body else []
    return "".join(positional + keyword + body)


def waiter_example(waiter: ir.Waiter) -> str:
    """The README's call of a waiter: its positional arguments, and an ``on_poll`` that prints the
    field its first state watches (of each item, for a list)."""
    conditions = waiter.success[0].conditions if waiter.success else ()
    watched = ".".join(conditions[0].attributes) if conditions else ""
    shown = f"[item.{watched} for item in result]" if waiter.each else f"result.{watched}"
    arguments = [str(p.name) for p in waiter.signature.parameters_in("path")] + [f"on_poll=lambda result: print({shown})"]
    return f"{waiter.name}({', '.join(arguments)})"
