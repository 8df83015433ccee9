"""``coupling-sym cap-scan`` and ``coupling-sym load-scan``: remedies, measured."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ._app import app
from ._common import print_json, progress_bar, reporting_errors, stdout_console

__all__ = ["cap_scan", "load_scan"]

COLUMNS = ("factor", "value", "throughput", "evicted_per_batch", "final_queue", "waiting", "period")


def _table(points, title: str, first: str, value: str, seconds: bool = False) -> None:
    from rich.table import Table

    table = Table(title=title)
    for name in (first, value) + COLUMNS[2:] + (("throughput/s", "waiting (s)") if seconds else ()):
        table.add_column(name, justify="right")
    for p in points:
        row = [f"{p.factor:.3f}", f"{p.value:.4g}", f"{p.throughput:.4g}", f"{p.evicted_per_batch:.4g}",
               f"{p.final_queue:.4g}", f"{p.waiting:.4g}", "-" if p.period is None else str(p.period)]
        if seconds:
            row += ["-" if v is None else f"{v:.4g}" for v in (p.throughput_per_s, p.waiting_s)]
        table.add_row(*row)
    stdout_console().print(table)


@app.command("cap-scan")
def cap_scan(
    config: str = typer.Option("default", "--config", "-c", help="Shipped config name or TOML path."),
    set_: Optional[List[str]] = typer.Option(None, "--set", "-s", metavar="KEY=VALUE", help="Override a key."),
    low: str = typer.Option("0.5", "--low", help="Smallest cap / a*."),
    high: str = typer.Option("2.5", "--high", help="Largest cap / a*."),
    points: int = typer.Option(21, "--points", help="Number of caps."),
    figure: Optional[Path] = typer.Option(None, "--figure", help="Write the figure (PNG) here."),
    force: bool = typer.Option(False, "--force", help="Replace an existing --figure file."),
    json_output: bool = typer.Option(False, "--json", help="Print the points as JSON."),
) -> None:
    """Rate-limited admission: throughput and evictions against cap / a*."""
    from ..config import build_config
    from ..dynamics.strategies import strategies_from_values
    from ..remedies.scans import factors, scan_caps

    from ..outputs import check_figure_file

    with reporting_errors():
        if figure is not None:
            check_figure_file(figure, "--figure", force)
        cfg = build_config(config, set_ or [])
        tau = strategies_from_values(cfg.params, cfg.raw).tau
        caps = factors(low, high, points)
        with progress_bar("cap scan", total=len(caps)) as advance:
            result = scan_caps(cfg.params, cfg.X0, cfg.steps, caps, cfg.policy, progress=advance, tau=tau)
    a_star = float(cfg.params.equilibrium_admission)
    if figure is not None:
        from ..report.remedies import plot_cap_scan

        with reporting_errors():
            plot_cap_scan(result, a_star, f"rate-limited admission, {cfg.source}: B = {cfg.params.B}, "
                          f"l = {list(cfg.params.lengths)}, {cfg.steps} batches", figure)
    if json_output:
        print_json({"a_star": a_star, "steps": cfg.steps,
                    **({} if tau is None else {"b0": str(tau.b0), "b1": str(tau.b1)}),
                    "points": [p.as_dict() for p in result]})
        return
    _table(result, f"cap scan ({cfg.source}, a* = {a_star:.6g}, {cfg.steps} batches)", "cap/a*", "cap",
           seconds=tau is not None)


@app.command("load-scan")
def load_scan(
    config: str = typer.Option("default", "--config", "-c", help="Shipped config name or TOML path."),
    set_: Optional[List[str]] = typer.Option(None, "--set", "-s", metavar="KEY=VALUE", help="Override a key."),
    low: str = typer.Option("0.2", "--low", help="Smallest arrival rate / a*."),
    high: str = typer.Option("1.4", "--high", help="Largest arrival rate / a*."),
    points: int = typer.Option(13, "--points", help="Number of rates."),
    arrivals: str = typer.Option("deterministic", "--arrivals", help="deterministic or poisson."),
    seed: int = typer.Option(0, "--seed", help="Seed of the Poisson arrivals."),
    admission: str = typer.Option("greedy", "--admission", help="greedy or rate-limited (cap a*)."),
    figure: Optional[Path] = typer.Option(None, "--figure", help="Write the figure (PNG) here."),
    force: bool = typer.Option(False, "--force", help="Replace an existing --figure file."),
    json_output: bool = typer.Option(False, "--json", help="Print the points as JSON."),
) -> None:
    """Open system from empty: throughput, evictions, queue and waiting time against the arrival rate.

    With the config keys b0, b1 (iteration time b0 + b1 Z seconds) also per second.
    """
    from ..config import build_config
    from ..dynamics.strategies import strategies_from_values
    from ..remedies.scans import factors, scan_loads, worst_cycle_throughput

    from ..outputs import check_figure_file

    with reporting_errors():
        if figure is not None:
            check_figure_file(figure, "--figure", force)
        cfg = build_config(config, set_ or [])
        tau = strategies_from_values(cfg.params, cfg.raw).tau
        loads = factors(low, high, points)
        with progress_bar("load scan", total=len(loads)) as advance:
            result = scan_loads(cfg.params, cfg.steps, loads, arrivals, seed, admission, cfg.policy, advance, tau)
    a_star = float(cfg.params.equilibrium_admission)
    worst = worst_cycle_throughput(cfg.params)
    worst = None if worst is None else float(worst)
    if figure is not None:
        from ..report.remedies import plot_load_scan

        with reporting_errors():
            plot_load_scan(result, a_star, worst, f"open system ({arrivals}, {admission}), {cfg.source}: "
                           f"B = {cfg.params.B}, l = {list(cfg.params.lengths)}", figure)
    if json_output:
        print_json({"a_star": a_star, "worst_cycle_throughput": worst, "steps": cfg.steps,
                    **({} if tau is None else {"b0": str(tau.b0), "b1": str(tau.b1)}),
                    "points": [p.as_dict() for p in result]})
        return
    shown = "" if worst is None else f", worst-cycle throughput = {worst:.6g}"
    _table(result, f"load scan ({cfg.source}, a* = {a_star:.6g}{shown}, {cfg.steps} batches)", "rate/a*", "rate",
           seconds=tau is not None)
