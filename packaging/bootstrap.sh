#!/usr/bin/env bash
# Prepares a Debian/Ubuntu machine for Borte: installs the system packages it needs (only the
# missing ones, with apt-get) and a local virtual environment in .venv.
#   packaging/bootstrap.sh run    # what the app needs, including the X11 (xcb) platform plugin
#   packaging/bootstrap.sh test   # what the tests need (offscreen Qt, the desktop-file and
#                                 # AppStream validators, binutils for PyInstaller) + dev tools
# As root it runs apt-get itself; otherwise it uses sudo when there is one, and without sudo it
# prints the exact apt-get line to run as root and stops.
# PYTHON=/path/to/python3.12 chooses the interpreter (default: the first of python3,
# python3.13, python3.12, python3.11 that is 3.11 or newer).
set -euo pipefail
mode=${1:-run}
case $mode in run | test) ;; *) echo "usage: $0 [run|test]" >&2; exit 2 ;; esac
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

say() { printf 'borte: %s\n' "$*" >&2; }

# Qt's offscreen platform needs these (checked on a bare Debian 12 chroot).
pkgs=(libglib2.0-0 libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3 fonts-dejavu-core)
if [ "$mode" = run ]; then
  # The xcb plugin, for a real window on an X11 or XWayland desktop.
  pkgs+=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
         libxcb-shape0 libxcb-randr0 libxcb-xkb1 libxkbcommon-x11-0)
else
  # The tests validate the desktop file and metainfo, and build the bundle (objdump, objcopy).
  pkgs+=(desktop-file-utils appstream binutils)
fi

# The first interpreter that is new enough.
good_python() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; }
find_python() {
  if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"; return; fi
  for candidate in python3 python3.13 python3.12 python3.11; do
    if command -v "$candidate" >/dev/null 2>&1 && good_python "$candidate"; then
      echo "$candidate"
      return
    fi
  done
}
python=$(find_python)
if [ -z "$python" ] && ! command -v python3 >/dev/null 2>&1; then
  pkgs+=(python3 python3-venv)
elif [ -n "$python" ] && ! "$python" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  # Debian splits venv out; the versioned package matches the interpreter (python3.11-venv).
  pkgs+=("$("$python" -c 'import sys; print("python%d.%d-venv" % sys.version_info[:2])')")
fi

if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    line="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
    if [ "$(id -u)" -eq 0 ]; then
      sudo=()
    elif command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      say "Borte needs these system packages, and installing them needs root: ${missing[*]}"
      say "Run this as root (for example after 'su -'), then run the same command again:"
      printf '\n    %s\n\n' "$line" >&2
      exit 1
    fi
    say "installing system packages: ${missing[*]}"
    if ! { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
           "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
             --no-install-recommends "${missing[@]}" >/dev/null; }; then
      say "installing the system packages failed; run this as root, then try again:"
      printf '\n    %s\n\n' "$line" >&2
      exit 1
    fi
  fi
else
  say "not a Debian/Ubuntu system: install Qt 6's runtime libraries yourself if Qt fails to start"
fi

python=$(find_python)
if [ -z "$python" ] || ! good_python "$python"; then
  have=$("${python:-python3}" -c 'import platform; print(platform.python_version())' 2>/dev/null ||
    echo missing)
  say "Borte needs Python 3.11 or newer and ${python:-python3} is $have: install python3.11 or newer, for" \
    "example 'apt-get install python3.11 python3.11-venv' as root on Ubuntu 22.04, or a build" \
    "from python.org, then run again (PYTHON=/path/to/python3.11 $0 chooses it)."
  exit 1
fi

if [ -x .venv/bin/python ] && ! good_python .venv/bin/python; then
  say "replacing .venv, which was made with an older Python"
  rm -rf .venv
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
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
