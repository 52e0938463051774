"""Operations grouped into resources (issue 21): where each operation's group and method name come
from, and the tree of groups of a provider laid out as resources (``resources``; see
:mod:`.keywords` for when).

A group comes from, first match wins: ``x-speakeasy-group`` (dots nest: ``beta.threads``),
``x-fern-sdk-group-name`` (a list nests), the provider's ``[tool.clientgen.providers.<key>.methods]``
table (``operationId = "group.method"``), the operation's first tag (an OpenAPI 3.2 tag's
``parent`` nests it). An operation with none stays on the client itself. A method is named by
``x-speakeasy-name-override`` / ``x-fern-sdk-method-name`` / the ``methods`` table, or else by its
operationId in snake_case without the group's own words (singular or plural), where what remains
is not empty, is unique in the group and is a valid name; else by its operationId.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import ir
from ..errors import Diagnostics, Location, escape_pointer
from ..ir.groups import SHADOWABLE
from ..ir.names import ClassName, Identifier, Namespace, words
from ..ir.reserved import RESERVED_METHODS
from ..load.resolve import Node

# Names a group may not take: client.py and the resources' modules name these modules in annotations.
CLIENT_MODULES = frozenset({"models", "params"})


def tag_parents(tags: Any) -> dict[str, str]:
    """Each tag's parent (OpenAPI 3.2 ``tags[].parent``)."""
    found: dict[str, str] = {}
    for tag in tags if isinstance(tags, list) else ():
        if isinstance(tag, dict) and isinstance(tag.get("name"), str) and isinstance(tag.get("parent"), str):
            found[tag["name"]] = tag["parent"]
    return found


def resource_hints(node: Node, parents: Mapping[str, str]) -> dict[str, Any]:
    """The :class:`~generator.ir.Operation` fields that say where its method goes."""
    tags = node.get("tags")
    first = next((t for t in tags if isinstance(t, str) and t.strip()), None) if isinstance(tags, list) else None
    path: list[str] = []
    while first is not None and first not in path:  # a cycle of parents ends where it repeats
        path.insert(0, first)
        first = parents.get(first)
    speakeasy, fern = node.get("x-speakeasy-group"), node.get("x-fern-sdk-group-name")
    group: tuple[str, ...] = ()
    if isinstance(speakeasy, str) and speakeasy.strip():
        group = tuple(p for p in speakeasy.split(".") if p.strip())
    elif isinstance(fern, str) and fern.strip():
        group = (fern,)
    elif isinstance(fern, list) and fern and all(isinstance(p, str) and p.strip() for p in fern):
        group = tuple(fern)
    name = next((n for n in (node.get("x-speakeasy-name-override"), node.get("x-fern-sdk-method-name")) if isinstance(n, str) and n.strip()), "")
    return {"tag_path": tuple(path), "sdk_group": group, "sdk_name": name}


def group_operations(
    api: ir.Api, methods: Mapping[str, str], spec: Path | None, diagnostics: Diagnostics
) -> ir.Api:
    """``api`` with its operations in groups (``api.groups``) and the rest on the client."""
    where = Location(spec) if spec is not None else Location(Path(api.source or api.key))
    known = {o.operation_id for o in api.operations}
    for operation_id in sorted(set(methods) - known):
        diagnostics.warning(
            f"[tool.clientgen.providers.{api.key}.methods] names operationId {operation_id!r}, which the spec does not have; it is ignored",
            where,
        )
    placed: list[tuple[tuple[str, ...], str, ir.Operation]] = []
    for operation in api.operations:
        group, name = operation.sdk_group, operation.sdk_name
        if not group and operation.operation_id in methods:
            *table_group, table_name = methods[operation.operation_id].split(".")
            group, name = tuple(table_group), name or table_name
        elif operation.operation_id in methods and not name:
            name = methods[operation.operation_id].split(".")[-1]
        if not group and not operation.sdk_group and operation.operation_id not in methods:
            group = operation.tag_path
        placed.append((group, name, operation))
    root = _Tree()
    for group, name, operation in placed:
        node = root
        for part in group:
            node = node.child(part)
        node.operations.append((name, operation))
    client_names = Namespace({str(o.name) for group, _, o in placed if not group} | RESERVED_METHODS)
    modules = Namespace()
    groups = tuple(_group(child, (), client_names, modules, diagnostics, where) for child in root.ordered())
    return dataclasses.replace(api, groups=groups)


