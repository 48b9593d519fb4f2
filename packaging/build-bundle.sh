#!/usr/bin/env bash
# Builds the self-contained folder bundle with PyInstaller: dist/borte/borte (and on Windows and
# macOS a windowed borte-window beside it). Needs the dev tools (packaging/bootstrap.sh test).
#   packaging/build-bundle.sh [DIST_DIR]     # default: dist/ in the checkout
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dist=${1:-$root/dist}
work=${BORTE_BUILD_DIR:-$root/build/pyinstaller}
python=${PYTHON:-$root/.venv/bin/python}
if ! "$python" -c 'import PyInstaller' 2>/dev/null; then
  echo "build-bundle: PyInstaller is missing: run packaging/bootstrap.sh test first" >&2
  exit 1
fi
cd "$root"
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$dist" --workpath "$work" packaging/borte.spec
echo "build-bundle: $dist/borte/borte"
