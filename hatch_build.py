"""Hatchling build hook: compiles the translation catalogues (app/locale/*/LC_MESSAGES/*.po)
to the .mo files gettext reads, for every install (wheel, `pip install -e .`, the bundle's
spec calls the same function). The .mo files are build output, not committed (.gitignore)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def compile_catalogues(root: Path) -> list[Path]:
    """Write each .po's .mo beside it; returns the .mo paths."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted((root / "app" / "locale").glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        out = io.BytesIO()
        write_mo(out, catalog)
        mo = po.with_suffix(".mo")
        if not mo.is_file() or mo.read_bytes() != out.getvalue():
            mo.write_bytes(out.getvalue())
        written.append(mo)
    return written


class CompileCatalogues(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        written = compile_catalogues(root)
        if self.target_name == "wheel" and version != "editable":
            # Gitignored files are left out of a wheel unless named here. An editable install
            # reads them from the checkout, where they were just written.
            for mo in written:
                build_data["force_include"][str(mo)] = mo.relative_to(root).as_posix()
