"""`clientgen vendor`: docs pages and OpenAPI documents, from files and from a local docs site,
merged into specs/KEY.yaml."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from .conftest import ROOT, SPECS, clientgen, seed
from .pages_server import Answer, Site, site

__all__ = ["site"]

NEKT_PAGE = "000_ffe3044f19aec7ac.txt"
RENDERED_PAGE = "001_1395fa5008183b73.txt"  # the rendered HTML-as-text form: no OpenAPI block
SEED_OF = {"nekt": NEKT_PAGE, "noxus": "002_0b69e7915cdcd061.txt", "algolia_ingestion": "003_4b20d022fc461dab.txt"}
DAY_1, DAY_2 = "1790000000", "1790500000"  # SOURCE_DATE_EPOCH values
DATE_1, DATE_2 = "2026-09-21", "2026-09-27"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(SPECS, tmp_path / "specs")
    return tmp_path


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY_1)


def body(text: str) -> str:
    """A vendored spec below its three-or-more-line header."""
    lines = text.splitlines(keepends=True)
    end = next(i for i, line in enumerate(lines) if line.startswith("# The document below "))
    return "".join(lines[end + 1 :])


def header(text: str) -> list[str]:
    lines = text.splitlines()
    return lines[: next(i for i, line in enumerate(lines) if line.startswith("# The document below ")) + 1]


def nekt_page() -> str:
    return seed(NEKT_PAGE).read_text()


def list_runs_page() -> str:
    """A second page of the Nekt docs: another path, the same components, a comment of its own."""
    page = nekt_page()
    start = page.index("      parameters:\n")
    end = page.index("      responses:\n")
    page = page[:start] + page[end:]
    for old, new in (
        ("# Get Run", "# List Runs"),
        ("````yaml GET /api/v1/runs/{id}/", "````yaml GET /api/v1/runs/"),
        ("  /api/v1/runs/{id}/:\n", "  /api/v1/runs/:\n"),
        ("operationId: v1_runs_retrieve\n", "operationId: v1_runs_list\n      # newest first\n"),
    ):
        assert old in page
        page = page.replace(old, new, 1)
    return page


def cancel_run_page() -> str:
    """A third page: another method on the Get Run page's path."""
    page = nekt_page()
    for old, new in (
        ("# Get Run", "# Cancel Run"),
        ("````yaml GET /api/v1/runs/{id}/", "````yaml DELETE /api/v1/runs/{id}/"),
        ("  /api/v1/runs/{id}/:\n    get:\n", "  /api/v1/runs/{id}/:\n    delete:\n"),
        ("operationId: v1_runs_retrieve", "operationId: v1_runs_destroy"),
    ):
        assert old in page
        page = page.replace(old, new, 1)
    return page


def with_new_run_field(page: str, name: str = "labels") -> str:
    anchor = "    Run:\n      type: object\n      properties:\n"
    assert anchor in page
    return page.replace(anchor, f"{anchor}        {name}:\n          type: string\n", 1)


# --- the seed pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(SEED_OF))
def test_re_vendoring_the_seed_pages_reproduces_the_specs(project: Path, site: Site, key: str) -> None:
    url = site.page(f"/docs/{key}.md", seed(SEED_OF[key]).read_text())
    spec = project / "specs" / f"{key}.yaml"
    original = spec.read_text()

    result = clientgen("vendor", url, "--provider", key, cwd=project)

    assert result.returncode == 0, result.stderr
    text = spec.read_text()
    assert body(text) == body(original), "the document is exactly the page's OpenAPI block"
    old_source = header(original)[1]
    assert old_source.startswith("# Source: docs page ")
    description, _, taken = old_source.removeprefix("# Source: ").rpartition(", taken ")
    assert header(text)[1] == f"# Source: {description}, from <{url}>, taken {taken}", (
        "the same page is recognised; its content did not change, so the date it was taken stays"
    )

    again = clientgen("vendor", url, "--provider", key, cwd=project)
    assert again.returncode == 0, again.stderr
    assert "unchanged" in again.stdout
    assert spec.read_text() == text
    assert clientgen("generate", "--output", project / "out", cwd=project).returncode == 0


