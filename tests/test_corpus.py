"""Every file in ../shared/corpus either generates a package that imports, builds its validators
and passes ``mypy --strict``, or is refused with a located message and exit code 1. Nothing ends
in a traceback, and nothing is skipped silently.

What each file does is pinned in tests/fixtures/corpus_outcomes.txt: ``generates``, or the first
line of the error. A corpus file without a pinned outcome fails the suite until it is triaged.
After an intended change, update the pins (and the goldens) with:

    .venv/bin/python -m pytest tests/test_corpus.py tests/test_goldens.py --update-goldens

Documents that generate are run in batches - one ``clientgen generate`` of a project whose specs
folder links many documents, one mypy, one import run - so the whole corpus takes minutes.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from generator import cli

from .conftest import CORPUS, ROOT, clientgen, generate_package, tree

OUTCOMES = Path(__file__).resolve().parent / "fixtures" / "corpus_outcomes.txt"
EXERCISE = Path(__file__).resolve().parent / "corpus_exercise.py"
UPDATE = ".venv/bin/python -m pytest tests/test_corpus.py tests/test_goldens.py --update-goldens"
GENERATES = "generates"
LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+) (?P<pointer>#\S*): error: \S")
SMALL_BATCHES = 4
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

pytestmark = pytest.mark.shared("corpus")

DOCUMENTS = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file() and p.name != "README.md")


def read_outcomes() -> dict[str, str]:
    if not OUTCOMES.exists():
        return {}
    lines = [line for line in OUTCOMES.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return dict(line.split("\t", 1) for line in lines)


OUTCOME = read_outcomes()
REFUSED = [d for d in DOCUMENTS if OUTCOME.get(d, GENERATES) != GENERATES]
GENERATED = [d for d in DOCUMENTS if OUTCOME.get(d) == GENERATES]
# Each large document is a batch of its own; the rest are dealt round-robin into a few batches.
LARGE = [d for d in GENERATED if d.startswith("large/")]
BATCHES: dict[str, list[str]] = {Path(d).stem: [d] for d in LARGE}
BATCHES.update({f"batch{i + 1}": [d for d in GENERATED if d not in LARGE][i::SMALL_BATCHES] for i in range(SMALL_BATCHES)})
# Operations skipped, each for a defect that leaves nothing to call (the request body is a $ref
# that points at nothing or in a circle); every other document skips none.
SKIPPED = {
    "openapi-python-client/documents_with_errors/circular-body-ref.yaml": 1,
    "openapi-python-client/documents_with_errors/missing-body-ref.yaml": 1,
}
# For these, every operation in the document must have a method: zero skipped.
COMPLETE = {d for d in GENERATED if d.startswith("large/") or Path(d).name.startswith("baseline_openapi_")}


def normalise(text: str) -> str:
    """Messages name corpus files by absolute path; the pins name them relative to the corpus."""
    return text.replace(str(CORPUS.resolve()) + "/", "").replace(str(CORPUS) + "/", "")


def provider_key(document: str) -> str:
    return "c_" + re.sub(r"[^a-z0-9]+", "_", document.lower().rsplit(".", 1)[0]).strip("_")


# --- the pinned outcomes ---------------------------------------------------------------------


def test_every_corpus_file_has_a_pinned_outcome(request: pytest.FixtureRequest) -> None:
    if request.config.getoption("--update-goldens"):
        write_outcomes()
    outcomes = read_outcomes()
    assert DOCUMENTS, f"no corpus files found under {CORPUS}"
    missing = [d for d in DOCUMENTS if d not in outcomes]
    extra = [d for d in outcomes if d not in DOCUMENTS]
    assert not missing and not extra, f"unpinned corpus files {missing}, pins for absent files {extra}; run {UPDATE}"


def write_outcomes() -> None:
    """Run the command line (in this process, for speed) on every corpus file and pin what it does."""
    lines = [
        "# What `clientgen generate --spec <file>` does with each file of ../shared/corpus: `generates`,",
        "# or the first line of its error message. Checked by tests/test_corpus.py; update with:",
        f"#     {UPDATE}",
    ]
    for document in DOCUMENTS:
        lines.append(f"{document}\t{outcome_in_process(CORPUS / document)}")
    OUTCOMES.write_text("\n".join(lines) + "\n", encoding="utf-8")


def outcome_in_process(spec: Path) -> str:
    import tempfile

    with tempfile.TemporaryDirectory() as folder, contextlib.redirect_stdout(io.StringIO()):
        errors = io.StringIO()
        with contextlib.redirect_stderr(errors):
            code = cli.main(["generate", "--spec", str(spec), "--output", str(Path(folder) / "out")])
    return GENERATES if code == 0 else normalise(errors.getvalue().splitlines()[0])


# --- refused documents -----------------------------------------------------------------------


@pytest.mark.parametrize("document", REFUSED)
def test_refused_document_gets_a_located_message_and_exit_1(document: str, tmp_path: Path) -> None:
    output = tmp_path / "out"
    result = generate_package(CORPUS / document, output, "client")
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stdout + result.stderr
    first = normalise(result.stderr.splitlines()[0])
    assert LOCATED.match(first), f"not located as file:line #pointer: {first}"
    assert first == OUTCOME[document], f"the message changed; if intended, run {UPDATE}"
    assert result.stderr.rstrip().splitlines()[-1].endswith("nothing was written")
    assert not output.exists(), "a refused document must not leave an output folder"


# --- generated documents ---------------------------------------------------------------------


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=1200, env={**os.environ, **(env or {})}
    )


@pytest.mark.parametrize("batch", sorted(BATCHES))
def test_documents_generate_import_and_pass_mypy_strict(batch: str, tmp_path: Path) -> None:
    generate_and_check(BATCHES[batch], tmp_path)


# Valid documents whose $refs reach a sibling folder: refused by default (a spec may not make the
# generator read files outside its folder), they generate once the configuration allows it.
OUTSIDE = [d for d in REFUSED if "$ref leaves the spec's folder" in OUTCOME[d]]


@pytest.mark.skipif(not OUTSIDE, reason="no corpus document refers outside its folder")
def test_documents_refused_for_refs_outside_their_folder_generate_when_allowed(tmp_path: Path) -> None:
    generate_and_check(OUTSIDE, tmp_path, allow_external_refs=True)


def generate_and_check(documents: list[str], tmp_path: Path, *, allow_external_refs: bool = False) -> None:
    """One project whose specs folder links ``documents``: generate, check the report, mypy, import."""
    specs = tmp_path / "specs"
    specs.mkdir()
    keys = {}
    settings = '[tool.clientgen]\nspecs = "specs"\noutput = "out"\npackage = "corpus_clients"\n'
    for document in documents:
        source = CORPUS / document
        keys[document] = provider_key(document)
        (specs / f"{keys[document]}{'.json' if source.suffix == '.json' else '.yaml'}").symlink_to(source)
        if allow_external_refs:
            settings += f"[tool.clientgen.providers.{keys[document]}]\nallow_external_refs = true\n"
    (tmp_path / "pyproject.toml").write_text(settings)

    generated = run("-m", "generator", "generate", "--report", cwd=tmp_path)
    assert "Traceback" not in generated.stderr, generated.stderr
    assert generated.returncode == 0, generated.stderr[-5000:]
    report = parse_report(generated.stdout)
    problems = []
    for document, key in keys.items():
        entry = report.get(key)
        if entry is None:
            problems.append(f"{document}: not in the report")
            continue
        if entry["skipped"] != SKIPPED.get(document, 0):
            problems.append(f"{document}: {entry['skipped']} operations skipped, not {SKIPPED.get(document, 0)}")
        if document in COMPLETE and entry["operations"] != count_operations(CORPUS / document):
            problems.append(f"{document}: {entry['operations']} methods for {count_operations(CORPUS / document)} operations")
    assert not problems, "\n".join(problems)

    package = tmp_path / "out" / "corpus_clients"
    unformatted = [str(p.relative_to(package)) for p in sorted(package.rglob("*.py")) if not black_formatted(p)]
    assert not unformatted, f"black would change {unformatted}"
    typed = run("-m", "mypy", "--strict", "--python-version", "3.10", package, cwd=tmp_path)
    assert typed.returncode == 0, typed.stdout[-10000:] + typed.stderr
    # The project's rules; the spec's own text (en dashes, non-breaking spaces) is kept as written.
    lint = ["--config", ROOT / "pyproject.toml", "--extend-ignore", "RUF001,RUF002,RUF003"]
    linted = run("-m", "ruff", "check", "--no-cache", *lint, package, cwd=tmp_path)
    assert linted.returncode == 0, linted.stdout[-10000:] + linted.stderr
    exercised = run(EXERCISE, "corpus_clients", *keys.values(), cwd=tmp_path, env={"PYTHONPATH": str(tmp_path / "out")})
    assert exercised.returncode == 0, exercised.stdout[-10000:] + exercised.stderr[-3000:]


def black_formatted(path: Path) -> bool:
    """Whether black leaves the file as it is: what generation laid out without black included."""
    from generator.output.format import format_python

    text = path.read_text(encoding="utf-8")
    return format_python(text) == text


def parse_report(stdout: str) -> dict[str, dict[str, int]]:
    """``key: N operations, ...`` followed by ``  operations: N generated, M skipped``."""
    report: dict[str, dict[str, int]] = {}
    key = ""
    for line in stdout.splitlines():
        head = re.match(r"^(\w+): \d+ operations?,", line)
        if head:
            key = head.group(1)
        counts = re.match(r"^  operations: (\d+) generated, (\d+) skipped$", line)
        if counts and key:
            report[key] = {"operations": int(counts.group(1)), "skipped": int(counts.group(2))}
    return report


def count_operations(spec: Path) -> int:
    """Operations in the document, counted from its raw text, independently of the generator."""
    text = spec.read_text(encoding="utf-8")
    data: Any = json.loads(text) if spec.suffix == ".json" else YAML(typ="safe").load(text)
    count = 0
    for item in (data.get("paths") or {}).values():
        if isinstance(item, dict) and "$ref" in item:
            item = resolve_local(data, item["$ref"])
        count += sum(1 for method in METHODS if isinstance(item, dict) and isinstance(item.get(method), dict))
    return count


def resolve_local(data: Any, ref: str) -> Any:
    assert ref.startswith("#/"), f"only local path item refs are counted here: {ref}"
    for part in ref[2:].split("/"):
        data = data[part.replace("~1", "/").replace("~0", "~")]
    return data


# --- the two baselines -------------------------------------------------------------------------


def test_baselines_30_and_31_generate_the_same_models(tmp_path: Path) -> None:
    """openapi-python-client describes one API in OpenAPI 3.0 (JSON) and 3.1 (YAML): the models
    must come out the same, line for line, apart from the docstring naming the source file."""
    models = {}
    for name in ("baseline_openapi_3.0.json", "baseline_openapi_3.1.yaml"):
        output = tmp_path / name
        result = generate_package(CORPUS / "openapi-python-client" / name, output, "baseline")
        assert result.returncode == 0, result.stderr
        (module,) = [p for p in tree(output) if p.endswith("/models.py")]
        models[name] = (output / module).read_text().splitlines()
    first, second = models.values()
    assert first[0] != second[0] and "baseline_openapi_3." in first[0]
    assert first[1:] == second[1:]
    assert sum(line.startswith("class ") for line in first) > 50


def test_report_lists_operations_models_and_warnings_per_spec(tmp_path: Path) -> None:
    result = clientgen("generate", "--report", "--spec", CORPUS / "large" / "algolia_ingestion_full.yml", "--output", tmp_path / "out", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    operations = count_operations(CORPUS / "large" / "algolia_ingestion_full.yml")
    assert lines[0].startswith(f"algolia_ingestion_full: {operations} operations, ")
    assert lines[1] == f"  operations: {operations} generated, 0 skipped"
    assert re.fullmatch(r"  models: \d+", lines[2])
    warnings = int(lines[3].removeprefix("  warnings: "))
    assert warnings > 0  # the document writes `type: 'null'` in OpenAPI 3.0
    located = [line for line in lines[4:] if line.startswith("    ") and ": warning: " in line]
    assert len(located) == warnings
    assert all(re.match(r"^    \S+:\d+ #\S+: warning: ", line) for line in located)
