"""``[tool.clientgen.providers.<key>]``: one provider's settings, read once into
:class:`ProviderSettings`.

```toml
[tool.clientgen.providers.nekt]
client_name = "NektClient"
allow_external_refs = false
strict = true

[tool.clientgen.providers.nekt.waiters.run]   # a sub-table per waiter: see waiters.py
operation = "v1_runs_retrieve"
success = [{ status = ["success"] }]
```

Every key is checked where it is written: an unknown key (with the known ones and the closest),
a value of the wrong type, a table for a provider that has no spec are refused at their
``pyproject.toml:LINE``. The stages read the typed fields (``provider.settings``), never the table.

A new key is one line in :class:`ProviderSettings`. One with a sub-table per operationId, as
``pagination`` (:mod:`.pagination`), reads like ``waiters``: its reader,
``read_pagination(table, key, value)``, checks ``value`` and reports what is wrong with
``table.below(key).error(path, message)``, located at its line (:mod:`.tables`). Values stay plain
(strings, numbers, tuples, frozen dataclasses): the settings are part of the run stamp.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .pagination import PaginationDeclaration, read_pagination
from .tables import Table, boolean, class_name, methods, optional_boolean, read_table, resources, setting
from .waiters import WaiterDeclaration, read_waiters


@dataclass(frozen=True)
class ProviderSettings:
    """The keys of a provider's table: each is one line here, ``name: type = setting(default,
    reader)`` (the reader checks a written value and reports a wrong one at its line)."""

    client_name: str | None = setting(None, class_name)  # the sync client's class; Async + it for the async one
    allow_external_refs: bool = setting(False, boolean)  # $refs outside the spec's folder are refused unless true
    strict: bool | None = setting(None, optional_boolean)  # None: the top-level `strict`
    waiters: tuple[WaiterDeclaration, ...] = setting((), read_waiters)  # [....waiters.<name>] sub-tables
    pagination: tuple[PaginationDeclaration, ...] = setting((), read_pagination)  # [....pagination.<operationId>]
    resources: str | None = setting(None, resources)  # "auto", "tags" or "flat"; None: the top-level `resources`
    methods: tuple[tuple[str, str], ...] = setting((), methods)  # [....methods] operationId = "group.method"


def read_provider(table: Table, values: Any) -> ProviderSettings:
    """The provider table at ``table``; errors go to its diagnostics (the defaults stand in)."""
    if not isinstance(values, dict):
        table.error((), f"{table.name} must be a table of settings, not {values!r}")
        return ProviderSettings()
    return read_table(ProviderSettings, table, values)