def test_a_seed_page_from_a_file_into_a_new_provider(project: Path) -> None:
    result = clientgen("vendor", seed(NEKT_PAGE), "--provider", "nekt_copy", cwd=project)

    assert result.returncode == 0, result.stderr
    text = (project / "specs" / "nekt_copy.yaml").read_text()
    assert body(text) == body((SPECS / "nekt.yaml").read_text())
    location = Path(project, header(text)[1].split(", from <")[1].split(">")[0])
    assert location.resolve() == seed(NEKT_PAGE).resolve(), "the path is recorded relative to the project"
    assert header(text) == [
        '# Vendored OpenAPI document for provider "nekt_copy", written by `clientgen vendor`.',
        f'# Source: docs page "Get Run" (docs.nekt.com), OpenAPI block "GET /api/v1/runs/{{id}}/", from <{header(text)[1].split("<")[1].split(">")[0]}>, taken {DATE_1}.',
        "# The document below is exactly as published; re-vendor rather than edit it: clientgen vendor SOURCE --provider nekt_copy",
    ]


def test_a_rendered_page_without_an_openapi_block_is_refused(project: Path) -> None:
    before = sorted(p.name for p in (project / "specs").iterdir())
    result = clientgen("vendor", seed(RENDERED_PAGE), "--provider", "nekt", cwd=project)
    assert result.returncode == 1
    assert RENDERED_PAGE in result.stderr
    assert "neither an OpenAPI document nor a docs page with an OpenAPI block" in result.stderr
    assert "markdown form" in result.stderr and "Traceback" not in result.stderr
    assert (project / "specs" / "nekt.yaml").read_text() == (SPECS / "nekt.yaml").read_text()
    assert sorted(p.name for p in (project / "specs").iterdir()) == before


def test_a_hand_written_spec_is_left_alone(project: Path) -> None:
    result = clientgen("vendor", seed(NEKT_PAGE), "--provider", "truestate", cwd=project)
    assert result.returncode == 1
    assert "specs/truestate.yaml:1: error: this spec was not written by `clientgen vendor`" in result.stderr
    assert (project / "specs" / "truestate.yaml").read_text() == (SPECS / "truestate.yaml").read_text()


# --- merging pages ---------------------------------------------------------------------------------


def test_pages_merge_by_operation_and_component(project: Path, site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    commented = nekt_page().replace("  /api/v1/runs/{id}/:\n", "  # one run, by its id\n  /api/v1/runs/{id}/:\n", 1)
    get_run = site.page("/runs/get-run.md", commented)
    list_runs = site.page("/runs/list-runs.md", list_runs_page())
    cancel_run = site.page("/runs/cancel-run.md", cancel_run_page())
    spec = project / "specs" / "runs.yaml"
    assert clientgen("vendor", get_run, "--provider", "runs", cwd=project).returncode == 0
    first_body = body(spec.read_text())

    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY_2)
    merged = clientgen("vendor", list_runs, "--provider", "runs", cwd=project)
    assert merged.returncode == 0, merged.stderr
    assert "1 added" in merged.stdout and "already there" in merged.stdout
    assert clientgen("vendor", cancel_run, "--provider", "runs", cwd=project).returncode == 0

    text = spec.read_text()
    lines = header(text)
    assert lines[1].endswith(f"from <{get_run}>, taken {DATE_1}.")
    assert lines[2].endswith(f"from <{list_runs}>, taken {DATE_2}.") and '"List Runs"' in lines[2]
    assert lines[3].endswith(f"from <{cancel_run}>, taken {DATE_2}.")
    assert lines[4].startswith("# The document below merges what the sources publish")
    merged_body = body(text)
    # the first page's document keeps its order and formatting; the new path comes after its path
    assert merged_body.startswith(first_body[: first_body.index("components:")].rstrip("\n").rsplit("\n", 1)[0])
    assert "  # one run, by its id\n  /api/v1/runs/{id}/:\n" in merged_body, "the spec's comments survive"
    assert "operationId: v1_runs_list\n      # newest first\n" in merged_body, "the second page's comments come along"
    data = YAML(typ="safe").load(merged_body)
    assert list(data["paths"]) == ["/api/v1/runs/{id}/", "/api/v1/runs/"]
    assert list(data["paths"]["/api/v1/runs/{id}/"]) == ["get", "delete"]
    assert list(data) == ["openapi", "info", "servers", "security", "paths", "components"]

    generated = clientgen("generate", "--output", project / "out", cwd=project)
    assert generated.returncode == 0, generated.stderr
    client = (project / "out" / "provider_clients" / "runs" / "client.py").read_text()
    for method in ("def v1_runs_retrieve(", "def v1_runs_list(", "def v1_runs_destroy("):
        assert method in client

    again = [clientgen("vendor", url, "--provider", "runs", cwd=project) for url in (get_run, list_runs, cancel_run)]
    assert all(r.returncode == 0 and "unchanged" in r.stdout for r in again)
    assert spec.read_text() == text


