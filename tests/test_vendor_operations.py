"""`clientgen vendor SOURCE --provider KEY --operation ID [--operation ID ...]`: only those
operations of a large document and the components they reach, recorded in the spec's header; and
`--keep-existing`, the way through when a source disagrees with the spec (here: Algolia's docs page
is OpenAPI 3.1.0, its full document 3.0.2)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from .conftest import ROOT, SPECS, clientgen, corpus_file, seed

PAGE = "003_4b20d022fc461dab.txt"  # Algolia's "Retrieve a task run" page: getRun, OpenAPI 3.1.0
FULL = "large/algolia_ingestion_full.yml"  # Algolia's whole Ingestion document, OpenAPI 3.0.2
OPERATIONS = ("--operation", "listRuns", "--operation", "listEvents")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # 2026-09-21
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(SPECS, tmp_path / "specs")
    return tmp_path


def body(text: str) -> str:
    lines = text.splitlines(keepends=True)
    end = next(i for i, line in enumerate(lines) if line.startswith("# The document below "))
    return "".join(lines[end + 1 :])


def full(project: Path) -> str:
    return os.path.relpath(corpus_file(FULL), project)


def test_only_the_operations_and_what_they_reach(project: Path) -> None:
    result = clientgen("vendor", full(project), "--provider", "ingestion", *OPERATIONS, cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        f'specs/ingestion.yaml: vendored OpenAPI document "Ingestion API" version 1.0.0 <{full(project)}>: '
        "operations listRuns, listEvents and the components they reach"
    )
    text = (project / "specs" / "ingestion.yaml").read_text()
    assert text.splitlines()[1:3] == [
        f'# Source: OpenAPI document "Ingestion API" version 1.0.0, operations listRuns listEvents, from <{full(project)}>, '
        "taken 2026-09-21.",
        "# The document below is what the source publishes for the operations it lists, with the components they reach; "
        "re-vendor rather than edit it: clientgen vendor SOURCE --provider ingestion",
    ]
    document = YAML(typ="safe").load(body(text))
    source = YAML(typ="safe").load(corpus_file(FULL).read_text())
    assert list(document["paths"]) == ["/1/runs", "/1/runs/{runID}/events"]
    assert document["paths"]["/1/runs"]["get"] == source["paths"]["/1/runs"]["get"]
    schemas = set(document["components"]["schemas"])
    assert {"Run", "RunListResponse", "Event", "Pagination", "Window", "RunStatus", "EventStatus"} <= schemas
    assert not schemas & {"Task", "Authentication", "Destination", "Source"}, "nothing the operations do not reach"
    assert set(document["components"]["securitySchemes"]) == {"appId", "apiKey"}
    assert document["openapi"] == "3.0.2" and document["servers"] == source["servers"]

    again = clientgen("vendor", full(project), "--provider", "ingestion", *OPERATIONS, cwd=project)
    assert again.returncode == 0 and "unchanged" in again.stdout
    # the 3.0.2 document writes `type: 'null'` (3.1 syntax) in Event and EventStatus: this project is strict,
    # so taken alone the operations are refused; into the 3.1.0 seed spec (--keep-existing) they read as meant
    generated = clientgen("generate", "--output", project / "out", cwd=project)
    assert generated.returncode == 1
    assert "#/components/schemas/EventStatus/oneOf/1/type: error: `type: 'null'` is OpenAPI 3.1 syntax in a 3.0 document" in (
        generated.stderr
    )


def test_an_operation_the_source_lacks_is_refused(project: Path) -> None:
    result = clientgen("vendor", full(project), "--provider", "ingestion", "--operation", "listRunz", cwd=project)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{full(project)}: error: the source has no operation 'listRunz'; its operationIds: ")
    assert "listRuns" in first and "getRun" in first
    assert not (project / "specs" / "ingestion.yaml").exists()


def test_a_different_openapi_version_is_named_and_keep_existing_takes_the_operations(project: Path) -> None:
    page = os.path.relpath(seed(PAGE), project)
    assert clientgen("vendor", page, "--provider", "algolia", cwd=project).returncode == 0
    spec = project / "specs" / "algolia.yaml"
    before = spec.read_text()

    refused = clientgen("vendor", full(project), "--provider", "algolia", *OPERATIONS, cwd=project)

    assert refused.returncode == 1
    assert refused.stderr == (
        "specs/algolia.yaml:4 #/openapi: error: the new source defines this differently from the vendored spec\n"
        "    the two are different OpenAPI versions: the spec is 3.1.0, the source 3.0.2\n"
        f'    new source: OpenAPI document "Ingestion API" version 1.0.0 <{full(project)}:1>\n'
        '    vendored from: docs page "Retrieve a task run" (algolia.com), OpenAPI block '
        f'"specs/ingestion.yml get /1/runs/{{runID}}" <{page}>\n'
        "    to take the source's parts into the spec as OpenAPI 3.1.0, add --keep-existing: the spec keeps its version "
        "(and its own version of any other conflicting part), and what the source adds is first checked to mean the "
        "same under 3.1.0; or vendor the source under a provider key of its own\n"
        "clientgen: nothing was written\n"
    )
    assert spec.read_text() == before

    taken = clientgen("vendor", full(project), "--provider", "algolia", *OPERATIONS, "--keep-existing", cwd=project)

    assert taken.returncode == 0, taken.stderr
    assert taken.stdout.splitlines()[0] == (
        f'specs/algolia.yaml: merged OpenAPI document "Ingestion API" version 1.0.0 <{full(project)}>: 25 added, '
        "0 replaced, 19 already there, 1 kept as the spec has them (#/openapi)"
    )
    # the shared Run (and the rest getRun reached) is one component: the page's, unchanged
    assert body(spec.read_text()) == body((SPECS / "algolia_ingestion.yaml").read_text()), (
        "the seed spec is exactly this: the page, then the two operations taken with --keep-existing"
    )
    again = clientgen("vendor", full(project), "--provider", "algolia", *OPERATIONS, "--keep-existing", cwd=project)
    assert again.returncode == 0 and "unchanged" in again.stdout
    without = clientgen("vendor", full(project), "--provider", "algolia", *OPERATIONS, cwd=project)
    assert without.returncode == 1, "re-vendoring never replaces the spec's OpenAPI version"


def test_keep_existing_refuses_what_would_mean_something_else(project: Path, tmp_path: Path) -> None:
    page = os.path.relpath(seed(PAGE), project)
    assert clientgen("vendor", page, "--provider", "algolia", cwd=project).returncode == 0
    text = corpus_file(FULL).read_text()
    anchor = "    Window:\n      type: object\n      additionalProperties: false\n"
    assert anchor in text
    nullable = tmp_path / "nullable.yml"
    nullable.write_text(text.replace(anchor, anchor + "      nullable: true\n", 1))
    line = nullable.read_text().splitlines().index("      nullable: true") + 1

    result = clientgen("vendor", nullable, "--provider", "algolia", *OPERATIONS, "--keep-existing", cwd=project)

    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        f"{os.path.relpath(nullable, project)}:{line} #/components/schemas/Window/nullable: error: 'nullable' is OpenAPI 3.0 "
        "syntax, which the spec's openapi 3.1.0 (kept by --keep-existing) reads differently",
        "    vendor this source under a provider key of its own, or without --keep-existing to see each difference",
    ]
