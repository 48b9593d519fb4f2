#!/usr/bin/env bash
# Prepares a Debian/Ubuntu machine for Borte: installs the system libraries Qt needs (only the
# missing ones, with apt-get) and a local virtual environment in .venv.
#   packaging/bootstrap.sh run    # what the app needs, including the X11 (xcb) platform plugin
#   packaging/bootstrap.sh test   # what the test suite needs (offscreen Qt) plus the dev tools
set -euo pipefail
mode=${1:-run}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

say() { printf 'borte: %s\n' "$*" >&2; }

# Qt's offscreen platform needs these (see shared/toolchain.md, checked on a bare Debian 12).
pkgs=(libglib2.0-0 libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3 fonts-dejavu-core)
if [ "$mode" = run ]; then
  # The xcb plugin, for a real window on an X11 or XWayland desktop.
  pkgs+=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
         libxcb-shape0 libxcb-randr0 libxcb-xkb1 libxkbcommon-x11-0)
fi
if ! command -v python3 >/dev/null 2>&1; then
  pkgs+=(python3 python3-venv)
elif ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  pkgs+=(python3-venv)
fi

if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing system packages: ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  say "not a Debian/Ubuntu system: install Qt 6's runtime libraries yourself if Qt fails to start"
fi

python3 - <<'PY' || { say "Borte needs Python 3.11 or newer"; exit 1; }
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY

[ -x .venv/bin/python ] || python3 -m venv .venv
extra=""
[ "$mode" = test ] && extra="[dev]"
# Reinstall only when pyproject.toml changes: the stamp holds its checksum.
stamp=".venv/.installed-$mode"
sum=$(cksum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
  say "installing Python packages into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".$extra"
  echo "$sum" > "$stamp"
fi
