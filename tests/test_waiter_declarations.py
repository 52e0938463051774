"""Waiter declarations in pyproject.toml, through the `clientgen` command: a right one generates
wait_for_<name> on both clients; a wrong one is refused at its line (`pyproject.toml:LINE`), exit 1,
nothing written. A wrong x-speakeasy-polling entry costs only its waiter, with a warning."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import SPECS, clientgen

JOBS = Path(__file__).resolve().parent / "wire" / "specs" / "jobs.yaml"
HEAD = '[tool.clientgen]\nspecs = "apis"\noutput = "out"\n\n'


def project(root: Path, waiters: str) -> Path:
    (root / "apis").mkdir()
    shutil.copy(SPECS / "nekt.yaml", root / "apis" / "nekt.yaml")
    shutil.copy(JOBS, root / "apis" / "jobs.yaml")
    (root / "pyproject.toml").write_text(HEAD + waiters)
    return root


def line_of(root: Path, text: str) -> int:
    lines = (root / "pyproject.toml").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_a_declared_waiter_is_generated_on_both_clients(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        '[tool.clientgen.providers.nekt.waiters.finished]\noperation = "v1_runs_retrieve"\n'
        'success = [{ status = ["success"] }]\nfailure = [{ status = ["failed", "canceled"] }]\ninterval = 2\ntimeout = 60\n',
    )
    result = clientgen("generate", cwd=root)
    assert result.returncode == 0, result.stderr
    client = (root / "out" / "provider_clients" / "nekt" / "client.py").read_text()
    assert client.count("def wait_for_finished(") == 2 and "async def wait_for_finished(" in client
    assert "interval=2.0," in client and "timeout=60.0," in client
    assert 'failure=({"status": ("failed", "canceled")},),' in client


@pytest.mark.parametrize(
    ("waiter", "marker", "message"),
    [
        (
            'operation = "v1_runs_list"\nsuccess = [{ status = ["success"] }]',
            "operation =",
            "the spec has no operation 'v1_runs_list'",
        ),
        (
            'operation = "v1_runs_retrieve"\nsuccess = [{ state = ["success"] }]',
            "success =",
            "Run has no field 'state'",
        ),
        (
            'operation = "v1_runs_retrieve"\nsuccess = [\n  { status = ["success"] },\n  { status = ["succeeded"] },\n]',
            '{ status = ["succeeded"] }',
            'status is never "succeeded"',
        ),
        (
            'operation = "v1_runs_retrieve"\nsuccess = [{ "trigger.kind" = ["cron"] }]',
            "success =",
            "trigger has no field 'kind'",
        ),
        (
            'operation = "v1_runs_retrieve"\nsuccess = [{ status = ["success"] }]\nfailure = [{ duration_seconds = ["long"] }]',
            "failure =",
            'duration_seconds holds an integer, not "long"',
        ),
        (
            'operation = "v1_runs_retrieve"\nsuccess = [{ status = ["success"] }]\ninterval = 0',
            "interval =",
            "interval of waiter 'run' must be a number of seconds more than 0",
        ),
        (
            'operation = "v1_runs_retrieve"\nsuccess = [{ status = "success" }]',
            "success =",
            "status must be a list of values",
        ),
        (
            'operation = "v1_runs_retrieve"\nsucess = [{ status = ["success"] }]',
            "sucess =",
            "unknown key 'sucess' in waiter 'run'",
        ),
    ],
    ids=[
        "no-such-operation",
        "no-such-field",
        "not-an-enum-value",
        "no-nested-field",
        "wrong-type",
        "zero-interval",
        "not-a-list",
        "unknown-key",
    ],
)
def test_a_wrong_declaration_is_refused_at_its_line(tmp_path: Path, waiter: str, marker: str, message: str) -> None:
    root = project(tmp_path, f"[tool.clientgen.providers.nekt.waiters.run]\n{waiter}\n")
    result = clientgen("generate", cwd=root)
    assert result.returncode == 1
    assert f"pyproject.toml:{line_of(root, marker)} " in result.stderr, result.stderr
    assert message in result.stderr
    assert "nothing was written" in result.stderr
    assert not (root / "out").exists()


def test_a_waiter_must_poll_a_get(tmp_path: Path) -> None:
    root = project(
        tmp_path, '[tool.clientgen.providers.jobs.waiters.created]\noperation = "create_job"\nsuccess = [{ state = ["done"] }]\n'
    )
    result = clientgen("generate", cwd=root)
    assert result.returncode == 1
    assert f"pyproject.toml:{line_of(root, 'operation =')} " in result.stderr
    assert "'create_job' is a POST; a waiter polls a GET" in result.stderr
    assert not (root / "out").exists()


def test_a_waiter_of_a_provider_without_a_spec_is_refused(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        '[tool.clientgen.providers.nekkt.waiters.run]\noperation = "v1_runs_retrieve"\nsuccess = [{ status = ["success"] }]\n',
    )
    result = clientgen("generate", cwd=root)
    assert result.returncode == 1
    assert f"pyproject.toml:{line_of(root, 'nekkt.waiters.run')} " in result.stderr
    assert "provider 'nekkt', which has no spec" in result.stderr


def test_a_waiter_named_like_an_operation_is_refused(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        '[tool.clientgen.providers.nekt.waiters.v1_runs_retrieve]\noperation = "v1_runs_retrieve"\nsuccess = [{ status = ["success"] }]\n'
        '[tool.clientgen.providers.nekt.waiters.wait_for_v1_runs_retrieve]\noperation = "v1_runs_retrieve"\nsuccess = [{ status = ["success"] }]\n',
    )
    result = clientgen("generate", cwd=root)
    assert result.returncode == 1
    assert "would take the name of another method" in result.stderr
    assert f"pyproject.toml:{line_of(root, 'waiters.wait_for_v1_runs_retrieve]')} " in result.stderr


def test_an_unsupported_polling_extension_costs_only_its_waiter(tmp_path: Path) -> None:
    spec = (
        (SPECS / "nekt.yaml")
        .read_text()
        .replace(
            "      security:\n        - ApiKeyAuth: []\n",
            "      security:\n        - ApiKeyAuth: []\n"
            "      x-speakeasy-polling:\n"
            "        - name: WaitForSuccess\n"
            "          successCriteria:\n"
            '            - condition: $response.body#/status == "success"\n'
            "        - name: WaitForGone\n"
            "          successCriteria:\n"
            "            - condition: $statusCode == 404\n"
            "        - name: WaitForMatch\n"
            "          successCriteria:\n"
            "            - context: $response.body#/status\n"
            '              condition: "^(success|failed)$"\n'
            "              type: regex\n"
            "        - name: WaitForNothing\n"
            "          successCriteria:\n"
            '            - condition: $response.body#/statuz == "success"\n',
            1,
        )
    )
    (tmp_path / "nekt.yaml").write_text(spec)
    result = clientgen(
        "generate", "--spec", tmp_path / "nekt.yaml", "--output", tmp_path / "out", "--package", "nekt_client", "--report"
    )
    assert result.returncode == 0, result.stderr
    client = (tmp_path / "out" / "nekt_client" / "nekt" / "client.py").read_text()
    assert "def wait_for_success(" in client
    assert not any(f"def wait_for_{name}(" in client for name in ("gone", "match", "nothing"))
    report = result.stdout + result.stderr
    assert (
        "status 404 is not supported" in report and "is not supported (only" in report and "Run has no field 'statuz'" in report
    )
    assert "nekt.yaml:" in report  # each warning names its line


def test_a_new_waiter_is_an_addition_to_the_api(tmp_path: Path) -> None:
    root = project(tmp_path, "")
    assert clientgen("generate", cwd=root).returncode == 0
    with (root / "pyproject.toml").open("a") as settings:
        settings.write(
            '[tool.clientgen.providers.nekt.waiters.run]\noperation = "v1_runs_retrieve"\nsuccess = [{ status = ["success"] }]\n'
        )
    result = clientgen("generate", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "added waiter wait_for_run" in result.stdout and "0.1.0 -> 0.2.0 (additions)" in result.stdout
    assert "- added waiter wait_for_run" in (root / "out" / "CHANGELOG.md").read_text()


def test_lines_are_found_in_dotted_keys_and_inline_tables_too(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        '[tool.clientgen.providers.nekt]\nclient_name = "Nekt"  # [not.a.table]\n'
        'waiters.run.operation = "v1_runs_retrieve"\n'
        'waiters.run.success = [\n  # the states that end the wait\n  { status = ["success"] },\n  { trigger.type = ["cron"], status = ["done"] },\n]\n\n'
        '[tool.clientgen.providers.jobs]\nwaiters = { created = { operation = "create_job", success = [{ state = ["done"] }] } }\n',
    )
    result = clientgen("generate", cwd=root)
    assert result.returncode == 1
    assert (
        f'pyproject.toml:{line_of(root, "trigger.type")} #/tool/clientgen/providers/nekt/waiters/run/success/1/status: error: '
        in result.stderr
    )
    assert (
        f"pyproject.toml:{line_of(root, 'created = {')} #/tool/clientgen/providers/jobs/waiters/created/operation: error: "
        in result.stderr
    )
    assert "clientgen: 2 errors; nothing was written" in result.stderr
