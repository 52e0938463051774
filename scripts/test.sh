#!/usr/bin/env bash
# Install everything the tests need (Python packages into .venv, Prism from npm), then run them.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k nekt`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
exec .venv/bin/python -m pytest -n auto "$@"
