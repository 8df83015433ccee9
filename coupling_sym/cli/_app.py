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
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Symbolic and numeric analysis of a fluid model of overloaded LLM serving."""
