"""The ``coupling-sym`` command line: parse, call the library, print.

Each command lives in its own module and registers itself on the shared Typer app;
importing this package registers them all.  Heavy libraries are imported inside the
commands, so ``coupling-sym --help`` stays fast.
"""

from __future__ import annotations

from ._app import app

# Command modules (one line each; the import registers the commands).
from . import charpoly  # noqa: E402,F401
from . import cycles  # noqa: E402,F401
from . import experiment  # noqa: E402,F401
from . import modal  # noqa: E402,F401
from . import stability  # noqa: E402,F401
from . import sweep  # noqa: E402,F401
from . import tables  # noqa: E402,F401

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
