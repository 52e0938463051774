"""Pagination declarations: ``[tool.clientgen.providers.<key>.pagination.<operationId>]``.

```toml
[tool.clientgen.providers.algolia_ingestion.pagination.listRuns]
items = "$.runs"                   # where a page's items are in the response body ($ is the body)
page = { param = "page", size = "itemsPerPage", pages = "$.pagination.nbPages" }
```

Exactly one paging style an operation:

- ``cursor = { param = "after", next = "$.last_id", has_more = "$.has_more" }`` (``has_more`` optional;
  ``next`` may point into the items: ``"$.data[-1].id"``)
- ``offset = { param = "offset", limit = "limit", total = "$.total" }`` (``limit``, ``total`` optional)
- ``page = { param = "page", size = "...", pages = "$...." }`` (``size``, ``pages`` optional; ``start``,
  the first page's number, 1 unless set)
- ``next_url = "$.next_page_uri"``, or ``next_url = "header:Link"`` (RFC 8288 ``rel="next"``)

This module checks the shape of each declaration and keeps where each piece was written; whether
the operation, its parameters and the response paths exist is for the builder to check against the
spec (:mod:`generator.builder.pagination`). Values stay plain, so the settings stay part of the
run's stamp.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from .tables import Place, Table, TableReader, sub_tables

Style = Literal["cursor", "offset", "page", "next_url"]
STYLES: tuple[Style, ...] = ("cursor", "offset", "page", "next_url")
LINK_HEADER = "header:Link"
# each style's keys: (the parameters it names, the response paths it names, required keys)
STYLE_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "cursor": (("param",), ("next", "has_more"), ("param", "next")),
    "offset": (("param", "limit"), ("total",), ("param",)),
    "page": (("param", "size"), ("pages",), ("param",)),
}
EXAMPLES = {
    "cursor": 'cursor = { param = "after", next = "$.last_id", has_more = "$.has_more" }',
    "offset": 'offset = { param = "offset", limit = "limit", total = "$.total" }',
    "page": 'page = { param = "page", size = "per_page", pages = "$.total_pages" }',
    "next_url": 'next_url = "$.next" or next_url = "header:Link"',
}
_PATH = re.compile(r"^\$(?:\.[^.\[\]\s]+|\[-?\d+\])*$")


def path_error(value: object) -> str | None:
    """Why ``value`` is not a response path (``$``, dotted names, ``[0]``, ``[-1]``); None if it is."""
    if not isinstance(value, str) or not _PATH.match(value):
        return f"{value!r} is not a response path: write $ for the body, then .name, [0] or [-1], like \"$.data[-1].id\""
    return None


@dataclass(frozen=True)
class PaginationDeclaration:
    operation: str  # an operationId
    style: Style
    items: str  # a response path
    param: str = ""  # the query parameter that moves on
    next: str = ""  # cursor: the next cursor's path; next_url: its path or "header:Link"
    has_more: str = ""  # cursor: a boolean's path
    limit: str = ""  # offset: limit; page: size (a query parameter)
    total: str = ""  # offset: total; page: pages (a response path)
    start: int = 1  # page: the first page's number
    place: Place = field(default_factory=lambda: Place("", ""))
    places: tuple[tuple[str, Place], ...] = ()  # where each key was written: ("items", ...), ("param", ...)

    def place_of(self, key: str) -> Place:
        return dict(self.places).get(key, self.place)


def read_pagination(provider: Table, key: str, declared: Any) -> tuple[PaginationDeclaration, ...]:
    """The ``pagination`` table of a provider's table; shape errors go to the table's diagnostics."""
    reader = _Reader(provider.below(key))
    message = "pagination must be a table of operations: [tool.clientgen.providers.<key>.pagination.<operationId>]"
    return sub_tables(reader, declared, message, reader.declaration)


class _Reader(TableReader):
    def declaration(self, operation: str, table: Any) -> PaginationDeclaration | None:
        errors = len(self.diagnostics.errors)
        label = f"pagination of {operation!r}"
        if not isinstance(table, dict):
            self.error((operation,), f"{label} must be a table with items and one paging style ({', '.join(STYLES)})")
            return None
        known = ("items", *STYLES)
        for unknown in sorted(set(table) - set(known)):
            self.error((operation, unknown), f"unknown key {unknown!r} in {label}", f"known keys: {', '.join(known)}")
        places: dict[str, Place] = {}
        items = table.get("items")
        if "items" not in table:
            self.error((operation,), f'{label} needs items = "<path of the items in the response>", like items = "$.data"')
        elif (problem := path_error(items)) is not None:
            self.error((operation, "items"), f"{label}: items: {problem}")
        places["items"] = self.place((operation, "items"))
        styles = [style for style in STYLES if style in table]
        if len(styles) != 1:
            which = "none" if not styles else " and ".join(styles)
            self.error(
                (operation, styles[1]) if len(styles) > 1 else (operation,),
                f"{label} needs exactly one paging style, not {which}",
                "one of: " + "; ".join(EXAMPLES.values()),
            )
            return None
        style = styles[0]
        values: dict[str, Any] = {}
        if style == "next_url":
            value = table["next_url"]
            places["next"] = self.place((operation, "next_url"))
            if not isinstance(value, str) or (value.lower() != LINK_HEADER.lower() and path_error(value) is not None):
                self.error(
                    (operation, "next_url"),
                    f'{label}: next_url is {value!r}: write a response path like "$.next" or "{LINK_HEADER}"',
                )
            else:
                values["next"] = LINK_HEADER if value.lower() == LINK_HEADER.lower() else value
        else:
            values.update(self.style(operation, label, style, table[style], places))
        if len(self.diagnostics.errors) > errors:
            return None
        return PaginationDeclaration(
            operation,
            style,
            str(items),
            place=self.place((operation,)),
            places=tuple(sorted(places.items())),
            **values,
        )

    def style(self, operation: str, label: str, style: str, value: Any, places: dict[str, Place]) -> dict[str, Any]:
        parameters, paths, required = STYLE_KEYS[style]
        allowed = (*parameters, *paths, *(("start",) if style == "page" else ()))
        where = (operation, style)
        if not isinstance(value, dict):
            self.error(where, f"{label}: {style} must be a table, like {EXAMPLES[style]}")
            return {}
        for unknown in sorted(set(value) - set(allowed)):
            self.error((*where, unknown), f"unknown key {unknown!r} in {style} of {label}", f"known keys: {', '.join(allowed)}")
        for key in required:
            if key not in value:
                self.error(where, f"{label}: {style} needs {key}", f"like {EXAMPLES[style]}")
        # the IR's names: offset's limit and page's size are both "limit"; total and pages "total"
        rename = {"size": "limit", "pages": "total"}
        result: dict[str, Any] = {}
        for key in (*parameters, *paths):
            if key not in value:
                continue
            places[rename.get(key, key)] = self.place((*where, key))
            text = value[key]
            if key in parameters and (not isinstance(text, str) or not text.strip()):
                self.error((*where, key), f"{label}: {style}.{key} must name a query parameter of the operation, not {text!r}")
            elif key in paths and (problem := path_error(text)) is not None:
                self.error((*where, key), f"{label}: {style}.{key}: {problem}")
            else:
                result[rename.get(key, key)] = text
        if "start" in value:
            start = value["start"]
            if isinstance(start, bool) or not isinstance(start, int) or start < 0:
                self.error((*where, "start"), f"{label}: page.start must be the first page's number (0 or more), not {start!r}")
            else:
                result["start"] = start
        return result
