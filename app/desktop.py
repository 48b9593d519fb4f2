"""Linux desktop integration: the menu entry, AppStream metainfo and icons for a pip/pipx install.

A distribution package or the bundle puts these files in place itself; `borte --install-desktop`
does it for one user, under `$XDG_DATA_HOME` (default `~/.local/share`), as the XDG base
directory and desktop entry specifications describe. The files live in `packaging/linux/` in a
checkout and travel inside the wheel and the bundle as `app/_resources/linux/`.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.services.resources import resource_path

# The desktop file id (reverse DNS): the file names below, Qt's setDesktopFileName and the
# AppStream component id must all be this, or desktops cannot match the window to its entry.
APP_ID = "no.borte.Borte"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)

_APP_DIR = Path(__file__).resolve().parent


def linux_files_dir() -> Path:
    """Where the desktop file, metainfo and PNG icons are: inside the package, or the checkout."""
    installed = _APP_DIR / "_resources" / "linux"
    return installed if installed.is_dir() else _APP_DIR.parent / "packaging" / "linux"


def data_home(environ: Mapping[str, str] | None = None) -> Path:
    """`$XDG_DATA_HOME` when set to an absolute path (the spec ignores relative ones), else
    `~/.local/share`."""
    env = os.environ if environ is None else environ
    chosen = env.get("XDG_DATA_HOME", "")
    if chosen and Path(chosen).is_absolute():
        return Path(chosen)
    return Path.home() / ".local" / "share"


def launch_command(
    argv0: str | None = None, executable: str | None = None, frozen: bool | None = None
) -> list[str]:
    """How a menu entry starts this very Borte: the bundle's executable, the `borte` script that
    is running (pipx puts it in ~/.local/bin, which a desktop session's PATH may lack), or
    `python -m app`."""
    argv0 = sys.argv[0] if argv0 is None else argv0
    executable = sys.executable if executable is None else executable
    frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    if frozen:
        return [str(Path(executable).absolute())]
    script = Path(argv0)
    if script.name.startswith("borte") and script.is_file():
        return [str(script.absolute())]
    return [str(Path(executable).absolute()), "-m", "app"]


def exec_line(command: Sequence[str]) -> str:
    """The desktop file's Exec value: arguments quoted as the desktop entry spec asks."""
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")

    def quote(arg: str) -> str:
        if not any(ch in reserved for ch in arg):
            return arg.replace("%", "%%")
        escaped = "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg)
        return '"' + escaped.replace("%", "%%") + '"'

    return " ".join(quote(arg) for arg in command)


@dataclass(frozen=True, slots=True)
class Installed:
    """What `install` wrote."""

    desktop_file: Path
    metainfo: Path
    icons: tuple[Path, ...]


def _icon_files(target: Path) -> list[tuple[Path, Path]]:
    """(source, where it goes) for every icon: the scalable SVG and each PNG size."""
    source = linux_files_dir() / "icons"
    apps = target / "icons" / "hicolor"
    icons = [(resource_path("icons", "borte.svg"), apps / "scalable" / "apps" / f"{APP_ID}.svg")]
    icons += [
        (source / f"{size}.png", apps / f"{size}x{size}" / "apps" / f"{APP_ID}.png")
        for size in ICON_SIZES
    ]
    return icons


def _desktop_file(target: Path) -> Path:
    return target / "applications" / f"{APP_ID}.desktop"


def _metainfo(target: Path) -> Path:
    return target / "metainfo" / f"{APP_ID}.metainfo.xml"


def install(target: Path, command: Sequence[str]) -> Installed:
    """Copy the desktop file (with `Exec` pointing at `command`), metainfo and icons under
    `target` (a data home such as ~/.local/share); existing copies are replaced."""
    source = linux_files_dir()
    desktop_text = (source / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    lines = [
        f"Exec={exec_line(command)}" if line.startswith("Exec=") else line
        for line in desktop_text.splitlines()
    ]
    desktop_file = _write(_desktop_file(target), "\n".join(lines) + "\n")
    metainfo = _copy(source / f"{APP_ID}.metainfo.xml", _metainfo(target))
    icons = tuple(_copy(icon, path) for icon, path in _icon_files(target))
    _refresh_caches(target)
    return Installed(desktop_file, metainfo, icons)


def uninstall(target: Path) -> list[Path]:
    """Remove what `install` put under `target`; returns the files that were there."""
    paths = [_desktop_file(target), _metainfo(target)] + [p for _, p in _icon_files(target)]
    removed = [path for path in paths if path.is_file()]
    for path in removed:
        path.unlink()
    if removed:
        _refresh_caches(target)
    return removed


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _copy(source: Path, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    import shutil  # installing only: the window's start checks the display with this module

    shutil.copyfile(source, path)
    return path


def _refresh_caches(target: Path) -> None:
    """Tell the menu and icon caches, where their tools exist; a desktop without them rescans."""
    import shutil  # installing only (see `_copy`)
    import subprocess

    for tool, folder in (
        ("update-desktop-database", target / "applications"),
        ("gtk-update-icon-cache", target / "icons" / "hicolor"),
    ):
        if shutil.which(tool) is not None:
            extra = ["-f", "-t"] if tool == "gtk-update-icon-cache" else []
            subprocess.run([tool, *extra, str(folder)], check=False, capture_output=True)


def display_problem(
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    missing_xcb: Callable[[], list[str]] | None = None,
) -> str:
    """Why the window cannot open here, in one sentence, or "" when a display is there.

    Without one, Qt prints a page about platform plugins and aborts the process (exit 134).
    Windows and macOS always have their own platform; elsewhere Qt needs X11 or Wayland unless
    `QT_QPA_PLATFORM` names a platform that needs no display (offscreen, vnc, …).
    """
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if platform.startswith(("win", "darwin")):
        return ""
    chosen = env.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0].strip()
    has_x11 = bool(env.get("DISPLAY"))
    has_wayland = bool(env.get("WAYLAND_DISPLAY"))
    if chosen in ("", "xcb", "wayland", "wayland-egl"):
        needs = {"": has_x11 or has_wayland, "xcb": has_x11}.get(chosen, has_wayland)
        if not needs:
            return (
                "No display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set): "
                "start Borte from a desktop session, or use a command such as 'borte status' "
                "(see 'borte --help')."
            )
    uses_xcb = chosen == "xcb" or (chosen == "" and has_x11 and not has_wayland)
    if uses_xcb and not getattr(sys, "frozen", False):  # the bundle carries its own copies
        missing = (missing_xcb or missing_xcb_packages)()
        if missing:
            return (
                "Qt's X11 support lacks system libraries: install them as root with "
                f"'apt-get install {' '.join(missing)}' (Debian and Ubuntu), then start Borte "
                "again."
            )
    return ""


# What Qt's xcb platform plugin loads beyond libxcb itself, and the Debian package of each.
# Without one, Qt prints a misleading "xcb-cursor0 is needed" and aborts.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def _loadable(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_xcb_packages(loadable: Callable[[str], bool] = _loadable) -> list[str]:
    """The Debian packages of the xcb libraries that cannot be loaded (dlopen, well under 1 ms)."""
    return [package for soname, package in XCB_LIBRARIES.items() if not loadable(soname)]
