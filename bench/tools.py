"""The generators compared, the specs they are given, and how each one's output is counted."""

from __future__ import annotations

import ast
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from measure import Run, run

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
# ../shared beside the clone (a worktree under wt/ finds it one level further up)
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "corpus").is_dir()), ROOT.parent / "shared")
PROJECT_BIN = ROOT / ".venv" / "bin"
PEERS_BIN = BENCH / ".venv-peers" / "bin"


# Specs made at bench time from the corpus (never committed): under bench/results/, gitignored.
CONVERTED = BENCH / "results" / "specs"


@dataclass(frozen=True)
class Spec:
    name: str
    path: Path
    modular: bool = False  # datamodel-code-generator needs an output folder for it (dotted schema names)
    converted_from: Path | None = None  # a JSON document of the corpus, written as YAML at ``path``

    @property
    def package(self) -> str:
        return "bench_" + re.sub(r"\W", "_", self.name)

    def prepare(self) -> None:
        """Write the YAML form of ``converted_from`` at ``path`` (block style, as specs are
        written by hand), unless it is there and newer."""
        source = self.converted_from
        if source is None or (self.path.exists() and self.path.stat().st_mtime >= source.stat().st_mtime):
            return
        import json

        from ruamel.yaml import YAML

        yaml = YAML(typ="safe", pure=True)
        yaml.default_flow_style = False
        yaml.width = 100
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("w", encoding="utf-8") as out:
            yaml.dump(json.loads(source.read_text(encoding="utf-8")), out)


SPECS = [
    *(Spec(p.stem, p) for p in sorted((ROOT / "specs").glob("*.yaml"))),
    Spec("algolia_ingestion_full", SHARED / "corpus" / "large" / "algolia_ingestion_full.yml"),
    Spec("box", SHARED / "corpus" / "large" / "box.json"),
    Spec("box_yaml", CONVERTED / "box.yaml", converted_from=SHARED / "corpus" / "large" / "box.json"),
    Spec("opc_baseline_3.0", SHARED / "corpus" / "openapi-python-client" / "baseline_openapi_3.0.json", modular=True),
    Spec("petstore_2.0", SHARED / "corpus" / "swagger2openapi" / "petstore" / "swagger.yaml"),  # Swagger 2.0, read as 3.0
]


@dataclass
class Output:
    """What one generation produced."""

    completed: bool
    reason: str
    lines: int
    operations: int | None  # None: the tool generates no operations
    models: int
    note: str = ""


@dataclass(frozen=True)
class Tool:
    name: str
    label: str  # shown in the table
    command: Callable[[Spec, Path], list[str | Path]]
    count: Callable[[Spec, Path, Run], Output]
    python: Path  # the interpreter whose packages the output needs

    def generate(self, spec: Spec, out: Path, env: dict[str, str]) -> Run:
        shutil.rmtree(out, ignore_errors=True)
        out.parent.mkdir(parents=True, exist_ok=True)
        return run(self.command(spec, out), cwd=out.parent, env=env)


def environment() -> dict[str, str]:
    """PATH with the peers' tools first (openapi-python-client runs ruff from it)."""
    env = dict(os.environ)
    env["PATH"] = f"{PEERS_BIN}{os.pathsep}{env.get('PATH', '')}"
    env.pop("PYTHONPATH", None)
    return env


