"""Snapshots written before types were kept structured (``api-surface.json`` without ``"format"``):
each type there is the text of its annotation (``"list[Run] | None"``, ``"OpenEnum[Status]"``).

Such a type is read as a :class:`Spelled`: its text, and the IR type read back from that text
where the text says it plainly (scalars, models, aliases, enums, lists, dicts, literals, unions,
``| None``). :mod:`.changes` treats it so: the same text as the new annotation is the same type; a
different text is judged by the subtyping rules when the text could be read, and otherwise listed
as a changed type that is not breaking, saying that it could not be judged. The next generation
writes the snapshot in the structured form.
"""

from __future__ import annotations

import ast
from collections.abc import Set
from dataclasses import dataclass

from .. import ir
from ..ir.names import ClassName


@dataclass(frozen=True)
class Spelled:
    """A type an earlier snapshot kept as annotation text; ``type`` is None where it could not be read."""

    text: str
    type: ir.TypeRef | None = None

    def __str__(self) -> str:
        return self.text


_SCALARS = {
    "str": ir.Scalar.STR,
    "int": ir.Scalar.INT,
    "float": ir.Scalar.FLOAT,
    "bool": ir.Scalar.BOOL,
    "bytes": ir.Scalar.BYTES,
    "date": ir.Scalar.DATE,
    "datetime": ir.Scalar.DATETIME,
    "time": ir.Scalar.TIME,
    "UUID": ir.Scalar.UUID,
    "Any": ir.Scalar.ANY,
    "None": ir.Scalar.NONE,
    "FileContent": ir.Scalar.FILE,
}


class _Unreadable(Exception):
    pass


def read(text: str, models: Set[str], aliases: Set[str]) -> Spelled:
    """``text`` as a :class:`Spelled`, with its type where the text says it plainly; ``models`` and
    ``aliases`` are the provider's names, which tell a model from an alias."""
    try:
        tree = ast.parse(text, mode="eval").body
        return Spelled(text, _Reader(models, aliases).type(tree))
    except (SyntaxError, ValueError, _Unreadable):
        return Spelled(text)


@dataclass(frozen=True)
class _Reader:
    models: Set[str]
    aliases: Set[str]

    def type(self, node: ast.expr) -> ir.TypeRef:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            options = [self.type(o) for o in _options(node)]
            nullable = ir.NONE in options
            options = [o for o in options if o != ir.NONE]
            inner = options[0] if len(options) == 1 else ir.UnionType(tuple(options))
            return ir.NullableType(inner) if nullable else inner
        if isinstance(node, ast.Constant) and node.value is None:
            return ir.NONE
        if isinstance(node, ast.Name):
            return self.name(node.id)
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            return self.subscript(node.value.id, node.slice)
        raise _Unreadable

    def name(self, name: str) -> ir.TypeRef:
        if name in _SCALARS:
            return ir.ScalarType(_SCALARS[name])
        if name in self.models:
            return ir.ModelType(str.__new__(ClassName, name))
        if name in self.aliases:
            return ir.AliasType(str.__new__(ClassName, name))
        raise _Unreadable

    def subscript(self, outer: str, inner: ast.expr) -> ir.TypeRef:
        if outer == "list":
            return ir.ListType(self.type(inner))
        if outer == "dict" and isinstance(inner, ast.Tuple) and len(inner.elts) == 2 and _is_name(inner.elts[0], "str"):
            return ir.MapType(self.type(inner.elts[1]))
        if outer in ("OpenEnum", "OpenIntEnum") and isinstance(inner, ast.Name):
            scalar = ir.Scalar.STR if outer == "OpenEnum" else ir.Scalar.INT
            return ir.EnumType(str.__new__(ClassName, inner.id), scalar)
        if outer == "Literal":
            values = inner.elts if isinstance(inner, ast.Tuple) else [inner]
            return ir.LiteralType(tuple(ast.literal_eval(v) for v in values))
        raise _Unreadable  # tuples and tagged unions: spelled in ways not worth reading back


def _options(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return [*_options(node.left), *_options(node.right)]
    return [node]


def _is_name(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name
