"""The other files a Swagger 2.0 document's ``$ref``s reach, read as OpenAPI 3.0 too.

A 2.0 document may keep its pieces in other files (``$ref: definitions.yaml#/Pet``,
``$ref: parameters.yaml#/limit``, a path item ``$ref: paths/pets.yaml``). Such a file holds 2.0
data, and what it is - a schema, a parameter, a response, a path item - is said only by where the
``$ref`` to it stands. :mod:`.resolve` asks :func:`reached` for every ``$ref`` it follows out of a
2.0 document, or out of such a file: the file becomes a :class:`Part`, and each node a ``$ref``
reaches is converted where it stands, the first time, as the part of a 2.0 document the ``$ref``'s
place makes it (:class:`~generator.load.swagger2.Converted` ``kinds``). The converted node
remembers its 2.0 pointer in that file, so a warning about it names that file's own line.

A body or form parameter (``in: body``, ``in: formData``) becomes a request body, not a parameter,
so the converter must see it while it converts the operation; one in another file is refused at
the ``$ref``, which costs the parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import Location
from .document import Document, pointer_parts, value_in
from .swagger2 import METHODS, Converted, _Converter


@dataclass
class Part(Converted):
    """A file a Swagger 2.0 document refers to: ``data`` is the file's data with each node a
    ``$ref`` reached converted in its place; ``source`` the data as written."""

    done: dict[str, str] = field(default_factory=dict, repr=False)  # the pointer of each converted node -> its kind

    def convert(self, pointer: str, kind: str) -> list[tuple[str, str]]:
        """Convert the node at ``pointer`` (a 2.0 pointer) as a ``kind``; the warnings converting
        it gave, each at its 2.0 pointer."""
        original = value_in(self.source, pointer_parts(pointer))
        converter = _Converter({}, self.media)
        if kind == "schema":
            value = converter.schema(original, pointer)
        elif kind == "parameter":
            value = converter.parameter(original, pointer, pointer)
        elif kind == "response":
            value = converter.response(original, self.media[1], pointer, pointer)
        elif isinstance(original, dict):  # a path item
            value = converter.path_item(original, pointer)
        else:
            value = original
        self.data = _placed(self.data, pointer_parts(pointer), value)
        self.origins.update(converter.origins)
        self.kinds.update(converter.kinds)
        self.done[pointer] = kind
        self.__dict__.pop("_forward", None)  # Converted's cache of the reverse map: it grew
        return converter.notes

    def converted_at(self, pointer: str) -> bool:
        """Whether the node at ``pointer`` (a 2.0 pointer) is in a node converted already."""
        probe = pointer
        while True:
            if probe in self.done:
                return True
            if "/" not in probe:
                return False
            probe = probe.rsplit("/", 1)[0]


@dataclass(frozen=True)
class Reached:
    """Where a ``$ref`` leads, as the resolver should walk it: the document (a :class:`Part` for a
    file a 2.0 document refers to) and the pointer in its data; the warnings converting the node
    gave; and why the node cannot be read where the ``$ref`` stands, if it cannot."""

    document: Document
    pointer: str
    notes: list[tuple[str, Location]] = field(default_factory=list)  # (warning, where in the file)
    refusal: str = ""


def reached(referrer: Document, at: str, document: Document, pointer: str, elsewhere: bool) -> Reached:
    """Where the ``$ref`` at ``at`` in ``referrer`` leads, when it points at ``pointer`` in
    ``document`` (``elsewhere``: a file the ``$ref`` names, not its own)."""
    if isinstance(document, Part) or (elsewhere and isinstance(referrer, Converted) and type(document) is Document and _fragment(document)):
        part = document if isinstance(document, Part) else _part(document, referrer)
        notes: list[tuple[str, Location]] = []
        if not part.converted_at(pointer):
            kind = kind_at(referrer, at)
            target = value_in(part.source, pointer_parts(pointer))
            if kind is None or target is None:
                return Reached(part, pointer)  # read as written; a missing target is the resolver's to report
            if kind == "parameter" and isinstance(target, dict) and target.get("in") in ("body", "formData"):
                return Reached(part, pointer, refusal=f"$ref to a parameter `in: {target['in']}` in another file: such a parameter is a request body, which clientgen reads only from the document's own parameters")
            if _written_for_3_0(kind, target):  # a 3.0 piece a 2.0 document refers to: read as it is
                part.done[pointer] = "as written"
                return Reached(part, pointer)
            notes = [(message, Location(part.path, at_2_0, part.line_in_source(at_2_0))) for at_2_0, message in part.convert(pointer, kind)]
        return Reached(part, part.converted_pointer(pointer), notes)
    if elsewhere and isinstance(document, Converted):  # into another 2.0 document, by its own 2.0 pointer
        return Reached(document, document.converted_pointer(pointer))
    return Reached(document, pointer)


def kind_at(document: Document, pointer: str) -> str | None:
    """What the node at ``pointer`` of a converted document is, where a ``$ref`` in it stands:
    the kind recorded there, or a schema below a schema's root; None elsewhere (an extension)."""
    kinds = document.kinds if isinstance(document, Converted) else {}
    if pointer in kinds:
        return kinds[pointer]
    probe = pointer
    while "/" in probe:
        probe = probe.rsplit("/", 1)[0]
        if probe in kinds:
            return "schema" if kinds[probe] == "schema" else None
    return None


def _written_for_3_0(kind: str, node: Any) -> bool:
    """Whether a parameter, response or path item is written in OpenAPI 3.0's form: it says what
    only 3.0 says (a parameter's ``schema`` or ``content``, a response's ``content``, an operation's
    ``requestBody``). A schema reads alike in both."""
    if not isinstance(node, dict):
        return False
    if kind == "parameter":
        return node.get("in") != "body" and ("schema" in node or "content" in node)
    if kind == "response":
        headers = node.get("headers")
        return "content" in node or "links" in node or (isinstance(headers, dict) and any(isinstance(h, dict) and ("schema" in h or "content" in h) for h in headers.values()))
    if kind == "path":
        operations = [op for key, op in node.items() if key in METHODS and isinstance(op, dict)]
        parameters = [p for op in [node, *operations] for p in op.get("parameters", []) if isinstance(op.get("parameters"), list)]
        responses = [r for op in operations if isinstance(op.get("responses"), dict) for r in op["responses"].values()]
        return (
            any(key in node for key in ("servers", "summary", "description", "trace"))
            or any("requestBody" in op or "callbacks" in op for op in operations)
            or any(_written_for_3_0("parameter", p) for p in parameters)
            or any(_written_for_3_0("response", r) for r in responses)
        )
    return False


def _fragment(document: Document) -> bool:
    """Whether the file is a piece of a document (not an OpenAPI document of its own)."""
    return not (isinstance(document.data, dict) and "openapi" in document.data)


def _part(document: Document, referrer: Document) -> Part:
    media = referrer.media if isinstance(referrer, Converted) else None
    assert media is not None
    return Part(document.path, document.data, document.text, marks=document.marks, source=document.data, media=media)


def _placed(data: Any, parts: list[str], value: Any) -> Any:
    """``data`` with ``value`` at ``parts``; the containers on the way copied, never changed (the
    file's data as written is the part's ``source``)."""
    if not parts:
        return value
    head, rest = parts[0], parts[1:]
    if isinstance(data, dict):
        return {**data, head: _placed(data[head], rest, value)}
    if isinstance(data, list):
        index = int(head)
        return [*data[:index], _placed(data[index], rest, value), *data[index + 1 :]]
    raise AssertionError(f"no {head!r} to place a converted node under")  # value_in found it there
