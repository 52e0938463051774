#!/usr/bin/env bash
# Benchmark clientgen against openapi-python-client and datamodel-code-generator, side by side.
# Usage: bash bench/run.sh [--runs N] [--specs NAME ...] [--tools NAME ...]
# The peers go into their own environment, bench/.venv-peers (gitignored); results go to
# bench/results/ (results.md, results.json; gitignored). Nothing is asserted: numbers only.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/clientgen ] || bash scripts/setup.sh
if [ ! -x bench/.venv-peers/bin/datamodel-codegen ] || [ ! -x bench/.venv-peers/bin/openapi-python-client ] \
  || ! bench/.venv-peers/bin/python -c "import email_validator, httpx2" 2>/dev/null; then
  python3 -m venv bench/.venv-peers
  bench/.venv-peers/bin/python -m pip install --quiet --upgrade pip
  bench/.venv-peers/bin/python -m pip install --quiet "openapi-python-client==0.29.1" "datamodel-code-generator==0.89.0" "email-validator" \
    "httpx2>=2.16,<3"  # bench/parse.py imports clientgen's committed package, which runs on HTTPX2
fi
exec .venv/bin/python bench/bench.py "$@"
