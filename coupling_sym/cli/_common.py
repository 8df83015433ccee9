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

__all__ = ["reporting_errors", "fail", "print_json", "print_table", "progress_bar", "stderr_console",
           "stdout_console"]


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


def print_table(title: str, columns: list[tuple[str, str]], rows: list[list[str]]) -> None:
    """Print a table of text cells on stdout: ``columns`` are ``(name, "left" or "right")``.

    The table is rich's default (``rich.table.Table``: heavy head, one space of padding).
    Not on a terminal it is written directly, the same bytes rich writes there (a
    9,900-row sweep: 0.05 s instead of 12 s); on a terminal, or when a cell or the title
    holds anything rich would interpret (markup, emoji codes, non-ASCII, line breaks),
    rich renders it.
    """
    console = stdout_console()
    if not console.is_terminal:
        console.width = max(console.width, 160)  # files and pipes get whole cells, not "conv…"
    text = _plain_table(title, columns, rows, console.width) if _plain_console(console) else None
    if text is not None:
        console.file.write(text)
        console.file.flush()
        return
    from rich.table import Table

    table = Table(title=title)
    for name, justify in columns:
        table.add_column(name, justify=justify)
    for row in rows:
        table.add_row(*row)
    console.print(table)


def _plain_console(console) -> bool:
    """True when ``console`` writes plain UTF-8 text: no terminal, no colours, no legacy Windows."""
    return (not console.is_terminal and console.color_system is None and not console.legacy_windows
            and console.encoding.lower().startswith("utf") and not console.record and console.soft_wrap)


def _plain_table(title: str, columns: list[tuple[str, str]], rows: list[list[str]], room: int) -> str | None:
    """The text rich prints for the table with soft wrap on a console ``room`` columns wide
    (``None``: let rich do it, or the table does not fit and rich would squeeze it).

    Rich prints the title as it is (soft wrap: no centring), then the box; a column is as
    wide as its widest cell or name plus one space either side.
    """
    names = [name for name, _ in columns]
    if not rows or not title or not _plain_text(title, colons=1) or not _plain_row(names):
        return None
    widths = [max(len(name), max(map(len, cells))) for name, cells in zip(names, zip(*rows))]
    if sum(widths) + 3 * len(widths) + 1 > room or not all(map(_plain_row, rows)):
        return None
    aligns = [">" if justify == "right" else "<" for _, justify in columns]

    def line(bar):
        return bar + bar.join(f" {{:{align}{width}}} " for align, width in zip(aligns, widths)) + bar

    def rule(left, fill, joint, right):
        return left + joint.join(fill * (width + 2) for width in widths) + right

    body = line("│").format
    lines = [title, rule("┏", "━", "┳", "┓"), line("┃").format(*names), rule("┡", "━", "╇", "┩")]
    lines += [body(*row) for row in rows]
    lines.append(rule("└", "─", "┴", "┘"))
    return "\n".join(lines) + "\n"


def _plain_text(text: str, colons: int = 0) -> bool:
    """Printable ASCII without markup (``[``), with at most ``colons`` colons (no emoji code) and no
    space at either end (rich strips those before right-justifying)."""
    return (text.isascii() and text.isprintable() and "[" not in text and text.count(":") <= colons
            and text == text.strip())


def _plain_row(cells) -> bool:
    """:func:`_plain_text` of every cell, checked on the row joined by ``|`` (one check per row;
    a ``|`` next to a space only sends the table to rich)."""
    joined = "|".join(cells)
    return _plain_text(joined) and " |" not in joined and "| " not in joined


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
