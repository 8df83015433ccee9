"""Helpers shared by the command modules: error reporting, JSON output, progress.

Library functions raise :class:`coupling_sym.errors.CouplingError`; the commands run
them inside :func:`reporting_errors`, which turns such an error into one line on
stderr and exit status 2.  Nothing mathematical happens here.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterator

import typer

from ..errors import CouplingError

__all__ = ["reporting_errors", "fail", "print_json", "progress_bar", "stderr_console", "stdout_console"]


def fail(message: str, code: int = 2) -> "typer.Exit":
    """Print ``error: <message>`` on one line of stderr and return the exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


@contextmanager
def reporting_errors() -> Iterator[None]:
    """Turn a :class:`CouplingError` raised inside the block into exit status 2."""
    try:
        yield
    except CouplingError as exc:
        raise fail(str(exc)) from None


def print_json(obj: object) -> None:
    """Print ``obj`` as indented, strict JSON on stdout (non-finite floats as null)."""
    from ..jsonsafe import json_text

    typer.echo(json_text(obj))


def stderr_console():
    """A rich console on stderr (progress bars and notes go there, data to stdout)."""
    from rich.console import Console

    return Console(stderr=True)


def stdout_console():
    """A rich console on stdout for tables.

    Not on a terminal (a pipe, a file), the width is unbounded so that no number is
    cut to fit 80 columns.
    """
    from rich.console import Console

    terminal = bool(getattr(sys.stdout, "isatty", lambda: False)())
    return Console(soft_wrap=True) if terminal else Console(soft_wrap=True, width=100_000)


@contextmanager
def progress_bar(description: str, total: int, enabled: bool = True):
    """A rich progress bar on stderr; yields ``advance(n=1)``.

    Hidden when stderr is not a terminal unless ``enabled`` is forced, so scripts and
    tests get clean output.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = stderr_console()
    show = enabled and (console.is_terminal or bool(getattr(sys.stderr, "isatty", lambda: False)()))
    if not show:
        yield lambda n=1: None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda n=1: progress.advance(task, n)
