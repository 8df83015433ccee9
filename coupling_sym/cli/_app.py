"""The Typer application object shared by every command module."""

from __future__ import annotations

import os

import typer

# The commands write figures to files and never open a window; the library itself leaves
# the backend to its caller (a notebook keeps its inline backend).
os.environ.setdefault("MPLBACKEND", "Agg")

app = typer.Typer(
    name="coupling-sym",
    help="Symbolic and numeric analysis of a fluid model of overloaded LLM serving.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"coupling-sym {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Symbolic and numeric analysis of a fluid model of overloaded LLM serving."""
