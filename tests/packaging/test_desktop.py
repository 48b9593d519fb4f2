"""Linux desktop integration: the files validate, `--install-desktop` puts them in place, and
the window names the same desktop file id."""

from __future__ import annotations

import configparser
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app import __version__, desktop
from app.cli import main as cli_main

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
DESKTOP_FILE = LINUX / f"{desktop.APP_ID}.desktop"
METAINFO = LINUX / f"{desktop.APP_ID}.metainfo.xml"


def tool(name: str) -> str:
    """The validators come from Debian's packages, which packaging/bootstrap.sh test installs;
    a missing one is a set-up error, never a reason to skip."""
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: run packaging/bootstrap.sh test")
    return found


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_the_desktop_file_validates() -> None:
    done = run(tool("desktop-file-validate"), str(DESKTOP_FILE))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == ""  # no errors, warnings or hints either


def test_the_metainfo_validates() -> None:
    done = run(tool("appstreamcli"), "validate", "--no-net", str(METAINFO))
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_ids_agree_everywhere() -> None:
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == desktop.APP_ID
    assert component.findtext("launchable") == DESKTOP_FILE.name
    assert component.findtext("project_license") == "MIT"
    assert component.find("releases/release").get("version") == __version__  # type: ignore[union-attr]
    entry = desktop_entry(DESKTOP_FILE)
    assert entry["Icon"] == desktop.APP_ID
    assert entry["Exec"] == "borte"


def test_the_icons_come_in_every_hicolor_size() -> None:
    sys.path.insert(0, str(LINUX))
    try:
        import render_icons
    finally:
        sys.path.remove(str(LINUX))
    assert render_icons.SIZES == desktop.ICON_SIZES
    assert min(desktop.ICON_SIZES) == 16
    assert max(desktop.ICON_SIZES) == 512
    for size in desktop.ICON_SIZES:
        assert png_size(LINUX / "icons" / f"{size}.png") == (size, size)


def test_install_desktop_puts_the_files_under_xdg_data_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    share = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(share))
    assert cli_main(["--install-desktop"]) == 0
    installed = share / "applications" / DESKTOP_FILE.name
    assert str(installed) in capsys.readouterr().out
    assert (share / "metainfo" / METAINFO.name).read_bytes() == METAINFO.read_bytes()
    svg = share / "icons/hicolor/scalable/apps" / f"{desktop.APP_ID}.svg"
    assert svg.read_bytes() == (ROOT / "resources/icons/borte.svg").read_bytes()
    for size in desktop.ICON_SIZES:
        png = share / f"icons/hicolor/{size}x{size}/apps/{desktop.APP_ID}.png"
        assert png_size(png) == (size, size)
    # Exec names the Borte that did the installing, by absolute path.
    exec_value = desktop_entry(installed)["Exec"]
    assert exec_value == desktop.exec_line(desktop.launch_command())
    assert Path(desktop.launch_command()[0]).is_absolute()
    done = run(tool("desktop-file-validate"), str(installed))
    assert done.returncode == 0, done.stdout


def test_uninstall_desktop_removes_exactly_what_was_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    share = tmp_path / "share"
    other = share / "applications" / "other.desktop"
    other.parent.mkdir(parents=True)
    other.write_text("[Desktop Entry]\n")
    monkeypatch.setenv("XDG_DATA_HOME", str(share))

    def files() -> set[Path]:  # leaving out the caches the desktop's own tools write
        return {p for p in share.rglob("*") if p.is_file() and p.suffix != ".cache"}

    assert cli_main(["--install-desktop"]) == 0
    installed = files() - {other}
    assert len(installed) == 2 + len(desktop.ICON_SIZES) + 1
    capsys.readouterr()
    assert cli_main(["--uninstall-desktop"]) == 0
    assert "Removed the menu entry" in capsys.readouterr().out
    assert files() == {other}
    assert cli_main(["--uninstall-desktop"]) == 0
    assert "There was no menu entry" in capsys.readouterr().out


