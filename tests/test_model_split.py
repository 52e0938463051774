"""How a large provider's definitions are split into modules that load on first use: every
definition in one module, each name a module uses declared in it or imported from the module that
declares it, no import cycles, a cycle's members together, and loading the module of a name a
decoder uses loads exactly what that name needs.

Checked on random definition graphs (those of test_definition_order); tests/test_lazy_models.py
checks a rendered split through the generated package, and the corpus test Box's.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator import ir
from generator.ir.names import ClassName
from generator.ir.split import ModelModule, split_modules

from .test_definition_order import NAMES, definitions


def needs(defs: tuple[ir.Definition, ...]) -> dict[ClassName, set[ClassName]]:
    return {d.name: set(d.dependencies) for d in defs}


def closure(graph: dict[ClassName, set[ClassName]], start: ClassName) -> set[ClassName]:
    seen, stack = {start}, [start]
    while stack:
        for dep in graph[stack.pop()]:
            if dep not in seen:
                seen.add(dep)
                stack.append(dep)
    return seen


def imports_closure(modules: tuple[ModelModule, ...], first: str) -> set[str]:
    """``first`` and every module it imports, directly or not."""
    by_name = {m.name: m for m in modules}
    seen, stack = {first}, [first]
    while stack:
        for imported, _ in by_name[stack.pop()].imports:
            if imported not in seen:
                seen.add(imported)
                stack.append(imported)
    return seen


def loaded(modules: tuple[ModelModule, ...], first: str) -> set[ClassName]:
    """The names declared once ``first`` has been imported."""
    declared = imports_closure(modules, first)
    return {d.name for m in modules if m.name in declared for d in m.definitions}


@settings(max_examples=300, deadline=None)
@given(definitions(), st.sets(st.sampled_from(NAMES)))
def test_a_split_declares_each_name_once_and_imports_without_cycles(defs: tuple[ir.Definition, ...], roots: set[ClassName]) -> None:
    modules = split_modules(defs, roots)
    home = {d.name: m.name for m in modules for d in m.definitions}
    assert sorted(d.name for m in modules for d in m.definitions) == sorted(d.name for d in defs)
    assert len({m.name for m in modules}) == len(modules)
    graph = needs(defs)
    for module in modules:
        imported = {name: source for source, names in module.imports for name in names}
        for d in module.definitions:
            for dep in graph[d.name]:
                assert home[dep] == module.name or imported.get(dep) == home[dep], f"{d.name} needs {dep}"
        for source, _ in module.imports:
            assert module.name not in imports_closure(modules, source), f"{module.name} and {source} import each other"
    for a in graph:
        for b in closure(graph, a):
            if a in closure(graph, b):
                assert home[a] == home[b], f"{a} and {b} form a cycle but are apart"


@settings(max_examples=300, deadline=None)
@given(definitions(), st.sets(st.sampled_from(NAMES)))
def test_finding_a_decoded_name_loads_exactly_what_it_needs(defs: tuple[ir.Definition, ...], roots: set[ClassName]) -> None:
    modules = split_modules(defs, roots)
    home = {d.name: m.name for m in modules for d in m.definitions}
    graph = needs(defs)
    for root in roots & set(graph):
        assert loaded(modules, home[root]) == closure(graph, root)


def test_an_enum_only_one_model_uses_is_declared_with_it() -> None:
    status = ir.Enum(ClassName("PetStatus"), (ir.EnumMember(ir.names.ConstantName("SOLD"), "sold"),), ir.Scalar.STR)
    pet = ir.Model(ClassName("Pet"), (ir.Field(ir.names.FieldName("status"), "status", ir.EnumType(status.name, ir.Scalar.STR), required=True),))
    (module,) = split_modules((status, pet), {pet.name})
    assert module.name == "_pet" and [d.name for d in module.definitions] == ["Pet", "PetStatus"]
    # used by a decoder itself, it keeps a module of its own
    assert [m.name for m in split_modules((status, pet), {pet.name, status.name})] == ["_pet", "_pet_status"]
