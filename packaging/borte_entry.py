"""The bundle's entry point (PyInstaller needs a script): the same `main` as `borte`."""

import sys

from app.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