def test_install_desktop_defaults_to_local_share(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", "relative/is/ignored")
    assert desktop.data_home() == tmp_path / ".local" / "share"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert desktop.data_home() == tmp_path / ".local" / "share"


def test_install_desktop_into_an_unwritable_place_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    assert cli_main(["--install-desktop"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"borte: could not install the menu entry under {blocker}")
    assert err.count("\n") == 1


def test_install_desktop_is_for_linux_only(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    assert cli_main(["--install-desktop"]) == 2
    assert "--install-desktop is for Linux desktops" in capsys.readouterr().err


def test_exec_lines_quote_what_the_spec_reserves() -> None:
    assert desktop.exec_line(["/opt/borte/borte"]) == "/opt/borte/borte"
    assert desktop.exec_line(["/home/a b/bin/borte"]) == '"/home/a b/bin/borte"'
    assert desktop.exec_line(['/x/"q"$', "-m", "app"]) == '"/x/\\"q\\"\\$" -m app'
    assert desktop.exec_line(["/x/100%"]) == "/x/100%%"


def test_launch_command_for_each_kind_of_install(tmp_path: Path) -> None:
    script = tmp_path / "borte"
    script.write_text("#!/bin/sh\n")
    assert desktop.launch_command(str(script), "/usr/bin/python3", frozen=False) == [str(script)]
    assert desktop.launch_command("/x/app/__main__.py", "/v/bin/python", frozen=False) == [
        "/v/bin/python",
        "-m",
        "app",
    ]
    assert desktop.launch_command("borte", "/opt/borte/borte", frozen=True) == ["/opt/borte/borte"]


@pytest.mark.parametrize(
    ("environ", "platform", "blocked"),
    [
        ({}, "linux", True),
        ({"DISPLAY": ":0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
        ({"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"}, "linux", True),
        ({"QT_QPA_PLATFORM": "wayland;xcb", "WAYLAND_DISPLAY": "w"}, "linux", False),
        ({}, "freebsd14", True),
        ({}, "win32", False),
        ({}, "darwin", False),
    ],
)
def test_display_problem(environ: dict[str, str], platform: str, blocked: bool) -> None:
    assert bool(desktop.display_problem(environ, platform, lambda: [])) is blocked


def test_missing_xcb_libraries_are_named_with_their_apt_line() -> None:
    missing = desktop.missing_xcb_packages(lambda soname: "icccm" not in soname)
    assert missing == ["libxcb-icccm4"]
    message = desktop.display_problem({"DISPLAY": ":0"}, "linux", lambda: missing)
    assert "'apt-get install libxcb-icccm4'" in message
    assert message.count(". ") == 0  # one sentence
    # Wayland and offscreen do not load the xcb plugin, so they are not held up by it.
    wayland = {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}
    assert desktop.display_problem(wayland, "linux", lambda: missing) == ""
    assert desktop.display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", lambda: missing) == ""
    assert desktop.missing_xcb_packages(lambda soname: True) == []


def test_without_a_display_borte_says_so_in_one_sentence(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(tmp_path / "data")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2  # not Qt's abort (134)
    assert done.stderr.startswith("borte: No display to open the window on")
    assert done.stderr.count("\n") == 1
    assert done.stderr.count(": ") == 2


def test_the_window_names_the_desktop_file(
    qtbot: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QApplication

    from app.main import run_gui
    from app.ui.main_window import MainWindow

    def fake_exec(*args: object) -> int:
        for window in QApplication.topLevelWidgets():
            if isinstance(window, MainWindow):
                window.close()
                window.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert run_gui(tmp_path / "data", log_file=None) == 0
    assert QApplication.desktopFileName() == desktop.APP_ID
    assert (LINUX / f"{QApplication.desktopFileName()}.desktop").is_file()


def test_the_desktop_file_and_metainfo_speak_bokmal_too() -> None:
    entry = desktop_entry(DESKTOP_FILE)
    for key in ("GenericName", "Comment", "Keywords"):
        assert entry[f"{key}[nb]"] != entry[key]
    root = ET.parse(METAINFO).getroot()
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert [s.text for s in root.findall("summary") if s.get(lang) == "nb"]
    paragraphs = root.findall("description/p")
    english = [p for p in paragraphs if p.get(lang) is None]
    assert len([p for p in paragraphs if p.get(lang) == "nb"]) == len(english)
