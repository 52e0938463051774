"""Broken and hostile documents. A document that is not OpenAPI 3.0/3.1 at all, or that is
refused for safety (a $ref to a URL or out of its folder, an input limit), is refused with a
clear, located message (pinned as a snapshot in tests/security/snapshots/), exit code 1, within
the CPU and memory bounds of ``clientgen_limited``, and the output folder keeps exactly what it
had. A document with a local defect (:data:`DEGRADED`) generates without the broken piece, with
located warnings and exit 0; with ``--strict`` it is refused like the others. Its snapshot pins
both: the strict refusal, then the warnings of the default run.

Update the snapshots after an intended change of wording with:

    .venv/bin/python -m pytest tests/security --update-goldens
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ..conftest import SPECS, corpus_file, tree
from .support import check_snapshot, clientgen_limited

ERRORS = "openapi-python-client/documents_with_errors"
HEAD = 'openapi: 3.1.0\ninfo: {title: Broken, version: "1"}\n'
# One error line: file, line (when the file could be read), JSON pointer, level, message.
LOCATED = re.compile(r"^(?P<file>case/[^\s:]+)(?::(?P<line>\d+))? (?P<pointer>#\S*): error: \S")


def responds_with(schema: str) -> str:
    """A document whose one operation answers with ``schema`` (a YAML flow mapping)."""
    return HEAD + f"paths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {schema}\n"


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def corpus(name: str) -> Callable[[Path], Path]:
    return lambda folder: Path(shutil.copy(corpus_file(f"{ERRORS}/{name}"), folder / name))


def deep_yaml_flow(folder: Path) -> Path:
    return write(folder, "openapi.yaml", HEAD + "paths: {}\nx-deep: " + "[" * 5000 + "]" * 5000 + "\n")


def deep_yaml_block(folder: Path) -> Path:
    lines = [HEAD + "paths: {}", "x-deep:"] + [" " * (level + 1) + f"k{level}:" for level in range(200)] + [" " * 202 + "end: 1"]
    return write(folder, "openapi.yaml", "\n".join(lines) + "\n")


def deep_json(folder: Path) -> Path:
    return write(folder, "openapi.json", '{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},\n "x-deep": ' + "[" * 100_000 + "]" * 100_000 + "}\n")


def deep_schema(folder: Path) -> Path:
    """Nesting in the part of the document the generator walks: properties in properties."""
    schema = "{type: string}"
    for level in range(150):
        schema = f"{{type: object, properties: {{p{level}: {schema}}}}}"
    return write(folder, "openapi.yaml", responds_with(schema))


def alias_bomb(folder: Path) -> Path:
    """The "billion laughs": 9 ** 12 strings from a few hundred bytes."""
    lines = [HEAD + "paths: {}", "x-lol:", '  l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"  l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, 13)]
    return write(folder, "openapi.yaml", "\n".join(lines) + "\n")


def alias_deep(folder: Path) -> Path:
    """Each alias nests the one before: shallow text, 300 levels once expanded."""
    lines = [HEAD + "paths: {}", "x-deep:", "  d0: &d0 [1]"] + [f"  d{n}: &d{n} [*d{n - 1}]" for n in range(1, 300)]
    return write(folder, "openapi.yaml", "\n".join(lines) + "\n")


def alias_recursive(folder: Path) -> Path:
    return write(folder, "openapi.yaml", HEAD + "paths: {}\nx-loop: &loop\n  again: *loop\n")


def too_large(folder: Path) -> Path:
    path = folder / "openapi.yaml"
    with path.open("wb") as handle:
        handle.truncate(40 * 1024 * 1024)  # sparse: takes no disk space, and must never be read
    return path


def fifo(folder: Path) -> Path:
    path = folder / "openapi.yaml"
    os.mkfifo(path)  # reading it would block forever
    return path


def ref_to_fifo(folder: Path) -> Path:
    os.mkfifo(folder / "pet.yaml")
    return write(folder, "openapi.yaml", responds_with("{$ref: 'pet.yaml#/Pet'}"))


def ref_cycle(folder: Path) -> Path:
    text = responds_with("{$ref: '#/components/schemas/A'}")
    text += "components:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n"
    return write(folder, "openapi.yaml", text)


def ref_missing_pointer_in_file(folder: Path) -> Path:
    write(folder, "schemas/pet.yaml", "Pet: {type: object, properties: {name: {type: string}}}\n")
    return write(folder, "openapi.yaml", responds_with("{$ref: 'schemas/pet.yaml#/Dog'}"))


def ref_symlink_out(folder: Path) -> Path:
    outside = write(folder.parent, "outside/secret.yaml", "Pet: {type: object}\n")
    (folder / "pet.yaml").symlink_to(outside)
    return write(folder, "openapi.yaml", responds_with("{$ref: 'pet.yaml#/Pet'}"))


def ref_chain_too_deep(folder: Path) -> Path:
    """Shallow text, but each schema holds the next through a $ref: 200 levels to build."""
    text = responds_with("{$ref: '#/components/schemas/C0'}") + "components:\n  schemas:\n"
    text += "".join(f"    C{n}: {{type: object, properties: {{next: {{$ref: '#/components/schemas/C{n + 1}'}}}}}}\n" for n in range(200))
    return write(folder, "openapi.yaml", text + "    C200: {type: string}\n")


def large_document_with_error(folder: Path) -> Path:
    """box.json (1.7 MB, 296 operations; unbroken, it generates) with
    one reference broken near its end."""
    text = corpus_file("large/box.json").read_text(encoding="utf-8")
    last = text.rindex('"$ref": "#/components/schemas/')
    broken = text[:last] + '"$ref": "#/components/schemas/Gone' + text[last + len('"$ref": "#/components/schemas/') :]
    return write(folder, "box.json", broken)


CASES: dict[str, Callable[[Path], Path]] = {
    # the peer's deliberately broken documents
    "corpus_bad_status_code": corpus("bad-status-code.yaml"),
    "corpus_circular_body_ref": corpus("circular-body-ref.yaml"),
    "corpus_invalid_uuid_defaults": corpus("invalid-uuid-defaults.yaml"),
    "corpus_missing_body_ref": corpus("missing-body-ref.yaml"),
    "corpus_optional_path_param": corpus("optional-path-param.yaml"),
    # not YAML or JSON
    "yaml_tab_indentation": lambda f: write(f, "openapi.yaml", 'openapi: 3.1.0\ninfo:\n\ttitle: Tabs\n\tversion: "1"\npaths: {}\n'),
    "yaml_duplicate_key": lambda f: write(f, "openapi.yaml", HEAD + "paths:\n  /pets: {}\n  /owners: {}\n  /pets: {}\n"),
    "yaml_unclosed_quote": lambda f: write(f, "openapi.yaml", HEAD + "paths:\n  /pets:\n    get:\n      summary: 'never closed\n"),
    "json_duplicate_key": lambda f: write(f, "openapi.json", '{"openapi": "3.1.0",\n "info": {"title": "t", "version": "1"},\n "paths": {},\n "openapi": "3.0.0"}\n'),
    "json_trailing_comma": lambda f: write(f, "openapi.json", '{"openapi": "3.1.0",\n "info": {"title": "t", "version": "1"},\n "paths": {},\n}\n'),
    "not_utf8": lambda f: write(f, "openapi.yaml", HEAD.encode() + b"paths: {}\nx-note: caf\xe9\n"),
    "lone_surrogate": lambda f: write(f, "openapi.json", '{"openapi": "3.1.0",\n "info": {"title": "t\\ud800", "version": "1"},\n "paths": {}}\n'),
    "empty_file": lambda f: write(f, "openapi.yaml", ""),
    "not_a_mapping": lambda f: write(f, "openapi.yaml", "- openapi\n- 3.1.0\n"),
    "yaml_python_tag": lambda f: write(f, "openapi.yaml", HEAD + "paths: {}\nx-run: !!python/object/apply:os.system ['touch PWNED']\n"),
    "yaml_binary": lambda f: write(f, "openapi.yaml", responds_with("{type: string, default: !!binary aGVsbG8=}")),
    "yaml_set": lambda f: write(f, "openapi.yaml", responds_with("{type: array, default: !!set {a, b}}")),
    "huge_integer_yaml": lambda f: write(f, "openapi.yaml", HEAD + "paths: {}\nx-big: " + "9" * 5000 + "\n"),
    "huge_integer_json": lambda f: write(f, "openapi.json", '{"openapi": "3.1.0",\n "info": {"title": "t", "version": "1"},\n "paths": {},\n "x-big": [' + "9" * 5000 + "]}\n"),
    # not a version clientgen reads
    "version_unknown": lambda f: write(f, "openapi.yaml", 'openapi: 4.0.0\ninfo: {title: t, version: "1"}\npaths: {}\n'),
    "version_swagger": lambda f: write(f, "openapi.yaml", 'swagger: "1.2"\ninfo: {title: t, version: "1"}\npaths: {}\n'),
    "version_missing": lambda f: write(f, "openapi.yaml", 'info: {title: t, version: "1"}\npaths: {}\n'),
    # references that lead nowhere, in circles, or out of the spec's folder
    "ref_unresolvable": lambda f: write(f, "openapi.yaml", responds_with("{$ref: '#/components/schemas/Missing'}")),
    "ref_cycle": ref_cycle,
    "ref_chain_too_deep": ref_chain_too_deep,
    "ref_missing_file": lambda f: write(f, "openapi.yaml", responds_with("{$ref: 'schemas/pet.yaml#/Pet'}")),
    "ref_missing_pointer_in_file": ref_missing_pointer_in_file,
    "ref_url": lambda f: write(f, "openapi.yaml", responds_with("{$ref: 'https://example.com/schemas/pet.yaml#/Pet'}")),
    "ref_cloud_metadata": lambda f: write(f, "openapi.yaml", responds_with("{$ref: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/'}")),
    "ref_file_url": lambda f: write(f, "openapi.yaml", responds_with("{$ref: 'file:///etc/passwd'}")),
    "ref_absolute_path": lambda f: write(f, "openapi.yaml", responds_with("{$ref: '/etc/passwd'}")),
    "ref_parent_traversal": lambda f: write(f, "openapi.yaml", responds_with("{$ref: '../../../../../../../../etc/passwd'}")),
    "ref_symlink_out": ref_symlink_out,
    "ref_to_fifo": ref_to_fifo,
    "ref_to_folder": lambda f: (f / "schemas").mkdir() or write(f, "openapi.yaml", responds_with("{$ref: 'schemas/#/Pet'}")),
    "ref_nul_byte": lambda f: write(f, "openapi.yaml", responds_with("{$ref: 'pet%00.yaml#/Pet'}")),
    # costly documents
    "deep_yaml_flow": deep_yaml_flow,
    "deep_yaml_block": deep_yaml_block,
    "deep_json": deep_json,
    "deep_schema": deep_schema,
    "alias_bomb": alias_bomb,
    "alias_deep": alias_deep,
    "alias_recursive": alias_recursive,
    "too_large": too_large,
    "fifo": fifo,
    "large_document_with_error": large_document_with_error,
}
# Refused before a line can be known: the file is never read (or is not text).
NO_LINE = {"too_large", "fifo"}
# A local defect: generated without the broken piece by default, refused with --strict.
DEGRADED = {
    "corpus_bad_status_code",
    "corpus_circular_body_ref",
    "corpus_invalid_uuid_defaults",
    "corpus_missing_body_ref",
    "corpus_optional_path_param",
    "ref_unresolvable",
    "ref_cycle",
    "ref_chain_too_deep",
    "ref_missing_file",
    "ref_missing_pointer_in_file",
    "ref_nul_byte",
    "large_document_with_error",
}
WARNING = re.compile(r"^ {4}(?P<file>case/[^\s:]+):(?P<line>\d+) (?P<pointer>#\S*): warning: \S")


@pytest.fixture(scope="module")
def previous_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A package generated earlier from a valid spec: what a failed run must leave in place."""
    output = tmp_path_factory.mktemp("previous") / "out"
    result = clientgen_limited("generate", "--spec", SPECS / "nekt.yaml", "--output", output, "--package", "client", cwd=output.parent)
    assert result.returncode == 0, result.stderr
    return output


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_spec_is_refused_with_a_located_message(
    case: str, tmp_path: Path, previous_output: Path, request: pytest.FixtureRequest
) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    spec = CASES[case](folder)
    output = tmp_path / "out"
    shutil.copytree(previous_output, output)
    before = tree(output)

    strict = ("--strict",) if case in DEGRADED else ()
    result = clientgen_limited("generate", "--spec", spec.relative_to(tmp_path), "--output", "out", "--package", "client", *strict, cwd=tmp_path)

    assert result.returncode == 1, f"exit {result.returncode}\n{result.stderr[-3000:]}"
    assert "Traceback" not in result.stderr
    assert tree(output) == before, "a failed run changed the output folder"
    assert not [p.name for p in tmp_path.iterdir() if "clientgen" in p.name], "a failed run left files beside the output"
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors, result.stderr
    for line in errors:
        located = LOCATED.match(line)
        assert located, f"not located as file:line #pointer: {line}"
        assert located["line"] or case in NO_LINE, f"no line number: {line}"
    assert result.stderr.rstrip().endswith("nothing was written")
    snapshot = result.stderr
    if case in DEGRADED:
        snapshot += "--- without --strict: generated, with these warnings ---\n" + warnings_of_default_run(spec, tmp_path)
    check_snapshot(case, snapshot.replace(str(tmp_path.resolve()), "<tmp>"), request)


def warnings_of_default_run(spec: Path, tmp_path: Path) -> str:
    """Without --strict the document generates (exit 0); every warning is located, with its line."""
    result = clientgen_limited("generate", "--spec", spec.relative_to(tmp_path), "--output", "lenient", "--report", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert (tmp_path / "lenient" / "client" / "__init__.py").is_file()
    lines = result.stdout.splitlines()
    warnings = [line for line in lines if ": warning: " in line]
    assert warnings, result.stdout
    for line in warnings:
        assert WARNING.match(line), f"not located as file:line #pointer: {line}"
    start = lines.index(next(line for line in lines if line.startswith("  operations: ")))
    end = next(i for i, line in enumerate(lines) if i > start and not line.startswith("  "))
    return "\n".join(lines[start:end]) + "\n"

