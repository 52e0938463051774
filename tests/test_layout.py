"""The layout (generator/output/layout/) gives black's bytes without black, on whatever a spec
puts into the code: long names and strings at every width around the line length, quotes,
backslashes, unicode (wide, combining), numbers. Each generated module is compared with what
black makes of the whole unformatted module; the goldens and the corpus are checked with black
in tests/test_goldens.py and tests/test_corpus.py.
"""

from __future__ import annotations

import json
import keyword
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.config import PackageInfo, single_spec
from generator.errors import GenerationError
from generator.output import format, layout
from generator.output.format import format_files, format_python
from generator.pipeline import build_provider
from generator.render.package import render_package

from .conftest import FIXTURES, SPECS

# Text a spec may hold: quotes, backslashes, braces, wide and combining characters, emoji.
CHARACTERS = st.sampled_from([*"abcXYZ_09 '\"\\{}[]()#:,.-|=\t", "é", "ß", "漢", "字", "\u0301", "😀", "\u00a0"])
TEXT = st.text(CHARACTERS, max_size=40) | st.text(CHARACTERS, min_size=60, max_size=130)
IDENTIFIER = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,20}", fullmatch=True) | st.from_regex(
    r"[A-Za-z][A-Za-z0-9_]{60,110}", fullmatch=True
)
SCALAR = st.one_of(TEXT, st.integers(-(10**20), 10**20), st.floats(allow_nan=False, allow_infinity=False), st.booleans())


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    """A small document: models with drawn names, fields, descriptions, enums, defaults,
    constraints and unions, and operations that use them."""
    names = draw(st.lists(IDENTIFIER, min_size=1, max_size=4, unique_by=str.lower))
    schemas: dict[str, Any] = {}
    for index, name in enumerate(names):
        properties: dict[str, Any] = {}
        for field in draw(st.lists(TEXT.filter(bool), max_size=4, unique=True)):
            kind = draw(st.sampled_from(["string", "number", "enum", "ref", "union", "array", "constrained"]))
            if kind == "enum":
                schema: dict[str, Any] = {"type": "string", "enum": draw(st.lists(TEXT, min_size=1, max_size=4, unique=True))}
            elif kind == "ref":
                schema = {"$ref": f"#/components/schemas/{names[(index + 1) % len(names)]}"}
            elif kind == "union":
                schema = {"oneOf": [{"$ref": f"#/components/schemas/{n}"} for n in names] + [{"type": "integer"}]}
            elif kind == "array":
                schema = {"type": "array", "items": {"$ref": f"#/components/schemas/{draw(st.sampled_from(names))}"}}
            elif kind == "constrained":
                schema = {"type": "string", "maxLength": draw(st.integers(1, 10**12)), "pattern": draw(TEXT)}
            else:
                schema = {"type": kind}
            if draw(st.booleans()):
                schema["description"] = draw(TEXT)
            if kind in ("string", "number") and draw(st.booleans()):
                schema["default"] = draw(SCALAR)
            properties[field] = schema
        schemas[name] = {"type": "object", "properties": properties, "description": draw(TEXT)}
    paths: dict[str, Any] = {}
    for name in draw(st.lists(IDENTIFIER, min_size=1, max_size=3, unique_by=str.lower)):
        parameter = draw(IDENTIFIER)
        paths[f"/{name}/{{{parameter}}}"] = {
            "post": {
                "operationId": name,
                "summary": draw(TEXT),
                "parameters": [
                    {"name": parameter, "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": draw(TEXT.filter(bool)), "in": "query", "schema": {"type": "string", "default": draw(TEXT)}},
                ],
                "requestBody": {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{names[0]}"}}}},
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{names[-1]}"}}},
                    },
                    "404": {"description": "missing", "content": {"application/json": {"schema": {"type": "object"}}}},
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": draw(TEXT) or "t", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(specs())
def test_what_a_spec_puts_in_the_code_is_laid_out_as_black_would(
    tmp_path_factory: pytest.TempPathFactory, spec: dict[str, Any]
) -> None:
    path = tmp_path_factory.mktemp("spec") / "drawn.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    try:
        api, _ = build_provider(single_spec(path), path.name)
    except GenerationError:
        assume(False)
        return
    files = {name: text for name, text in render_package([api], PackageInfo("pkg", "pkg", "1")).items() if "/drawn/" in name}
    formatted = format_files(files, jobs=1)
    for name, text in files.items():
        if name.endswith(".py"):
            assert formatted[name] == format_python(text), name


@pytest.mark.parametrize(
    "source",
    [
        'X = "' + "a" * 95 + '"\n',  # nothing to split at: black leaves it long
        "Y = A | B | C\n",
        "Alias = " + " | ".join(f"Model{i}" * 3 for i in range(8)) + "\n",
        "class " + "Long" * 30 + "(ApiModel):\n    pass\n",
        "from pkg import " + ", ".join(f"name_{i}" for i in range(20)) + "\n",
        "x: dict[str, int] = {" + ", ".join(f'"k{i}": {i}' for i in range(30)) + "}\n",
        "def f(self, a: int, **options: Unpack[RequestOptions]) -> "
        + "R" * 60
        + ":\n    return self._request(A, options=options)\n",
        "class C:\n    def m(\n        self, " + "x" * 90 + ": int\n    ) -> None:\n        pass\n",
        "class C:\n    field: " + " | ".join(["Annotated[str, Field(max_length=1)]"] * 3) + " = Field(default=None, alias='f')\n",
        "v = f(a,)\nw = (1,)\nz = [1,]\n",
        "s = 'it\\'s'\nt = '\"'\nu = '\\xAB'\nv = 1E5\nw = 0XFF\n",
        "def g():\n    '''Doc.'''\n    return 1\n",
        'class D:\n    """  Padded, "quoted"."""\n',
        'class E:\n    """Lines\n      indented\n      more."""\n',
    ],
)
def test_constructs_black_lays_out_are_laid_out_as_black_would(source: str) -> None:
    assert format_files({"m.py": source}, jobs=1)["m.py"] == format_python(source)


# Constructs the layout is taught: it must be certain of each, and give black's bytes.
TAUGHT = [
    "import a\n\nX = A | B\n",
    "if TYPE_CHECKING:\n    from ._m import A as A\n\n\n# Each name.\nX = {\n    'A': '_m',\n}\n",
    "from ._" + "m" * 95 + " import " + "A" * 40 + " as " + "A" * 40 + "\n",
    "if T:\n    from ._" + "m" * 40 + " import " + "A" * 30 + " as " + "A" * 30 + "\n",
    "def f(name: str) -> object:\n    value = g(f\".{name}\", x)\n    h()[name] = value  # found once: later reads do not\n",
    'def f(name: str) -> None:\n    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")\n',
    # annotations black splits at once it prefers that split (bare, or before a value)
    "class C:\n    field_name: " + "Long" * 22 + "\n",
    "class C:\n    op: OpenEnum[" + "Long" * 22 + "]\n",
    "class C:\n    field_name: " + "Long" * 20 + " = None\n",
    "class C:\n    x: Omittable[" + "A" * 78 + "] = None\n",  # "x: ... = (" fits: black keeps them
    "class C:\n    xyz: Omittable[" + "A" * 78 + "] = None\n",
    "class C:\n    xyz: Omittable[Annotated[str, Field(max_length=10000, pattern='" + "a" * 60 + "')]] = None\n",
    "class C:\n    xyz: list[OpenEnum[" + "A" * 60 + "]] | None = None\n",
    "class C:\n    xyz: Annotated[list[" + "A" * 40 + "], Field(min_length=1, max_length=1)] = Field(alias='f')\n",
    "_" + "N" * 40 + ": Endpoint[models." + "M" * 40 + "] = Endpoint(a=1, b=2)\n",  # the call fits after
    "_" + "N" * 40 + ": Endpoint[models." + "M" * 40 + "] = Endpoint(\n    a=1,\n    b=2,\n)\n",
    "_" + "N" * 40 + ": Endpoint[models." + "M" * 40 + "] = Endpoint(a=1, b='" + "x" * 95 + "')\n",
    # unions in a def: a parameter's first operand split again, a return annotation in parentheses
    "class C:\n    def put(self, *, body: list[models." + "B" * 90 + "] | None = None, **options: Unpack[O]) -> R:\n        pass\n",
    "class C:\n    def get(self, **options: Unpack[O]) -> models." + "A" * 50 + " | models." + "B" * 50 + ":\n        pass\n",
    "class C:\n    def get(self) -> list[models." + "A" * 90 + "] | models.B | None:\n        pass\n",
    "X = OpenEnum[" + "A" * 60 + "] | Annotated[str, Field(pattern='^[1-9]$')]\n",  # one "|", a subscript last
    "x = Decoder(models." + "A" * 50 + " | models." + "B" * 50 + ", 'json')\n",  # an item split at its "|"
    "_" + "N" * 30 + ": Endpoint[models." + "A" * 50 + " | models." + "B" * 50 + "] = Endpoint(\n    a=1,\n)\n",
    "x = f(" + "a" * 40 + ", {" + ", ".join(["b" * 10] * 9) + "})\n",  # a literal item: its bracket is the head
    "def get(self, optional: str, **options: Unpack[RequestOptions]) -> Literal['Why have a fixed response? I dunno']:\n"
    "    pass\n",  # a string in the return annotation, not first: still the left-hand split
    # a name's subscript splits as a call does
    "User = Annotated[AdminUser | RegularUser | UnknownVariant, Tagged('userType', {'admin': AdminUser, 'regular': RegularUser})]\n",
    "X = Annotated[Abc, Tagged('t', {" + ", ".join(f"'k{i}': Value{i}" for i in range(6)) + "})]\n",
]


@pytest.mark.parametrize("source", TAUGHT)
def test_constructs_the_layout_is_taught_are_certain_and_black(source: str) -> None:
    assert layout.format_chunk(source) == format_python(source)


@pytest.mark.parametrize(
    "source",
    [
        "import a\n\n\nX = A | B\n",  # black keeps one blank line after module-level imports
        "def f():\n    import a\n    x = 1\n",  # and adds one after others
        "def f():\n    import a\n\n\n    x = 1\n",
        "X = 1\n# c\n\nY = 2\n",
        "X = 1\n# c\ndef f():\n    pass\n",
        "class C:\n    # c\n    x = 1\n",
        "class C:\n    x = 1\n    # c\ny = 2\n",
        "x = 1  #c\ny = 2 # c\nz = 3  # c \n",
        "x = f(" + "a, " * 30 + "b)  # a comment that does not fit\n",
        "x = [\n    1,  # one\n    2,\n]\n",
        "x = 1  # type: int\n",
        "x = f'{a}' + F\"{b}\" + f\"{c!r:>{w}}\" + rf\"\\d{d}\"\n",
        "x = f\"{'a'}\"\n",
        "x = u'abc'\ny = F\"{a}\"\nz = rb'x'\nw = f'{a}'\nv = R\"a\"\n",  # prefixes black rewrites
        "x = f(" + "a" * 40 + ", (" + ", ".join(["b" * 10] * 9) + "))\n",
        "x = f(" + "a" * 40 + ", [" + ", ".join(["b" * 10] * 9) + "][0])\n",
    ],
)
def test_comments_imports_and_f_strings_it_is_not_taught_are_left_to_black(source: str) -> None:
    assert format_files({"m.py": source}, jobs=1)["m.py"] == format_python(source)


NAMES = st.from_regex(r"[a-z][a-z_]{0,60}", fullmatch=True).filter(lambda name: not keyword.iskeyword(name))
ANNOTATIONS = st.sampled_from(
    ["{n}", "Omittable[{N}]", "Omittable[Annotated[str, Field(max_length={k}, pattern='{n}')]]", "list[{N}] | None",
     "Annotated[list[{N}], Field(min_length={k})]", "Endpoint[models.{N}]", "{N} | {N} | None"]
)
VALUES = st.sampled_from(["None", "'{n}'", "Field(alias='{n}')", "Field(default=None, alias='{n}')", "Endpoint(a={k}, b='{n}')",
                          "Endpoint(\n    a={k},\n    b='{n}',\n)", ""])


@settings(max_examples=300, deadline=None)
@given(NAMES, NAMES, st.integers(1, 10**9), ANNOTATIONS, VALUES, st.booleans())
def test_annotated_statements_of_every_width_are_laid_out_as_black_would(
    name: str, other: str, number: int, annotation: str, value: str, in_class: bool
) -> None:
    """Around the line length, an annotated statement splits at its value, its annotation, or the
    parentheses black puts around either: the layout gives black's bytes, or leaves it to black."""
    fill = {"n": other, "N": other.title().replace("_", ""), "k": number}
    statement = f"{name}: {annotation.format(**fill)}" + (f" = {value.format(**fill)}" if value else "")
    source = ("class C:\n    " + statement.replace("\n", "\n    ") if in_class else statement) + "\n"
    assert format_files({"m.py": source}, jobs=1)["m.py"] == format_python(source)


TYPES = st.sampled_from(["{N}", "list[{N}]", "models.{N}", "Literal['{n}']", "dict[str, {N}]"])


@settings(max_examples=300, deadline=None)
@given(NAMES, NAMES, st.lists(st.tuples(NAMES, st.lists(TYPES, min_size=1, max_size=3), st.booleans()), max_size=3),
       st.lists(TYPES, min_size=1, max_size=3), st.booleans(), st.booleans())
def test_signatures_and_aliases_of_every_width_are_laid_out_as_black_would(
    name: str, other: str, parameters: list[tuple[str, list[str], bool]], result: list[str], in_class: bool, alias: bool
) -> None:
    """Defs whose parameters and return annotations are unions, and aliases of a subscript or a
    union (``Annotated[A | B, Tagged(...)]``), around the line length: black's bytes, or black."""
    fill = {"n": other, "N": other.title().replace("_", "")}
    def union(types: list[str]) -> str:
        return " | ".join(t.format(**fill) for t in types)
    if alias:
        items = ", ".join(f"'{p}': {union(t)}" for p, t, _ in parameters)
        statement = f"{name.title()} = Annotated[{union(result)}, Tagged('{other}', {{{items}}})]"
    else:
        listed = ", ".join(f"{p}: {union(t)}" + (" = None" if default else "") for p, t, default in parameters)
        statement = f"def {name}(self, {listed}) -> {union(result)}:\n    pass"
    source = ("class C:\n    " + statement.replace("\n", "\n    ") if in_class else statement) + "\n"
    assert format_files({"m.py": source}, jobs=1)["m.py"] == format_python(source)


def test_most_of_the_rendered_code_never_reaches_black() -> None:
    """The point of the layout: on the fixtures and the providers' specs, black sees a few pieces."""
    files: dict[str, str] = {}
    for spec in [*sorted((FIXTURES / "specs").glob("*.yaml")), *sorted(SPECS.glob("*.yaml"))]:
        api, _ = build_provider(single_spec(spec), spec.name)
        files |= {
            f"{spec.stem}/{n}": t for n, t in render_package([api], PackageInfo("pkg", "pkg", "1")).items() if n.endswith(".py")
        }
    stats = format.Stats()
    format_files(files, jobs=1, formatted={n for n in files if "/_runtime/" in n}, stats=stats)
    chunks, black = stats.chunks, stats.black_chunks
    assert chunks > 100
    assert black * 10 < chunks, f"{black} of {chunks} chunks needed black"


def test_a_doubt_inside_a_class_sends_black_only_that_statement() -> None:
    long_sum = " + ".join(["value"] * 20)  # black weighs operators: not modelled
    source = f"class C:\n    a: int = 1\n\n    def m(self) -> None:\n        x = {long_sum}\n\n    b: str = 'x'\n"
    pieces = layout.pieces(source)
    units = [p for p in pieces if isinstance(p, layout.Unit)]
    assert [u.source for u in units] == [f"    def m(self) -> None:\n        x = {long_sum}\n"]
    assert units[0].header == "class _:\n"
    assert format_files({"m.py": source}, jobs=1)["m.py"] == format_python(source)


def test_a_doubt_at_module_level_sends_black_the_whole_chunk() -> None:
    source = "X = 1  #a comment\n"  # black adds the space
    assert layout.pieces(source) == [layout.Unit(source)]


def test_black_is_not_imported_when_the_layout_is_certain(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from generator.output.format import format_files; "
        "assert format_files({'m.py': 'X = 1\\n\\n\\nclass A:\\n    b: int = 2\\n'}, jobs=1)['m.py'].startswith('X = 1'); "
        "assert 'black' not in sys.modules, 'black was imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr


WORDS = st.text(st.sampled_from([*"abcdefghijklmnopqrstuvwxyz", " ", ".", ",", "(", ")", "-", ":", "é"]), min_size=1, max_size=60)


def _filled(draw: st.DrawFn, width: int) -> str:
    """Text of exactly ``width`` characters that starts and ends with a letter."""
    body = draw(st.text(st.sampled_from([*"abcdefghijklmnopqrstuvwxyz", " ", ".", ","]), min_size=width, max_size=width))
    return "a" + body[2:] + "z" if width >= 2 else "a" * width


@st.composite
def docstrings(draw: st.DrawFn) -> str:
    """A class, method or function whose docstring spans lines, the last of any width around where
    black moves the closing quotes to a line of their own (and single-line ones, which it never
    moves), in the form the templates write."""
    depth = draw(st.sampled_from([1, 2]))
    indent = "    " * depth
    header = "class C:\n" if depth == 1 else "class C:\n    def f(self) -> None:\n"
    first = draw(WORDS).strip() or "Doc."
    middle = [indent + line.strip() if line.strip() else "" for line in draw(st.lists(WORDS, max_size=3))]
    width = draw(st.integers(80, 106))  # of the last line, from column 0
    last = indent + _filled(draw, width - len(indent))
    if draw(st.booleans()):
        return f'{header}{indent}"""{first}\n' + "".join(f"{line}\n" for line in middle) + f'{last}"""\n'
    return f'{header}{indent}"""{_filled(draw, width - len(indent) - 3)}"""\n'  # one line: black never moves its quotes


@settings(max_examples=400, deadline=None)
@given(docstrings())
def test_docstrings_of_every_width_are_laid_out_as_black_would(source: str) -> None:
    """Black moves a docstring's closing quotes to a line of their own where they would pass the
    line length; the layout gives black's bytes, and is certain of every docstring black leaves
    as it is (a threshold off by a few columns fails one way or the other)."""
    docstring_laid_out_as_black_would(source)


@pytest.mark.parametrize("depth", [1, 2])
@pytest.mark.parametrize("width", range(92, 106))
def test_docstrings_at_the_edge_of_the_line_are_laid_out_as_black_would(width: int, depth: int) -> None:
    """Every width of a docstring's last line around where black's choice turns, not left to the draw."""
    indent = "    " * depth
    header = "class C:\n" if depth == 1 else "class C:\n    def f(self) -> None:\n"
    last = (indent + "word " * width)[: width - 1].rstrip()
    last += "z" * (width - len(last))
    docstring_laid_out_as_black_would(f'{header}{indent}"""First.\n\n{last}"""\n')


def docstring_laid_out_as_black_would(source: str) -> None:
    black = format_python(source)
    assert format_files({"m.py": source}, jobs=1)["m.py"] == black
    if black == source:
        assert layout.format_chunk(source) == source, "the layout should be certain of a docstring black leaves alone"
