"""The IR's subtyping rules (generator/ir/subtyping.py), which decide both whether a subclass may
redeclare an inherited field and whether an API change breaks code: as mypy reads the annotations."""

from __future__ import annotations

import pytest

from generator import ir
from generator.ir.names import ClassName
from generator.ir.subtyping import assignable, erased

A, B, C = (ir.ModelType(ClassName(n)) for n in "ABC")
STR, INT, FLOAT = (ir.ScalarType(s) for s in (ir.Scalar.STR, ir.Scalar.INT, ir.Scalar.FLOAT))
TAG = ir.Discriminator("kind", (("a", ClassName("A")), ("b", ClassName("B"))))


def no_bases(name: ClassName) -> set[ClassName]:
    return {name}


@pytest.mark.parametrize(
    ("child", "parent", "expected"),
    [
        (ir.UnionType((A, B)), ir.UnionType((A, B, C)), True),  # each option fits
        (ir.UnionType((A, B, C)), ir.UnionType((A, B)), False),
        (ir.UnionType((A, B)), ir.NullableType(ir.UnionType((C, B, A))), True),
        (ir.UnionType((INT, STR)), ir.UnionType((FLOAT, STR)), True),  # an int is a float
        (ir.UnionType((A, B), TAG), ir.UnionType((A, B, C)), False),  # a tagged union also holds UnknownVariant
        (ir.UnionType((A, B), TAG), ir.UnionType((A, B, C), TAG), True),
        (ir.UnionType((A, B)), ir.UnionType((A, B, C), TAG), True),
        (ir.ListType(INT), ir.ListType(FLOAT), False),  # lists are invariant
        (ir.LiteralType(("a", "b")), STR, True),
        (ir.NullableType(A), A, False),
    ],
)
def test_assignable_as_mypy_reads_it(child: ir.TypeRef, parent: ir.TypeRef, expected: bool) -> None:
    assert assignable(child, parent, no_bases) is expected


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (ir.ScalarType(ir.Scalar.STR, ir.Constraints(max_length=3)), STR),
        (ir.TupleType((INT, STR), None, 0, 5), ir.TupleType((INT, STR), None, 0, None)),  # a bound past the prefix
        (ir.TupleType((INT, STR, STR), None, 0, 2), ir.TupleType((INT, STR), None)),  # items it can never hold
        (ir.TupleType((INT,), STR, 0, None), ir.TupleType((INT,), STR, 0, 9)),  # the rest's count is a constraint
    ],
)
def test_erased_types_are_equal_when_mypy_sees_the_same_annotation(one: ir.TypeRef, other: ir.TypeRef) -> None:
    assert erased(one) == erased(other)
    if isinstance(one, ir.TupleType):  # the same lengths and item types: the annotation mypy sees
        assert [(s.items, s.rest) for s in erased(one).shapes] == [(s.items, s.rest) for s in one.shapes]  # type: ignore[union-attr]