def python_lines(folder: Path) -> int:
    return sum(p.read_bytes().count(b"\n") for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def _reason(result: Run) -> str:
    text = (result.stderr + "\n" + result.stdout).strip().splitlines()
    useful = [line.strip(" │╭╰─") for line in text if line.strip(" │╭╰─")]
    located = [line for line in useful if ": error: " in line]  # clientgen's first located error
    raised = [line for line in useful if re.match(r"[\w.]*(Error|Exception): ", line)]  # a traceback's last line
    errors = [line for line in useful if re.search(r"error|Error|exception|Exception", line)]
    picked = located[0] if located else (raised or errors or useful or [f"exit {result.returncode}"])[-1]
    return f"exit {result.returncode}: {picked[:160]}"


def _import_check(python: Path, folder: Path, module: str, code: str = "") -> str:
    program = f"import {module}\n{code}"
    result = run([python, "-c", program], cwd=folder, env={**environment(), "PYTHONPATH": str(folder)})
    return "" if result.returncode == 0 else "output does not import: " + _reason(result)


# clientgen's models build their validators on first use: build them all, as the calls would
# (a large provider's models also load on first use: dir() names them all, and getattr loads them)
BUILD_ALL = """
import pydantic, sys
models = sys.modules[{module!r} + ".models"]
for value in [getattr(models, name) for name in dir(models)]:
    if isinstance(value, type) and issubclass(value, pydantic.BaseModel) and value.__module__.startswith(models.__name__):
        value.model_rebuild(force=True)
"""


# --- clientgen ---------------------------------------------------------------------------------


def _clientgen_command(spec: Spec, out: Path) -> list[str | Path]:
    return [PROJECT_BIN / "clientgen", "generate", "--spec", spec.path, "--output", out, "--package", spec.package, "--no-cache"]


def clientgen_module(spec: Spec, out: Path) -> str | None:
    package = out / spec.package
    keys = sorted(p.name for p in package.iterdir() if p.is_dir() and not p.name.startswith("_")) if package.is_dir() else []
    return f"{spec.package}.{keys[0]}" if keys else None


def _clientgen_count(spec: Spec, out: Path, result: Run) -> Output:
    if result.returncode != 0:
        return Output(False, _reason(result), 0, None, 0)
    match = re.search(r": (\d+) operations?, (\d+) models?", result.stdout)  # "1 operation": singular for one
    module = clientgen_module(spec, out)
    problem = (
        _import_check(PROJECT_BIN / "python", out, module, BUILD_ALL.format(module=module)) if module else "no provider module"
    )
    warnings = re.search(r"(\d+) warnings?", result.stdout)
    return Output(
        not problem,
        problem,
        python_lines(out),
        int(match.group(1)) if match else 0,
        int(match.group(2)) if match else 0,
        f"{warnings.group(1)} warnings" if warnings else "",
    )


# --- openapi-python-client ---------------------------------------------------------------------


def _opc_command(spec: Spec, out: Path) -> list[str | Path]:
    return [PEERS_BIN / "openapi-python-client", "generate", "--path", spec.path, "--output-path", out, "--meta", "none"]


def _opc_count(spec: Spec, out: Path, result: Run) -> Output:
    if result.returncode != 0 or not out.is_dir():
        return Output(False, _reason(result), 0, None, 0)
    operations = sum(1 for p in (out / "api").rglob("*.py") if p.name != "__init__.py") if (out / "api").is_dir() else 0
    models = sum(1 for p in (out / "models").glob("*.py") if p.name != "__init__.py") if (out / "models").is_dir() else 0
    problem = _import_check(PEERS_BIN / "python", out.parent, out.name)
    skipped = result.stdout.count("Endpoint will not be generated")
    warned = result.stdout.count("WARNING parsing")
    note = f"{warned} warnings, {skipped} endpoints skipped" if warned else ""
    return Output(not problem, problem, python_lines(out), operations, models, note)


# --- datamodel-code-generator ------------------------------------------------------------------


def _dcg_command(spec: Spec, out: Path) -> list[str | Path]:
    return [
        PEERS_BIN / "datamodel-codegen",
        "--input",
        spec.path,
        "--input-file-type",
        "openapi",
        "--output-model-type",
        "pydantic_v2.BaseModel",
        "--output",
        out / "models" if spec.modular else out / "models.py",
    ]


def _dcg_count(spec: Spec, out: Path, result: Run) -> Output:
    target = out / "models.py"
    if result.returncode != 0 or not (target.exists() or (out / "models").is_dir()):
        return Output(False, _reason(result), 0, None, 0)
    modules = [target] if target.is_file() else sorted((out / "models").rglob("*.py"))
    models = sum(1 for m in modules for node in ast.parse(m.read_text()).body if isinstance(node, ast.ClassDef))
    module = "models"
    problem = _import_check(PEERS_BIN / "python", out, module)
    return Output(not problem, problem, python_lines(out), None, models, "models only: no client, no operations")


CLIENTGEN = Tool("clientgen", "clientgen", _clientgen_command, _clientgen_count, PROJECT_BIN / "python")
OPC = Tool("openapi-python-client", "openapi-python-client 0.29.1", _opc_command, _opc_count, PEERS_BIN / "python")
DCG = Tool(
    "datamodel-code-generator", "datamodel-code-generator 0.89.0 (models only)", _dcg_command, _dcg_count, PEERS_BIN / "python"
)
TOOLS = [CLIENTGEN, OPC, DCG]
PEERS = [OPC, DCG]