def test_a_conflicting_page_names_both_sources_and_writes_nothing(project: Path, site: Site) -> None:
    get_run = site.page("/runs/get-run.md", nekt_page())
    other = site.page("/other/list-runs.md", with_new_run_field(list_runs_page()))
    spec = project / "specs" / "runs.yaml"
    assert clientgen("vendor", get_run, "--provider", "runs", cwd=project).returncode == 0
    before = spec.read_text()

    result = clientgen("vendor", other, "--provider", "runs", cwd=project)

    assert result.returncode == 1
    line = next(n for n, text in enumerate(before.splitlines(), 1) if text == "    Run:")
    assert f"specs/runs.yaml:{line} #/components/schemas/Run: error: the new source defines this differently" in result.stderr
    assert "at #/components/schemas/Run/properties/labels the spec has (nothing)" in result.stderr
    assert f"new source: docs page \"List Runs\" (docs.nekt.com), OpenAPI block \"GET /api/v1/runs/\" <{other}:" in result.stderr
    assert f"vendored from: docs page \"Get Run\" (docs.nekt.com), OpenAPI block \"GET /api/v1/runs/{{id}}/\" <{get_run}>" in result.stderr
    assert "nothing was written" in result.stderr
    assert spec.read_text() == before


def test_a_changed_page_replaces_what_it_published_and_is_dated_again(
    project: Path, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    get_run = site.page("/runs/get-run.md", nekt_page())
    list_runs = site.page("/runs/list-runs.md", list_runs_page())
    spec = project / "specs" / "runs.yaml"
    for url in (get_run, list_runs):
        assert clientgen("vendor", url, "--provider", "runs", cwd=project).returncode == 0

    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY_2)
    site.page("/runs/get-run.md", with_new_run_field(nekt_page()))  # the provider published a new field
    result = clientgen("vendor", get_run, "--provider", "runs", cwd=project)

    assert result.returncode == 0, result.stderr
    assert "1 replaced" in result.stdout
    text = spec.read_text()
    assert header(text)[1].endswith(f"from <{get_run}>, taken {DATE_2}.")
    assert header(text)[2].endswith(f"from <{list_runs}>, taken {DATE_1}.")
    run = YAML(typ="safe").load(body(text))["components"]["schemas"]["Run"]
    assert "labels" in run["properties"]


def test_a_sole_source_republished_is_the_spec_exactly(project: Path, site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    url = site.page("/runs/get-run.md", nekt_page())
    assert clientgen("vendor", url, "--provider", "runs", cwd=project).returncode == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY_2)
    changed = with_new_run_field(nekt_page()).replace("    Run:\n", "    Run:  # a comment from upstream\n")
    site.page("/runs/get-run.md", changed)

    assert clientgen("vendor", url, "--provider", "runs", cwd=project).returncode == 0

    text = (project / "specs" / "runs.yaml").read_text()
    block = changed.split("````yaml GET /api/v1/runs/{id}/\n", 1)[1].rsplit("````", 1)[0]
    assert body(text) == block
    assert header(text)[1].endswith(f"taken {DATE_2}.")


def test_a_raw_json_document_is_vendored_as_yaml(project: Path, site: Site) -> None:
    data = YAML(typ="safe").load(body((SPECS / "noxus.yaml").read_text()))
    url = site.page("/openapi.json", json.dumps(data), "application/json")

    result = clientgen("vendor", url, "--provider", "noxus_json", cwd=project)

    assert result.returncode == 0, result.stderr
    text = (project / "specs" / "noxus_json.yaml").read_text()
    assert header(text)[1] == f'# Source: OpenAPI document "Noxus Backend" version 1.1.0, from <{url}>, taken {DATE_1}.'
    assert "converted from JSON to YAML" in header(text)[2]
    assert "{" not in body(text).split("\n", 1)[0], "block style, not JSON"
    assert YAML(typ="safe").load(body(text)) == data


