#!/usr/bin/env bash
# Installs Borte with the LOWEST version of each dependency that pyproject.toml allows, in its own
# virtual environment (.venv-lowest), from a wheel (not editable), and runs the smoke test on it.
# CI runs this (.ci/run), so a minimum that no longer works fails there instead of for users.
#   packaging/lowest-versions.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
venv=${BORTE_LOWEST_VENV:-$root/.venv-lowest}
python=${PYTHON:-python3}
say() { printf 'lowest-versions: %s\n' "$*" >&2; }

[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
pins=$venv/lowest-pins.txt
# name==lower bound for every runtime dependency whose marker holds on this Python.
"$venv/bin/python" - pyproject.toml >"$pins" <<'PY'
import sys
import tomllib

from pip._vendor.packaging.requirements import Requirement

with open(sys.argv[1], "rb") as handle:
    project = tomllib.load(handle)["project"]
for line in project["dependencies"]:
    requirement = Requirement(line)
    if requirement.marker is not None and not requirement.marker.evaluate():
        continue
    lows = [spec.version for spec in requirement.specifier if spec.operator == ">="]
    if len(lows) != 1:
        sys.exit(f"{line!r}: give exactly one lower bound (>=) so it can be tested")
    print(f"{requirement.name}=={lows[0]}")
PY
say "pins: $(tr '\n' ' ' <"$pins")"
# The pins as constraints: pip must take exactly these versions or fail.
"$venv/bin/python" -m pip install -q --disable-pip-version-check -c "$pins" "$root"
"$venv/bin/python" -m pip check
say "installed: $("$venv/bin/python" -m pip freeze | grep -iE "^($(cut -d= -f1 "$pins" | sed 's/[-_.]/[-_.]/g' | paste -sd'|'))==" | tr '\n' ' ')"
"$root/packaging/smoke-test.sh" "$venv/bin/borte"
