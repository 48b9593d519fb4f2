"""No source read of every module imported after PySide6 (for switches Borte does not use).

PySide6 hooks every import that follows it: for a module it has not seen, its `__feature__`
support reads and tokenizes the module's whole source file to look for the word "PySide6",
to know whether that module may have opted in to `snake_case` or `true_property`. Borte opts
in to neither, anywhere, so that answer changes nothing. Reading the sources cost the window
about 15 ms before its first frame and 80–100 ms more until the numbers were on screen
(SQLAlchemy alone is 275 files), and the reads on a worker thread froze the window.

`skip()` answers "does not use PySide" for every module from then on, which keeps each module
on the selection in force, the default one, as no module selects another. Where this PySide6
has no such hook (a later version), nothing is changed.
"""

from __future__ import annotations

import sys
from types import ModuleType


def _uses_no_feature(module: ModuleType) -> bool:
    return False


def skip() -> bool:
    """Stop PySide6 reading each newly imported module's source; True if it was stopped."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _uses_no_feature  # type: ignore[attr-defined]
    return True
