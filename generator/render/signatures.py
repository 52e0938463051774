"""The parameters of a generated method, written once.

An operation's method takes its :attr:`~generator.ir.Operation.arguments` (``*`` before the first
keyword-only one) and ``**options``; a waiter's takes its operation's (renamed where they would
take one of its own names), then its own ``interval``, ``timeout`` and ``on_poll``, keyword-only.
:func:`parameters` is that list; the ``def`` (:func:`parameter_list`) and the README's method
column (:func:`argument_names`) are both written from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from .. import ir
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


_STAR = Parameter(KEYWORD_ONLY)


def parameters(target: ir.Operation | ir.Waiter) -> list[Parameter]:
    """The parameters of ``target``'s method after ``self`` and before ``**options``."""
    operation = target.signature if isinstance(target, ir.Waiter) else target
    result: list[Parameter] = []
    for argument in operation.arguments:
        if argument.starts_keywords:
            result.append(_STAR)
        result.append(Parameter(argument.name, partial(_as_parameter, argument.type), argument.default_value))
    if isinstance(target, ir.Waiter):
        if not any(p.name == KEYWORD_ONLY for p in result):
            result.append(_STAR)
        result += [
            Parameter("interval", lambda _: "float | None", None),
            Parameter("timeout", lambda _: "float | None", None),
            Parameter("on_poll", lambda u: f"{u.use('Callable')}[[{u.annotate(target.result_type)}], None] | None", None),
        ]
    return result


def _as_parameter(t: ir.TypeRef, module: Used) -> str:
    return module.parameter(t)


def parameter_list(target: ir.Operation | ir.Waiter) -> str:
    """The ``def``'s parameters, one a line, with their annotations and defaults."""
    module = used()
    lines = ["self,"]
    for p in parameters(target):
        default = "" if p.default is ir.NO_DEFAULT else f" = {code_literal(p.default)}"
        lines.append(f"{KEYWORD_ONLY}," if p.name == KEYWORD_ONLY else f"{p.name}: {p.annotation(module)}{default},")
    options = "PollOptions" if isinstance(target, ir.Waiter) else "RequestOptions"
    lines.append(f"**options: {module.use('Unpack')}[{module.use(options)}]")
    return "\n".join(lines)


def argument_names(target: ir.Operation | ir.Waiter) -> str:
    """``run_id, *, interval, timeout, on_poll``: the names a caller passes."""
    return ", ".join(p.name for p in parameters(target))
