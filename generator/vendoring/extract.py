"""Find the OpenAPI document in a source: the source itself (YAML or JSON), or the one fenced
block of a docs page in markdown form (an OpenAPI YAML block inside a ```` fence)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from ..load import guard
from .fetch import Fetched

_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[A-Za-z0-9_+-]*)[ \t]*(?P<info>.*?)[ \t]*$")
_TITLE = re.compile(r"^# +(?P<title>.+?)[ \t#]*$")
_INDEX = re.compile(r"(https?://[^\s)>\]]+/llms\.txt)")
DOCUMENT_LANGUAGES = frozenset({"yaml", "yml", "json", "openapi", ""})


class ExtractError(Exception):
    """No single OpenAPI document in the source; the message says what was found instead."""


@dataclass(frozen=True)
class Extracted:
    text: str  # the document exactly as published
    data: dict[str, Any]
    syntax: Literal["yaml", "json"]
    description: str  # what the header says the source is
    first_line: int  # the source line the document starts on, for error locations


def extract(source: Fetched) -> Extracted:
    document = _whole_document(source)
    if document is not None:
        data, syntax = document
        return Extracted(source.text, data, syntax, _document_description(data), 1)
    return _page_block(source)


def _whole_document(source: Fetched) -> tuple[dict[str, Any], Literal["yaml", "json"]] | None:
    data, syntax = parse(source.text, source.location)
    if isinstance(data, dict) and ("openapi" in data or "swagger" in data):
        return data, syntax
    return None


def parse(text: str, location: str, first_line: int = 1) -> tuple[Any, Literal["yaml", "json"]]:
    """Plain data of a YAML or JSON text, or ``None`` when it is neither. Text past the generator's
    limits (depth, alias expansion, number length) is refused before it is parsed: ``location``
    and ``first_line`` (of the text in its source) say where."""
    if text.lstrip().startswith("{"):
        _refuse(guard.check_json(text), location, first_line)
        try:
            return json.loads(text), "json"
        except ValueError:
            pass
    _refuse(guard.check_yaml(text), location, first_line)
    try:
        return YAML(typ="safe").load(text), "yaml"
    except YAMLError:
        return None, "yaml"


def _refuse(refusal: guard.Refusal | None, location: str, first_line: int) -> None:
    if refusal is not None:
        line = f":{first_line - 1 + refusal.line}" if refusal.line else ""
        raise ExtractError(f"{location}{line} {refusal.pointer}: {refusal.message}; {refusal.hint}")


@dataclass(frozen=True)
class _Block:
    lang: str
    info: str
    text: str
    first_line: int


def _blocks(text: str) -> list[_Block]:
    """Fenced blocks at the left margin; a fence closes on a line of at least as many of its marks."""
    lines = text.splitlines(keepends=True)
    blocks: list[_Block] = []
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index].rstrip("\r\n"))
        if not match:
            index += 1
            continue
        fence = match["fence"]
        end = index + 1
        while end < len(lines) and not _closes(lines[end], fence):
            end += 1
        blocks.append(_Block(match["lang"].lower(), match["info"], "".join(lines[index + 1 : end]), index + 2))
        index = end + 1
    return blocks


def _closes(line: str, fence: str) -> bool:
    stripped = line.rstrip("\r\n").rstrip()
    return len(stripped) >= len(fence) and set(stripped) == {fence[0]}


def _page_block(source: Fetched) -> Extracted:
    candidates = []
    for block in _blocks(source.text):
        if block.lang not in DOCUMENT_LANGUAGES:
            continue
        data, syntax = parse(block.text, source.location, block.first_line)
        if isinstance(data, dict) and ("openapi" in data or "swagger" in data):
            candidates.append((block, data, syntax))
    if not candidates:
        raise ExtractError(
            f"{source.location}: neither an OpenAPI document nor a docs page with an OpenAPI block; "
            "vendor the page's markdown form (its ```yaml block holds the document) or the OpenAPI document itself"
        )
    if len(candidates) > 1:
        lines = ", ".join(str(block.first_line - 1) for block, _, _ in candidates)
        raise ExtractError(
            f"{source.location}: {len(candidates)} OpenAPI blocks (at lines {lines}); a docs page holds one endpoint's "
            "document: vendor each page on its own"
        )
    block, data, syntax = candidates[0]
    return Extracted(block.text, data, syntax, _page_description(source, block), block.first_line)


def _page_description(source: Fetched, block: _Block) -> str:
    title = next((m["title"] for m in map(_TITLE.match, _prose(source.text)) if m), "")
    index = _INDEX.search(source.text)
    host = urlsplit(index.group(1)).hostname if index else source.host
    parts = ["docs page"]
    if title:
        parts.append(_quoted(title))
    if host:
        parts.append(f"({host})")
    text = " ".join(parts)
    return f"{text}, OpenAPI block {_quoted(block.info)}" if block.info else text


def _prose(text: str) -> list[str]:
    """The page's lines outside fenced blocks."""
    result: list[str] = []
    fence = ""
    for line in text.splitlines():
        if fence:
            if _closes(line, fence):
                fence = ""
            continue
        match = _FENCE.match(line)
        if match:
            fence = match["fence"]
            continue
        result.append(line)
    return result


def _document_description(data: dict[str, Any]) -> str:
    info: dict[str, Any] = data["info"] if isinstance(data.get("info"), dict) else {}
    title = info.get("title")
    version = info.get("version")
    text = "OpenAPI document"
    if isinstance(title, str) and title.strip():
        text += " " + _quoted(title)
    if version is not None:
        text += f" version {_one_line(str(version))}"
    return text


def _quoted(text: str) -> str:
    return '"' + _one_line(text).replace('"', "'") + '"'


def _one_line(text: str) -> str:
    return " ".join(text.split()).replace("<", "(").replace(">", ")")
