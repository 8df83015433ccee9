"""``coupling-sym stochastic``: request-level replications of a stochastic config, in a run folder."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from ._app import app
from ._common import print_json, progress_bar, reporting_errors

__all__ = ["stochastic", "engine_options"]

WORKERS = typer.Option(None, "--workers", help="Run the chunks on a local Dask cluster of N worker processes.")
SCHEDULER = typer.Option(None, "--scheduler", help="Run the chunks on the Dask scheduler at tcp://HOST:PORT.")
TIMEOUT = typer.Option(5.0, "--connect-timeout", min=0.1, help="Seconds to wait for --scheduler.")


def engine_options(workers: Optional[int], scheduler: Optional[str], timeout: float):
    """The :class:`~coupling_sym.engine.Engine` of a command's engine options."""
    from ..engine import make_engine

    return make_engine(workers, scheduler, timeout)


def _format(summary, folder: Path, engine: str) -> list[str]:
    lines = [
        f"replications            {summary.replications} ({engine})",
        f"fluid equilibrium a*    {summary.equilibrium:.6g}",
        f"tail admission (mean)   {summary.mean_admission_tail:.6g}",
        f"tail throughput         {summary.throughput:.6g} (95% band {summary.throughput_low:.6g} .."
        f" {summary.throughput_high:.6g}); loss {summary.throughput_loss:.4%} of a*",
        f"evictions per batch     {summary.evictions_per_batch:.6g} requests, "
        f"{summary.discarded_tokens_per_batch:.6g} output tokens discarded",
        f"settled (no tail evictions) {summary.settled_fraction:.1%} of replications",
        f"most tokens held        {summary.max_tokens}",
    ]
    if summary.waiting_time is not None:
        lines.append(f"mean queue (tail)       {summary.mean_queue_tail:.6g}; waiting time "
                     f"{summary.waiting_time:.6g} batches (Little's law)"
                     + ("" if summary.waiting_time_s is None else f" = {summary.waiting_time_s:.6g} s"))
    if summary.throughput_per_s is not None:
        lines.append(f"tail throughput (s)     {summary.throughput_per_s:.6g} completions per second (tau(Z))")
    return lines + [f"run folder              {folder}"]


