"""``coupling-sym cycles``: the one-type cycle catalogue, verified by exact simulation."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ._app import app
from ._common import print_json, progress_bar, reporting_errors, stdout_console

__all__ = ["cycles"]


def _parse_state(text: str) -> list[str]:
    return [item.strip() for item in text.split(",")]


def _row(params, entry, checks, outcome) -> list[str]:
    agree = sum(checks.values())
    cells = [" = ".join(entry.names), str(entry.level), str(entry.period) if entry.verified else "-",
             str(entry.throughput), f"{float(entry.throughput):.6g}", f"{float(entry.relative):.4f}",
             "yes" if entry.verified else "no", f"{agree} of {len(checks)}" if checks else "-"]
    if outcome is not None:
        ends = {end for end in outcome.ends}
        where = ", ".join("no cycle" if end is None else f"level {end[1]}, period {end[0]}" for end in sorted(
            ends, key=lambda e: (e is None, e)))
        cells += [f"{outcome.verdict} ({outcome.returned}/{outcome.trials})", where]
    return cells


@app.command()
def cycles(
    l0: str = typer.Option("2", "--l0", help="Prompt length (non-negative integer)."),
    l1: str = typer.Option("3", "--l1", help="Decode length of the one type (positive integer)."),
    B: str = typer.Option("24", "--B", help="Memory budget in tokens (> 0; 24, 0.5 or 1/3)."),
    state: Optional[str] = typer.Option(None, "--state", help="Also follow this state, e.g. '0,0,24/5'."),
    stability: bool = typer.Option(False, "--stability", help="Perturb each cycle (exact, seeded) and follow it."),
    trials: int = typer.Option(3, "--trials", min=1, help="Perturbations per cycle with --stability."),
    seed: int = typer.Option(0, "--seed", help="Seed of the perturbations."),
    figure: Optional[Path] = typer.Option(None, "--figure", help="Write the landscape figure (PNG) here."),
    force: bool = typer.Option(False, "--force", help="Replace an existing --figure file."),
    landscape_max: int = typer.Option(16, "--landscape-max", min=2, help="Largest l1 of the landscape panel."),
    json_output: bool = typer.Option(False, "--json", help="Print the catalogue as JSON."),
) -> None:
    """Fixed point and limit cycles of one request type, by eviction level."""
    from ..cycles.report import cycle_landscape, cycle_report

    from ..outputs import check_figure_file, writing_to

    with reporting_errors():
        if figure is not None:
            check_figure_file(figure, "--figure", force)
        with progress_bar("perturbing cycles", total=None, enabled=stability) as advance:  # count found on the way
            report = cycle_report(l0, l1, B, None if state is None else _parse_state(state), stability, trials, seed,
                                  progress=advance)
        if figure is not None:
            from ..report.cycles import plot_cycle_landscape
            from ..report.figures import save_figure

            landscape = cycle_landscape(report.params, landscape_max)
            with writing_to(figure, "--figure"):
                save_figure(plot_cycle_landscape(report.params, list(report.entries), landscape), figure)
    if json_output:
        print_json(report.as_dict())
        return
    params, entries, checks, outcomes = report.params, report.entries, report.checks, report.outcomes
    verified, worst = report.verified, report.worst
    _print_table(params, entries, checks, outcomes, stability)
    typer.echo(f"fixed point x* = {params.equilibrium_admission} ({float(params.equilibrium_admission):.6g});"
               f" worst cycle: {' = '.join(worst.names)}, throughput {worst.throughput}"
               f" ({float(worst.relative):.4f} x*), the lowest of the {len(verified)} verified cycles")
    failed = [name for c in checks for name, ok in c.items() if not ok]
    typer.echo("closed forms: all agree with the exact simulation" if not failed
               else "closed forms that disagree: " + ", ".join(failed))
    if figure is not None:
        typer.echo(f"figure: {figure}")


def _print_table(params, entries, checks, outcomes, stability: bool) -> None:
    from rich.table import Table

    table = Table(title=f"cycles of one type: l0 = {params.l0}, l1 = {params.L}, B = {params.B}"
                        " (each run exactly for l1 batches from its state)")
    columns = ["cycle", "level", "period", "throughput", "float", "/ x*", "verified", "closed forms"]
    if stability:
        columns += ["perturbed", "ends in"]
    for name in columns:
        table.add_column(name, justify="left" if name in ("cycle", "verified", "perturbed", "ends in") else "right")
    for entry, check, outcome in zip(entries, checks, outcomes):
        table.add_row(*_row(params, entry, check, outcome if stability else None))
    console = stdout_console()
    if not console.is_terminal:
        console.width = max(console.width, 160)
    console.print(table)
