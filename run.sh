#!/usr/bin/env bash
# Installs what Borte needs (system libraries, .venv) and opens the app. Arguments go to `borte`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
packaging/bootstrap.sh run
exec .venv/bin/borte "$@"
