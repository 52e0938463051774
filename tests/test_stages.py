"""The layout's "never" rules, read from the imports of every module under generator/, and the
README's "How it works" tables, checked against ``ls generator/``.

One folder a stage (README "How it works"): rendering sees only the IR, never raw OpenAPI; the IR
knows no templates; no stage knows the command line or the pipeline that drives it. An import
anywhere in a module counts, inside a function or under ``if TYPE_CHECKING`` too. The folders are
read from the listing: a new folder fails here until it has a row in :data:`NEVER` and in the
README, and a new module until the README names it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from .conftest import ROOT

GENERATOR = ROOT / "generator"
README = ROOT / "README.md"
STAGES = ("load", "validate", "builder", "ir", "release", "render", "output")  # the order pipeline.py runs them
# folder -> what nothing in it may import, and why (README "How it works", the "never imports" column)
NEVER: dict[str, tuple[tuple[str, ...], str]] = {
    "load": (
        ("generator.validate", "generator.builder", "generator.ir", "generator.release", "generator.render", "generator.output"),
        "loading knows no later stage",
    ),
    "validate": (
        ("generator.builder", "generator.ir", "generator.release", "generator.render", "generator.output"),
        "validation knows no later stage",
    ),
    "builder": (
        ("generator.release", "generator.render", "generator.output", "jinja2", "black"),
        "the builder makes the IR; it writes no code",
    ),
    "ir": (
        (
            "generator.load",
            "generator.validate",
            "generator.builder",
            "generator.release",
            "generator.render",
            "generator.output",
            "jinja2",
            "black",
        ),
        "the IR knows no stage and no template",
    ),
    "release": (
        ("generator.load", "generator.validate", "generator.builder", "generator.output"),
        "the API surface is read from the IR",
    ),
    "render": (
        (
            "generator.load",
            "generator.validate",
            "generator.builder",
            "generator.release",
            "generator.output",
            "openapi_pydantic",
            "ruamel",
        ),
        "rendering sees only the IR, never raw OpenAPI",
    ),
    "output": (
        ("generator.load", "generator.validate", "generator.builder", "generator.ir", "generator.release"),
        "formatting and writing see only text",
    ),
    # beside the pipeline
    "config": (
        (
            "generator.load",
            "generator.validate",
            "generator.builder",
            "generator.release",
            "generator.render",
            "generator.output",
        ),
        "settings are read before any stage runs",
    ),
    "vendoring": (
        ("generator.builder", "generator.ir", "generator.release", "generator.render", "generator.output"),
        "vendoring takes documents in; it generates nothing",
    ),
    "cli": ((), "the command line drives everything"),
}
CLI = "generator.cli"
PIPELINE = "generator.pipeline"
FOLDERS = sorted(p.name for p in GENERATOR.iterdir() if (p / "__init__.py").is_file())


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


def in_folder(folder: str) -> list[Path]:
    return [m for m in MODULES if within(module_name(m), f"generator.{folder}")]


def test_every_folder_has_a_row_and_every_row_a_folder() -> None:
    missing = [f"generator/{folder}/" for folder in FOLDERS if folder not in NEVER]
    assert not missing, (
        f"{', '.join(missing)}: no row in NEVER (tests/test_stages.py) nor in README.md \"How it works\"; add one to both,"
        " with what the folder never imports"
    )
    gone = [f"generator/{folder}/" for folder in NEVER if folder not in FOLDERS]
    assert not gone, f"NEVER (tests/test_stages.py) has a row for {', '.join(gone)}, which is not in ls generator/"


@pytest.mark.parametrize("folder", FOLDERS)
def test_a_stage_never_imports_what_it_must_not_know(folder: str) -> None:
    if folder not in NEVER:
        pytest.fail(
            f"generator/{folder}/ has no row in NEVER (tests/test_stages.py): say what it never imports, there and in the README"
        )
    forbidden, why = NEVER[folder]
    modules = in_folder(folder)
    assert modules, f"no modules in generator/{folder}"
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


def test_no_stage_reaches_back_up_to_the_pipeline() -> None:
    """A stage is handed what it needs (plain data, the run's loader, its stats and progress line);
    only the command line, which makes the run, imports the pipeline."""
    outside = [m for m in MODULES if not within(module_name(m), CLI) and module_name(m) != PIPELINE]
    wrong = sorted(
        f"{m.relative_to(ROOT)} imports {name}" for m in outside for name in module_imports(m) if within(name, PIPELINE)
    )
    assert not wrong, "only the command line imports generator.pipeline:\n" + "\n".join(wrong)


def how_it_works() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## How it works\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def readme_rows() -> dict[str, tuple[str, set[str]]]:
    """Each row of the tables in "How it works": folder -> (its folder cell, what it never imports,
    as module names: `x/` is generator.x)."""
    rows: dict[str, tuple[str, set[str]]] = {}
    for line in how_it_works().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if len(cells) != 4 or not (folder := re.match(r"`(\w+)/`", cells[1])):
            continue  # not a row, or a header or separator
        names = re.findall(r"`([^`]+)`", cells[3])
        rows[folder.group(1)] = (cells[1], {f"generator.{n[:-1]}" if n.endswith("/") else n for n in names})
    return rows


def test_the_readme_tables_have_a_row_for_every_folder_and_say_what_it_never_imports() -> None:
    rows = readme_rows()
    assert sorted(rows) == FOLDERS, (
        'README.md "How it works" and ls generator/ disagree: '
        f"no row for {sorted(set(FOLDERS) - set(rows))}, a row for no folder {sorted(set(rows) - set(FOLDERS))}"
    )
    wrong = [
        f"{folder}/: README says {sorted(never)}, tests/test_stages.py NEVER {sorted(NEVER[folder][0])}"
        for folder, (_, never) in rows.items()
        if folder in NEVER and never != set(NEVER[folder][0])
    ]
    assert not wrong, 'the README\'s "never imports" column is not what is enforced:\n' + "\n".join(wrong)


def test_the_stage_table_is_in_the_order_the_pipeline_runs() -> None:
    stages = [folder for folder in readme_rows() if folder in STAGES]
    assert stages == list(STAGES)
    source = (GENERATOR / "pipeline.py").read_text(encoding="utf-8")
    body = source[source.index("\ndef _generate(") :]
    calls = [body.index(call) for call in ("build_provider(", "release(", "render_package(", "format_files(")]
    assert calls == sorted(calls), "pipeline.py builds, releases, renders and formats in that order"


@pytest.mark.parametrize("folder", FOLDERS)
def test_the_readme_names_every_module_of_a_folder(folder: str) -> None:
    rows = readme_rows()
    if folder not in rows:
        pytest.fail(f'generator/{folder}/ has no row in README.md "How it works"')
    cell, _ = rows[folder]
    base = GENERATOR / folder
    names = sorted(
        f"{p.parent.name}/" if p.name == "__init__.py" else p.name
        for p in base.rglob("*.py")
        if p.parent != base or p.name != "__init__.py"
    )
    unnamed = [name for name in names if f"`{name}`" not in cell]
    assert not unnamed, f"README.md \"How it works\", row {folder}/: say what {', '.join(unnamed)} does"


def test_the_readme_names_the_modules_beside_the_folders() -> None:
    text = how_it_works()
    modules = sorted(p.name for p in GENERATOR.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert [m for m in modules if f"`{m}`" not in text] == []


def test_relative_and_lazy_imports_are_resolved() -> None:
    source = "from ..load.document import Document\n\ndef f():\n    from .. import cli\n    import jinja2\n"
    found = imports(source, "generator.render")
    assert {"generator.load.document", "generator.cli", "jinja2"} <= found
    assert imports("from .python import Annotator\n", "generator.render") == {
        "generator.render.python",
        "generator.render.python.Annotator",
    }
