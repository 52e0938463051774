"""``clientgen vendor``: take a provider's OpenAPI document from a docs page or the document
itself, and merge it into ``specs/KEY.yaml``.

read (:mod:`.fetch`) -> extract (:mod:`.extract`) -> validate -> merge (:mod:`.merge`) under the
header (:mod:`.header`) -> write atomically, or not at all. A spec whose only source is the one
being vendored is replaced by the document exactly as published; a spec with several sources is
merged into with a round trip that keeps its comments and key order.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from ..config import SPEC_SUFFIXES
from ..errors import GenerationError, Location, display_path, escape_pointer
from ..load.document import Document, _normalise, pointer_parts, value_in
from ..load.swagger2 import converted
from ..validate.openapi import defects
from .extract import Extracted, ExtractError, extract
from .fetch import Fetched, FetchError, read_source
from .header import Body, Header, SourceRecord, split_header
from .merge import Outcome, as_block, dump, first_difference, line_at, load_round_trip, merge, plain, yaml_round_trip
from .select import SelectionError, select

__all__ = ["ExtractError", "FetchError", "VendorError", "Vendored", "vendor"]

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


class VendorError(Exception):
    """Vendoring cannot go on; each problem says where, what and what to do. Nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Vendored:
    spec: Path
    record: SourceRecord
    changed: bool
    outcome: Outcome | None  # None when the spec is the source's document as published


def vendor(
    source: str,
    key: str,
    specs: Path,
    root: Path,
    today: str,
    operations: tuple[str, ...] = (),
    keep_existing: bool = False,
) -> Vendored:
    """``operations``: take only these operationIds and the components they reach (:mod:`.select`).
    ``keep_existing``: where the source defines a part differently from the spec, keep the spec's
    (after checking that what is taken means the same under the spec's OpenAPI version)."""
    if not _KEY.match(key):
        raise VendorError([f"--provider {key!r}: a provider key is snake_case: lower-case letters, digits and underscores"])
    spec = specs / f"{key}.yaml"
    others = [specs / f"{key}{suffix}" for suffix in SPEC_SUFFIXES if suffix != ".yaml"]
    clash = next((path for path in others if path.exists()), None)
    if clash is not None:
        raise VendorError([f"{display_path(clash)}: provider {key!r} already has this spec; vendor writes {spec.name}: remove or rename one"])
    fetched = read_source(source, root)
    extracted = extract(fetched)
    selected = _selected(fetched, extracted, operations) if operations else None
    _validate(fetched, extracted if selected is None else dataclasses.replace(extracted, data=plain(selected)))
    old_text = spec.read_text(encoding="utf-8") if spec.exists() else ""
    header, old_body = split_header(old_text) if old_text else (None, "")
    if old_text and header is None:
        raise VendorError(
            [
                f"{display_path(spec)}:1: error: this spec was not written by `clientgen vendor` (it has no vendor header), "
                "so it is left as it is\n    vendor into a new provider key, or move the file away first"
            ]
        )
    record = header.find(fetched.location, extracted.description) if header else None
    only_source = header is None or header.sources == (record,)
    body_kind: Body
    outcome: Outcome | None = None
    if only_source and selected is not None:
        body_kind, body = "selected", dump(yaml_round_trip(extracted.text), selected)
    elif only_source:
        body_kind, body = _as_published(extracted)
    else:
        assert header is not None
        refused = _swagger_refusals(spec, header, old_body, fetched, extracted)
        if refused:
            raise VendorError(refused)
        body_kind, (body, outcome) = "merged", _merged(
            spec, header, old_body, fetched, extracted, replace=record is not None, selected=selected, keep_existing=keep_existing
        )
    same_selection = record is not None and record.operations == tuple(dict.fromkeys(operations))
    taken = record.taken if record is not None and body == old_body and same_selection else today
    new_record = SourceRecord(extracted.description, fetched.location, taken, tuple(dict.fromkeys(operations)))
    new_header = header.with_source(new_record, body_kind) if header else Header(key, (new_record,), body_kind)
    text = new_header.render() + body
    changed = text != old_text
    if changed:
        _write_atomically(spec, text)
    return Vendored(spec, new_record, changed, outcome)


def _swagger(data: object) -> bool:
    return isinstance(data, dict) and "swagger" in data