def test_an_invalid_document_is_located_in_the_page(project: Path, site: Site) -> None:
    page = nekt_page().replace("          required: true\n", "          required: maybe\n", 1)
    url = site.page("/runs/broken.md", page)
    result = clientgen("vendor", url, "--provider", "runs", cwd=project)
    assert result.returncode == 1
    line = next(n for n, text in enumerate(page.splitlines(), 1) if "required: maybe" in text)
    assert f"{url}:{line} #/paths/~1api~1v1~1runs~1{{id}}~1/get/parameters/0/required: error: not valid OpenAPI 3.0" in result.stderr
    assert not (project / "specs" / "runs.yaml").exists()


def test_a_bad_provider_key_is_refused(project: Path) -> None:
    result = clientgen("vendor", seed(NEKT_PAGE), "--provider", "Nekt-API", cwd=project)
    assert result.returncode == 1
    assert "snake_case" in result.stderr


# --- fetching ------------------------------------------------------------------------------------


def test_a_redirect_on_the_same_site_is_followed(project: Path, site: Site) -> None:
    target = site.page("/new/get-run.md", nekt_page())
    old = site.redirect("/old/get-run.md", target)
    result = clientgen("vendor", old, "--provider", "runs", cwd=project)
    assert result.returncode == 0, result.stderr
    assert site.requests == ["/old/get-run.md", "/new/get-run.md"]
    assert f"from <{old}>" in (project / "specs" / "runs.yaml").read_text(), "the header records the URL as given"


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("file:///etc/passwd", "only http and https URLs are fetched"),
        ("ftp://127.0.0.1/page.md", "only http and https URLs are fetched"),
        ("http:///page.md", "the URL names no host"),
    ],
)
def test_redirects_elsewhere_are_refused(project: Path, site: Site, location: str, message: str) -> None:
    url = site.redirect("/moved.md", location, status=302)
    result = clientgen("vendor", url, "--provider", "runs", cwd=project)
    assert result.returncode == 1
    assert f"{location} (a redirect from {url}): {message}" in result.stderr
    assert not (project / "specs" / "runs.yaml").exists()


def test_other_schemes_and_missing_pages_are_refused(project: Path, site: Site) -> None:
    refused = clientgen("vendor", "file:///etc/passwd", "--provider", "runs", cwd=project)
    assert refused.returncode == 1 and "only http and https URLs are fetched" in refused.stderr
    missing = clientgen("vendor", site.base + "/nope.md", "--provider", "runs", cwd=project)
    assert missing.returncode == 1 and f"{site.base}/nope.md: the server answered 404" in missing.stderr
    assert not (project / "specs" / "runs.yaml").exists()


@pytest.mark.parametrize("declared", [True, False])
def test_a_page_over_the_size_limit_is_refused(project: Path, site: Site, declared: bool) -> None:
    site.answers["/huge.md"] = Answer(body=b"x" * (20 * 1024 * 1024 + 1), length=declared)
    result = clientgen("vendor", site.base + "/huge.md", "--provider", "runs", cwd=project)
    assert result.returncode == 1
    assert "20 MB limit" in result.stderr
    assert not (project / "specs" / "runs.yaml").exists()


def test_a_server_that_never_answers_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process, with a short timeout: the real one (30 s) is too long for a test."""
    from generator.vendoring import fetch

    listener = socket.create_server(("127.0.0.1", 0))  # accepts connections, never answers
    try:
        monkeypatch.setattr(fetch, "TIMEOUT_SECONDS", 0.5)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/slow.md"
        with pytest.raises(fetch.FetchError, match=r"no answer within 0.5 seconds; try again, or save the page"):
            fetch.read_source(url, Path.cwd())
    finally:
        listener.close()


def test_the_help_states_the_fetch_limits() -> None:
    result = clientgen("vendor", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for phrase in ("only http and https", "at most 20 MB", "a 30-second timeout", "never from https to http", "with a host"):
        assert phrase in text


def test_a_document_past_the_generators_limits_is_refused_before_it_is_parsed(project: Path, tmp_path: Path) -> None:
    """An alias bomb in a fetched page or file costs vendor no more than it costs generate."""
    from .security.support import clientgen_limited
    from .security.test_broken_specs import alias_bomb

    folder = tmp_path / "source"
    folder.mkdir()
    result = clientgen_limited("vendor", alias_bomb(folder), "--provider", "lol", cwd=project)
    assert result.returncode == 1, result.stdout
    assert "openapi.yaml:11 #/x-lol/l6/5: the document expands to more than" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "specs" / "lol.yaml").exists()
