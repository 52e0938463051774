"""The layout's "never" rules, read from the imports of every module under generator/.

One folder a stage (README "How it works"): rendering sees only the IR, never raw OpenAPI; the IR
knows no templates; no stage knows the command line. An import anywhere in a module counts,
inside a function or under ``if TYPE_CHECKING`` too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

GENERATOR = ROOT / "generator"
# folder (or module) -> what nothing in it may import, and why
NEVER: dict[str, tuple[tuple[str, ...], str]] = {
    "load": (("generator.validate", "generator.builder", "generator.ir", "generator.render"), "loading knows no later stage"),
    "validate": (("generator.builder", "generator.ir", "generator.render"), "validation knows no later stage"),
    "ir": (("generator.render", "generator.output", "jinja2", "black"), "the IR knows no templates"),
    "render": (
        ("generator.load", "generator.validate", "generator.builder", "openapi_pydantic", "ruamel"),
        "rendering sees only the IR, never raw OpenAPI",
    ),
    "output": (("generator.builder", "generator.load", "generator.validate"), "formatting and writing see only text"),
    "release": (("generator.load", "generator.validate", "generator.builder"), "the API surface is read from the IR"),
}
CLI = "generator.cli"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(source: str, package: str) -> set[str]:
    """Every module ``source`` imports, as absolute dotted names, relative imports resolved
    against ``package`` (``from . import x`` gives both the package and ``package.x``, since x
    may be a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = parts[: len(parts) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def module_imports(path: Path) -> set[str]:
    name = module_name(path)
    return imports(path.read_text(encoding="utf-8"), name if path.name == "__init__.py" else name.rpartition(".")[0])


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


MODULES = sorted(GENERATOR.rglob("*.py"))


@pytest.mark.parametrize("stage", sorted(NEVER))
def test_a_stage_never_imports_what_it_must_not_know(stage: str) -> None:
    forbidden, why = NEVER[stage]
    modules = [m for m in MODULES if module_name(m) == f"generator.{stage}" or within(module_name(m), f"generator.{stage}")]
    assert modules, f"no modules in generator/{stage}"
    wrong = sorted(
        f"{m.relative_to(ROOT)} imports {name}"
        for m in modules
        for name in module_imports(m)
        if any(within(name, f) for f in forbidden)
    )
    assert not wrong, f"{why}:\n" + "\n".join(wrong)


def test_no_stage_knows_the_command_line() -> None:
    outside = [m for m in MODULES if not within(module_name(m), CLI) and m.name != "__main__.py"]
    wrong = sorted(f"{m.relative_to(ROOT)} imports {name}" for m in outside for name in module_imports(m) if within(name, CLI))
    assert not wrong, "only the command line (and python -m generator) imports generator.cli:\n" + "\n".join(wrong)


def test_relative_and_lazy_imports_are_resolved() -> None:
    source = "from ..load.document import Document\n\ndef f():\n    from .. import cli\n    import jinja2\n"
    found = imports(source, "generator.render")
    assert {"generator.load.document", "generator.cli", "jinja2"} <= found
    assert imports("from .python import Annotator\n", "generator.render") == {
        "generator.render.python",
        "generator.render.python.Annotator",
    }