def _swagger_refusals(spec: Path, header: Header, old_body: str, fetched: Fetched, extracted: Extracted) -> list[str]:
    """A Swagger 2.0 document does not merge with another source's: an error at the `swagger` line
    of each side that is one (the source's, the spec's), naming the other side."""
    try:
        tree = load_round_trip(old_body)
    except YAMLError:
        tree = None  # said by the merge
    sources = "; ".join(source.label() for source in header.sources)
    problems = []
    if _swagger(extracted.data):
        line = Document(Path(fetched.location), extracted.data, extracted.text).line_of("#/swagger")
        at = f":{line + extracted.first_line - 1}" if line else ""
        problems.append(
            f"{fetched.location}{at} #/swagger: error: a Swagger 2.0 document is vendored as it is, alone: it does not merge "
            f"with another source's\n    {display_path(spec)} is vendored from: {sources}\n    vendor it into a provider key of its own"
        )
    if _swagger(tree):
        line = line_at(tree, "#/swagger")
        at = f":{line + len(header.render().splitlines())}" if line else ""
        problems.append(
            f"{display_path(spec)}{at} #/swagger: error: this spec is a Swagger 2.0 document, vendored as it is, alone: "
            f"another source does not merge into it\n    vendored from: {sources}\n"
            f"    new source: {extracted.description} <{fetched.location}>\n    vendor the new source into a provider key of its own"
        )
    return problems


def _as_published(extracted: Extracted) -> tuple[Body, str]:
    if extracted.syntax == "json":
        return "converted", dump(yaml_round_trip(), as_block(extracted.data))
    text = extracted.text
    return "exact", text if text.endswith("\n") else text + "\n"


def _selected(fetched: Fetched, extracted: Extracted, operations: tuple[str, ...]) -> Any:
    tree = as_block(extracted.data) if extracted.syntax == "json" else load_round_trip(extracted.text)
    try:
        return select(tree, operations)
    except SelectionError as exc:
        raise VendorError([f"{fetched.location}: error: {exc}\n    name operations by their operationId: --operation ID"]) from None


def _merged(
    spec: Path,
    header: Header,
    old_body: str,
    fetched: Fetched,
    extracted: Extracted,
    *,
    replace: bool,
    selected: Any = None,
    keep_existing: bool = False,
) -> tuple[str, Outcome]:
    try:
        tree = load_round_trip(old_body)
    except YAMLError as exc:
        raise VendorError(
            [f"{display_path(spec)}: error: the vendored document is not YAML any more ({exc}); restore it from git"]
        ) from None
    if not isinstance(tree, CommentedMap):
        raise VendorError([f"{display_path(spec)}: error: the vendored document is not a mapping; restore it from git"])
    if selected is not None:
        incoming = selected
    else:
        incoming = as_block(extracted.data) if extracted.syntax == "json" else load_round_trip(extracted.text)
    outcome = merge(tree, incoming, replace=replace)
    if outcome.conflicts and keep_existing:  # merge left the spec's version of each conflicting part
        _check_meaning(tree, incoming, outcome, fetched, extracted, selected is not None)
        outcome.kept.extend(conflict.pointer for conflict in outcome.conflicts)
        outcome.conflicts.clear()
    if outcome.conflicts:
        offset = len(header.render().splitlines())
        others = "; ".join(source.label() for source in header.sources)
        # a selection is a new mapping: lines come from the whole source
        lines_from = load_round_trip(extracted.text) if selected is not None and extracted.syntax == "yaml" else incoming
        problems = []
        for conflict in outcome.conflicts:
            where = f"{display_path(spec)}:{conflict.line + offset}" if conflict.line else display_path(spec)
            below, old, new = first_difference(conflict.old, conflict.new)
            differs = f"at {conflict.pointer}{below}" if below else "here"
            missing = "(nothing)"
            source_line = line_at(lines_from, conflict.pointer) if extracted.syntax == "yaml" else None
            at = f":{source_line + extracted.first_line - 1}" if source_line else ""
            detail = (
                f"{differs} the spec has {_short(old) if old is not None else missing}, "
                f"the source {_short(new) if new is not None else missing}"
            )
            advice = (
                "if the provider changed it, re-vendor the sources above too (a source re-vendored replaces its own "
                "parts); if the two are different APIs, vendor them under different provider keys; to keep the spec's "
                "version of each conflicting part and take the rest of the source, add --keep-existing"
            )
            if conflict.pointer == "#/openapi":
                detail = f"the two are different OpenAPI versions: the spec is {old}, the source {new}"
                advice = (
                    f"to take the source's parts into the spec as OpenAPI {old}, add --keep-existing: the spec keeps "
                    f"its version (and its own version of any other conflicting part), and what the source adds is "
                    f"first checked to mean the same under {old}; or vendor the source under a provider key of its own"
                )
            problems.append(
                f"{where} {conflict.pointer}: error: the new source defines this differently from the vendored spec\n"
                f"    {detail}\n"
                f"    new source: {extracted.description} <{fetched.location}{at}>\n"
                f"    vendored from: {others}\n"
                f"    {advice}"
            )
        raise VendorError(problems)
    return dump(yaml_round_trip(old_body), tree), outcome


