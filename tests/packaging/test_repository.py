"""The repository stands alone and its packaging metadata says what is true."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import pytest

from app import __version__
from app.cli import main as cli_main

ROOT = Path(__file__).resolve().parents[2]
# Spelled in pieces so that this file does not match itself.
OUTSIDE = (
    "../" + "shared",
    "shared/" + "rules.md",
    "/work/" + "shared",
    # The team's working notes outside the repository: a contributor never has them.
    "toolchain" + ".md",
    "style" + ".md",
    "architecture" + ".md",
)


def tracked_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    return [ROOT / name for name in listed.decode().split("\0") if name]


def pyproject() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)


def test_no_tracked_file_points_outside_the_repository() -> None:
    files = tracked_files()
    assert len(files) > 50  # git answered with the real list
    offenders = []
    for path in files:
        if not path.is_file():
            continue  # deleted in the work tree, not yet committed
        text = path.read_bytes().decode("utf-8", errors="replace")
        offenders += [f"{path.relative_to(ROOT)}: {word}" for word in OUTSIDE if word in text]
    assert offenders == []


def test_the_rules_travel_with_the_code() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/rules.md)" in readme
    rules = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    # Every rule the engine implements has its section and sources.
    for heading in (
        "Temporary residence permits",
        "Permanent residence permit",
        "Loss of permanent residence",
        "Norwegian citizenship",
        "Schengen 90/180",
        "Worked examples",
    ):
        assert heading in rules
    assert rules.count("https://") > 50


def test_every_link_in_the_readme_stays_in_the_repository_or_is_a_web_address() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)]+)\)", readme):
        if target.startswith(("https://", "#")):
            continue
        assert (ROOT / target).exists(), target


def test_one_version_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    project = pyproject()["project"]
    assert isinstance(project, dict)
    assert "version" not in project
    assert project["dynamic"] == ["version"]
    tool = pyproject()["tool"]
    assert isinstance(tool, dict)
    assert tool["hatch"]["version"]["path"] == "app/__init__.py"
    assert cli_main(["--version"]) == 0
    assert capsys.readouterr().out == f"borte {__version__}\n"


def test_licence_and_runtime_dependencies() -> None:
    project = pyproject()["project"]
    assert isinstance(project, dict)
    assert project["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    runtime = " ".join(project["dependencies"]).lower()
    assert "svglib" not in runtime  # only bench/ uses it
    assert "matplotlib>=3.10" in runtime  # Axes.get_figure(root=True)
    assert "reportlab>=4.0.4" in runtime  # 4.0.0 needs pycairo built from source
    assert project["scripts"] == {"borte": "app.__main__:run"}
    assert project["gui-scripts"] == {"borte-window": "app.__main__:run"}
