"""./run.sh, ./test.sh and packaging/bootstrap.sh for someone who is not root and has no sudo,
or whose Python is too old: they say exactly what to run and stop, before touching anything."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FAKE_ID = '#!/bin/sh\n[ "$1" = -u ] && { echo 1000; exit 0; }\nexec /usr/bin/id "$@"\n'


def fake_dpkg_query(missing: list[str]) -> str:
    """A dpkg-query that reports `missing` as not installed and everything else as installed."""
    cases = "|".join(missing) or "__none__"
    return (
        "#!/bin/sh\n"
        'for last; do :; done\ncase "$last" in\n'
        f"  {cases}) exit 1 ;;\n"
        "  *) printf 'install ok installed' ;;\nesac\n"
    )


def machine(tmp_path: Path, fakes: dict[str, str], hide: re.Pattern[str]) -> dict[str, str]:
    """An environment whose PATH has every program of this one, except `sudo` and the names
    `hide` matches, with `fakes` in their place."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in fakes.items():
        (bin_dir / name).write_text(body)
        (bin_dir / name).chmod(0o755)
    for folder in os.environ["PATH"].split(os.pathsep):
        if not Path(folder).is_dir():
            continue
        for entry in Path(folder).iterdir():
            target = bin_dir / entry.name
            if entry.name == "sudo" or hide.fullmatch(entry.name) or target.exists():
                continue
            if entry.is_file() and os.access(entry, os.X_OK):
                target.symlink_to(entry)
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIRTUAL_ENV")}
    env["PATH"] = str(bin_dir)
    return env


NOTHING = re.compile(r"(?!)")


@pytest.mark.parametrize(
    ("script", "missing"),
    [
        (["./run.sh", "--version"], ["libxcb-icccm4", "libxcb-keysyms1"]),
        (["./test.sh"], ["desktop-file-utils", "appstream"]),
        (["packaging/bootstrap.sh", "test"], ["binutils"]),
    ],
)
def test_without_root_or_sudo_the_scripts_print_the_apt_line_and_stop(
    tmp_path: Path, script: list[str], missing: list[str]
) -> None:
    env = machine(tmp_path, {"id": FAKE_ID, "dpkg-query": fake_dpkg_query(missing)}, NOTHING)
    done = subprocess.run(
        script, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 1, done.stderr
    line = f"apt-get update && apt-get install -y --no-install-recommends {' '.join(missing)}"
    assert f"    {line}\n" in done.stderr
    assert "root" in done.stderr
    assert "sudo: command not found" not in done.stderr
    assert done.stdout == ""  # borte itself never ran


def test_a_python_older_than_3_11_gets_the_fix(tmp_path: Path) -> None:
    old_python = (
        "#!/bin/sh\n"
        'case "$2" in *platform*) echo 3.10.12 ;; *version_info*) exit 1 ;; *) exit 0 ;; esac\n'
    )
    env = machine(
        tmp_path,
        {"python3": old_python, "dpkg-query": fake_dpkg_query([])},
        re.compile(r"python3(\.\d+)?"),
    )
    done = subprocess.run(
        ["packaging/bootstrap.sh", "run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "Borte needs Python 3.11 or newer and python3 is 3.10.12" in done.stderr
    assert "install python3.11 or newer" in done.stderr
    assert "apt-get install python3.11 python3.11-venv" in done.stderr
