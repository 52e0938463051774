"""A large provider's definitions split into modules that load on first use.

Each module holds definitions that must be declared together (a cycle: their annotations refer
to each other by name, resolved in one module's namespace), plus the definitions only they use
(an enum of one model's field); it imports, eagerly, the modules of whatever else it mentions.
The modules form a graph without cycles, so loading one loads exactly what its definitions need.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .models import Definition
from .names import ClassName, snake_case


@dataclass(frozen=True)
class ModelModule:
    name: str  # the module's name in the models package: "_file_full"
    definitions: tuple[Definition, ...]  # sorted by name; the renderer orders them
    imports: tuple[tuple[str, tuple[ClassName, ...]], ...]  # (sibling module, names), sorted


def split_modules(definitions: tuple[Definition, ...], roots: Iterable[ClassName] = ()) -> tuple[ModelModule, ...]:
    """``definitions`` in modules, sorted by name. ``roots`` are names used from outside the models
    (a decoder's type): each keeps a module of its own rather than joining the one module that
    uses it, so that finding it loads nothing more."""
    by_name = {d.name: d for d in definitions}
    needs = {d.name: sorted(n for n in d.dependencies if n in by_name) for d in definitions}
    components = _strongly_connected(sorted(by_name), needs)
    component_of = {name: i for i, names in enumerate(components) for name in names}
    users: dict[int, set[int]] = {i: set() for i in range(len(components))}
    for name, deps in needs.items():
        for dep in deps:
            if component_of[dep] != component_of[name]:
                users[component_of[dep]].add(component_of[name])
    rooted = {component_of[n] for n in roots if n in component_of}

    def owner(i: int) -> int:
        """The component whose module holds component ``i``: its only user's, if it has one."""
        while len(users[i]) == 1 and i not in rooted:
            i = next(iter(users[i]))
        return i

    grouped: dict[int, list[ClassName]] = {}
    for i, names in enumerate(components):
        grouped.setdefault(owner(i), []).extend(names)
    module_names = _module_names({home: components[home][0] for home in grouped})
    module_of = {name: module_names[home] for home, names in grouped.items() for name in names}
    modules = []
    for home, names in grouped.items():
        imported: dict[str, set[ClassName]] = {}
        for name in names:
            for dep in needs[name]:
                if module_of[dep] != module_names[home]:
                    imported.setdefault(module_of[dep], set()).add(dep)
        modules.append(
            ModelModule(
                module_names[home],
                tuple(by_name[n] for n in sorted(names)),
                tuple((m, tuple(sorted(ns))) for m, ns in sorted(imported.items())),
            )
        )
    return tuple(sorted(modules, key=lambda m: m.name))


def _module_names(main_names: dict[int, ClassName]) -> dict[int, str]:
    """``_`` and the snake_case of each module's main name (the first by name of the component
    that the others join), with a numeric suffix where two would be the same, even on a file
    system that ignores case."""
    taken: set[str] = set()
    result: dict[int, str] = {}
    for home in sorted(main_names, key=lambda h: main_names[h]):
        base = "_" + snake_case(main_names[home])
        name, suffix = base, 1
        while name in taken:
            suffix += 1
            name = f"{base}_{suffix}"
        taken.add(name)
        result[home] = name
    return result


def _strongly_connected(names: list[ClassName], needs: dict[ClassName, list[ClassName]]) -> list[list[ClassName]]:
    """Tarjan's algorithm, without recursion (a chain of a thousand models must not overflow)."""
    index: dict[ClassName, int] = {}
    low: dict[ClassName, int] = {}
    stack: list[ClassName] = []
    on_stack: set[ClassName] = set()
    components: list[list[ClassName]] = []
    for start in names:
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            node, next_child = work.pop()
            if next_child == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            children = needs[node]
            if next_child < len(children):
                work.append((node, next_child + 1))
                child = children[next_child]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return components
