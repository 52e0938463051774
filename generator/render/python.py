"""How IR values read as Python: type annotations, literals, docstrings and imports.

Annotations are made by a table keyed by the kind of type; an unknown kind is a KeyError, not
a silent fallback. Every string that comes from a spec reaches Python source only through
:func:`literal` or :func:`docstring`, which escape it completely.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .. import ir
from ..ir.names import ClassName
from ..ir.subtyping import ALSO_AS_TEXT


@dataclass(frozen=True, order=True)
class Import:
    """``from module import name``."""

    module: str
    name: str


SCALARS: dict[ir.Scalar, tuple[str, Import | None]] = {
    ir.Scalar.STR: ("str", None),
    ir.Scalar.INT: ("int", None),
    ir.Scalar.FLOAT: ("float", None),
    ir.Scalar.BOOL: ("bool", None),
    ir.Scalar.BYTES: ("bytes", None),
    ir.Scalar.DATE: ("date", Import("datetime", "date")),
    ir.Scalar.DATETIME: ("datetime", Import("datetime", "datetime")),
    ir.Scalar.TIME: ("time", Import("datetime", "time")),
    ir.Scalar.UUID: ("UUID", Import("uuid", "UUID")),
    ir.Scalar.ANY: ("Any", Import("typing", "Any")),
    ir.Scalar.NONE: ("None", None),
    ir.Scalar.FILE: ("FileContent", None),  # imported from the runtime
}
ANNOTATED = Import("typing", "Annotated")
UNPACK = Import("typing_extensions", "Unpack")  # typing's needs Python 3.11
FIELD = Import("pydantic", "Field")
LITERAL = Import("typing", "Literal")
CALLABLE = Import("collections.abc", "Callable")
# Names the templates write literally, besides the runtime's, and what each needs: an import, or
# a whole module (the HTTP library: ``import httpx2``).
LIBRARY_NAMES: dict[str, Import | str] = {
    "Callable": CALLABLE,
    "cached_property": Import("functools", "cached_property"),  # a resource, made on first use
    "Literal": LITERAL,
    "Mapping": Import("collections.abc", "Mapping"),
    "Unpack": UNPACK,
    "httpx": "httpx",
    "overload": Import("typing", "overload"),  # a streamed sibling's flag as ``Literal[True]``
    "httpx2": "httpx2",
}


class Annotator:
    """Renders :data:`ir.TypeRef` values; ``prefix`` qualifies generated names (``models.``)."""

    def __init__(self, prefix: str = "", *, for_parameter: bool = False) -> None:
        self.prefix = prefix
        self.qualified = False  # whether anything rendered names a generated definition
        self.for_parameter = for_parameter
        self.imports: set[Import] = set()
        self.runtime: set[str] = set()
        self._table: dict[type, Callable[[Any], str]] = {
            ir.ScalarType: self._scalar,
            ir.ModelType: lambda t: self._qualify(t.name),
            ir.AliasType: lambda t: self._qualify(t.name),
            ir.EnumType: self._enum,
            ir.ListType: self._list,
            ir.TupleType: lambda t: " | ".join(self._tuple(shape) for shape in t.shapes),
            ir.MapType: lambda t: f"dict[str, {self(t.value)}]",
            ir.LiteralType: self._literal,
            ir.UnionType: self._union,
            ir.NullableType: lambda t: f"{self(t.inner)} | None",
        }

    def __call__(self, t: ir.TypeRef) -> str:
        return self._table[type(t)](t)

    def field(self, f: ir.Field, forward: frozenset[ClassName] = frozenset()) -> str:
        """A model field's annotation: ``Omittable[...]`` where absent reads as None but null is
        refused; a string when it mentions a name in ``forward`` (declared further down)."""
        if f.omittable:
            self.runtime.add("Omittable")
            text = f"Omittable[{self(f.type)}]"
        else:
            text = self(f.annotation_type)
        return self.deferred(text, f.type, forward)

    def extra(self, m: ir.Model, forward: frozenset[ClassName] = frozenset()) -> str:
        """The annotation of ``__pydantic_extra__`` for a model with typed additionalProperties."""
        assert m.extra_type is not None
        return self.deferred(f"dict[str, {self(m.extra_type)}]", m.extra_type, forward)

    def deferred(self, text: str, t: ir.TypeRef, forward: frozenset[ClassName]) -> str:
        """``text``, the annotation of ``t``, as a string if ``t`` mentions a name in ``forward``."""
        return literal(text, black_quotes=True) if ir.referenced_names(t) & forward else text

    def _qualify(self, name: str) -> str:
        self.qualified = True
        return self.prefix + name

    def _scalar(self, t: ir.ScalarType) -> str:
        name, needed = SCALARS[t.scalar]
        if needed is not None:
            self.imports.add(needed)
        if t.scalar is ir.Scalar.FILE:
            self.runtime.add("FileContent")
        if self.for_parameter and t.scalar in ALSO_AS_TEXT:
            name += " | str"  # callers often hold identifiers and timestamps as text
        if t.scalar is ir.Scalar.FLOAT:
            name = self._number()
        return self._constrained(name, t.constraints)

    def _number(self) -> str:
        """A JSON number where it is validated: the runtime's ``Number`` (a ``float`` to mypy) keeps
        an integer an integer, so ``3`` dumps back as ``3``; a signature says ``float``."""
        if self.for_parameter:
            return "float"
        self.runtime.add("Number")
        return "Number"

    def _enum(self, t: ir.EnumType) -> str:
        alias = "OpenIntEnum" if t.value_scalar is ir.Scalar.INT else "OpenEnum"
        self.runtime.add(alias)
        return f"{alias}[{self._qualify(t.name)}]"

    def _union(self, t: ir.UnionType) -> str:
        options = " | ".join(self(o) for o in t.options)
        if t.discriminator is None:
            return options
        self.imports.add(ANNOTATED)
        self.runtime |= {"Tagged", "UnknownVariant"}
        mapping = ", ".join(f"{literal(value)}: {self._qualify(name)}" for value, name in t.discriminator.mapping)
        default = f", {self._qualify(t.discriminator.default)}" if t.discriminator.default is not None else ""
        return f"Annotated[{options} | UnknownVariant, Tagged({literal(t.discriminator.property)}, {{{mapping}}}{default})]"

    def value(self, t: ir.TypeRef) -> str:
        """``t`` spelled as a value (a decoder's argument): mypy accepts ``OpenEnum[X]`` only as a
        type, so an enum outside any container is spelled ``open_enum(X)``."""
        if isinstance(t, ir.EnumType):
            self.runtime.add("open_enum")
            return f"open_enum({self._qualify(t.name)})"
        if isinstance(t, ir.NullableType):
            return f"{self.value(t.inner)} | None"
        if isinstance(t, ir.UnionType) and t.discriminator is None:
            return " | ".join(self.value(o) for o in t.options)
        return self(t)

    def _list(self, t: ir.ListType) -> str:
        return self._constrained(f"list[{self(t.item)}]", t.constraints)

    def _tuple(self, shape: ir.TupleShape) -> str:
        """``tuple[A, B]``; ``tuple[R, ...]``; ``tuple[A, *tuple[R, ...]]`` spelled with ``Unpack`` (for
        Python 3.10) and marked ``Variadic`` for pydantic, which reads that form only so."""
        items = [self(t) for t in shape.items]
        if shape.rest is None:
            return f"tuple[{', '.join(items) or '()'}]"
        if not items:
            return self._constrained(f"tuple[{self(shape.rest)}, ...]", shape.constraints)
        return self._constrained(self._variadic(", ".join(items), self(shape.rest)), shape.constraints)

    def _variadic(self, items: str, rest: str) -> str:
        self.imports.add(UNPACK)
        self.runtime.add("Variadic")
        return f"Variadic[tuple[{items}, Unpack[tuple[{rest}, ...]]]]"

    def _literal(self, t: ir.LiteralType) -> str:
        self.imports.add(LITERAL)
        return f"Literal[{', '.join(literal(v) for v in t.values)}]"

    def _constrained(self, name: str, constraints: ir.Constraints) -> str:
        arguments = ", ".join(f"{keyword}={literal(value)}" for keyword, value in field_constraints(constraints))
        if not arguments or self.for_parameter:  # a signature does not validate: keep it plain
            return name
        self.imports.update({ANNOTATED, FIELD})
        return f"Annotated[{name}, Field({arguments})]"


# pydantic's ``Field`` keyword for each constraint, in the order they are written.
FIELD_CONSTRAINTS = {
    "ge": "ge",
    "le": "le",
    "gt": "gt",
    "lt": "lt",
    "multiple_of": "multiple_of",
    "min_length": "min_length",
    "max_length": "max_length",
    "pattern": "pattern",
}


def field_constraints(constraints: ir.Constraints) -> list[tuple[str, float | int | str]]:
    """The constraints that are set, as ``(pydantic Field keyword, value)``."""
    values = ((keyword, getattr(constraints, name)) for name, keyword in FIELD_CONSTRAINTS.items())
    return [(keyword, value) for keyword, value in values if value is not None]


def literal(value: Any, *, black_quotes: bool = False) -> str:
    """A Python literal for a JSON value (or a tuple of them); strings via repr, which escapes
    everything unsafe (quotes, backslashes, CR, NUL, U+2028). With ``black_quotes``, strings are
    in double quotes where black would put them: a module black need not change is formatted in
    one pass instead of two (the text is the same once formatted)."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"float({str(value)!r})"
    if isinstance(value, dict):
        items = (
            f"{literal(str(k), black_quotes=black_quotes)}: {literal(v, black_quotes=black_quotes)}" for k, v in value.items()
        )
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v, black_quotes=black_quotes) for v in value) + "]"
    if isinstance(value, tuple):
        return "(" + ", ".join(literal(v, black_quotes=black_quotes) for v in value) + ("," if len(value) == 1 else "") + ")"
    if black_quotes and isinstance(value, str) and '"' not in value:
        text = repr(value)
        return f'"{text[1:-1]}"' if text[0] == "'" else text  # repr only escapes ' when " is in it
    if value is None or isinstance(value, (bool, int, float, str)):
        return repr(value)
    raise TypeError(f"not a literal value: {value!r}")


