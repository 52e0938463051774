"""One run, one state: what a run reads, caches, counts and shows belongs to that run alone
(generator/pipeline.py ``Run``), so a second run in the same process sees the files as they are
then, not as the first run found them."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import PackageInfo, single_spec
from generator.errors import Diagnostics, GenerationError
from generator.load.document import Document
from generator.output.format import Stats
from generator.pipeline import Run, build_provider, generate
from generator.validate.early import Loader, Outcome, Validator

from .conftest import ROOT

SPEC = """openapi: 3.0.3
info: {title: Twice, version: "1"}
paths:
  /things:
    get:
      operationId: list_things
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "schemas.yaml#/Thing"}
"""
SCHEMAS = """Thing:
  type: object
  properties:
    name: {type: string}
"""


@pytest.fixture
def spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CLIENTGEN_CACHE_DIR", str(tmp_path / ".clientgen-cache"))
    (tmp_path / "schemas.yaml").write_text(SCHEMAS)
    path = tmp_path / "twice.yaml"
    path.write_text(SPEC)
    return path


def cli(*arguments: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([str(a) for a in arguments])
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("cache", [True, False], ids=["cached", "no-cache"])
def test_a_second_cli_run_in_one_process_sees_the_edited_spec(spec: Path, tmp_path: Path, cache: bool) -> None:
    output = tmp_path / "out"
    flags = () if cache else ("--no-cache",)
    status, _, err = cli("generate", "--spec", spec, "--output", output, "--package", "twice", *flags)
    assert status == 0, err
    assert "def list_things(" in (output / "twice" / "twice" / "client.py").read_text()
    spec.write_text(SPEC.replace("list_things", "list_stuff"))
    (tmp_path / "schemas.yaml").write_text(SCHEMAS.replace("name:", "label:"))
    status, _, err = cli("generate", "--spec", spec, "--output", output, "--package", "twice", *flags)
    assert status == 0, err
    client = (output / "twice" / "twice" / "client.py").read_text()
    assert "def list_stuff(" in client and "def list_things(" not in client
    assert "label:" in (output / "twice" / "twice" / "models.py").read_text()
    status, _, err = cli("check", "--spec", spec, "--output", output, "--package", "twice", *flags)
    assert status == 0, err


def test_a_second_pipeline_run_in_one_process_sees_the_edited_spec(spec: Path, tmp_path: Path) -> None:
    info = PackageInfo("twice", "twice", "0.1.0")
    first = generate([single_spec(spec)], info, run=Run())
    spec.write_text(SPEC.replace("list_things", "list_stuff"))
    (tmp_path / "schemas.yaml").write_text(SCHEMAS.replace("name:", "label:"))
    second = generate([single_spec(spec)], info)
    assert b"def list_things(" in first.files["twice/twice/client.py"]
    assert b"def list_stuff(" in second.files["twice/twice/client.py"]
    assert b"label:" in second.files["twice/twice/models.py"]
    api, _ = build_provider(single_spec(spec), spec.name)
    assert [o.name for o in api.operations] == ["list_stuff"]


def test_a_run_owns_what_it_read_and_how_its_code_was_formatted(spec: Path, tmp_path: Path) -> None:
    run = Run()
    generation = generate([single_spec(spec)], PackageInfo("twice", "twice", "0.1.0"), run=run)
    assert {spec.resolve(), (tmp_path / "schemas.yaml").resolve()} <= run.read
    assert generation.sources == run.read
    assert run.stats.chunks > 0 and run.stats.black_units <= run.stats.chunks
    other = Run()
    generate([single_spec(spec)], PackageInfo("twice", "twice", "0.1.0"), run=other)
    assert other.stats == run.stats, "counts of one run are not added to another's"
    assert Stats() == Stats(0, 0, 0)


def test_a_run_that_fails_leaves_nothing_for_the_next(spec: Path) -> None:
    spec.write_text(SPEC.replace("openapi: 3.0.3", "openapi: 2.0"))
    with pytest.raises(GenerationError):
        generate([single_spec(spec)], PackageInfo("twice", "twice", "0.1.0"))
    spec.write_text(SPEC)
    assert generate([single_spec(spec)], PackageInfo("twice", "twice", "0.1.0")).files


TWICE = """
import json, os, sys
from pathlib import Path
from generator.cli import main
spec, output = Path(sys.argv[1]), sys.argv[2]
first = main(["generate", "--no-cache", "--spec", str(spec), "--output", output, "--package", "twice"])
forked = "pydantic" not in sys.modules
spec.write_text(spec.read_text().replace("list_things", "list_stuff"))
second = main(["generate", "--no-cache", "--spec", str(spec), "--output", output, "--package", "twice"])
try:
    os.waitpid(-1, os.WNOHANG)
    children = True
except ChildProcessError:
    children = False
print(json.dumps({"status": [first, second], "forked": forked, "children": children}), file=sys.stderr)
"""


@pytest.mark.parametrize("jobs", ["", "1"], ids=["child", "one-process"])
def test_two_runs_in_a_fresh_process_each_validate_what_they_read(spec: Path, tmp_path: Path, jobs: str) -> None:
    """With the validating child (started anew for the second run) and without it."""
    env = {k: v for k, v in os.environ.items() if k != "CLIENTGEN_JOBS"} | ({"CLIENTGEN_JOBS": jobs} if jobs else {})
    done = subprocess.run(
        [sys.executable, "-c", TWICE, spec, tmp_path / "out"], cwd=ROOT, capture_output=True, text=True, env=env, timeout=300
    )
    facts = json.loads(done.stderr.strip().splitlines()[-1])
    assert facts == {"status": [0, 0], "forked": jobs != "1", "children": False}, done.stderr
    client = (tmp_path / "out" / "twice" / "twice" / "client.py").read_text()
    assert "def list_stuff(" in client and "def list_things(" not in client


class Counting(Validator):
    """Validates in this process, and says what it was asked."""

    def __init__(self) -> None:
        self.asked: list[Path] = []

    def outcome(self, document: Document, allow_external_refs: bool, load: Loader) -> Outcome:
        self.asked.append(document.path)
        return super().outcome(document, allow_external_refs, load)


class Silent(Validator):
    """Finds nothing wrong with anything."""

    def outcome(self, document: Document, allow_external_refs: bool, load: Loader) -> Outcome:
        return Outcome(None, Diagnostics())


def test_a_run_validates_through_the_validator_it_was_made_with(spec: Path) -> None:
    spec.write_text(
        SPEC.replace(
            "      responses:",
            "      parameters:\n        - {name: q, in: query, schema: {type: array, items: [{type: string}]}}\n      responses:",
        )
    )
    counting = Counting()
    generation = generate([single_spec(spec)], PackageInfo("twice", "twice", "0.1.0"), run=Run(counting))
    assert counting.asked == [spec]
    assert any("not valid OpenAPI" in warning for warning in generation.reports[0].warnings)
    silent = generate([single_spec(spec)], PackageInfo("twice", "twice", "0.1.0"), run=Run(Silent()))
    assert silent.reports[0].warnings == []
