"""``coupling-sym experiment``: run the coupling experiment and write its run folder."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from ._app import app
from ._common import print_json, progress_bar, reporting_errors

__all__ = ["experiment"]


def _certificate_line(convergence: dict | None) -> list[str]:
    certificate = (convergence or {}).get("certificate")
    if certificate is None:
        return []
    if certificate["certified"]:
        detail = (f"no eviction can recur; |a_t - a*| <= {certificate['amplitude_bound']:.3g}"
                  f" * {certificate['rate_bound']:.6f}^(t - {certificate['start'] + 1})")
    else:
        detail = certificate["reason"]
    return [f"convergence             {certificate['label']} ({detail})"]


def _gap_line(summary) -> list[str]:
    if summary.final_gap is None:
        return []
    theory = "not followed" if summary.theory_final_gap is None else f"{summary.theory_final_gap:.3e}"
    return [f"final gap to a*         {summary.final_gap:.3e} (simulation), {theory} (theory), "
            f"|a_T - a*| / a* at batch {summary.steps}"]


def _format_summary(summary, stability: dict | None, folder: Path, convergence: dict | None = None,
                    figures=()) -> list[str]:
    def batch(value, never: str) -> str:
        return never if value is None else f"batch {value}"

    lines = [f"equilibrium a*          {summary.equilibrium:.10g}"]
    if stability is not None and "not_certified" in stability:
        lines.append(f"P_l0 (certified)        not settled: {stability['not_certified']}")
    elif stability is not None:
        critical = stability["critical_l0"]
        shown = ("not settled" if stability["critical_l0_method"] == "not-certified"
                 else "none" if critical is None else critical)
        where = f" l0* = {shown}" if "ray" not in stability else f" t* = {shown} along prompts r t, r = {stability['ray']}"
        lines.append(f"P_l0 (certified)        {stability['verdict']}, rho = {stability['rho']:.6f};{where}")
    return lines + [
        f"first divergence        {batch(summary.first_divergence, 'none (theory and simulation agree)')}",
        f"largest gap             {summary.max_gap:.6g} at batch {summary.max_gap_batch}",
        f"simulation settles      {batch(summary.settle_batch, f'never within {summary.steps} batches')}"
        f" (within {summary.tolerance:g} a* of a*)",
        f"theory settles          {batch(summary.theory_settle_batch, f'never within {summary.steps} batches')}",
        *([] if summary.theory_stopped is None else
          [f"theory followed to      batch {summary.theory_stopped} (then beyond float reach; not followed)"]),
        f"last eviction           {batch(summary.last_eviction, 'none')}"
        f" ({summary.eviction_batches} evicting batch{'' if summary.eviction_batches == 1 else 'es'},"
        f" {summary.total_evicted:.6g} requests evicted in all)",
        *_gap_line(summary),
        *_cost_lines(summary),
        *_certificate_line(convergence),
        f"run folder              {folder}",
        *([f"figures to open         {', '.join(str(path) for path in figures)}"] if figures else []),
    ]


def _cost_lines(summary) -> list[str]:
    cycle = summary.cycle
    found = ("none found (throughput over the last quarter)" if cycle is None else
             f"period {cycle['period']}, level {cycle['level']} (empty stages), from batch {cycle['start_batch']}")
    lines = [f"throughput              {summary.throughput:.10g} per batch"
             f" (loss {summary.throughput_loss:.4%} of a*)",
             f"cycle                   {found}",
             f"evicted tokens          {summary.total_evicted_tokens:.6g} in all"]
    if summary.waiting is not None:
        lines.append(f"queue (Little's law)    mean {summary.mean_queue:.6g} requests, waiting {summary.waiting:.6g} "
                     f"batches" + ("" if summary.waiting_s is None else f" = {summary.waiting_s:.6g} s"))
    if summary.throughput_per_s is not None:
        latency = "" if summary.latency_s is None else f", {summary.latency_s:.6g} s in service per request"
        lines.append(f"in seconds (tau(Z))     {summary.throughput_per_s:.6g} completions per second{latency}")
    return lines


@app.command()
def experiment(
    config: str = typer.Option("default", "--config", "-c", help="Shipped config name or path to a TOML file."),
    set_: Optional[List[str]] = typer.Option(None, "--set", "-s", metavar="KEY=VALUE",
                                             help="Override one config key (repeatable)."),
    out: Path = typer.Option(Path("outputs"), "--out", "-o", help="Folder that receives the run folder."),
    json_output: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Run theory and eviction simulation side by side; write a new run folder."""
    from ..config import build_config
    from ..experiment import create_run_folder, run_experiment, write_run

    with reporting_errors():
        resolved = build_config(config, set_ or [])
        with progress_bar("theory and simulation", total=2 * resolved.steps) as advance:
            result = run_experiment(resolved, progress=advance, analyse=True)
        folder = create_run_folder(out)
        written = write_run(result, folder, command=["coupling-sym", *sys.argv[1:]])
    if json_output:
        print_json({"run_folder": str(folder), "summary": result.summary.as_dict(),
                    "stability": result.stability,
                    "convergence": (result.convergence or {}).get("certificate")})
        return
    figures = [path for path in written if path.suffix == ".png"]
    typer.echo("\n".join(_format_summary(result.summary, result.stability, folder, result.convergence, figures)))