def code_literal(value: Any) -> str:
    """:func:`literal` for Python source: in black's quotes."""
    return literal(value, black_quotes=True)


_QUOTE_BEFORE_QUOTE_OR_END = re.compile(r'"(?="|\Z)')


def docstring(text: str) -> str:
    """A triple-quoted literal that reads as ``text``, whatever ``text`` contains.

    Backslashes and control characters are escaped, and so is every ``"`` that another ``"`` or
    the closing quotes follow: no two quotes stand together, so none can close the literal early.
    A multi-line text ends with its closing quotes on a line of their own. Trailing spaces and
    tabs are dropped from every line: they cannot be seen, and linters flag them (other
    whitespace, such as a form feed, is kept and escaped like any control character).
    """
    text = "\n".join(line.rstrip(" \t") for line in text.replace("\r\n", "\n").strip().split("\n"))
    out: list[str] = []
    if "\\" not in text and text.replace("\n", "").replace("\t", "").isprintable():
        out.append(text)  # the usual case, without a look at every character
    else:
        for char in text:
            if char == "\\":
                out.append("\\\\")
            elif char in "\n\t" or char.isprintable():
                out.append(char)
            else:
                out.append(repr(char)[1:-1])  # \x00, \r, \u2028 ...
    body = _QUOTE_BEFORE_QUOTE_OR_END.sub(r'\\"', "".join(out))  # every raw " is the text's: backslashes are doubled
    if "\n" in body:
        body += "\n"
    return f'"""{body}"""'