def _differs(version: str, keyword: str, value: Any) -> bool:
    """Whether a schema keyword written for OpenAPI ``version`` means something else in the other
    version: 3.0's ``nullable`` and boolean ``exclusiveMinimum``/``exclusiveMaximum`` in 3.1; 3.1's
    ``const``, ``prefixItems``, ``$defs``, numeric exclusive bounds and a list of types in 3.0."""
    if version == "3.0":
        return keyword == "nullable" or (keyword in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool))
    if keyword in ("exclusiveMinimum", "exclusiveMaximum"):
        return not isinstance(value, bool)
    return keyword in ("const", "prefixItems", "$defs") or (keyword == "type" and isinstance(value, list))


def _check_meaning(tree: Any, incoming: Any, outcome: Outcome, fetched: Fetched, extracted: Extracted, selection: bool) -> None:
    """With --keep-existing the spec's ``openapi`` version stays: every part the source adds must
    mean the same under it, or nothing is written."""
    kept, theirs = str(tree.get("openapi", ""))[:3], str(incoming.get("openapi", ""))[:3]
    if kept == theirs or theirs not in ("3.0", "3.1"):
        return
    problems = []
    lines_from: Any = None
    for pointer in outcome.added:
        for where, keyword, value in _keywords(value_in(incoming, pointer_parts(pointer)), pointer):
            if not _differs(theirs, keyword, value):
                continue
            where = f"{where}/{escape_pointer(keyword)}"
            if lines_from is None:  # a selection is a new mapping: lines come from the whole source
                lines_from = load_round_trip(extracted.text) if selection and extracted.syntax == "yaml" else incoming
            line = line_at(lines_from, where) if extracted.syntax == "yaml" else None
            at = f":{line + extracted.first_line - 1}" if line else ""
            problems.append(
                f"{fetched.location}{at} {where}: error: {keyword!r} is OpenAPI {theirs} syntax, which the spec's "
                f"openapi {tree.get('openapi')} (kept by --keep-existing) reads differently\n"
                f"    vendor this source under a provider key of its own, or without --keep-existing to see each difference"
            )
    if problems:
        raise VendorError(problems[:10])


def _keywords(node: Any, pointer: str) -> list[tuple[str, str, Any]]:
    """(pointer of the mapping, key, value) for every key under ``node``."""
    found: list[tuple[str, str, Any]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((pointer, str(key), value))
            found.extend(_keywords(value, f"{pointer}/{escape_pointer(str(key))}"))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_keywords(value, f"{pointer}/{index}"))
    return found


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def _validate(fetched: Fetched, extracted: Extracted) -> None:
    """The document must be valid Swagger 2.0 or OpenAPI 3.0, 3.1 or 3.2 (clientgen would generate from an invalid one,
    without the broken pieces, but a vendored spec should not have any); errors point into the source."""
    document = converted(Document(Path(fetched.location), _normalise(extracted.data), extracted.text))  # 2.0 is checked as read
    try:
        found = defects(document)  # a defect would cost a piece of the client: vendor only valid documents
        if found:
            raise GenerationError(found)
    except GenerationError as exc:
        problems = []
        for diagnostic in exc.diagnostics:
            location: Location = diagnostic.location
            line = f":{location.line + extracted.first_line - 1}" if location.line else ""
            hint = f"\n    {diagnostic.hint}" if diagnostic.hint else ""
            problems.append(f"{fetched.location}{line} {location.pointer}: error: {diagnostic.message}{hint}")
        raise VendorError(problems) from None


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.clientgen-new")
    try:
        staging.write_text(text, encoding="utf-8")
        os.replace(staging, path)
    finally:
        staging.unlink(missing_ok=True)


def describe(result: Vendored) -> str:
    """One line for the terminal: what happened to the spec."""
    what = f"{result.record.description} <{result.record.location}>"
    spec = display_path(result.spec)
    if not result.changed:
        return f"{spec}: unchanged; {what} is already vendored as it is now"
    if result.outcome is None and result.record.operations:
        return f"{spec}: vendored {what}: operations {', '.join(result.record.operations)} and the components they reach"
    if result.outcome is None:
        return f"{spec}: vendored {what}, as published"
    counts = dataclasses.asdict(result.outcome)
    parts = [f"{len(counts[name])} {label}" for name, label in (("added", "added"), ("replaced", "replaced"), ("identical", "already there"))]
    if result.outcome.kept:
        parts.append(f"{len(result.outcome.kept)} kept as the spec has them ({', '.join(result.outcome.kept)})")
    return f"{spec}: merged {what}: {', '.join(parts)}"
