"""Reading a table of pyproject.toml with every problem located: ``pyproject.toml:LINE`` and a
JSON pointer into the settings (``#/tool/clientgen/providers/nekt/client_name``).

A :class:`Table` is where a reader stands (the file, the line of every key, the path of the
table); its errors go to the run's :class:`~generator.errors.Diagnostics`, so that all of them
are reported together. :func:`setting` declares one key of a settings dataclass: its default and
the function that reads and checks its value (:data:`Read`), which :func:`read_table` calls for
each key written.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..errors import Diagnostics, Location, escape_pointer
from .toml_lines import line_of

T = TypeVar("T")
KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Place:
    """Where a setting (or a piece of one) was written, in plain values."""

    file: str
    pointer: str
    line: int | None = None

    def location(self) -> Location:
        return Location(Path(self.file), self.pointer, self.line)


class Table:
    """The table at ``path`` of the pyproject.toml ``file`` being read."""

    def __init__(self, file: Path, lines: dict[KeyPath, int], path: KeyPath, diagnostics: Diagnostics) -> None:
        self.file, self.lines, self.path, self.diagnostics = file, lines, path, diagnostics

    @property
    def name(self) -> str:
        """``[tool.clientgen.providers.nekt]``, as the table is written."""
        return "[" + ".".join(str(p) for p in self.path) + "]"

    def place(self, *path: str | int) -> Place:
        full = (*self.path, *path)
        return Place(str(self.file), "#/" + "/".join(escape_pointer(str(p)) for p in full), line_of(self.lines, full))

    def error(self, path: KeyPath, message: str, hint: str = "") -> None:
        self.diagnostics.error(message, self.place(*path).location(), hint)

    def below(self, *path: str | int) -> Table:
        return Table(self.file, self.lines, (*self.path, *path), self.diagnostics)


class TableReader:
    """A reader of one sub-table of settings: its places and errors are the table's."""

    def __init__(self, table: Table) -> None:
        self.table, self.diagnostics = table, table.diagnostics

    def place(self, path: KeyPath) -> Place:
        return self.table.place(*path)

    def error(self, path: KeyPath, message: str, hint: str = "") -> None:
        self.table.error(path, message, hint)


def sub_tables(reader: TableReader, value: Any, not_a_table: str, read_one: Callable[[str, Any], T | None]) -> tuple[T, ...]:
    """A table of named sub-tables (``waiters.<name>``, ``pagination.<operationId>``), each read by
    ``read_one``; what is not a table is ``not_a_table``, at the table's line."""
    if not isinstance(value, dict):
        reader.error((), not_a_table)
        return ()
    found = [read_one(name, item) for name, item in value.items()]
    return tuple(d for d in found if d is not None)


def setting(default: T, read: Callable[[Table, str, Any], T]) -> T:
    """One key of a settings dataclass: ``name: type = setting(default, reader)``. The reader gets
    the table, the key and the value written; it returns the checked value, or reports an error
    with ``table.error`` (the key then keeps its default)."""
    return dataclasses.field(default=default, metadata={"read": read})


def keys_of(settings: type[Any]) -> tuple[str, ...]:
    """The keys a settings dataclass declares with :func:`setting`, in order."""
    return tuple(f.name for f in dataclasses.fields(settings) if "read" in f.metadata)


def read_table(settings: type[T], table: Table, values: dict[str, Any]) -> T:
    """``values`` read into the dataclass ``settings``; an unknown key or a wrong value is an error
    at its line, and the key keeps its default."""
    fields = {f.name: f for f in dataclasses.fields(settings) if "read" in f.metadata}  # type: ignore[arg-type]
    read: dict[str, Any] = {}
    for key, value in values.items():
        if key not in fields:
            unknown(table, key, tuple(fields))
            continue
        errors = len(table.diagnostics.errors)
        checked = fields[key].metadata["read"](table, key, value)
        if len(table.diagnostics.errors) == errors:
            read[key] = checked
    return settings(**read)


def unknown(table: Table, key: str, known: tuple[str, ...]) -> None:
    """The error for a key ``table`` does not have: the known keys, and the closest one."""
    table.error((key,), f"unknown key {key!r} in {table.name}{closest(key, known)}", f"known keys: {', '.join(sorted(known))}")


def closest(word: str, choices: tuple[str, ...] | list[str], before: str = "; ", after: str = "") -> str:
    """``; did you mean 'client_name'?`` (between ``before`` and ``after``) for the choice most
    like ``word``; nothing when none is like it."""
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"{before}did you mean {match[0]!r}?{after}" if match else ""


# --- readers of one value -----------------------------------------------------------------------


def boolean(table: Table, key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        table.error((key,), f"{key} in {table.name} must be true or false, not {value!r}")
    return value is True


def optional_boolean(table: Table, key: str, value: Any) -> bool | None:
    return boolean(table, key, value)


# ``resources``: how a provider's operations are laid out (see generator/builder/keywords.py).
RESOURCES = ("auto", "tags", "flat")


def resources(table: Table, key: str, value: Any) -> str | None:
    if value not in RESOURCES:
        table.error((key,), f"{key} in {table.name} must be one of {', '.join(map(repr, RESOURCES))}, not {value!r}")
        return None
    return str(value)


def methods(table: Table, key: str, value: Any) -> tuple[tuple[str, str], ...]:
    """``[....methods]``: ``operationId = "group.method"`` (more dots nest groups)."""
    if not isinstance(value, dict):
        table.error((key,), f'{key} in {table.name} must be a table: operationId = "group.method"')
        return ()
    result: list[tuple[str, str]] = []
    for operation_id, target in value.items():
        if not isinstance(target, str) or "." not in target or not all(part.strip().isidentifier() for part in target.split(".")):
            table.error((key, operation_id), f'{key}.{operation_id} in {table.name} must be "group.method" (dotted Python names), not {target!r}')
            continue
        result.append((operation_id, target))
    return tuple(result)


def class_name(table: Table, key: str, value: Any) -> str | None:
    import keyword

    if not isinstance(value, str) or not value.isidentifier() or keyword.iskeyword(value):
        table.error((key,), f'{key} in {table.name} must be a Python class name, like "NektClient", not {value!r}')
        return None
    return value
