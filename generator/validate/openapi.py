"""Stage 2, validate: the document must be OpenAPI 3.0.x or 3.1.x by openapi-pydantic's models,
or OpenAPI 3.2.x by the official 3.2 schema (:mod:`.official`; openapi-pydantic has no 3.2 models).

pydantic reports every branch it tried of every union (``Reference`` or ``Schema``, a type or a
list of types); this module folds that into one short, located message per wrong node.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import Diagnostic, Diagnostics, GenerationError, Level, Location, escape_pointer
from ..load.document import Document, Graft, load
from . import degrade, tolerance
from .models import models, tags

_INVALID = "not valid OpenAPI"
_INVALID_2 = "not valid Swagger 2.0"
_VERSION = re.compile(r"^3\.(0|1|2)\.\d+")


def check_version(document: Document) -> str:
    """``"3.0"``, ``"3.1"`` or ``"3.2"``; anything else is refused with what to do instead. A Swagger
    2.0 document reaches here converted to 3.0 (:mod:`generator.load.swagger2`)."""
    data = document.data
    location = Location(document.path, "#")
    if not isinstance(data, dict):
        raise _fail(document, location, "the document is not a mapping", "an OpenAPI document is an object with an `openapi` key")
    if "swagger" in data:  # not 2.0, or it would have been read as 3.0 (:mod:`generator.load.swagger2`)
        raise _fail(
            document,
            location.child("swagger"),
            f"Swagger {data['swagger']!r} documents are not supported",
            "clientgen reads Swagger 2.0 (`swagger: \"2.0\"`) and OpenAPI 3.0, 3.1 and 3.2 documents",
        )
    version = data.get("openapi")
    if version is None:
        raise _fail(
            document,
            location,
            "no `openapi` version field: this is not an OpenAPI document (a JSON Schema, or a fragment other documents refer to?)",
            "generate from the document that refers to it; if it is an OpenAPI document, add `openapi: 3.1.0` (or its 3.0.x version)",
        )
    match = _VERSION.match(str(version))
    if not match:
        raise _fail(
            document,
            location.child("openapi"),
            f"OpenAPI version {version!r} is not supported",
            "clientgen reads Swagger 2.0 and OpenAPI 3.0.x, 3.1.x and 3.2.x documents",
        )
    return f"3.{match.group(1)}"


def validate(
    document: Document,
    diagnostics: Diagnostics | None = None,
    *,
    allow_external_refs: bool = False,
    load: Callable[[Path], Document] = load,
) -> Document:
    """The document as the builder should read it. Only what is not an OpenAPI 3.0/3.1 document at
    all is refused (:func:`check_version`); a wrong node costs the smallest piece that holds it
    (:mod:`.degrade`), forgivable deviations read as they are (:mod:`.tolerance`), and a ``$ref``
    where OpenAPI defines none is resolved as bundlers do - each with a located warning. Files
    such a ``$ref`` names are read with ``load``."""
    version = check_version(document)
    found = diagnostics if diagnostics is not None else Diagnostics()
    settled: list[str] = []
    if type(document) is not Document:  # Swagger 2.0 (a Converted document): its own schema first, then the 3.0 it was read as
        document, settled = _swagger2(document, found)
    problems = [(p, m) for p, m in problems_in(document.data, version) if not tolerance.explained_by(p, settled)]
    if not problems:
        return document
    data, grafts = _refs_anywhere(document, problems, found, allow_external_refs, load)
    if data is not document.data:
        document = dataclasses.replace(document, data=data, grafts=grafts)  # located in the files they came from
        problems = problems_in(data, version)
    in_31 = problems_in({**data, "openapi": "3.1.0"}, "3.1") if version == "3.0" and problems else []
    unforgiven_31 = [p for p, m in in_31 if tolerance.forgive(tolerance.Problem(p, m, tolerance.value_at(data, p)), "3.1") is None]
    pruned = degrade.Pruned(data)
    cuts: list[degrade.Cut] = []
    for pointer, message in problems:
        location = document.locate(Location(document.path, pointer))
        value = tolerance.value_at(data, pointer)
        text = tolerance.forgive(tolerance.Problem(pointer, message, value), version)
        hint = ""
        if text is None and version == "3.0" and not tolerance.explained_by(pointer, unforgiven_31):
            text, hint = tolerance.newer_syntax(pointer, message, value)
        if text is None:
            cut = degrade.piece(pointer, data)
            cuts.append(cut)
            if cut.skipped:
                found.skip(cut.skipped, f"{_INVALID} {version}: {message}", location, "fix the document at that place")
            else:
                found.warning(f"{_INVALID} {version}: {cut.problem or message}; {cut.consequence}", location, "fix the document at that place")
        elif text:
            found.warning(text, location, hint)
    for cut in sorted(cuts, key=lambda c: degrade.order(c.pointer), reverse=True):
        pruned.cut(cut)
    return dataclasses.replace(document, data=pruned.data) if cuts or data is not document.data else document


def _swagger2(document: Document, found: Diagnostics) -> tuple[Document, list[str]]:
    """The converted document without the pieces that hold a defect by the official Swagger 2.0
    schema, each a located warning at the 2.0 document's own line and pointer; and the converted
    pointers of those pieces (what validating the 3.0 form finds there is said already)."""
    from ..load.swagger2 import Converted  # here: a 3.x run never imports it
    from . import official

    if not isinstance(document, Converted):
        return document, []
    for pointer, message in document.notes:
        found.warning(message, Location(document.path, pointer, document.line_in_source(pointer)))
    problems = official.problems(document.source, "2.0")
    if not problems:
        return document, []
    pruned = degrade.Pruned(document.data)
    cuts: list[degrade.Cut] = []
    for pointer, message in problems:
        location = Location(document.path, pointer, document.line_in_source(pointer))
        value = tolerance.value_at(document.source, pointer)
        if pointer == "#/swagger" and value in (2, 2.0):
            found.warning(f"`swagger` is the number {value!r}, not a string; it reads as '2.0' (quote it)", location)
            continue
        if isinstance(value, dict) and isinstance(value.get("$ref"), str):  # read as 3.0 reads it: the siblings are ignored
            found.note(f"this $ref has other keys beside it ({', '.join(k for k in value if k != '$ref')}); they are ignored", location)
            continue
        text = tolerance.forgive(tolerance.Problem(pointer, message, value), "3.0")
        if text is not None:
            if text:
                found.warning(text, location)
            continue
        cut = degrade.piece(document.converted_pointer(pointer), document.data)
        cuts.append(cut)
        if cut.skipped:
            found.skip(cut.skipped, f"{_INVALID_2}: {message}", location, "fix the document at that place")
        else:
            found.warning(f"{_INVALID_2}: {cut.problem or message}; {cut.consequence}", location, "fix the document at that place")
    for cut in sorted(cuts, key=lambda c: degrade.order(c.pointer), reverse=True):
        pruned.cut(cut)
    return dataclasses.replace(document, data=pruned.data), [c.pointer for c in cuts]


def defects(document: Document) -> list[Diagnostic]:
    """The wrong nodes of the document, as errors: what costs a piece (forgiven deviations and
    3.1 syntax in a 3.0 document are not among them). For taking in only valid documents."""
    found = Diagnostics()
    validate(document, found)
    return [dataclasses.replace(d, level=Level.ERROR) for d in found.warnings if d.message.startswith((_INVALID, _INVALID_2))]


def _refs_anywhere(
    document: Document,
    problems: list[tuple[str, str]],
    found: Diagnostics,
    allow_external: bool,
    load: Callable[[Path], Document],
) -> tuple[Any, dict[str, Graft]]:
    """The data with each ``$ref`` where OpenAPI defines none (a tag's ``description`` in another
    file) replaced by what it refers to, or dropped with a warning when that cannot be found; and
    where each value from another file came from (its ``$ref``s resolve against that file)."""
    from ..load.resolve import Node, RefError, Resolver

    candidates: dict[str, dict[str, Any]] = {}
    for pointer, message in problems:
        for where in (pointer, pointer.rsplit("/", 1)[0] if message == tolerance.MISSING else pointer):
            value = tolerance.value_at(document.data, where)
            if isinstance(value, dict) and isinstance(value.get("$ref"), str) and where != "#":
                candidates[where] = value
    if not candidates:
        return document.data, {}
    resolver = Resolver(document, allow_external=allow_external, load=load)
    pruned = degrade.Pruned(document.data)
    grafts: dict[str, Graft] = {}
    for pointer in sorted(candidates, key=degrade.order, reverse=True):
        ref = candidates[pointer]["$ref"]
        location = document.locate(Location(document.path, pointer + "/$ref"))
        try:
            target = resolver.follow(Node(document, pointer, candidates[pointer]))
        except RefError as exc:
            found.warning(f"{exc.diagnostics[0].message}; it stands where OpenAPI defines no $ref, and is ignored", location)
            pruned.cut(degrade.Cut(pointer, "ignored"))
            continue
        found.note(f"$ref {ref!r} stands where OpenAPI defines no $ref; it is resolved as bundlers do", location)
        pruned.cut(degrade.Cut(pointer, "resolved", target.value, replace=True))
        if target.document is not document:
            grafts[pointer] = Graft(target.document, target.pointer)
    return pruned.data, grafts


def problems_in(data: Any, version: str) -> list[tuple[str, str]]:
    """Every wrong node of ``data`` by openapi-pydantic's ``version`` models (by the official
    schema for 3.2), summarised."""
    if version == "3.2":
        return _problems_32(data)
    import pydantic  # here, as the models are: a run that validates early (:mod:`.early`) needs neither

    try:
        models(version).OpenAPI.model_validate(data)
    except pydantic.ValidationError as exc:
        return summarise(exc.errors(include_url=False), tags(version))
    return []


def _problems_32(data: Any) -> list[tuple[str, str]]:
    """A 3.2 document by the official 3.2 schema, which checks a Schema Object only for being an
    object or a boolean; each of its schemas by openapi-pydantic's 3.1 Schema model (the same JSON
    Schema dialect)."""
    import pydantic

    from . import official

    found = official.problems(data, "3.2")
    schema_model = models("3.1").Schema
    for pointer, schema in _schemas(data, "#"):
        if isinstance(schema, bool) or tolerance.explained_by(pointer, [p for p, _ in found]):
            continue
        try:
            schema_model.model_validate(schema)
        except pydantic.ValidationError as exc:
            found.extend((pointer + p.lstrip("#"), m) for p, m in summarise(exc.errors(include_url=False), tags("3.1")))
    return sorted(found)


_NOT_DOCUMENT = frozenset({"example", "examples", "dataValue", "value", "default", "enum", "const"})


def _schemas(node: Any, pointer: str) -> list[tuple[str, Any]]:
    """The outermost schemas of a 3.x document: components' schemas, and each ``schema`` and
    ``itemSchema`` of a media type, a parameter or a header (examples are not looked into)."""
    found: list[tuple[str, Any]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{pointer}/{escape_pointer(key)}"
            if key in _NOT_DOCUMENT or key.startswith("x-"):
                continue
            if key in ("schema", "itemSchema") and isinstance(value, (dict, bool)):
                found.append((here, value))
            elif key == "schemas" and pointer == "#/components" and isinstance(value, dict):
                found.extend((f"{here}/{escape_pointer(name)}", schema) for name, schema in value.items())
            else:
                found.extend(_schemas(value, here))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_schemas(value, f"{pointer}/{index}"))
    return found


def summarise(errors: list[Any], tags: frozenset[str]) -> list[tuple[str, str]]:
    """One (pointer, message) per wrong node: union branches folded, the deepest node kept."""
    by_pointer: dict[str, list[str]] = {}
    ref_only: set[str] = set()
    for error in errors:
        parts = [str(p) for p in error["loc"] if not _is_tag(p, tags)]
        if parts and parts[-1] == "$ref" and error["type"] == "missing":
            ref_only.add(_pointer(parts[:-1]))
            continue
        message = error["msg"] if error["type"] != "missing" else "required field is missing"
        pointer = _pointer(parts)
        by_pointer.setdefault(pointer, [])
        if message not in by_pointer[pointer]:
            by_pointer[pointer].append(message)
    for pointer in ref_only:  # a node that is neither a valid object nor a $ref, with no deeper clue
        if not any(p == pointer or p.startswith(pointer + "/") for p in by_pointer):
            by_pointer[pointer] = ["expected an object of this kind or a $ref"]
    deepest = [p for p in by_pointer if not any(q.startswith(p + "/") for q in by_pointer)]
    return [(p, "; or ".join(by_pointer[p])) for p in sorted(deepest)]


def _is_tag(part: Any, tags: frozenset[str]) -> bool:
    return isinstance(part, str) and (part in tags or "[" in part)


def _pointer(parts: list[str]) -> str:
    return "#" + "".join("/" + escape_pointer(p) for p in parts)


def _fail(document: Document, location: Location, message: str, hint: str) -> GenerationError:
    return GenerationError([Diagnostic(Level.ERROR, message, document.locate(location), hint)])