@app.command()
def stochastic(
    config: str = typer.Option("default", "--config", "-c", help="Shipped stochastic config name or a TOML path."),
    set_: Optional[List[str]] = typer.Option(None, "--set", "-s", metavar="KEY=VALUE",
                                             help="Override one config key (repeatable)."),
    replications: Optional[str] = typer.Option(None, "--replications", "-r", help="Replications (overrides the config)."),
    out: Path = typer.Option(Path("outputs"), "--out", "-o", help="Folder that receives the run folder."),
    workers: Optional[int] = WORKERS,
    scheduler: Optional[str] = SCHEDULER,
    connect_timeout: float = TIMEOUT,
    json_output: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Simulate whole requests (random lengths and arrivals allowed); write means and 95% bands."""
    from ..experiment import create_run_folder
    from ..stochastic import build_spec
    from ..stochastic.folder import write_study
    from ..stochastic.replicate import run_replications
    from ..stochastic.summary import fluid_reference

    overrides = list(set_ or []) + ([] if replications is None else [f"replications={replications}"])
    with reporting_errors():
        spec = build_spec(config, overrides)
        engine = engine_options(workers, scheduler, connect_timeout)
        with progress_bar(f"{spec.replications} replications", total=spec.replications) as advance:
            run = run_replications(spec, engine, progress=advance)
        fluid = fluid_reference(spec)
        folder = create_run_folder(out)
        document = write_study(spec, run, fluid, folder, config, overrides, ["coupling-sym", *sys.argv[1:]],
                               engine.describe())
    if json_output:
        print_json({"run_folder": str(folder), "engine": engine.describe(), "parameters": document["parameters"],
                    "summary": document["summary"]})
        return
    from ..stochastic.summary import summarise_study

    typer.echo("\n".join(_format(summarise_study(spec, run), folder, engine.describe())))


@app.command("fluid-limit")
def fluid_limit(
    config: str = typer.Option("default", "--config", "-c", help="Shipped stochastic config name or a TOML path."),
    set_: Optional[List[str]] = typer.Option(None, "--set", "-s", metavar="KEY=VALUE",
                                             help="Override one config key (repeatable)."),
    scales: str = typer.Option("1,4,16,64,256", "--scales", help="Scales n: B and rates times n."),
    replications: Optional[str] = typer.Option(None, "--replications", "-r", help="Replications per scale."),
    out: Path = typer.Option(Path("outputs"), "--out", "-o", help="Folder that receives the run folder."),
    workers: Optional[int] = WORKERS,
    scheduler: Optional[str] = SCHEDULER,
    connect_timeout: float = TIMEOUT,
    json_output: bool = typer.Option(False, "--json", help="Print the distances as JSON."),
) -> None:
    """Distance between scaled request-level admissions and the fluid simulation, with the fitted rate."""
    from ..experiment import create_run_folder
    from ..params import parse_int_values
    from ..stochastic import build_spec
    from ..stochastic.folder import write_scaling
    from ..stochastic.scaling import run_scaling

    overrides = list(set_ or []) + ([] if replications is None else [f"replications={replications}"])
    with reporting_errors():
        spec = build_spec(config, overrides)
        values = parse_int_values(scales, "--scales", minimum=1)
        engine = engine_options(workers, scheduler, connect_timeout)
        with progress_bar(f"{len(values)} scales", total=len(values)) as advance:
            result = run_scaling(spec, values, engine, progress=advance)
        folder = create_run_folder(out)
        write_scaling(spec, result, folder, config, overrides, ["coupling-sym", *sys.argv[1:]], engine.describe())
    if json_output:
        print_json({"run_folder": str(folder), **result.as_dict()})
        return
    lines = [f"{'n':>8} {'B':>10} {'distance':>12} {'std':>10}"]
    lines += [f"{n:>8} {spec.B * n:>10} {d:>12.4g} {s:>10.3g}"
              for n, d, s in zip(result.scales, result.distances, result.distance_spread)]
    lines += [f"fitted rate: distance ~ {result.fit_constant:.3g} n^{result.fit_rate:.3f}",
              f"run folder: {folder}"]
    typer.echo("\n".join(lines))


@app.command()
def jitter(
    config: str = typer.Option("jitter", "--config", "-c", help="Base stochastic config (two types)."),
    set_: Optional[List[str]] = typer.Option(None, "--set", "-s", metavar="KEY=VALUE",
                                             help="Override one config key (repeatable)."),
    pairs: str = typer.Option("4:8,4:7", "--pairs", help="Tiers l_A:l_B, comma-separated."),
    spreads: str = typer.Option("0,1,2", "--spreads", help="Spreads j: lengths uniform on l - j .. l + j."),
    replications: Optional[str] = typer.Option(None, "--replications", "-r", help="Replications per row."),
    workers: Optional[int] = WORKERS,
    scheduler: Optional[str] = SCHEDULER,
    connect_timeout: float = TIMEOUT,
    json_output: bool = typer.Option(False, "--json", help="Print the rows as JSON."),
) -> None:
    """Decode-length jitter against the gcd criterion: evictions, throughput loss, settling."""
    from ..errors import parameter_error
    from ..params import parse_int, parse_int_values
    from ..stochastic import build_spec
    from ..stochastic.jitter import run_jitter

    overrides = list(set_ or []) + ([] if replications is None else [f"replications={replications}"])
    with reporting_errors():
        spec = build_spec(config, overrides)
        tiers = []
        for item in pairs.split(","):
            parts = item.strip().split(":")
            if len(parts) != 2:
                raise parameter_error("--pairs", "a list of l_A:l_B such as 4:8,4:7", pairs)
            tiers.append((parse_int(parts[0], "l_A", minimum=1), parse_int(parts[1], "l_B", minimum=1)))
        values = parse_int_values(spreads, "--spreads", minimum=0)
        engine = engine_options(workers, scheduler, connect_timeout)
        with progress_bar(f"{len(tiers) * len(values)} rows", total=len(tiers) * len(values)) as advance:
            rows = run_jitter(spec, tiers, values, engine, progress=advance)
    if json_output:
        print_json({"parameters": spec.describe(), "rows": [row.as_dict() for row in rows]})
        return
    lines = [f"{'l_A':>4} {'l_B':>4} {'spread':>6} {'gcd':>4} {'a*':>9} {'evict/batch':>12} {'tail evict':>11} "
             f"{'loss':>9} {'settled':>8} {'share A':>8} {'Z/B':>7} {'vs a_ref':>9} {'band':>7}"]
    lines += [f"{r.l_A:>4} {r.l_B:>4} {r.spread:>6} {r.gcd:>4} {r.equilibrium:>9.4g} {r.evictions_per_batch:>12.4g} "
              f"{r.tail_evictions_per_batch:>11.4g} {r.throughput_loss:>9.3%} {r.settled_fraction:>8.0%} "
              f"{r.admitted_share:>8.4f} {r.memory_fraction:>7.4f} {r.reference_gap:>9.3%} {r.reference_band:>7.3%}"
              for r in rows]
    typer.echo("\n".join(lines))
