"""The run folder of ``coupling-sym stochastic``: ``OUT/YYYYMMDD_HHMMSS/``.

Contents: ``config.json`` (resolved config, derived values, summary, seeds, engine,
package version, command line), ``trajectory.csv`` (one row per batch: means and 95%
bands over the replications; first columns ``batch, mean_admission,
mean_admission_low, mean_admission_high, admission_q025, admission_q975,
mean_eviction_total, mean_eviction_stage0 .. mean_eviction_stage{L-2}``, then
completions, tokens, queue, evicted and discarded tokens, and ``fluid_admission`` when
the study has a fluid reference), ``replications.csv`` (one row per replication),
``bands.png`` and ``eviction_detail.png``.  The folder is claimed with
:func:`coupling_sym.experiment.folder.create_run_folder` and filled through a hidden
staging folder, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from typing import Sequence

import numpy as np

from .. import __version__
from ..experiment.folder import publishing
from ..jsonsafe import json_text
from .replicate import bands
from .summary import per_replication_throughput, summarise_study

__all__ = ["write_study", "write_scaling", "trajectory_columns"]


def trajectory_columns(L: int, fluid: bool) -> list[str]:
    """Header of ``trajectory.csv``.

    Examples
    --------
    >>> trajectory_columns(3, False)[:8]
    ['batch', 'mean_admission', 'mean_admission_low', 'mean_admission_high', 'admission_q025', 'admission_q975', 'mean_eviction_total', 'mean_eviction_stage0']
    """
    return (["batch", "mean_admission", "mean_admission_low", "mean_admission_high", "admission_q025",
             "admission_q975", "mean_eviction_total"] + [f"mean_eviction_stage{s}" for s in range(L - 1)]
            + ["mean_completions", "mean_tokens", "mean_queue", "mean_evicted_tokens", "mean_discarded_tokens"]
            + (["fluid_admission"] if fluid else []))


def _write_trajectory(path: Path, spec, run, fluid) -> None:
    adm = bands(run.total_admissions)
    ev_stage = run.evictions.mean(axis=0)
    columns = [adm.mean, adm.mean_low, adm.mean_high, adm.low, adm.high, run.eviction_totals.mean(axis=0),
               *ev_stage.T, run.completions.sum(axis=2).mean(axis=0), run.tokens.mean(axis=0),
               run.queues.sum(axis=2).mean(axis=0), run.evicted_tokens.mean(axis=0),
               run.discarded_tokens.mean(axis=0)]
    if fluid is not None:
        columns.append(np.asarray(fluid.admissions, dtype=float))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(trajectory_columns(spec.L, fluid is not None))
        for t in range(spec.steps + 1):
            writer.writerow([t, *(repr(float(column[t])) for column in columns)])


def _write_replications(path: Path, run) -> None:
    throughput = per_replication_throughput(run)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["replication", "admitted", "evicted", "completed", "discarded_tokens", "tail_throughput"])
        for r in range(run.replications):
            writer.writerow([r, int(run.admissions[r].sum()), int(run.evicted_by_type[r].sum()),
                             int(run.completions[r].sum()), int(run.discarded_tokens[r].sum()),
                             repr(float(throughput[r]))])


def write_study(spec, run, fluid, folder: Path, source: str, overrides: Sequence[str] = (),
                command: Sequence[str] = (), engine: str = "in-process") -> dict:
    """Write the study into the empty ``folder``; return the ``config.json`` document."""
    folder = Path(folder)
    with publishing(folder) as staging:
        # imported inside: an interrupt during the (slow) matplotlib import removes the folder too
        from ..report.figures import save_figure
        from ..report.stochastic import plot_bands, plot_stochastic_evictions

        _write_trajectory(staging / "trajectory.csv", spec, run, fluid)
        _write_replications(staging / "replications.csv", run)
        save_figure(plot_bands(spec, run, bands, fluid), staging / "bands.png")
        save_figure(plot_stochastic_evictions(spec, run), staging / "eviction_detail.png")
        document = {
            "package": "coupling-sym", "version": __version__, "command": list(command),
            "created": datetime.now().isoformat(timespec="seconds"), "config": source,
            "overrides": list(overrides), "parameters": spec.describe(),
            "derived": {"L": spec.L, "stage_weights": [str(c) for c in spec.stage_weights],
                        "equilibrium_admission_float": float(spec.equilibrium_admission),
                        "fluid_reference": fluid is not None},
            "seeding": {"master_seed": spec.seed, "chunk": spec.chunk,
                        "rule": "chunk j runs with numpy.random.SeedSequence(seed).spawn(chunks)[j]"},
            "engine": engine,
            "summary": summarise_study(spec, run).as_dict(),
        }
        (staging / "config.json").write_text(json_text(document) + "\n", encoding="utf-8")
    return document


def write_scaling(spec, result, folder: Path, source: str, overrides: Sequence[str] = (),
                  command: Sequence[str] = (), engine: str = "in-process") -> dict:
    """Write a fluid-limit study (``scaling.csv``, ``scaling.png``, ``config.json``) into ``folder``."""
    folder = Path(folder)
    with publishing(folder) as staging:
        from ..report.figures import save_figure     # inside, like write_study
        from ..report.stochastic import describe_spec, plot_scaling

        with (staging / "scaling.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["n", "B", "mean_distance", "distance_std"])
            for n, d, s in zip(result.scales, result.distances, result.distance_spread):
                writer.writerow([n, spec.B * n, repr(float(d)), repr(float(s))])
        save_figure(plot_scaling(result, "fluid limit: " + describe_spec(spec)), staging / "scaling.png")
        document = {"package": "coupling-sym", "version": __version__, "command": list(command),
                    "created": datetime.now().isoformat(timespec="seconds"), "config": source,
                    "overrides": list(overrides), "parameters": spec.describe(), "engine": engine,
                    "scaling": result.as_dict()}
        (staging / "config.json").write_text(json_text(document) + "\n", encoding="utf-8")
    return document
