"""Paging: a list operation whose method returns a page that fetches the next ones by itself.

The facts the runtime's ``Paging`` needs (see templates/runtime/_pagination.py): the style, where
the items are (a response path over wire names), the query parameter that moves on, the response
paths the style reads, and the items' type, which the method's annotation names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .types import TypeRef

PagingStyle = Literal["cursor", "offset", "page", "next_url"]


@dataclass(frozen=True)
class Paging:
    style: PagingStyle
    items: str  # "$.runs": where a page's items are in the response body
    item_type: TypeRef  # the type of one item
    param: str = ""  # the query parameter (wire name) that moves on: cursor, offset or page number
    next: str = ""  # cursor: the next cursor's path; next_url: its path, or "header:Link"
    has_more: str = ""  # cursor: the path of a boolean that says whether there is more
    limit: str = ""  # offset: the limit parameter; page: the page size parameter (wire names)
    total: str = ""  # offset: the path of the item count; page: of the page count
    start: int = 1  # page: the first page's number
    declared_in: str = "pyproject.toml"  # or the spec extension it was read from

    @property
    def arguments(self) -> tuple[tuple[str, str | int], ...]:
        """The runtime ``Paging``'s keyword arguments besides the endpoint, without defaults."""
        values: tuple[tuple[str, str | int], ...] = (
            ("style", self.style),
            ("items", self.items),
            ("param", self.param),
            ("next", self.next),
            ("has_more", self.has_more),
            ("limit", self.limit),
            ("total", self.total),
        )
        kept = tuple((key, value) for key, value in values if value)
        return kept + ((("start", self.start),) if self.style == "page" and self.start != 1 else ())

    @property
    def summary(self) -> str:
        """How it moves on, for docs: ``the page number in `page```."""
        if self.style == "next_url":
            return "the next URL in the Link header" if self.next.lower() == "header:link" else f"the next URL at {self.next}"
        what = {"cursor": f"the cursor from {self.next}", "offset": "the offset", "page": "the page number"}[self.style]
        return f"{what} in `{self.param}`"
