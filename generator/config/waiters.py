"""Waiter declarations: ``[tool.clientgen.providers.<key>.waiters.<name>]`` in pyproject.toml.

```toml
[tool.clientgen.providers.algolia_ingestion.waiters.run]
operation = "getRun"                 # an operationId of that spec
success = [{ status = ["finished"], outcome = ["success"] }, { status = ["skipped"] }]
failure = [{ status = ["finished"], outcome = ["failure"] }]
interval = 5                         # seconds between polls (default 5)
timeout = 3600                       # seconds in all (default 3600)
```

This module checks the shape of each declaration and keeps where each piece was written
(``pyproject.toml:line`` and a JSON pointer into the settings); whether the operation and the
fields exist is for the builder to check against the spec (:mod:`generator.builder.waiters`).
The values are plain (strings and numbers), so the settings stay part of the run's stamp.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .tables import Place, Table, TableReader, closest, sub_tables

__all__ = ["Condition", "Place", "WaiterDeclaration", "read_waiters"]

DEFAULT_INTERVAL = 5.0
DEFAULT_TIMEOUT = 3600.0
KNOWN_KEYS = ("operation", "success", "failure", "interval", "timeout")
Scalar = str | int | float | bool


@dataclass(frozen=True)
class Condition:
    path: str  # wire names, dotted for nested fields
    values: tuple[Scalar, ...]
    place: Place


@dataclass(frozen=True)
class WaiterDeclaration:
    name: str  # the method is wait_for_<name>
    operation: str  # an operationId
    success: tuple[tuple[Condition, ...], ...]  # any criterion; each holds when all its conditions do
    failure: tuple[tuple[Condition, ...], ...]
    place: Place
    interval: float = DEFAULT_INTERVAL
    timeout: float = DEFAULT_TIMEOUT
    delay: float = 0.0  # before the first poll (x-speakeasy-polling's delaySeconds)
    operation_place: Place | None = None  # where the operation is named, if not at ``place``


def read_waiters(provider: Table, key: str, waiters: Any) -> tuple[WaiterDeclaration, ...]:
    """The ``waiters`` table of a provider's table; shape errors go to the table's diagnostics."""
    reader = _Reader(provider.below(key))
    return sub_tables(reader, waiters, "must be a table of waiters: [tool.clientgen.providers.<key>.waiters.<name>]", reader.waiter)


class _Reader(TableReader):
    def waiter(self, name: str, table: Any) -> WaiterDeclaration | None:
        errors = len(self.diagnostics.errors)
        if not isinstance(table, dict):
            self.error((name,), f"waiter {name!r} must be a table with operation, success, failure, interval and timeout")
            return None
        for unknown in sorted(set(table) - set(KNOWN_KEYS)):
            self.error(
                (name, unknown), f"unknown key {unknown!r} in waiter {name!r}{closest(unknown, KNOWN_KEYS)}", f"known keys: {', '.join(KNOWN_KEYS)}"
            )
        operation = table.get("operation")
        if not isinstance(operation, str) or not operation.strip():
            self.error(
                (name, "operation") if "operation" in table else (name,), f'waiter {name!r} needs operation = "<operationId>"'
            )
        if "success" not in table:
            self.error((name,), f"waiter {name!r} needs success = [{{ <field> = [<value>, ...] }}, ...]")
        success = self.criteria(name, "success", table.get("success", []), required=True)
        failure = self.criteria(name, "failure", table.get("failure", []), required=False)
        interval = self.seconds(name, "interval", table.get("interval", DEFAULT_INTERVAL))
        timeout = self.seconds(name, "timeout", table.get("timeout", DEFAULT_TIMEOUT))
        if len(self.diagnostics.errors) > errors:
            return None
        place = self.place((name,))
        return WaiterDeclaration(
            name, str(operation), success, failure, place, interval, timeout, 0.0, self.place((name, "operation"))
        )

    def criteria(self, name: str, key: str, value: Any, *, required: bool) -> tuple[tuple[Condition, ...], ...]:
        path: tuple[str | int, ...] = (name, key)
        if not isinstance(value, list) or (required and not value):
            self.error(path, f'{key} of waiter {name!r} must be a list of states, like [{{ status = ["done"] }}]')
            return ()
        result = []
        for index, criterion in enumerate(value):
            if not isinstance(criterion, dict) or not criterion:
                self.error(
                    (*path, index),
                    f'each {key} state of waiter {name!r} must be a table of fields and their values, like {{ status = ["done"] }}',
                )
                continue
            result.append(tuple(self.conditions((*path, index), criterion, "")))
        return tuple(result)

    def conditions(self, path: tuple[str | int, ...], table: dict[str, Any], prefix: str) -> list[Condition]:
        """``{ status = [...] }``, ``{ "progress.done" = [...] }`` and ``{ progress.done = [...] }`` alike."""
        result: list[Condition] = []
        for field, values in table.items():
            if isinstance(values, dict):  # a dotted key written without quotes
                result.extend(self.conditions((*path, field), values, prefix + field + "."))
                continue
            ok = isinstance(values, list) and values and all(isinstance(v, (str, int, float, bool)) for v in values)
            if not ok:
                self.error((*path, field), f'{prefix + field} must be a list of values, like ["done"] or [1, 2]')
                continue
            result.append(Condition(prefix + field, tuple(values), self.place((*path, field))))
        return result

    def seconds(self, name: str, key: str, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0 or value == float("inf"):
            self.error((name, key), f"{key} of waiter {name!r} must be a number of seconds more than 0, not {value!r}")
            return 1.0
        return float(value)
