"""Pagination declarations in pyproject.toml, through the `clientgen` command: a right one makes
the operation's methods return a Page (an AsyncPaginator on the async client); each wrong one is
refused at its line (`pyproject.toml:LINE`), word for word, exit 1, nothing written. Spec
extensions (x-speakeasy-pagination, x-fern-pagination) are read; a broken one is a located
warning and the operation stays plain; a declaration wins over an extension. An operation that
becomes paged is a breaking change for `clientgen changes`. mypy --strict types a page's items."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES, GENERATED, ROOT, clientgen

PAGES = Path(__file__).resolve().parent / "wire" / "specs" / "pages.yaml"
EXTENSIONS = FIXTURES / "specs" / "pagination.yaml"
HEAD = '[tool.clientgen]\nspecs = "apis"\noutput = "out"\n\n'
SECTION = "[tool.clientgen.providers.pages.pagination.{operation}]\n"
PREFIX = "#/tool/clientgen/providers/pages/pagination"


def project(root: Path, declarations: str, spec: Path = PAGES, key: str = "pages") -> Path:
    (root / "apis").mkdir()
    shutil.copy(spec, root / "apis" / f"{key}.yaml")
    (root / "pyproject.toml").write_text(HEAD + declarations)
    return root


def test_a_declared_paging_makes_page_methods(tmp_path: Path) -> None:
    root = project(tmp_path, SECTION.format(operation="listOffset") + 'items = "$.items"\noffset = { param = "offset", limit = "limit" }\n')
    result = clientgen("generate", cwd=root)
    assert result.returncode == 0, result.stderr
    client = (root / "out" / "provider_clients" / "pages" / "client.py").read_text()
    assert ") -> Page[models.Item, models.ListOffsetResponse]:" in client
    assert ") -> AsyncPaginator[models.Item, models.ListOffsetResponse]:" in client
    assert 'style="offset",\n    items="$.items",\n    param="offset",\n    limit="limit",\n)' in client
    assert ") -> models.ListOffsetPlainResponse:" in client, "an operation without a declaration stays plain"
    readme = (root / "out" / "README.md").read_text()
    assert "| `Page[models.Item, models.ListOffsetResponse]`: paged, each item a `models.Item` |" in readme
    assert "for item in client.list_offset():  # every item, page after page" in readme


# (the declaration's lines, the text of the line the error names, the message after "error: ")
WRONG = [
    pytest.param(
        "listCursor",
        'items = "$.data"\ncursor = { param = "before", next = "$.next" }',
        'cursor = { param = "before"',
        "/listCursor/cursor/param",
        "pagination of 'listCursor': cursor.param names 'before', which is not a query parameter of 'listCursor'\n"
        "    its query parameters: after, limit, tag",
        id="cursor-param-not-a-parameter",
    ),
    pytest.param(
        "listOffset",
        'items = "$.items"\noffset = { param = "offset", limit = "size" }',
        "offset = {",
        "/listOffset/offset/limit",
        "pagination of 'listOffset': offset.limit names 'size', which is not a query parameter of 'listOffset'\n"
        "    its query parameters: limit, offset",
        id="offset-limit-not-a-parameter",
    ),
    pytest.param(
        "listOffset",
        'items = "$.things"\noffset = { param = "offset" }',
        "items =",
        "/listOffset/items",
        "pagination of 'listOffset': $.things: the response has no $.things (ListOffsetResponse has no field 'things')\n"
        "    its fields (wire names): items, total",
        id="items-not-in-the-response",
    ),
    pytest.param(
        "listPages",
        'items = "$.pagination"\npage = { param = "page" }',
        "items =",
        "/listPages/items",
        "pagination of 'listPages': items $.pagination is not a list in the response",
        id="items-not-a-list",
    ),
    pytest.param(
        "listPages",
        'items = "$.results"\npage = { param = "page", pages = "$.pagination.pages" }',
        "page = {",
        "/listPages/page/pages",
        "pagination of 'listPages': $.pagination.pages: the response has no $.pagination.pages "
        "($.pagination has no field 'pages')\n    its fields (wire names): nbPages, page",
        id="page-count-not-in-the-response",
    ),
    pytest.param(
        "listCursorItems",
        'items = "$.data"\ncursor = { param = "starting_after", next = "$.data.id" }',
        "cursor = {",
        "/listCursorItems/cursor/next",
        "pagination of 'listCursorItems': $.data.id: $.data is a list: name one of its items first, with [0] or [-1]",
        id="cursor-into-a-list-without-an-index",
    ),
    pytest.param(
        "listRuns",
        'items = "$.runs"\npage = { param = "page" }',
        "[tool.clientgen.providers.pages.pagination.listRuns]",
        "/listRuns",
        "pagination of 'listRuns': the spec has no operation 'listRuns'\n"
        "    GET operations: listCursor, listCursorItems, listCursorPlain, listLink, listNext, listOffset, listOffsetPlain, "
        "listPages, listPagesPlain",
        id="no-such-operation",
    ),
    pytest.param(
        "listPages",
        'items = "$.results"\npage = { param = "page" }\nnext_url = "$.next"',
        "next_url =",
        "/listPages/next_url",
        "pagination of 'listPages' needs exactly one paging style, not page and next_url\n"
        '    one of: cursor = { param = "after", next = "$.last_id", has_more = "$.has_more" }; '
        'offset = { param = "offset", limit = "limit", total = "$.total" }; '
        'page = { param = "page", size = "per_page", pages = "$.total_pages" }; '
        'next_url = "$.next" or next_url = "header:Link"',
        id="two-styles",
    ),
    pytest.param(
        "listPages",
        'items = "$.results"',
        "[tool.clientgen.providers.pages.pagination.listPages]",
        "/listPages",
        "pagination of 'listPages' needs exactly one paging style, not none\n"
        '    one of: cursor = { param = "after", next = "$.last_id", has_more = "$.has_more" }; '
        'offset = { param = "offset", limit = "limit", total = "$.total" }; '
        'page = { param = "page", size = "per_page", pages = "$.total_pages" }; '
        'next_url = "$.next" or next_url = "header:Link"',
        id="no-style",
    ),
    pytest.param(
        "listNext",
        'items = "$.data"\nnext_url = "next"',
        "next_url =",
        "/listNext/next_url",
        "pagination of 'listNext': next_url is 'next': write a response path like \"$.next\" or \"header:Link\"",
        id="next-url-not-a-path",
    ),
    pytest.param(
        "listNext",
        'items = "data"\nnext_url = "$.next"',
        "items =",
        "/listNext/items",
        "pagination of 'listNext': items: 'data' is not a response path: write $ for the body, then .name, [0] or [-1], "
        'like "$.data[-1].id"',
        id="items-not-a-path",
    ),
    pytest.param(
        "listCursor",
        'items = "$.data"\ncursor = { param = "after" }',
        "cursor = {",
        "/listCursor/cursor",
        "pagination of 'listCursor': cursor needs next\n"
        '    like cursor = { param = "after", next = "$.last_id", has_more = "$.has_more" }',
        id="cursor-without-next",
    ),
    pytest.param(
        "listCursor",
        'items = "$.data"\ncursor = { param = "after", next = "$.next", more = "$.has_more" }',
        "cursor = {",
        "/listCursor/cursor/more",
        "unknown key 'more' in cursor of pagination of 'listCursor'\n    known keys: param, next, has_more",
        id="unknown-sub-key",
    ),
    pytest.param(
        "listCursor",
        'items = "$.data"\nlimit = 10\ncursor = { param = "after", next = "$.next" }',
        "limit = 10",
        "/listCursor/limit",
        "unknown key 'limit' in pagination of 'listCursor'\n    known keys: items, cursor, offset, page, next_url",
        id="unknown-key",
    ),
]


@pytest.mark.parametrize(("operation", "declaration", "marker", "pointer", "message"), WRONG)
def test_a_wrong_declaration_is_refused_at_its_line(
    tmp_path: Path, operation: str, declaration: str, marker: str, pointer: str, message: str
) -> None:
    root = project(tmp_path, SECTION.format(operation=operation) + declaration + "\n")
    result = clientgen("generate", cwd=root)
    lines = (root / "pyproject.toml").read_text().splitlines()
    line = next(number for number, text in enumerate(lines, 1) if marker in text)
    assert result.returncode == 1
    assert result.stderr == f"pyproject.toml:{line} {PREFIX}{pointer}: error: {message}\nclientgen: 1 error; nothing was written\n"
    assert not (root / "out").exists()


def test_pagination_for_a_provider_without_a_spec_is_refused(tmp_path: Path) -> None:
    root = project(tmp_path, '[tool.clientgen.providers.other.pagination.listThings]\nitems = "$.data"\nnext_url = "$.next"\n')
    result = clientgen("generate", cwd=root)
    assert result.returncode == 1
    assert (
        "pyproject.toml:5 #/tool/clientgen/providers/other: error: [tool.clientgen.providers.other] is for provider 'other', "
        "which has no spec in" in result.stderr
    )


# --- spec extensions ---------------------------------------------------------------------------


def test_extensions_are_read_from_the_spec(tmp_path: Path) -> None:
    result = clientgen("generate", "--spec", EXTENSIONS, "--output", tmp_path / "out", "--package", "paged")
    assert result.returncode == 0, result.stderr
    client = (tmp_path / "out" / "paged" / "pagination" / "client.py").read_text()
    expected = {
        # x-speakeasy-pagination: offsetLimit with a page input, and cursor
        "_LIST_WIDGETS": 'style="page",\n    items="$.data",\n    param="page",\n    limit="limit",\n    total="$.meta.pages",',
        "_LIST_GADGETS": 'style="cursor",\n    items="$.gadgets",\n    param="cursor",\n    next="$.gadgets[-1].id",',
        # x-fern-pagination: cursor, offset with a step, next_uri
        "_LIST_THINGS": 'style="cursor",\n    items="$.things",\n    param="starting_after",\n    next="$.next",',
        "_LIST_OTHERS": 'style="offset",\n    items="$.things",\n    param="offset",\n    limit="limit",',
        "_LIST_LINKS": 'style="next_url",\n    items="$.things",\n    next="$.links.next",',
    }
    for constant, arguments in expected.items():
        assert f"= Paging(\n    {constant},\n    {arguments}\n)" in client, constant
    assert ") -> models.ThingPage:" in client, "the broken extension leaves listBroken a plain method"
    assert "_LIST_BROKEN__PAGING" not in client


def test_a_broken_extension_is_a_located_warning(tmp_path: Path) -> None:
    result = clientgen("generate", "--spec", EXTENSIONS, "--output", tmp_path / "out", "--package", "paged", "--strict")
    assert result.returncode == 1
    lines = EXTENSIONS.read_text().splitlines()
    line = next(number for number, text in enumerate(lines, 1) if "path: /broken" in text or text.strip() == "/broken:")
    extension = next(number for number, text in enumerate(lines[line:], line + 1) if "x-speakeasy-pagination" in text)
    assert (
        f"tests/fixtures/specs/pagination.yaml:{extension} #/paths/~1broken/get/x-speakeasy-pagination: error: "
        "x-speakeasy-pagination of 'listBroken': $.items: the response has no $.items (ThingPage has no field 'items'); "
        "the operation stays a plain method\n    its fields (wire names): things, next\n" in result.stderr
    )


def test_a_declaration_wins_over_the_extension(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        '[tool.clientgen.providers.pagination.pagination.listThings]\nitems = "$.things"\nnext_url = "$.next"\n',
        EXTENSIONS,
        "pagination",
    )
    result = clientgen("generate", cwd=root)
    assert result.returncode == 0, result.stderr
    client = (root / "out" / "provider_clients" / "pagination" / "client.py").read_text()
    assert '    _LIST_THINGS,\n    style="next_url",\n    items="$.things",\n    next="$.next",\n)' in client


# --- clientgen changes -------------------------------------------------------------------------


def test_an_operation_that_becomes_paged_is_a_breaking_change(tmp_path: Path) -> None:
    plain = tmp_path / "old.yaml"  # the same spec before listThings declared its paging
    text = EXTENSIONS.read_text()
    start = text.index("      x-fern-pagination:\n        cursor:")
    end = text.index("      responses:", start)
    plain.write_text(text[:start] + text[end:])
    result = clientgen("changes", plain, EXTENSIONS)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "list_things" in result.stdout
    assert "returns Page[Widget, ThingPage] (was ThingPage)" in result.stdout
    assert "breaking" in result.stdout.lower()


# --- typing ------------------------------------------------------------------------------------

TYPED_USAGE = '''\
from provider_clients import AsyncPage, AsyncPaginator, Page, PaginationError
from provider_clients.algolia_ingestion import AlgoliaIngestionClient, AsyncAlgoliaIngestionClient, models


def run_ids(client: AlgoliaIngestionClient) -> list[str]:
    page: Page[models.Run, models.RunListResponse] = client.list_runs(task_id="t", items_per_page=100)
    runs: list[models.Run] = page.items
    response: models.RunListResponse = page.response
    more: bool = page.has_next_page()
    following: Page[models.Run, models.RunListResponse] | None = page.next_page()
    for each in page.iter_pages():
        runs.extend(each.items)
    events = [event.event_id for event in client.list_events("run")]
    return [run.run_id for run in page] + events + [str(more), str(following), str(response)]


async def async_run_ids(client: AsyncAlgoliaIngestionClient) -> list[str]:
    paginator: AsyncPaginator[models.Run, models.RunListResponse] = client.list_runs(task_id="t")
    first: AsyncPage[models.Run, models.RunListResponse] = await paginator
    following: AsyncPage[models.Run, models.RunListResponse] | None = await first.next_page()
    ids = [run.run_id async for run in client.list_runs()]
    async for each in first.iter_pages():
        ids.extend(run.run_id for run in each.items)
    try:
        ids.extend([event.event_id async for event in client.list_events("run")])
    except PaginationError as exc:
        ids.append(exc.message)
    return ids + [str(following)]
'''


def mypy(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    example = tmp_path / "example.py"
    example.write_text(source)
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--python-version", "3.10", str(example)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={"MYPYPATH": str(GENERATED), "PATH": "/usr/bin:/bin"},
    )


def test_mypy_strict_types_the_items_of_a_page(tmp_path: Path) -> None:
    result = mypy(tmp_path, TYPED_USAGE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_refuses_an_item_used_as_what_it_is_not(tmp_path: Path) -> None:
    """The items are typed, not Any: a Run's run_id is a str, never an int."""
    wrong = TYPED_USAGE + "\n\ndef wrong(client: AlgoliaIngestionClient) -> list[int]:\n    return [run.run_id for run in client.list_runs()]\n"
    result = mypy(tmp_path, wrong)
    assert result.returncode == 1
    assert 'List comprehension has incompatible type List[str]; expected List[int]' in result.stdout or "list[str]" in result.stdout


