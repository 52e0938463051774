"""generated/ installs on its own into a fresh virtual environment, without the generator, and
every provider's clients import from it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

from .conftest import GENERATED, PROVIDERS


def test_pip_install_generated_in_a_fresh_venv(tmp_path: Path) -> None:
    source = tmp_path / "generated"
    shutil.copytree(GENERATED, source, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "build"))
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    python = env / "bin" / "python"
    install = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert install.returncode == 0, install.stderr
    names = {
        "algolia_ingestion": "AlgoliaIngestionClient",
        "nekt": "NektClient",
        "noxus": "NoxusClient",
        "truestate": "TruestateClient",
    }
    lines = [f"from provider_clients.{p} import {names[p]}, Async{names[p]}" for p in PROVIDERS]
    lines += ["import importlib.util", "assert importlib.util.find_spec('generator') is None, 'the generator leaked in'"]
    lines += ["from provider_clients.nekt.models import Run", "from provider_clients import APIError", "print('ok')"]
    check = subprocess.run([python, "-c", "\n".join(lines)], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip() == "ok"
    assert sys.prefix != str(env)
