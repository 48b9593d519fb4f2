"""The Qt user interface (the only package that imports Qt)."""

import PySide6.QtCore  # noqa: F401  (loads shiboken, whose import hook `skip` turns off)

from app.ui import pyside_scan

pyside_scan.skip()
