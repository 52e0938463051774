"""The comment header of a vendored spec: which provider, every source and the day it was taken.

    # Vendored OpenAPI document for provider "nekt", written by `clientgen vendor`.
    # Source: docs page "Get Run" (docs.nekt.com), OpenAPI block "GET /api/v1/runs/{id}/", from <https://docs.nekt.com/api-reference/runs/get-run.md>, taken 2026-11-23.
    # The document below is exactly as published; re-vendor rather than edit it: clientgen vendor SOURCE --provider nekt

One ``Source:`` line per source, in the order they were first vendored. Headers written before
sources had locations (no ``from <...>``) are read too; their sources are matched by description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

_FIRST = re.compile(r'^# Vendored OpenAPI document for provider "(?P<key>[^"]+)"(?:\.|, written by `clientgen vendor`\.)$')
_SOURCE = re.compile(
    r"^# Source: (?P<description>.+?)(?:, operations (?P<operations>[^\s,<>]+(?: [^\s,<>]+)*))?"
    r"(?:, from <(?P<location>[^>]*)>)?, taken (?P<taken>\d{4}-\d{2}-\d{2})\.$"
)
_LAST = "# The document below "

Body = Literal["exact", "converted", "merged", "selected"]
_BODY_TEXT: dict[Body, str] = {
    "exact": "is exactly as published",
    "converted": "is as published, converted from JSON to YAML",
    "merged": "merges what the sources publish",
    "selected": "is what the source publishes for the operations it lists, with the components they reach",
}


@dataclass(frozen=True)
class SourceRecord:
    description: str  # docs page "Get Run" (docs.nekt.com), OpenAPI block "GET /api/v1/runs/{id}/"
    location: str  # the URL or the path relative to the project root; "" in older headers
    taken: str  # YYYY-MM-DD
    operations: tuple[str, ...] = ()  # only these operationIds were taken (--operation); () for all

    def line(self) -> str:
        where = f", from <{self.location}>" if self.location else ""
        only = f", operations {' '.join(self.operations)}" if self.operations else ""
        return f"# Source: {self.description}{only}{where}, taken {self.taken}."

    def label(self) -> str:
        return f"{self.description} <{self.location}>" if self.location else self.description

    def same_source(self, location: str, description: str) -> bool:
        """The same source: the same location, or an older record of the same page without one."""
        return self.location == location if self.location else self.description == description


@dataclass(frozen=True)
class Header:
    key: str
    sources: tuple[SourceRecord, ...]
    body: Body

    def render(self) -> str:
        lines = [f'# Vendored OpenAPI document for provider "{self.key}", written by `clientgen vendor`.']
        lines.extend(source.line() for source in self.sources)
        lines.append(
            f"{_LAST}{_BODY_TEXT[self.body]}; re-vendor rather than edit it: clientgen vendor SOURCE --provider {self.key}"
        )
        return "\n".join(lines) + "\n"

    def find(self, location: str, description: str) -> SourceRecord | None:
        return next((s for s in self.sources if s.same_source(location, description)), None)

    def with_source(self, record: SourceRecord, body: Body) -> Header:
        """This header with ``record`` replacing the same source's record, or added last."""
        sources = list(self.sources)
        for index, existing in enumerate(sources):
            if existing.same_source(record.location, record.description):
                sources[index] = record
                break
        else:
            sources.append(record)
        return replace(self, sources=tuple(sources), body=body)


def split_header(text: str) -> tuple[Header | None, str]:
    """The vendor header of a spec and the document below it; ``None`` when the file has none."""
    lines = text.splitlines(keepends=True)
    first = _FIRST.match(lines[0].rstrip("\r\n")) if lines else None
    if first is None:
        return None, text
    sources: list[SourceRecord] = []
    index = 1
    while index < len(lines):
        match = _SOURCE.match(lines[index].rstrip("\r\n"))
        if match is None:
            break
        operations = tuple((match["operations"] or "").split())
        sources.append(SourceRecord(match["description"], match["location"] or "", match["taken"], operations))
        index += 1
    if index >= len(lines) or not lines[index].startswith(_LAST) or not sources:
        return None, text
    last = lines[index]
    body: Body = next((kind for kind, words in _BODY_TEXT.items() if last.startswith(_LAST + words)), "merged")
    return Header(first["key"], tuple(sources), body), "".join(lines[index + 1 :])
