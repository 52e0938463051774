"""Waiters: a generated ``wait_for_<name>`` method that polls an operation until its result
reaches a success state (returned) or a failure state (raised)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from .names import Identifier
from .operations import Operation, Parameter, RequestBody
from .types import JsonValue, TypeRef


@dataclass(frozen=True)
class Condition:
    """One field of a state: the wire path (for messages and docs), the attribute path (Python
    names) the runtime reads, and the values that match."""

    wire_path: tuple[str, ...]
    attributes: tuple[Identifier, ...]
    values: tuple[JsonValue, ...]

    @property
    def dotted(self) -> str:
        return ".".join(self.wire_path)


@dataclass(frozen=True)
class Criterion:
    """A state: it holds when every condition does."""

    conditions: tuple[Condition, ...]

    @property
    def table(self) -> dict[str, tuple[JsonValue, ...]]:
        """As the runtime's ``Waiter`` takes it: dotted attribute path -> values."""
        return {".".join(c.attributes): c.values for c in self.conditions}

    @property
    def text(self) -> str:
        """``status = finished and outcome = success``, for docs."""
        return " and ".join(f"{c.dotted} = {' or '.join(_shown(v) for v in c.values)}" for c in self.conditions)


@dataclass(frozen=True)
class Waiter:
    name: Identifier  # wait_for_<declared name>
    operation: Operation
    success: tuple[Criterion, ...]
    failure: tuple[Criterion, ...]
    interval: float
    timeout: float
    delay: float = 0.0
    each: bool = False  # the operation returns a list: success for every item, failure for any
    parameters: tuple[Parameter, ...] = ()  # the operation's, renamed where a waiter argument took the name
    body: RequestBody | None = None

    @property
    def result_type(self) -> TypeRef:
        return self.operation.result_type

    @property
    def signature(self) -> Operation:
        """The operation as the waiter's signature shows it: same parameters, same order."""
        return Operation(
            self.name,
            self.operation.operation_id,
            self.operation.method,
            self.operation.path,
            self.parameters,
            self.body,
            self.operation.responses,
            self.operation.security,
        )

    @property
    def only_positional(self) -> bool:
        """The operation has no keyword-only arguments: the waiter's own need their ``*``."""
        return not any(a.starts_keywords for a in self.signature.arguments)

    @property
    def argument_names(self) -> tuple[str, ...]:
        """The signature's names after ``self``, ``*`` where keyword-only ones start: ``run_id, *, interval, ...``."""
        names: list[str] = []
        for argument in self.signature.arguments:
            names += ["*", argument.name] if argument.starts_keywords else [argument.name]
        return (*names, *(["*"] if self.only_positional else []), "interval", "timeout", "on_poll")

    @property
    def call_arguments(self) -> tuple[tuple[str, str], ...]:
        """``(keyword, name)`` for each argument of the operation's call; no keyword for a positional one."""
        pairs = [(theirs, ours) for theirs, ours in zip(self.operation.parameters, self.parameters, strict=True)]
        positional = tuple(("", str(ours.name)) for theirs, ours in pairs if theirs.location == "path")
        keyword = tuple((str(theirs.name), str(ours.name)) for theirs, ours in pairs if theirs.location != "path")
        body = ((str(self.operation.body.name), str(self.body.name)),) if self.operation.body and self.body else ()
        return positional + keyword + body

    @property
    def success_table(self) -> tuple[dict[str, tuple[JsonValue, ...]], ...]:
        return tuple(c.table for c in self.success)

    @property
    def failure_table(self) -> tuple[dict[str, tuple[JsonValue, ...]], ...]:
        return tuple(c.table for c in self.failure)

    @property
    def watched(self) -> str:
        """The attribute path of the first field the states look at, for examples."""
        return ".".join(self.success[0].conditions[0].attributes) if self.success and self.success[0].conditions else ""

    @property
    def success_text(self) -> str:
        return _states(self.success, self.each, "every item")

    @property
    def failure_text(self) -> str:
        return _states(self.failure, self.each, "any item") if self.failure else ""

    @property
    def doc(self) -> str:
        """The method's docstring, as plain text."""
        op = self.operation
        lines = [
            f"Poll {op.name} ({op.method} {op.path}) until its result reaches a terminal state.",
            "",
            f"Returns the result when {self.success_text}.",
        ]
        if self.failure:
            lines.append(f"Raises WaiterFailureError (with .result) when {self.failure_text}.")
        lines += [
            f"Raises WaiterTimeoutError (with .result, .attempts) after timeout seconds (default {self.timeout:g});",
            "the wait outlasts it by one request at most. Errors of a poll propagate as the operation raises them.",
            "",
            "Args:",
            f"    interval: seconds between polls (default {self.interval:g}); longer when a response carries Retry-After.",
            "    timeout: seconds in all.",
            "    on_poll: called with each result that is not yet terminal.",
        ]
        if self.delay:
            lines += ["", f"The first poll is made after {self.delay:g} s."]
        return "\n".join(lines)


def _states(criteria: tuple[Criterion, ...], each: bool, which: str) -> str:
    grouped = len(criteria) > 1
    text = " or ".join(f"({c.text})" if grouped and len(c.conditions) > 1 else c.text for c in criteria)
    return f"{which} has {text}" if each else text


def _shown(value: JsonValue) -> str:
    return value if isinstance(value, str) else json.dumps(value)
