"""What the output folder's owner may leave in it: only tool output is ignored, never a generated name."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import SPECS, clientgen


def test_providers_named_build_and_dist_are_generated_checked_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.clientgen]\n")
    (tmp_path / "specs").mkdir()
    shutil.copy(SPECS / "nekt.yaml", tmp_path / "specs" / "build.yaml")
    shutil.copy(SPECS / "truestate.yaml", tmp_path / "specs" / "dist.yaml")
    first = clientgen("generate", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    package = tmp_path / "generated" / "provider_clients"
    assert (package / "build" / "client.py").is_file() and (package / "dist" / "client.py").is_file()

    check = clientgen("check", cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr

    # What packaging leaves at the top of the output folder is kept and ignored; the run stamp
    # cannot vouch for the tree any more (the models changed on disk), so compare for real.
    (tmp_path / "generated" / "build" / "lib").mkdir(parents=True)
    (tmp_path / "generated" / "build" / "lib" / "leftover.py").write_text("x = 1\n")
    (tmp_path / "generated" / "provider_clients.egg-info").mkdir()
    (tmp_path / "generated" / "provider_clients.egg-info" / "PKG-INFO").write_text("Name: provider-clients\n")
    (package / "build" / "__pycache__").mkdir()
    (package / "build" / "__pycache__" / "client.cpython-312.pyc").write_bytes(b"\0")
    models = package / "dist" / "models.py"
    good = models.read_bytes()
    models.write_bytes(good + b"# edited\n")
    assert clientgen("check", cwd=tmp_path).returncode == 1
    again = clientgen("generate", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "1 written, 0 removed" in again.stdout, again.stdout
    assert models.read_bytes() == good
    assert (tmp_path / "generated" / "build" / "lib" / "leftover.py").is_file()
    assert (tmp_path / "generated" / "provider_clients.egg-info" / "PKG-INFO").is_file()
    assert (package / "build" / "__pycache__" / "client.cpython-312.pyc").is_file()

    third = clientgen("generate", cwd=tmp_path)
    assert third.returncode == 0, third.stderr
    assert "files, unchanged" in third.stdout, third.stdout
    assert clientgen("check", cwd=tmp_path).returncode == 0
