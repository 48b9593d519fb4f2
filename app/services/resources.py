"""Finding files under `resources/`, installed or not."""

from __future__ import annotations

from pathlib import Path

_APP_DIR = Path(__file__).resolve().parent.parent
# A wheel carries resources/ inside the package (pyproject's hatch force-include) ...
_INSTALLED = _APP_DIR / "_resources"
# ... while a source checkout or editable install has it beside app/.
_CHECKOUT = _APP_DIR.parent / "resources"


def resource_path(*parts: str) -> Path:
    """The path of a file or folder under resources/, e.g. `resource_path("countries.json")`."""
    base = _INSTALLED if _INSTALLED.is_dir() else _CHECKOUT
    return base.joinpath(*parts)
