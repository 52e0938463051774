"""``$ref`` resolution across the files of one spec, confined to the spec's own folder tree.

A reference is ``file#pointer``: an empty file part means the current file; a relative path is
read from the referring file's folder (RFC 3986), wherever the reference stands: also inside a
value another file's ``$ref`` brought in where OpenAPI defines none (a ``Graft``). Absolute paths, URLs and files outside the root folder are
refused unless the configuration allows them: a spec is outside input, and must not make the
generator read arbitrary files or reach the network.

A reference that cannot be followed - it points at nothing, names a missing file or one that is
not valid YAML or JSON, or is a cycle - is a :class:`RefError`: :meth:`Resolver.follow` raises it for the caller to drop its piece (a
parameter, a response, an operation); :meth:`Resolver.deref`, which schemas use, reads it as the
empty schema (any JSON value) with a warning. The refusals (a URL, a file outside the folder,
a file the guard will not read) refuse the whole document either way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..errors import Diagnostic, Diagnostics, GenerationError, Level, Location, escape_pointer
from . import base_uri
from .document import Document, UnreadableError, load, pointer_parts

MAX_REF_CHAIN = 64


@dataclass(frozen=True)
class Node:
    """A value in a document, with where it came from."""

    document: Document
    pointer: str
    value: Any

    @property
    def location(self) -> Location:
        return Location(self.document.path, self.pointer)

    def child(self, *parts: str | int) -> Node:
        """The node below this one; a value grafted from another file is that file's node."""
        document, value, pointer = self.document, self.value, self.pointer
        for part in parts:
            value = value[part]
            pointer += "/" + escape_pointer(str(part))
            graft = document.grafts.get(pointer) if document.grafts else None
            if graft is not None:
                document, pointer = graft.document, graft.pointer
        return Node(document, pointer, value)

    def get(self, key: str, default: Any = None) -> Any:
        return self.value.get(key, default) if isinstance(self.value, dict) else default

    def items(self, key: str) -> list[tuple[str, Node]]:
        """The entries of the mapping at ``key`` as child nodes, in document order."""
        mapping = self.get(key)
        if not isinstance(mapping, dict):
            return []
        return [(name, self.child(key, name)) for name in mapping]

    def elements(self, key: str) -> list[Node]:
        sequence = self.get(key)
        if not isinstance(sequence, list):
            return []
        return [self.child(key, i) for i in range(len(sequence))]

    @property
    def ref(self) -> str | None:
        ref = self.get("$ref")
        return ref if isinstance(ref, str) else None

    @property
    def key(self) -> tuple[str, str]:
        """Identity of the node: its file and pointer."""
        return (str(self.document.path), self.pointer)


class RefError(GenerationError):
    """A ``$ref`` that cannot be followed: it costs the piece that holds it, not the document."""


