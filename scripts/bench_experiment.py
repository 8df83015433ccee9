"""Benchmark: what the ``experiment`` command costs, short and long, and why.

Prints, all measured in this one run (CPU seconds of this process, and wall seconds of
the end-to-end subprocess runs):

* ``end to end``: ``coupling-sym experiment`` as a subprocess (interpreter start,
  imports, runs, analysis, run folder with every figure) for the default config and for
  ``--set steps=20000`` of the default and of the one-type spiral;
* ``evictions drawn``: one bar per batch (what a naive figure does) against the
  aggregated outline the run folder draws for long runs
  (:func:`coupling_sym.report.figures._bars`), 20,000 batches, saved to PNG; ratio;
* ``modal closed form``: evaluating the closed form at every batch of a 20,000-batch
  run against evaluating it up to :func:`coupling_sym.modal.horizon.modal_horizon`;
  ratio.

Usage::

    .venv/bin/python scripts/bench_experiment.py [--steps 20000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _end_to_end(args: list[str]) -> tuple[float, float]:
    command = Path(sys.executable).with_name("coupling-sym")
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        usage = os.times()
        subprocess.run([str(command), "experiment", *args, "--out", out], check=True, capture_output=True,
                       env=dict(os.environ, MPLBACKEND="Agg"))
        after = os.times()
        wall = time.perf_counter() - start
    return wall, (after.children_user - usage.children_user) + (after.children_system - usage.children_system)


def _cpu(function) -> float:
    start = time.process_time()
    function()
    return time.process_time() - start


def _bars_naive(batches, heights, path):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 5.5))
    ax.bar(batches, heights, width=0.8, color="tab:red")
    fig.savefig(path, dpi=120)
    plt.close(fig)


def _bars_aggregated(batches, heights, path):
    import matplotlib.pyplot as plt

    import numpy as np

    from coupling_sym.report.figures import _bars

    fig, ax = plt.subplots(figsize=(10, 5.5))
    _bars(ax, batches, heights, how=np.nanmin, color="tab:red")
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20000)
    options = parser.parse_args()
    steps = options.steps

    for label, args in [("default (50 batches)", []),
                        (f"default, {steps} batches", ["--set", f"steps={steps}"]),
                        (f"one-type spiral, {steps} batches", ["-c", "one-type-spiral", "--set", f"steps={steps}"])]:
        wall, cpu = _end_to_end(args)
        print(f"end to end  {label:34s} wall {wall:6.2f} s   cpu {cpu:6.2f} s")

    import numpy as np

    from coupling_sym.config import build_config
    from coupling_sym.dynamics import run_simulation, run_theory
    from coupling_sym.modal.decomposition import decompose_admissions
    from coupling_sym.modal.horizon import modal_horizon

    config = build_config("one-type-spiral", [f"steps={steps}"])
    sim = run_simulation(config.params, config.X0, steps)
    batches = np.arange(steps + 1)
    heights = -np.asarray(sim.eviction_totals, dtype=float)
    with tempfile.TemporaryDirectory() as folder:
        naive = _cpu(lambda: _bars_naive(batches, heights, Path(folder) / "naive.png"))
        aggregated = _cpu(lambda: _bars_aggregated(batches, heights, Path(folder) / "aggregated.png"))
    print(f"evictions drawn, {steps} batches: one bar per batch {naive:6.2f} s, aggregated {aggregated:6.3f} s,"
          f" ratio {naive / aggregated:6.1f}")

    config = build_config("default", [f"steps={steps}"])
    theory = run_theory(config.params, config.X0, steps).admissions
    decomp = decompose_admissions(config.params, config.X0, 30)
    horizon = modal_horizon(decomp, theory, float(config.params.equilibrium_admission))
    every = _cpu(lambda: [decomp.admission(t) for t in range(steps + 1)])
    bounded = _cpu(lambda: [decomp.admission(t) for t in range(horizon + 1)])
    print(f"modal closed form, default, {steps} batches: every batch {every:6.2f} s, up to the horizon"
          f" {horizon} {bounded:6.3f} s, ratio {every / bounded:6.1f}")


if __name__ == "__main__":
    main()
