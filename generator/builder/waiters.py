"""Waiters: from the declarations in pyproject.toml and from ``x-speakeasy-polling`` on an
operation, checked against the spec.

A waiter polls a GET operation whose result is a model (or a list of models); each field a
state names must exist in that model (wire names, dotted for nested models) and hold a string,
number, boolean or enum, and each value must be one the enum lists. A wrong declaration in
pyproject.toml is an error at its line; a wrong ``x-speakeasy-polling`` entry costs only its
waiter, with a warning (the vendored spec is not ours to fix; a declaration can replace it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from .. import ir
from ..config.waiters import Condition, Place, WaiterDeclaration
from ..errors import Diagnostics, Location
from ..ir.names import ClassName, Identifier, Namespace, snake_case
from ..ir.reserved import WAITER_ARGUMENTS
from ..load.resolve import Node, Resolver
from .operations import METHODS

SPEAKEASY = "x-speakeasy-polling"
# Speakeasy's documented defaults: 1 s before the first poll, 1 s between polls, 60 polls.
SPEAKEASY_DELAY, SPEAKEASY_INTERVAL, SPEAKEASY_LIMIT = 1.0, 1.0, 60
_CONDITION = re.compile(r"^\s*(\$statusCode|\$response\.body#(\S*))\s*(==|!=)\s*(.+?)\s*$")
_KINDS = {ir.Scalar.STR: "a string", ir.Scalar.INT: "an integer", ir.Scalar.FLOAT: "a number", ir.Scalar.BOOL: "a boolean"}
_COMPARABLE = tuple(_KINDS)

Report = Callable[[str, Location, str], None]


class WaiterBuilder:
    def __init__(self, api: ir.Api, diagnostics: Diagnostics, methods: Namespace) -> None:
        self.api = api
        self.diagnostics = diagnostics
        self.methods = methods
        self.models = {m.name: m for m in api.models}
        self.enums = {e.name: e for e in api.enums}

    def build(self, declared: tuple[WaiterDeclaration, ...], root: Node, resolver: Resolver) -> tuple[ir.Waiter, ...]:
        waiters: list[ir.Waiter] = []
        names: set[str] = set()
        for declaration in declared:
            waiter = self.waiter(declaration, self.diagnostics.error, "")
            if waiter is not None:
                waiters.append(waiter)
            names.add(_method_name(declaration.name))
        skipped = "; no waiter is generated for it (declare one in pyproject.toml instead)"
        for declaration in self.from_spec(root, resolver):
            if _method_name(declaration.name) not in names:  # a declaration replaces the spec's waiter
                waiter = self.waiter(declaration, self.diagnostics.warning, skipped)
                if waiter is not None:
                    waiters.append(waiter)
        return tuple(waiters)

    # --- checking a declaration against the spec --------------------------------------------

    def waiter(self, declaration: WaiterDeclaration, report: Report, consequence: str) -> ir.Waiter | None:
        where = (declaration.operation_place or declaration.place).location()
        label = f"waiter {declaration.name!r}"
        operation = next((op for op in self.api.operations if op.operation_id == declaration.operation), None)
        if operation is None:
            known = ", ".join(sorted(op.operation_id for op in self.api.operations if op.method == "GET")) or "none"
            report(
                f"{label}: the spec has no operation {declaration.operation!r}{consequence}", where, f"GET operations: {known}"
            )
            return None
        if operation.method != "GET":
            report(f"{label}: {declaration.operation!r} is a {operation.method}; a waiter polls a GET{consequence}", where, "")
            return None
        result = ir.strip_null(operation.result_type)
        each = isinstance(result, ir.ListType)
        item = ir.strip_null(result.item) if isinstance(result, ir.ListType) else result
        if not isinstance(item, ir.ModelType) or item.name not in self.models:
            report(
                f"{label}: {declaration.operation!r} does not return a model or a list of models; "
                f"a waiter reads the fields of its result{consequence}",
                where,
                "",
            )
            return None
        ok = True
        states: list[tuple[ir.Criterion, ...]] = []
        for criteria in (declaration.success, declaration.failure):
            built = []
            for conditions in criteria:
                checked = [self.condition(label, item.name, c, report, consequence) for c in conditions]
                ok = ok and all(c is not None for c in checked)
                built.append(ir.Criterion(tuple(c for c in checked if c is not None)))
            states.append(tuple(built))
        name = Identifier(_method_name(declaration.name))
        if name in self.methods:
            report(
                f"{label}: its method {name} would take the name of another method of the client{consequence}",
                declaration.place.location(),
                "rename the waiter",
            )
            return None
        if not ok:
            return None
        self.methods.claim(name)
        parameters, body = _renamed(operation)
        return ir.Waiter(
            name,
            operation,
            states[0],
            states[1],
            declaration.interval,
            declaration.timeout,
            declaration.delay,
            each,
            parameters,
            body,
        )

    def condition(
        self, label: str, model_name: ClassName, condition: Condition, report: Report, consequence: str
    ) -> ir.Condition | None:
        where = condition.place.location()
        wire = tuple(condition.path.split("."))
        attributes: list[Identifier] = []
        model: ir.Model | None = self.models[model_name]
        type_: ir.TypeRef = ir.ModelType(model_name)
        for index, part in enumerate(wire):
            field = next((f for f in self.api.fields_of(model) if f.wire_name == part), None) if model else None
            if field is None:
                owner = ".".join(wire[:index]) or (model.name if model else model_name)
                known = ", ".join(f.wire_name for f in self.api.fields_of(model)) if model else "none: it is not a model"
                report(f"{label}: {owner} has no field {part!r}{consequence}", where, f"its fields (wire names): {known}")
                return None
            attributes.append(field.name)
            type_ = ir.strip_null(field.type)
            model = self.models.get(type_.name) if isinstance(type_, ir.ModelType) else None
        allowed = self._values(type_)
        if allowed is None:
            report(
                f"{label}: {condition.path} is not a string, number, boolean or enum; a waiter compares only those{consequence}",
                where,
                "",
            )
            return None
        wrong = [v for v in condition.values if not any(v == a and type(v) is type(a) for a in allowed)] if allowed else []
        if allowed and wrong:
            listed = ", ".join(json.dumps(a) for a in allowed)
            report(
                f"{label}: {condition.path} is never {', '.join(json.dumps(v) for v in wrong)}{consequence}",
                where,
                f"its enum lists: {listed}",
            )
            return None
        scalar = _scalar_of(type_)
        if scalar is not None and not all(ir.fits(v, ir.ScalarType(scalar)) for v in condition.values):
            report(
                f"{label}: {condition.path} holds {_KINDS[scalar]}, not {', '.join(json.dumps(v) for v in condition.values)}{consequence}",
                where,
                "",
            )
            return None
        return ir.Condition(wire, tuple(attributes), tuple(condition.values))

    def _values(self, type_: ir.TypeRef) -> tuple[Any, ...] | None:
        """The values an enum or literal field may hold; ``()`` for any value of a scalar; None
        for a type a waiter cannot compare."""
        if isinstance(type_, ir.EnumType) and type_.name in self.enums:
            return tuple(m.value for m in self.enums[type_.name].members)
        if isinstance(type_, ir.LiteralType):
            return type_.values
        if isinstance(type_, ir.ScalarType) and type_.scalar in _COMPARABLE:
            return ()
        return None

    # --- x-speakeasy-polling ---------------------------------------------------------------------

    def from_spec(self, root: Node, resolver: Resolver) -> list[WaiterDeclaration]:
        result: list[WaiterDeclaration] = []
        for path, item in root.items("paths"):
            item = resolver.deref(item)
            for method in METHODS:
                if not isinstance(item.get(method), dict) or item.child(method).get(SPEAKEASY) is None:
                    continue
                node = item.child(method)
                operation = next((op for op in self.api.operations if op.method == method.upper() and op.path == path), None)
                entries = node.elements(SPEAKEASY) if isinstance(node.get(SPEAKEASY), list) else []
                if not entries:
                    self.diagnostics.warning(
                        f"{SPEAKEASY} must be a list of waiters; it is ignored", node.child(SPEAKEASY).location
                    )
                for entry in entries:
                    declaration = self._speakeasy(entry, operation.operation_id if operation else "")
                    if declaration is not None:
                        result.append(declaration)
        return result

    def _speakeasy(self, entry: Node, operation_id: str) -> WaiterDeclaration | None:
        name = entry.get("name")
        skipped = "; no waiter is generated for it"
        if not isinstance(name, str) or not name.strip():
            self.diagnostics.warning(f"a {SPEAKEASY} entry has no name{skipped}", entry.location)
            return None
        numbers = {}
        for key, default in (
            ("delaySeconds", SPEAKEASY_DELAY),
            ("intervalSeconds", SPEAKEASY_INTERVAL),
            ("limitCount", SPEAKEASY_LIMIT),
        ):
            value = entry.get(key, default)
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or value < 0
                or (key != "delaySeconds" and value == 0)
            ):
                self.diagnostics.warning(
                    f"{SPEAKEASY} {name!r}: {key} must be a positive number, not {value!r}{skipped}", entry.child(key).location
                )
                return None
            numbers[key] = float(value)
        criteria = []
        for key in ("successCriteria", "failureCriteria"):
            conditions = self._conditions(name, entry, key)
            if conditions is None:
                return None
            if key == "successCriteria" and not conditions:
                self.diagnostics.warning(
                    f"{SPEAKEASY} {name!r}: successCriteria names no field of the response body{skipped}", entry.location
                )
                return None
            criteria.append((tuple(conditions),) if conditions else ())
        delay, interval = numbers["delaySeconds"], numbers["intervalSeconds"]
        place = Place(str(entry.location.file), entry.location.pointer)
        return WaiterDeclaration(
            name, operation_id, criteria[0], criteria[1], place, interval, delay + interval * numbers["limitCount"], delay
        )

    def _conditions(self, name: str, entry: Node, key: str) -> list[Condition] | None:
        """The body conditions of one criteria list (all must hold); None when one is not supported.
        ``$statusCode == 2xx`` always holds for a result the operation returns, so it is dropped."""
        result: list[Condition] = []
        for node in entry.elements(key):
            text = node.get("condition")
            match = _CONDITION.match(text) if isinstance(text, str) and node.get("type", "simple") == "simple" else None
            if match is None or match.group(3) != "==":
                self.diagnostics.warning(
                    f"{SPEAKEASY} {name!r}: {key} condition {text!r} is not supported (only `$statusCode == 2xx` and "
                    "`$response.body#/<field> == <value>`); no waiter is generated for it",
                    node.location,
                )
                return None
            value = _json_value(match.group(4))
            if match.group(1) == "$statusCode":
                if not str(value).startswith("2"):
                    self.diagnostics.warning(
                        f"{SPEAKEASY} {name!r}: {key} on status {value} is not supported: a status that is not 2xx raises an error; "
                        "no waiter is generated for it",
                        node.location,
                    )
                    return None
                continue
            pointer = [part.replace("~1", "/").replace("~0", "~") for part in match.group(2).strip("/").split("/")]
            place = Place(str(node.location.file), node.location.pointer)
            result.append(Condition(".".join(pointer), (value,), place))
        return result


def _method_name(name: str) -> str:
    """``wait_for_<name>``; a name that already says so (Speakeasy's ``WaitForCompleted``) is not repeated."""
    snake = snake_case(name)
    return snake if snake.startswith("wait_for_") else f"wait_for_{snake or 'state'}"


def _json_value(text: str) -> Any:
    try:
        value = json.loads(text)
    except ValueError:
        return text  # a bare word: a string
    return value if isinstance(value, (str, int, float, bool)) else text


def _scalar_of(type_: ir.TypeRef) -> ir.Scalar | None:
    return type_.scalar if isinstance(type_, ir.ScalarType) and type_.scalar in _COMPARABLE else None


def _renamed(operation: ir.Operation) -> tuple[tuple[ir.Parameter, ...], ir.RequestBody | None]:
    """The operation's parameters for the waiter's signature: a name one of the waiter's own
    arguments takes (``interval``, ``on_poll``) gets a suffix; the others stay as they are."""
    scope = Namespace(
        {p.name for p in operation.parameters} | ({operation.body.name} if operation.body else set()) | WAITER_ARGUMENTS
    )
    parameters = tuple(
        (
            ir.Parameter(**{**p.__dict__, "name": scope.claim(Identifier(p.name, reserved=WAITER_ARGUMENTS))})
            if p.name in WAITER_ARGUMENTS
            else p
        )
        for p in operation.parameters
    )
    body = operation.body
    if body is not None and body.name in WAITER_ARGUMENTS:
        body = ir.RequestBody(**{**body.__dict__, "name": scope.claim(Identifier(body.name, reserved=WAITER_ARGUMENTS))})
    return parameters, body
