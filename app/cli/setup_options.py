"""Options that set Borte up rather than use it: `--install-desktop`, `--uninstall-desktop`,
`--print-completion`.

Like `--version` they do their job and end the run, so they work without a data folder. Their
modules are imported only when the option is given: `borte --help` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from app.services.wording import _

SHELLS = ("bash", "zsh", "tcsh")


class _InstallDesktop(argparse.Action):
    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from app import desktop

        if sys.platform.startswith(("win", "darwin")):
            parser.exit(
                2,
                _(
                    "borte: --install-desktop is for Linux desktops; on Windows and macOS start "
                    "borte-window, which pip and the bundle install.\n"
                ),
            )
        target = desktop.data_home()
        try:
            done = desktop.install(target, desktop.launch_command())
        except OSError as exc:
            parser.exit(
                2,
                _("borte: could not install the menu entry under {target}: {exc}\n").format(
                    target=target, exc=exc
                ),
            )
        print(_("Installed the menu entry {desktop_file}").format(desktop_file=done.desktop_file))
        print(_("  AppStream metainfo {metainfo}").format(metainfo=done.metainfo))
        print(
            _("  {icons} icons under {hicolor}").format(
                icons=len(done.icons), hicolor=target / "icons" / "hicolor"
            )
        )
        print(
            _("It starts: {launch_command}").format(
                launch_command=desktop.exec_line(desktop.launch_command())
            )
        )
        parser.exit(0)


class _UninstallDesktop(argparse.Action):
    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from app import desktop

        target = desktop.data_home()
        try:
            removed = desktop.uninstall(target)
        except OSError as exc:
            parser.exit(
                2,
                _("borte: could not remove the menu entry under {target}: {exc}\n").format(
                    target=target, exc=exc
                ),
            )
        if removed:
            print(
                _("Removed the menu entry and its {removed} other files under {target}").format(
                    removed=len(removed) - 1, target=target
                )
            )
        else:
            print(_("There was no menu entry for Borte under {target}").format(target=target))
        parser.exit(0)


class _PrintCompletion(argparse.Action):
    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, choices=SHELLS, default=argparse.SUPPRESS, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        import shtab

        sys.stdout.write(shtab.complete(parser, shell=values))
        parser.exit(0)


def add_setup_options(parser: argparse.ArgumentParser) -> None:
    """Add `--install-desktop`, `--uninstall-desktop` and `--print-completion SHELL`."""
    parser.add_argument(
        "--install-desktop",
        action=_InstallDesktop,
        help=_("add Borte to your desktop's application menu (files under ~/.local/share)"),
    )
    parser.add_argument(
        "--uninstall-desktop",
        action=_UninstallDesktop,
        help=_("remove what --install-desktop added (do it before 'pipx uninstall borte')"),
    )
    parser.add_argument(
        "--print-completion",
        action=_PrintCompletion,
        metavar="SHELL",
        help=_(
            "print a shell completion script ({shells}), for example: borte --print-completion "
            "bash > ~/.local/share/bash-completion/completions/borte"
        ).format(shells=", ".join(SHELLS)),
    )