def test_a_declaration_added_since_the_revision_is_a_breaking_change(tmp_path: Path) -> None:
    """`clientgen changes` reads the revision's own pyproject.toml: paging declared since is a change."""
    root = project(tmp_path, "")

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=root, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "plain")
    with (root / "pyproject.toml").open("a") as settings:
        settings.write(SECTION.format(operation="listOffset") + 'items = "$.items"\noffset = { param = "offset" }\n')

    result = clientgen("changes", cwd=root)

    assert result.returncode == 2, result.stdout + result.stderr
    assert "returns Page[Item, ListOffsetResponse] (was ListOffsetResponse)" in result.stdout
    git("add", "-A")
    git("commit", "-q", "-m", "paged")
    assert clientgen("changes", cwd=root).returncode == 0, "the revision's own declarations are read"


def test_an_operation_a_waiter_polls_is_not_paged(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        '[tool.clientgen.providers.pages.waiters.done]\noperation = "listCursor"\nsuccess = [{ has_more = [false] }]\n\n'
        + SECTION.format(operation="listCursor")
        + 'items = "$.data"\ncursor = { param = "after", next = "$.next" }\n',
    )
    result = clientgen("generate", cwd=root)
    line = (root / "pyproject.toml").read_text().splitlines().index(SECTION.format(operation="listCursor").strip()) + 1
    assert result.returncode == 1
    assert result.stderr == (
        f"pyproject.toml:{line} {PREFIX}/listCursor: error: pagination of 'listCursor': waiter 'done' polls 'listCursor', "
        "and a waiter needs its plain result, not pages\n"
        "    page another operation, or poll a GET that returns one resource\n"
        "clientgen: 1 error; nothing was written\n"
    )


def test_a_model_named_page_keeps_its_name_beside_the_runtime_page(tmp_path: Path) -> None:
    """client.py imports the runtime's Page and names every model models.X: a spec's own Page stays Page."""
    (tmp_path / "apis").mkdir()
    (tmp_path / "apis" / "pages.yaml").write_text(PAGES.read_text().replace("Item", "Page"))
    (tmp_path / "pyproject.toml").write_text(
        HEAD + SECTION.format(operation="listOffset") + 'items = "$.items"\noffset = { param = "offset", limit = "limit" }\n'
    )
    assert clientgen("generate", cwd=tmp_path).returncode == 0
    client = (tmp_path / "out" / "provider_clients" / "pages" / "client.py").read_text()
    assert ") -> Page[models.Page, models.ListOffsetResponse]:" in client
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(tmp_path / "out" / "provider_clients")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout
