"""The names generated code reserves are listed once (generator/ir/reserved.py) and match what the
runtime exports and what generated modules define."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import get_args

import pytest

from generator.ir import reserved
from generator.ir.operations import ParameterLocation

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
        reserved.PAGING_RUNTIME,
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
        paged = {  # methods that return a Page have a Paging constant too
            item.name
            for node in module.body
            if isinstance(node, ast.ClassDef)
            for item in node.body
            if isinstance(item, ast.FunctionDef) and item.returns is not None and ast.unparse(item.returns).startswith("Page[")
        }
        expected = {reserved.endpoint_constant(m) for m in methods} | {reserved.paging_constant(m) for m in paged}
        assert constants == reserved.CLIENT_CONSTANTS | expected, key
        assert not methods & reserved.RESERVED_METHODS, key
        imported = {
            alias.name for node in module.body if isinstance(node, ast.ImportFrom) and node.module == "_runtime" for alias in node.names
        }
        assert imported and imported <= reserved.RUNTIME_EXPORTS, key


def test_the_request_keywords_a_call_passes_are_those_of_the_runtime_request() -> None:
    """macros.jinja passes an operation's parameters to ``self._request`` by location under the
    keywords reserved.REQUEST_ARGUMENTS lists: each must be a keyword of both clients' _request."""
    module = ast.parse((ROOT / "templates" / "runtime" / "_client.py").read_text(encoding="utf-8"))
    requests = [n for n in ast.walk(module) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name == "_request"]
    assert len(requests) == 2
    for request in requests:
        keywords = {a.arg for a in request.args.kwonlyargs}
        assert set(reserved.REQUEST_ARGUMENTS.values()) <= keywords
    assert set(reserved.REQUEST_ARGUMENTS) == set(get_args(ParameterLocation)), "every parameter location needs its keyword"


def test_the_config_names_client_py_imports_are_defined_by_the_runtime_config() -> None:
    module = ast.parse((ROOT / "templates" / "runtime" / "_config.py").read_text(encoding="utf-8"))
    defined = {t.id for n in module.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
    assert defined >= reserved.CONFIG_RUNTIME


def test_a_name_a_template_writes_is_imported_from_where_it_is_written() -> None:
    """``use(name)`` in a template records the import of what it writes; a name it does not know
    is an error, not a module that fails to import."""
    from generator.render.python import Import
    from generator.render.used import Used

    module = Used()
    assert [module.use("Scheme"), module.use("DEFAULT_TIMEOUT"), module.use("Mapping"), module.use("httpx2")] == [
        "Scheme",
        "DEFAULT_TIMEOUT",
        "Mapping",
        "httpx2",
    ]
    assert module.runtime == {"Scheme"} and module.config == {"DEFAULT_TIMEOUT"}
    assert module.imports == {Import("collections.abc", "Mapping")} and module.modules == {"httpx2"}
    assert module.block() == (
        "from collections.abc import Mapping\n\nimport httpx2\n\n"
        "from .._runtime import Scheme\nfrom .._runtime._config import DEFAULT_TIMEOUT"
    )
    with pytest.raises(KeyError):
        module.use("Unknown")
