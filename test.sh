#!/usr/bin/env bash
# Installs what the tests need and runs the whole suite: lint, types, import layers, pytest.
# Extra arguments go to pytest (for example ./test.sh -k schengen).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
packaging/bootstrap.sh test
export QT_QPA_PLATFORM=offscreen
# CI machines get the smaller hypothesis profile; developers get the thorough one.
export HYPOTHESIS_PROFILE=${HYPOTHESIS_PROFILE:-$([ "${CI:-}" = true ] && echo ci || echo dev)}
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/lint-imports
.venv/bin/python -m pytest "$@"
