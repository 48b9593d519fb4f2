"""`python -m app` and the `borte` console script: the same command line."""

from __future__ import annotations

import sys

from app.cli import main as cli_main


def main() -> int:
    """Run `borte` with the process's arguments and return its exit code."""
    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
