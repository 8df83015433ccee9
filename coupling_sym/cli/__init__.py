"""The ``coupling-sym`` command line: parse, call the library, print.

Each command lives in its own module and registers itself on the shared Typer app;
importing this package registers them all.  Heavy libraries are imported inside the
commands, so ``coupling-sym --help`` stays fast.
"""

from __future__ import annotations

import typer

from ._app import app

# Command modules (one line each; the import registers the commands).
from . import charpoly  # noqa: E402,F401
from . import cycles  # noqa: E402,F401
from . import experiment  # noqa: E402,F401
from . import mix  # noqa: E402,F401
from . import modal  # noqa: E402,F401
from . import remedies  # noqa: E402,F401
from . import servers  # noqa: E402,F401
from . import stability  # noqa: E402,F401
from . import stochastic  # noqa: E402,F401
from . import sweep  # noqa: E402,F401
from . import tables  # noqa: E402,F401

__all__ = ["app", "main"]


def _interrupt_once() -> list[int]:
    """The first SIGINT or SIGTERM stops the command (KeyboardInterrupt); later ones are ignored.

    The command is then already cleaning up and exiting: a repeated Ctrl-C (or a
    ``timeout`` that signals again) must not break that off half-way.  Returns the list
    that receives the number of the signal that stopped the command.
    """
    import signal

    fired: list[int] = []

    def handler(signum, frame):
        if not fired:
            fired.append(signum)
            raise KeyboardInterrupt

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, handler)
    return fired


def main() -> None:
    """Console-script entry point.

    Usage errors (an unknown command or option, a missing value) are one line on
    stderr, ``error: <message>``, with exit status 2, like every other refusal.  An
    interrupt is ``error: interrupted`` with exit status 130 (SIGINT) or
    ``error: terminated`` with 143 (SIGTERM); nothing half-written is left behind.
    """
    import signal
    import sys

    try:   # Typer >= 0.24 carries its own copy of click
        from typer._click.exceptions import UsageError
    except ImportError:   # pragma: no cover - older Typer on click
        from click.exceptions import UsageError

    fired = _interrupt_once()
    try:
        code = app(standalone_mode=False, prog_name="coupling-sym")
    except UsageError as exc:
        print(f"error: {exc.format_message()}", file=sys.stderr)
        sys.exit(2)
    except (KeyboardInterrupt, typer.Abort):
        code = 130
    if code == 130:   # Typer turns an interrupt inside a command into exit code 130
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, signal.SIG_IGN)     # also through the interpreter's shutdown
        terminated = fired == [signal.SIGTERM]
        print("error: terminated" if terminated else "error: interrupted", file=sys.stderr)
        code = 128 + signal.SIGTERM if terminated else 130
    sys.exit(code if isinstance(code, int) else 0)
