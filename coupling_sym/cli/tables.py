"""``coupling-sym tables``: regenerate the theory note's tables (and figures)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ._app import app
from ._common import print_json, progress_bar, reporting_errors

__all__ = ["tables"]


@app.command()
def tables(
    out: Path = typer.Option(Path("tex/tables"), "--out", "-o",
                             help="Folder that receives the LaTeX tables (created if missing)."),
    figures: Optional[Path] = typer.Option(None, "--figures",
                                           help="Also write the note's figures into this folder."),
    force: bool = typer.Option(False, "--force", help="Replace tables and figures that exist already."),
    json_output: bool = typer.Option(False, "--json", help="Print the written files as JSON."),
) -> None:
    """Write every table the theory note inputs (booktabs LaTeX), computed by the toolkit.

    Existing files are replaced only with --force (regenerating the note: --force).
    """
    from ..note import FIGURES, TABLES, check_folder, write_figures, write_tables
    from ..outputs import check_output_files

    with reporting_errors():
        check_folder(out, "--out")
        check_output_files([out / name for name in TABLES], "--out", force)
        if figures is not None:
            check_folder(figures, "--figures")
            check_output_files([figures / name for name in FIGURES], "--figures", force)
        with progress_bar("tables", total=len(TABLES)) as advance:
            table_paths = write_tables(out, advance)
        figure_paths = write_figures(figures) if figures is not None else []
    if json_output:
        print_json({"tables": [str(p) for p in table_paths], "figures": [str(p) for p in figure_paths]})
        return
    for path in [*table_paths, *figure_paths]:
        typer.echo(f"wrote {path}")