STDLIB = frozenset({"builtins", "collections", "datetime", "enum", "functools", "typing", "uuid"})


def isort_key(name: str) -> tuple[int, str]:
    """isort's order of imported names: constants, classes, then functions."""
    return (0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2, name)


def import_block(imports: Iterable[Import], *, modules: Iterable[str] = ()) -> str:
    """Import lines in isort's groups: standard library, then third party; each sorted.

    ``modules`` are whole-module imports (``import enum``)."""
    groups: dict[bool, list[str]] = {True: [], False: []}
    for module in sorted(set(modules)):
        groups[module.split(".")[0] in STDLIB].append(f"import {module}")
    by_module: dict[str, set[str]] = {}
    for imp in imports:
        by_module.setdefault(imp.module, set()).add(imp.name)
    for module, names in sorted(by_module.items()):
        groups[module.split(".")[0] in STDLIB].append(f"from {module} import {', '.join(sorted(names, key=isort_key))}")
    return "\n\n".join(
        "\n".join(sorted(lines, key=lambda line: (line.startswith("from"), line)))
        for lines in (groups[True], groups[False])
        if lines
    )


def recursive_aliases(definitions: tuple[ir.Definition, ...]) -> frozenset[ClassName]:
    """Aliases that mention themselves through other aliases: they cannot be evaluated eagerly
    and are declared lazily (``TypeAliasType`` with a string value)."""
    aliases = {d.name: d for d in definitions if isinstance(d, ir.Alias)}
    graph = {name: {dep for dep in alias.dependencies | ({name} & ir.referenced_names(alias.type)) if dep in aliases} for name, alias in aliases.items()}
    recursive: set[ClassName] = set()
    for start in graph:
        stack, seen = list(graph[start]), set()
        while stack:
            name = stack.pop()
            if name == start:
                recursive.add(start)
                break
            if name not in seen:
                seen.add(name)
                stack.extend(graph[name])
    return frozenset(recursive)