@dataclasses.dataclass
class _Tree:
    wire: str = ""
    children: dict[str, _Tree] = dataclasses.field(default_factory=dict)
    operations: list[tuple[str, ir.Operation]] = dataclasses.field(default_factory=list)

    def child(self, wire: str) -> _Tree:
        key = Identifier(wire)
        if key not in self.children:
            self.children[key] = _Tree(wire)
        return self.children[key]

    def ordered(self) -> list[_Tree]:
        return [self.children[k] for k in sorted(self.children)]


def _group(
    tree: _Tree, parent: tuple[str, ...], taken: Namespace, modules: Namespace, diagnostics: Diagnostics, where: Location
) -> ir.Group:
    attribute = taken.claim(Identifier(tree.wire, reserved=RESERVED_METHODS | CLIENT_MODULES))
    path = (*parent, str(attribute))
    names = Namespace(RESERVED_METHODS | {"_client"})
    children_names = [Identifier(c.wire, reserved=RESERVED_METHODS | CLIENT_MODULES) for c in tree.ordered()]
    for child in children_names:
        names.claim(child)
    drop = _forms(path)
    methods: list[ir.GroupMethod] = []
    explicit = [(n, o) for n, o in tree.operations if n]
    derived = [(n, o) for n, o in tree.operations if not n]
    for name, operation in explicit + derived:
        if name:
            method = names.claim(Identifier(name, reserved=RESERVED_METHODS))
        else:
            short = "_".join(w for w in str(operation.name).split("_") if w.lower() not in drop)
            # list and dict are names a method may take: the resource's module spells the types builtins.list
            candidate = Identifier(short, reserved=RESERVED_METHODS) if short else operation.name
            candidate = str.__new__(Identifier, short) if short in SHADOWABLE else candidate
            fits = short.isidentifier() and candidate == short and candidate not in names
            method = names.claim(candidate if fits else operation.name)
        if method != operation.name:
            pointer = f"#/paths/{escape_pointer(operation.path)}/{operation.method.lower()}"
            diagnostics.note(
                f"{operation.method} {operation.path}: {operation.name} is client.{'.'.join(path)}.{method}", Location(where.file, pointer)
            )
        methods.append(ir.GroupMethod(name=method, operation=operation))
    order = {id(o): i for i, (_, o) in enumerate(tree.operations)}
    methods.sort(key=lambda m: order[id(m.operation)])
    module = modules.claim(Identifier("_".join(path)))  # beta.threads and a group beta_threads: beta_threads_2
    children = tuple(_group(c, path, Namespace(RESERVED_METHODS | CLIENT_MODULES), modules, diagnostics, where) for c in tree.ordered())
    return ir.Group(
        attribute=attribute, wire_name=tree.wire, path=path, class_name=ClassName(module), methods=tuple(methods), children=children,
        module=module,
    )


def _forms(path: tuple[str, ...]) -> set[str]:
    """The group's words, each singular and plural: ``files`` -> file, files; ``policies`` -> policy."""
    forms: set[str] = set()
    for part in path:
        for word in words(part):
            w = word.lower()
            forms |= {w, w + "s", w + "es"}
            if w.endswith("ies"):
                forms.add(w[:-3] + "y")
            elif w.endswith(("ses", "xes", "ches", "shes")):
                forms.add(w[:-2])
            elif w.endswith("s"):
                forms.add(w[:-1])
            if w.endswith("y"):
                forms.add(w[:-1] + "ies")
    return forms