class Resolver:
    def __init__(
        self,
        root: Document,
        *,
        allow_external: bool = False,
        diagnostics: Diagnostics | None = None,
        load: Callable[[Path], Document] = load,
    ) -> None:
        self.root = root
        self.load = load  # how the files $refs name are read (a run's: it counts them as read)
        self.base = root.path.resolve().parent
        self.allow_external = allow_external
        self.diagnostics = diagnostics if diagnostics is not None else Diagnostics()
        self.documents: dict[Path, Document] = {root.path.resolve(): root}
        for graft in root.grafts.values():
            self.documents.setdefault(graft.document.path.resolve(), graft.document)

    def root_node(self) -> Node:
        return Node(self.root, "#", self.root.data)

    def deref(self, node: Node) -> Node:
        """The schema ``node`` refers to; one that cannot be followed reads as ``{}`` (any JSON
        value), with a warning at its ``$ref``."""
        found = self.follow_or_warn(node, "the client types it as any JSON value")
        return found if found is not None else Node(node.document, node.pointer, {})

    def follow_or_warn(self, node: Node, consequence: str) -> Node | None:
        """:meth:`follow`; a reference that cannot be followed is None, and a warning at its
        ``$ref`` that ends with what the client does instead."""
        try:
            return self.follow(node)
        except RefError as exc:
            problem = exc.diagnostics[0]
            self.diagnostics.warning(f"{problem.message}; {consequence}", problem.location, problem.hint)
            return None

    def follow(self, node: Node) -> Node:
        """Follow ``$ref`` until a node that is not a reference; a cycle or a dead end is a RefError."""
        seen: list[Node] = []
        while node.ref is not None:
            keys = [n.key for n in seen]
            if node.key in keys or len(seen) > MAX_REF_CHAIN:
                cycle = seen[keys.index(node.key) :] if node.key in keys else seen
                first = min(range(len(cycle)), key=lambda i: cycle[i].key)  # one message, whichever way in
                cycle = cycle[first:] + cycle[:first]
                chain = " -> ".join(n.pointer for n in [*cycle, cycle[0]])
                raise self.error(cycle[0], f"$ref cycle: {chain}", "a reference must eventually point at a value", RefError)
            seen.append(node)
            node = self.target(node)
        return node

    def target(self, node: Node) -> Node:
        ref = node.ref
        assert ref is not None
        file_part, _, fragment = ref.partition("#")
        file_part = base_uri.local_part(node.document, file_part)  # OpenAPI 3.2's $self
        document = self.document_for(node, file_part) if file_part else node.document
        fragment = "#" + unquote(fragment)
        if type(node.document) is not Document or type(document) is not Document:  # Swagger 2.0, or a file it refers to
            document, fragment = self.swagger2_part(node, document, fragment, bool(file_part))
        value: Any = document.data
        pointer = "#"
        for part in pointer_parts(fragment):
            if isinstance(value, dict) and part in value:
                value = value[part]
            elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            else:
                where = f" in {document.path.name}" if file_part else ""
                raise self.error(
                    node, f"$ref {ref!r} points at nothing{where}: no {part!r} under {pointer}", "fix the reference or add the missing component", RefError
                )
            pointer += "/" + escape_pointer(part)
        return Node(document, pointer, value)

    def swagger2_part(self, node: Node, document: Document, fragment: str, elsewhere: bool) -> tuple[Document, str]:
        """Where a $ref out of a Swagger 2.0 document (or a file it refers to) leads: a file it
        names is read as the 2.0 part the $ref's place makes it (:mod:`.swagger2_files`)."""
        from .swagger2_files import reached  # here: a 3.x run never needs it

        found = reached(node.document, node.pointer, document, fragment, elsewhere)
        if found.document is not document:  # the file, read as 2.0 parts from now on
            self.documents[document.path.resolve()] = found.document
        for message, location in found.notes:
            self.diagnostics.warning(message, location)
        if found.refusal:
            raise self.error(node, found.refusal, "move the parameter into the document's `parameters` and refer to it there", RefError)
        return found.document, found.pointer

    def document_for(self, node: Node, file_part: str) -> Document:
        scheme = urlsplit(file_part).scheme
        if scheme and len(scheme) > 1:  # a URL (a single letter is a Windows drive)
            raise self.error(node, f"$ref to a URL is refused: {file_part!r}", "vendor the referenced document next to the spec and refer to it by a relative path")
        raw = Path(unquote(file_part))
        if raw.is_absolute() and not self.allow_external:
            raise self.error(node, f"$ref to an absolute path is refused: {file_part!r}", "refer to files by a path relative to the spec, inside its folder")
        try:
            path = (node.document.path.resolve().parent / raw).resolve()
        except (OSError, ValueError) as exc:  # a NUL byte, a name too long
            raise self.error(node, f"$ref names a path that cannot exist: {file_part!r} ({exc})", "fix the path", RefError) from None
        if not self.allow_external and not path.is_relative_to(self.base):
            raise self.error(node, f"$ref leaves the spec's folder: {file_part!r}", f"keep referenced files under {self.base}, or allow it: allow_external_refs = true for the provider in [tool.clientgen], or --allow-external-refs with --spec")
        if path not in self.documents:
            try:
                self.documents[path] = self.load(path)
            except UnreadableError as exc:  # costs the pieces that refer to it
                problem = exc.diagnostics[0]
                if problem.message == "file not found":
                    raise self.error(node, f"$ref names a file that does not exist: {file_part!r}", "fix the path or add the file", RefError) from None
                line = f" (line {problem.location.line})" if problem.location.line else ""
                raise self.error(node, f"$ref names {file_part!r}, which cannot be read: {problem.message}{line}", problem.hint, RefError) from None
            except GenerationError as exc:  # the guard refused it: the whole run is refused
                if len(exc.diagnostics) == 1 and exc.diagnostics[0].location.line is None:  # refused unread: say which $ref
                    raise self.error(node, f"$ref names {file_part!r}: {exc.diagnostics[0].message}", exc.diagnostics[0].hint) from None
                raise
        return self.documents[path]

    def error(self, node: Node, message: str, hint: str, kind: type[GenerationError] = GenerationError) -> GenerationError:
        """An error at the node's ``$ref`` (the line that names the target), or at the node."""
        location = node.location.child("$ref") if node.ref is not None else node.location
        return kind([Diagnostic(Level.ERROR, message, node.document.locate(location), hint)])
