"""The order of definitions in models.py: what is needed at import time (a base class, the names
an alias mentions) always comes first; the types of a model's fields come first where no cycle
prevents it, and the annotations that still mention a later name are the ones made strings.

Checked on random definition graphs; the goldens and the corpus check the rendered modules import.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator import ir
from generator.ir.names import ClassName, FieldName

NAMES = [ClassName(f"M{i}") for i in range(8)]


@st.composite
def definitions(draw: st.DrawFn) -> tuple[ir.Definition, ...]:
    """Models with fields of any model's type (cycles included) and bases that form no cycle;
    aliases that mention models or earlier aliases."""
    result: list[ir.Definition] = []
    count = draw(st.integers(1, len(NAMES)))
    for name in NAMES[:count]:
        if draw(st.booleans()) or not result:
            targets = draw(st.lists(st.sampled_from(NAMES[:count]), max_size=3))
            fields = tuple(
                ir.Field(FieldName(f"f{j}"), f"f{j}", ir.ModelType(t), required=draw(st.booleans())) for j, t in enumerate(targets)
            )
            bases = [d.name for d in result if isinstance(d, ir.Model)]  # declared before: no cycle
            base = draw(st.none() | st.sampled_from(bases)) if bases else None
            result.append(ir.Model(name, fields, base=base))
        else:
            models = [d.name for d in result if isinstance(d, ir.Model)]
            options = draw(st.lists(st.sampled_from(models), min_size=1, max_size=2, unique=True))
            result.append(ir.Alias(name, ir.UnionType(tuple(ir.ModelType(m) for m in options))))
    return tuple(draw(st.permutations(result)))


@settings(max_examples=300, deadline=None)
@given(definitions())
def test_what_is_needed_at_import_time_comes_first(defs: tuple[ir.Definition, ...]) -> None:
    ordered = ir.dependency_order(defs)
    assert sorted(d.name for d in ordered) == sorted(d.name for d in defs)
    position = {d.name: i for i, d in enumerate(ordered)}
    for d in ordered:
        for needed in ir._eager_dependencies(d):
            assert position[needed] < position[d.name], f"{d.name} before {needed}, which it needs at import"


@settings(max_examples=300, deadline=None)
@given(definitions())
def test_only_annotations_that_mention_a_later_name_are_deferred(defs: tuple[ir.Definition, ...]) -> None:
    ordered = ir.dependency_order(defs)
    position = {d.name: i for i, d in enumerate(ordered)}
    forward = ir.forward_references(ordered)
    for d in ordered:
        if isinstance(d, ir.Model):
            mentioned = set().union(*(ir.referenced_names(f.type) for f in d.fields))
            assert forward[d.name] == {n for n in mentioned if position[n] >= position[d.name]}


def test_a_base_whose_field_mentions_its_subclass_still_comes_first() -> None:
    """``B`` (a field of type ``A``) is ``A``'s base: placing ``A`` early for ``B``'s field would
    put it before its base. ``A``'s annotation is deferred instead."""
    base = ir.Model(ClassName("B"), (ir.Field(FieldName("child"), "child", ir.ModelType(ClassName("A")), required=False),))
    sub = ir.Model(ClassName("A"), (), base=ClassName("B"))
    for given_order in [(base, sub), (sub, base)]:
        ordered = ir.dependency_order(given_order)
        assert [d.name for d in ordered] == ["B", "A"]
        assert ir.forward_references(ordered)[ClassName("B")] == {ClassName("A")}


def test_field_types_come_before_the_model_that_uses_them() -> None:
    user = ir.Model(ClassName("A"), (ir.Field(FieldName("z"), "z", ir.ModelType(ClassName("Z")), required=True),))
    used = ir.Model(ClassName("Z"), ())
    ordered = ir.dependency_order((user, used))
    assert [d.name for d in ordered] == ["Z", "A"]
    assert ir.forward_references(ordered)[ClassName("A")] == frozenset()
