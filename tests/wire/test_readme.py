"""The generated package's README documents errors, retries, timeouts and raw responses, with
examples that are valid Python and import only what the package exports."""

from __future__ import annotations

import ast
import re

import pytest

from ..conftest import GENERATED

README = (GENERATED / "README.md").read_text()
SECTIONS = ["## Errors", "## Retries", "## Timeouts", "## Raw responses", "## Streaming", "## Waiters", "## Forward compatibility", "## Lifecycle", "## Credentials and logging"]


def section(title: str) -> str:
    start = README.index(title + "\n")
    following = README.find("\n## ", start + 1)
    return README[start : following if following != -1 else None]


def test_each_topic_has_a_section_with_an_example() -> None:
    for title in SECTIONS:
        text = section(title)
        if title != "## Forward compatibility":
            assert "```python" in text, f"{title} has no example"


@pytest.mark.parametrize("block", re.findall(r"```python\n(.*?)```", README, re.S))
def test_every_example_compiles_and_its_imports_exist(block: str) -> None:
    tree = ast.parse(block)
    imports = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    exec(compile(ast.Module(body=imports, type_ignores=[]), "README.md", "exec"), {})


def test_the_errors_section_names_every_exported_error() -> None:
    import provider_clients

    errors = [name for name in provider_clients.__all__ if name.endswith("Error")]
    text = section("## Errors")
    for name in errors:
        assert f"`{name}`" in text, f"{name} is exported but not documented"


def test_the_documented_numbers_are_the_runtime_defaults() -> None:
    from provider_clients._runtime._config import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
    from provider_clients._runtime._retry import MAX_DELAY, MAX_RETRY_AFTER

    assert f"(default {DEFAULT_MAX_RETRIES})" in section("## Retries")
    assert f"at most {MAX_DELAY:g} s" in section("## Retries")
    assert f"more than {MAX_RETRY_AFTER:g} s" in section("## Retries")
    assert f"{DEFAULT_TIMEOUT.read:g} s by default ({DEFAULT_TIMEOUT.connect:g} s to connect)" in section("## Timeouts")
