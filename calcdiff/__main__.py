"""The ``calcdiff`` command's entry point, and ``python -m calcdiff``.

``calcdiff --version`` is answered here, before the command line is loaded: click and the
commands' options take about two thirds of a 0.1 s budget, and a version needs neither.
Everything else goes to :func:`calcdiff.cli.main` (whose own ``--version``, click's, prints
the same line: a test holds them together).
"""

from __future__ import annotations

import sys

from calcdiff import __version__


def version_line() -> str:
    """What ``calcdiff --version`` prints (click's form: "NAME, version X")."""
    return f"calcdiff, version {__version__}"


def run():
    """The console script: ``--version`` at once, else the click command line."""
    if sys.argv[1:] == ["--version"]:
        sys.stdout.write(version_line() + "\n")
        return 0
    from calcdiff.cli import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
