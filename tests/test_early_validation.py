"""Validation in a second process (generator/validate/early.py): the parent never imports pydantic
when the child answers, and the output and messages are byte for byte those of one process
(``CLIENTGEN_JOBS=1``), for valid documents, documents with defects, and when the child fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CORPUS, FIXTURES, ROOT, tree

# One `clientgen generate` in a fresh interpreter; then what the parent imported and whether a
# child process is left behind. PATCH runs first (to break the child on purpose).
PROGRAM = """
import json, os, sys
{patch}
from generator.cli import main
status = main(["generate", "--spec", sys.argv[1], "--output", sys.argv[2], "--package", "client"])
sys.stdout.flush()
try:
    os.waitpid(-1, os.WNOHANG)
    children = True
except ChildProcessError:
    children = False
print(json.dumps({{"status": status, "pydantic": "pydantic" in sys.modules, "children": children}}), file=sys.stderr)
"""
BREAK_CHILD = "import generator.validate.early as early; early._serve = lambda *fds: os._exit(0)"

SPECS = {"valid": ROOT / "specs" / "noxus.yaml", "defects": FIXTURES / "defects" / "bad_defaults.yaml", "refs": FIXTURES / "defects" / "tag_description_ref.yaml"}


def generate(spec: Path, output: Path, *, jobs: str | None = None, patch: str = "") -> tuple[dict[str, object], str, dict[str, bytes]]:
    env = {k: v for k, v in os.environ.items() if k != "CLIENTGEN_JOBS"} | ({"CLIENTGEN_JOBS": jobs} if jobs else {})
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM.format(patch=patch), spec.relative_to(ROOT) if spec.is_relative_to(ROOT) else spec, output],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=300,
    )
    *messages, facts = result.stderr.strip().splitlines()
    stdout = "\n".join(line for line in result.stdout.splitlines() if not line.endswith("s)"))  # timings differ
    return json.loads(facts), stdout + "\n".join(messages), tree(output)


@pytest.mark.parametrize("case", sorted(SPECS))
def test_the_child_validates_and_the_output_is_that_of_one_process(case: str, tmp_path: Path) -> None:
    facts, messages, output = generate(SPECS[case], tmp_path / "early")
    alone_facts, alone_messages, alone_output = generate(SPECS[case], tmp_path / "alone", jobs="1")
    assert facts == {"status": 0, "pydantic": False, "children": False}
    assert alone_facts == {"status": 0, "pydantic": True, "children": False}
    assert output == alone_output
    assert messages.replace("/early", "/alone") == alone_messages
    if case != "valid":
        assert "warning" in messages


@pytest.mark.parametrize("case", sorted(SPECS))
def test_a_child_that_fails_leaves_the_parent_to_validate(case: str, tmp_path: Path) -> None:
    facts, messages, output = generate(SPECS[case], tmp_path / "broken", patch=BREAK_CHILD)
    _, alone_messages, alone_output = generate(SPECS[case], tmp_path / "alone", jobs="1")
    assert facts == {"status": 0, "pydantic": True, "children": False}
    assert output == alone_output
    assert messages.replace("/broken", "/alone") == alone_messages


# Public documents with defects of every kind (the builder first meets them unvalidated, then
# again with what validation found), and two large ones that carry warnings.
MESSY = ["openapi-python-client/documents_with_errors", "large/algolia_ingestion_full.yml", "openapi-python-client/baseline_openapi_3.0.json"]


@pytest.mark.shared("corpus")
@pytest.mark.parametrize("where", MESSY)
def test_messy_public_documents_come_out_as_in_one_process(where: str, tmp_path: Path) -> None:
    found = CORPUS / where
    for spec in sorted(found.glob("*.yaml")) if found.is_dir() else [found]:
        facts, messages, output = generate(spec, tmp_path / spec.stem / "early")
        alone_facts, alone_messages, alone_output = generate(spec, tmp_path / spec.stem / "alone", jobs="1")
        assert facts == {**alone_facts, "pydantic": False}, spec.name
        assert output == alone_output, spec.name
        assert messages.replace("/early", "/alone") == alone_messages, spec.name


def test_a_run_over_an_earlier_one_reads_its_history_without_pydantic(tmp_path: Path) -> None:
    spec = tmp_path / "noxus.yaml"
    spec.write_text(SPECS["valid"].read_text())
    generate(spec, tmp_path / "out")
    spec.write_text(spec.read_text().replace("openapi: 3.1.0", "openapi: 3.1.0\n# edited", 1))
    facts, messages, _ = generate(spec, tmp_path / "out")
    assert (tmp_path / "out" / "api-surface.json").is_file()
    assert facts == {"status": 0, "pydantic": False, "children": False}
    assert "same inputs as the last run" not in messages
