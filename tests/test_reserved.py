"""The names generated code reserves are listed once (generator/ir/reserved.py) and match what the
runtime exports and what generated modules define."""

from __future__ import annotations

import ast
from pathlib import Path

from generator.ir import reserved

from .conftest import GENERATED, PROVIDERS, ROOT

RUNTIME_INIT = ROOT / "templates" / "runtime" / "__init__.py"
PACKAGE = GENERATED / "provider_clients"


def all_of(path: Path) -> list[str]:
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return [ast.literal_eval(element) for element in node.value.elts]  # type: ignore[attr-defined]
    raise AssertionError(f"{path} has no __all__")


def test_every_runtime_export_is_listed_once_by_who_imports_it() -> None:
    """A name added to the runtime's __init__.py must be added to reserved.py too: a field or
    parameter named after it would otherwise shadow it in the modules that import it."""
    exported = all_of(RUNTIME_INIT)
    assert set(exported) == reserved.RUNTIME_EXPORTS, "templates/runtime/__init__.py __all__ and generator/ir/reserved.py differ"
    groups = [
        set(reserved.PACKAGE_EXPORTS),
        reserved.CLIENT_RUNTIME,
        reserved.OPERATION_RUNTIME,
        reserved.STREAM_RUNTIME,
        reserved.WAITER_RUNTIME,
        reserved.ANNOTATION_RUNTIME,
        reserved.DECODER_RUNTIME,
    ]
    assert sum(len(g) for g in groups) == len(exported), "a runtime name is listed in two groups"


def test_the_package_re_exports_exactly_the_listed_names() -> None:
    assert all_of(PACKAGE / "__init__.py") == list(reserved.PACKAGE_EXPORTS)


def test_client_modules_define_only_listed_constants_and_import_only_runtime_exports() -> None:
    for key in PROVIDERS:
        module = ast.parse((PACKAGE / key / "client.py").read_text(encoding="utf-8"))
        methods = {
            item.name
            for node in module.body
            if isinstance(node, ast.ClassDef) and not node.name.endswith("WithRawResponse")
            for item in node.body
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and not item.name.startswith("__")
        }
        constants = {
            node.target.id for node in module.body if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
        }
        assert constants == reserved.CLIENT_CONSTANTS | {reserved.endpoint_constant(m) for m in methods}, key
        assert not methods & reserved.RESERVED_METHODS, key
        imported = {
            alias.name for node in module.body if isinstance(node, ast.ImportFrom) and node.module == "_runtime" for alias in node.names
        }
        assert imported and imported <= reserved.RUNTIME_EXPORTS, key
