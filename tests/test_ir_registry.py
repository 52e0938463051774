"""The IR's one registry of definitions and one walk of the model hierarchy, and that the IR and
the builder carry facts only: prose and Python text for the generated code are rendering's
(generator/render/docs.py, signatures.py), which the goldens pin byte for byte."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from generator import ir
from generator.ir.names import ClassName, FieldName

from .conftest import ROOT

A, B, C = ClassName("A"), ClassName("B"), ClassName("C")


def field(name: str, scalar: ir.Scalar = ir.Scalar.STR) -> ir.Field:
    return ir.Field(FieldName(name), name, ir.ScalarType(scalar), required=True)


def test_a_model_has_its_bases_fields_first_and_redeclares_them_in_their_place() -> None:
    definitions = {
        A: ir.Model(A, (field("id"), field("kind"))),
        B: ir.Model(B, (field("kind", ir.Scalar.INT), field("size")), base=A, extra_type=ir.ANY),
        C: ir.Model(C, (field("colour"),), base=B),
    }
    hierarchy = ir.Hierarchy(definitions)
    assert [m.name for m in hierarchy.chain(C)] == [C, B, A]
    assert hierarchy.ancestors(C) == {A, B, C} and hierarchy.ancestors(A) == {A}
    fields = hierarchy.fields(C)
    assert [f.wire_name for f in fields] == ["id", "kind", "size", "colour"]
    assert fields[1].type == ir.ScalarType(ir.Scalar.INT)  # B's redeclaration, where A had it
    assert hierarchy.inherits_extra(C) and not hierarchy.inherits_extra(B)
    assert hierarchy.fields(ClassName("Missing")) == ()
    api = ir.Api("p", ClassName("PClient"), "P", "", "", "", (), (), (), tuple(definitions.values()))
    assert api.fields_of(definitions[C]) == fields and api.hierarchy.ancestors(C) == {A, B, C}


def test_a_cycle_of_bases_ends_the_walk() -> None:
    hierarchy = ir.Hierarchy({A: ir.Model(A, (field("a"),), base=B), B: ir.Model(B, (field("b"),), base=A)})
    assert hierarchy.ancestors(A) == {A, B}
    assert [f.wire_name for f in hierarchy.fields(A)] == ["b", "a"]


def test_the_registry_reserves_names_stands_in_for_a_model_being_built_then_defines_it() -> None:
    definitions = ir.Definitions()
    assert definitions.reserve(ClassName("Run")) == "Run"
    assert definitions.reserve(ClassName("Run")) == "Run2"  # unique, deterministically
    definitions.placeholder(ClassName("Run"))
    assert definitions.building(ClassName("Run")) and definitions[ClassName("Run")] == ir.Model(ClassName("Run"), ())
    definitions.define(ir.Model(ClassName("Run"), (field("id"),)))
    definitions.define(ir.Alias(A, ir.ModelType(ClassName("Run"))))
    assert not definitions.building(ClassName("Run"))
    assert [d.name for d in definitions.ordered()] == ["A", "Run"] and len(definitions) == 2
    assert [f.wire_name for f in definitions.hierarchy.fields(ClassName("Run"))] == ["id"]  # sees what is defined since


def test_the_ir_holds_facts_not_prose_or_python() -> None:
    """Rendering decisions named in issue 18 stay out of the IR; the builder writes no docstring text."""
    gone = {
        ir.Waiter: ("doc", "argument_names", "only_positional", "success_text", "failure_text", "call_arguments", "watched"),
        ir.Operation: ("docstring", "arguments", "keyword", "positional"),
        ir.Field: ("needs_field_call", "mutable_default"),
        ir.Constraints: ("items",),
    }
    for cls, names in gone.items():
        assert not [n for n in names if hasattr(cls, n)], cls
    assert not hasattr(ir, "Argument")  # a method's parameters are render/signatures.py's
    assert {f.name for f in dataclasses.fields(ir.Operation)} >= {"deprecated", "undefined_security"}
    assert {f.name for f in dataclasses.fields(ir.Model)} >= {"deprecated"}
    sources = [*(ROOT / "generator" / "ir").glob("*.py"), *(ROOT / "generator" / "builder").glob("*.py")]
    assert not [str(p) for p in sources if "Deprecated." in Path(p).read_text(encoding="utf-8")]
