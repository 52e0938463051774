"""The generated README's method table shows each method's real signature."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from .conftest import GENERATED, GOLDEN, generate_package

ROW = re.compile(r"^\| `(?P<name>\w+)\((?P<arguments>[^)]*)\)` \|", re.M)

SPEC = """openapi: 3.1.0
info: {title: Pets, version: "1"}
paths:
  /owners/{owner}/pets:
    post:
      operationId: create_pet
      parameters:
        - {name: owner, in: path, required: true, schema: {type: string}}
        - {name: dry_run, in: query, schema: {type: boolean}}
        - {name: X-Trace, in: header, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, properties: {name: {type: string}}}
      responses:
        "204": {description: created}
"""


def signatures(client: Path) -> dict[str, str]:
    """``name -> "a, *, b, c"`` for every method of the sync client (``self`` and ``**options`` left out)."""
    module = ast.parse(client.read_text(encoding="utf-8"))
    sync = next(n for n in module.body if isinstance(n, ast.ClassDef) and n.bases and ast.unparse(n.bases[0]) == "SyncClient")
    result = {}
    for method in (m for m in sync.body if isinstance(m, ast.FunctionDef) and not m.name.startswith("__")):
        names = [a.arg for a in method.args.args[1:]]
        if method.args.kwonlyargs:
            names += ["*", *(a.arg for a in method.args.kwonlyargs)]
        result[method.name] = ", ".join(names)
    return result


def readme_rows(readme: Path) -> dict[str, str]:
    return {m["name"]: m["arguments"] for m in ROW.finditer(readme.read_text(encoding="utf-8"))}


def test_a_required_body_is_shown_where_the_method_takes_it(tmp_path: Path) -> None:
    (tmp_path / "pets.yaml").write_text(SPEC)
    result = generate_package(tmp_path / "pets.yaml", tmp_path / "out", "pets_client")
    assert result.returncode == 0, result.stderr
    rows = readme_rows(tmp_path / "out" / "README.md")
    assert rows == {"create_pet": "owner, *, body, x_trace, dry_run"}
    assert signatures(tmp_path / "out" / "pets_client" / "pets" / "client.py") == rows


@pytest.mark.parametrize("package", [GENERATED, *sorted(p for p in GOLDEN.iterdir() if p.is_dir())], ids=lambda p: p.name)
def test_every_committed_readme_matches_its_clients(package: Path) -> None:
    clients = sorted(package.glob("*/*/client.py"))
    assert clients
    methods: dict[str, str] = {}
    for client in clients:
        methods.update(signatures(client))
    assert readme_rows(package / "README.md") == methods
