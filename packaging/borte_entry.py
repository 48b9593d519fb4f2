"""The bundle's entry point (PyInstaller needs a script): the same `run` as `borte`."""

import sys

from app.__main__ import run

if __name__ == "__main__":
    sys.exit(run())
