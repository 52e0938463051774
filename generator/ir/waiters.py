"""Waiters: a generated ``wait_for_<name>`` method that polls an operation until its result
reaches a success state (returned) or a failure state (raised)."""

from __future__ import annotations

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
    def success_table(self) -> tuple[dict[str, tuple[JsonValue, ...]], ...]:
        return tuple(c.table for c in self.success)

    @property
    def failure_table(self) -> tuple[dict[str, tuple[JsonValue, ...]], ...]:
        return tuple(c.table for c in self.failure)
