#!/usr/bin/env bash
# Create .venv (if needed) and install clientgen into it, editable.
# Usage: bash scripts/setup.sh [--test]   (--test adds the test tools and Prism)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install --quiet -e '.[test]'
  npm ci --no-audit --no-fund --loglevel=error
else
  .venv/bin/python -m pip install --quiet -e .
fi
