"""Shell completion and the check for a too-old Python."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import app.__main__ as entry
from app.cli import main as cli_main


def completion(shell: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert cli_main(["--print-completion", shell]) == 0
    return capsys.readouterr().out


def test_bash_completion_completes_commands_and_actions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "borte.bash"
    script.write_text(completion("bash", capsys))
    bash = shutil.which("bash")
    assert bash is not None

    def complete(*words: str) -> set[str]:
        probe = (
            f"source {script}\n"
            f"COMP_WORDS=(borte {' '.join(words)}); COMP_CWORD={len(words)}\n"
            f'COMP_LINE="borte {" ".join(words)}"; COMP_POINT=${{#COMP_LINE}}\n'
            "_shtab_borte borte\n"
            'printf "%s\\n" "${COMPREPLY[@]}"\n'
        )
        done = subprocess.run(
            [bash, "-c", probe], capture_output=True, text=True, timeout=30, check=True
        )
        return {word.strip() for word in done.stdout.split()}

    assert "trips" in complete("tr")
    assert {"add", "list", "remove"} <= complete("trips", "")
    assert "--install-desktop" in complete("--inst")


def test_zsh_and_tcsh_completion(capsys: pytest.CaptureFixture[str]) -> None:
    assert completion("zsh", capsys).startswith("#compdef borte")
    assert "borte" in completion("tcsh", capsys)


def test_an_unknown_shell_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["--print-completion", "fish"]) == 2
    assert "choose from 'bash', 'zsh', 'tcsh'" in capsys.readouterr().err


def test_too_old_a_python_gets_the_fix(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert entry.python_problem((3, 11, 0)) == ""
    assert entry.python_problem((3, 13, 1)) == ""
    message = entry.python_problem((3, 10, 12))
    assert message.startswith("Borte needs Python 3.11 or newer and this is Python 3.10.12: ")
    assert "install python3.11 or newer, for example" in message
    monkeypatch.setattr(entry, "python_problem", lambda: message)
    assert entry.main() == 2
    assert capsys.readouterr().err == f"borte: {message}\n"
