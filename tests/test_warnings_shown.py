"""A spec's warnings are printed by default: each located (`file:line #/pointer: warning: what, and
what the client does instead`), one line each on stderr, at most 20 a spec, then how many more;
the hints and the rest are in `--report`. Counts read in the singular for one. Through the
command line, for `--spec` runs, project runs and `clientgen check`, fresh and from the stamp."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import FIXTURES, ROOT, SPECS, clientgen

BAD_STATUS = FIXTURES / "defects" / "bad_status.yaml"
WARNING = (
    "tests/fixtures/defects/bad_status.yaml:13 #/paths/~1things/get/responses/abcdef: warning: "
    "'ABCDEF' is not a response status code; the response is skipped"
)


def many_bad_statuses(path: Path, count: int) -> Path:
    """A spec whose one operation has ``count`` responses that are not status codes."""
    responses = "".join(f"        bad{i:02}:\n          description: not a status\n" for i in range(count))
    path.write_text(
        "openapi: 3.0.3\ninfo: {title: Many, version: '1'}\npaths:\n  /things:\n    get:\n      operationId: listThings\n"
        "      responses:\n        '204':\n          description: none\n" + responses
    )
    return path


def test_a_spec_with_a_defect_prints_its_warning_located_by_default(tmp_path: Path) -> None:
    output = tmp_path / "out"
    for run in ("fresh", "from the stamp"):
        result = clientgen("generate", "--spec", BAD_STATUS, "--output", output, "--package", "client")
        assert result.returncode == 0, result.stderr
        written = "3 files written" if run == "fresh" else "0 files written"
        assert result.stdout.splitlines()[0] == f"bad_status: 1 operation, 0 models, {written}, 1 warning", run
        assert result.stderr.splitlines() == [WARNING], run

    checked = clientgen("check", "--spec", BAD_STATUS, "--output", output, "--package", "client")
    assert checked.returncode == 0 and "up to date" in checked.stdout
    assert checked.stderr.splitlines() == [WARNING]
    fresh = clientgen("check", "--spec", BAD_STATUS, "--output", output, "--package", "client", "--no-cache")
    assert fresh.returncode == 0 and fresh.stderr.splitlines() == [WARNING]


def test_at_most_20_warnings_a_spec_then_how_many_more_and_report_lists_all(tmp_path: Path) -> None:
    spec = many_bad_statuses(tmp_path / "many.yaml", 23)
    result = clientgen("generate", "--spec", spec, "--output", tmp_path / "out", "--package", "client", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "many: 1 operation, 0 models, 3 files written, 23 warnings"
    lines = result.stderr.splitlines()
    assert len(lines) == 21
    assert lines[0] == "many.yaml:10 #/paths/~1things/get/responses/bad00: warning: 'BAD00' is not a response status code; the response is skipped"
    assert all(": warning: " in line for line in lines[:20])
    assert lines[20] == "... and 3 more (--report lists all)"

    report = clientgen("generate", "--spec", spec, "--output", tmp_path / "out", "--package", "client", "--report", cwd=tmp_path)
    assert report.returncode == 0 and report.stderr == ""
    assert sum(": warning: " in line for line in report.stdout.splitlines()) == 23
    assert "  warnings: 23" in report.stdout.splitlines()


def test_a_project_run_and_check_print_the_warnings_of_each_spec(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    shutil.copy(BAD_STATUS, tmp_path / "specs" / "status.yaml")
    shutil.copy(SPECS / "nekt.yaml", tmp_path / "specs" / "nekt.yaml")
    (tmp_path / "pyproject.toml").write_text('[tool.clientgen]\nspecs = "specs"\noutput = "generated"\n')
    warning = WARNING.replace("tests/fixtures/defects/bad_status.yaml", "specs/status.yaml")

    generated = clientgen("generate", cwd=tmp_path)
    assert generated.returncode == 0, generated.stderr
    assert "status: 1 operation, 0 models, 3 files written, 1 warning" in generated.stdout.splitlines()
    assert generated.stderr.splitlines() == [warning]
    for args in (("check",), ("check", "--no-cache"), ("generate",)):
        again = clientgen(*args, cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        assert again.stderr.splitlines() == [warning], args


def test_counts_of_one_are_singular(tmp_path: Path) -> None:
    spec = tmp_path / "one.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: One, version: '1'}\npaths:\n  /thing:\n    get:\n      operationId: getThing\n"
        "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n"
        "              schema: {$ref: '#/components/schemas/Thing'}\ncomponents:\n  schemas:\n    Thing:\n"
        "      type: object\n      properties:\n        name: {type: string, description: first}\n"
    )
    output = tmp_path / "out"
    assert clientgen("generate", "--spec", spec, "--output", output, "--no-cache", cwd=tmp_path).returncode == 0
    spec.write_text(spec.read_text().replace("description: first", "description: second"))
    result = clientgen("generate", "--spec", spec, "--output", output, "--no-cache", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "one: 1 operation, 1 model, 1 file written"
    assert result.stderr == ""


def test_the_repository_generates_without_warnings_and_prints_none() -> None:
    result = clientgen("check", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
