"""``coupling-sym sweep``: the eviction simulation over a grid, against the certified verdict."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ._app import app
from ._common import print_json, print_table, progress_bar, reporting_errors

__all__ = ["sweep"]

def _format(row, columns=()) -> list[str]:
    cells = [str(row.l_A), str(row.l_B), str(row.l0), str(row.p), row.verdict, f"{row.rho:.6f}", row.outcome,
             "-" if row.period is None else str(row.period),
             "-" if row.last_eviction is None else str(row.last_eviction), f"{row.final_gap:.3e}", row.agreement,
             f"{row.throughput:.6g}", f"{row.throughput_loss:.4f}", row.convergence, f"{row.evictions:.4g}",
             "-" if row.cycle is None else str(row.cycle_start), "-" if row.cycle is None else str(row.cycle_level)]
    return cells + ([str(row.ratio)] if "ratio" in columns else [])


def _print_table(result) -> None:
    from ..sweep.export import sweep_columns

    title = (f"sweep: {len(result.settings)} settings, {result.steps} batches, B = {result.B}, "
             f"init {result.init}, policy {result.policy}, admission {result.admission}"
             + ("" if result.admission == "greedy" else f" (cap {result.cap or 'a*'})"))
    columns = sweep_columns(result)
    print_table(title, [(name, "left" if name in ("verdict", "outcome", "agreement", "p", "convergence")
                         else "right") for name in columns], [_format(row, columns) for row in result.settings])


def _summary_lines(result) -> list[str]:
    s = result.summary
    lines = [
        f"agreement (margin rho < {s.margin:g}, {s.steps} batches per setting, "
        f"converged = relative gap < 1e-6 and no eviction in the last quarter):",
        f"  stable, rho < {s.margin:g}:   {s.stable_clear_converged} of {s.stable_clear} converged",
        f"  stable, rho >= {s.margin:g}:  {s.stable_slow_converged} of {s.stable_slow} converged"
        " (slow: not counted as disagreement)",
        f"  on the unit circle:    {s.on_circle_converged} of {s.on_circle} converged",
        f"  unstable:              {s.unstable_converged} of {s.unstable} converged",
    ]
    if s.disagreements:
        lines.append(f"  disagreements ({len(s.disagreements)}):")
        for index in s.disagreements:
            row = result.settings[index]
            ray = "" if row.ratio == 1 else f" ratio={row.ratio}"
            lines.append(f"    l_A={row.l_A} l_B={row.l_B} l0={row.l0} p={row.p}{ray}: {row.verdict} "
                         f"(rho {row.rho:.6f}) but {row.outcome}")
    else:
        lines.append("  disagreements: none")
    converged = [row for row in result.settings if row.outcome == "converged"]
    certified = [row for row in result.settings if row.convergence != "not certified"]
    lines.append(f"convergence certified (no eviction can recur after the last one): {len(certified)} runs, "
                 f"{sum(row.outcome == 'converged' for row in certified)} of the {len(converged)} converged")
    return lines


@app.command()
def sweep(
    la: str = typer.Option(..., "--la", help="Decode lengths of type A: a range a..b or a list a,b,c."),
    lb: str = typer.Option(..., "--lb", help="Decode lengths of type B: a range a..b or a list a,b,c."),
    l0: str = typer.Option(..., "--l0", help="Prefill lengths: a range a..b or a list a,b,c."),
    p: str = typer.Option("1/2", "--p", help="Shares of type A, a list of rationals such as 1/3,1/2."),
    steps: str = typer.Option("5000", "--steps", help="Batches simulated per setting."),
    B: str = typer.Option("60", "--B", help="Memory budget in tokens (shared by every setting)."),
    init: str = typer.Option("stage0", "--init", help="Initial condition: stage0 or one-per-stage."),
    policy: str = typer.Option("least-progress", "--policy", help="Eviction policy: least-progress or proportional."),
    json_output: bool = typer.Option(False, "--json", help="Print one JSON object instead of the table."),
    csv_path: Optional[Path] = typer.Option(None, "--csv", help="Also write the rows to this CSV file."),
    figure: Optional[Path] = typer.Option(None, "--figure", help="Write the phase diagram to PREFIX.png and .pdf."),
    force: bool = typer.Option(False, "--force", help="Replace existing --csv / --figure files."),
    colour: str = typer.Option("outcome", "--colour", help="Phase-diagram cells by 'outcome' or 'loss'."),
    chunk: Optional[int] = typer.Option(None, "--chunk", min=1,
                                        help="Settings per chunk (default: one batch in-process, 64 on Dask)."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Run the chunks on a local Dask cluster."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Run the chunks on tcp://HOST:PORT."),
    ratio: str = typer.Option("1", "--ratio", help="Prompt ratios l0_B / l0_A > 0, a list such as 1,3/2,2: "
                              "prompts (r_A t, r_B t) on that ray, --l0 giving the scale t."),
    admission: str = typer.Option("greedy", "--admission", help="Admission: greedy or rate-limited."),
    cap: Optional[str] = typer.Option(None, "--cap", help="Rate-limited admission: requests per batch "
                                      "(default each setting's a*)."),
) -> None:
    """Simulate a grid of (l_A, l_B, l0, p) settings and compare with the certified verdict of P_l0.

    A grid is its pairs l_A < l_B (the other order is the same model with p and 1 - p).
    """
    from ..params import parse_int
    from ..outputs import check_output_file, check_output_files
    from ..sweep import build_grid, run_sweep
    from ..sweep.export import write_sweep_csv
    from ..sweep.grid import parse_grid_values
    from ..sweep.size import check_sweep_size, grid_shape

    with reporting_errors():
        values = parse_grid_values(la, lb, l0, p, ratio)
        n_steps = parse_int(steps, "steps", minimum=1)
        if colour not in ("outcome", "loss"):
            from ..errors import parameter_error

            raise parameter_error("--colour", "outcome or loss", colour)
        if csv_path is not None:
            check_output_file(csv_path, "--csv", force)
        if figure is not None:  # matplotlib is imported only when a figure is asked for
            from ..report.phase import phase_paths

            check_output_files(phase_paths(figure), "--figure", force)
        check_sweep_size(*grid_shape(*values), n_steps, chunk)  # before any setting is built
        grid = build_grid(*values[:4], B, values[4])
        from ..engine import make_engine

        engine = make_engine(workers, scheduler)
        chunk = chunk if chunk is not None or engine.in_process else 64
        with progress_bar(f"simulating {len(grid)} settings", n_steps if chunk is None else len(grid)) as advance:
            result = run_sweep(grid, n_steps, init, policy, progress=advance, chunk=chunk, engine=engine,
                               admission=admission, cap=cap)
        if csv_path is not None:
            write_sweep_csv(result, csv_path)
        if figure is not None:
            from ..report.phase import plot_phase_diagram, save_phase_diagram

            paths = save_phase_diagram(plot_phase_diagram(result, colour), figure)
    if json_output:
        print_json(result.as_dict())
    else:
        _print_table(result)
        typer.echo("\n".join(_summary_lines(result)))
    if figure is not None:
        typer.echo("figure: " + ", ".join(str(path) for path in paths), err=json_output)
