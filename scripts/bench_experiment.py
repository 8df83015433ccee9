"""Benchmark: what the ``experiment`` command costs, short and long, and why.

Prints, all measured in this one run (CPU seconds of this process for the parts, wall
and CPU seconds of the subprocesses end to end; each the best of three, taken in turns
so that spells of load on the shared machine hit every side):

* ``single run``: theory and simulation of one run, ``--batches`` batches (default
  100,000), as the experiment computes them (:func:`coupling_sym.dynamics.single.run_single`:
  the batched kernel with one setting while it evicts, the block recurrence of
  :mod:`coupling_sym.dynamics.recurrence` while it does not; the theory sharing the
  simulation's states up to the first eviction, then the recurrence) against the same two written as plain
  per-batch Python loops over lists (the eviction loop of ``scripts/bench_sweep.py``
  and the theory's analogue) and against the per-type numpy path the experiment used
  before (``run_simulation`` and ``run_theory(..., recurrence=False)``); ratios;
* ``end to end``: ``coupling-sym experiment`` as a subprocess (interpreter start,
  imports, runs, analysis, run folder with every figure) for the default config and for
  ``--set steps=N`` of the default and of the one-type spiral, figures in two processes
  against ``COUPLING_SYM_SERIAL_FIGURES=1``; with ``--previous COMMIT`` also the package
  as of that commit;
* ``evictions drawn``: one bar per batch (what a naive figure does) against the
  aggregated outline the run folder draws for long runs
  (:func:`coupling_sym.report.figures._bars`), saved to PNG; ratio;
* ``modal closed form``: evaluating the closed form at every batch of a long run
  against evaluating it up to :func:`coupling_sym.modal.horizon.modal_horizon`; ratio.

Usage::

    .venv/bin/python scripts/bench_experiment.py [--steps 20000] [--batches 100000] [--previous COMMIT]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_sweep import simulate_loop  # noqa: E402


def theory_loop(params, X0, steps):
    """The theory of one setting with Python lists (no eviction, any sign); admissions per batch."""
    return simulate_loop(params, X0, steps, evict=False)


def _experiment_pair(params, X0, steps):
    """Theory and simulation as :func:`coupling_sym.experiment.run_experiment` computes a float run."""
    import numpy as np

    from coupling_sym.dynamics import run_theory
    from coupling_sym.dynamics.single import run_single

    sim = run_single(params, X0, steps)
    evicting = np.flatnonzero(sim.eviction_totals > 0)
    known = sim.states[:int(evicting[0]) if evicting.size else len(sim.states)]
    return run_theory(params, X0, steps, known=known), sim


def _per_type_pair(params, X0, steps):
    from coupling_sym.dynamics import run_simulation, run_theory

    return run_theory(params, X0, steps, recurrence=False), run_simulation(params, X0, steps)


def _cpu(function) -> float:
    start = time.process_time()
    function()
    return time.process_time() - start


def _best(functions: dict, rounds: int = 3) -> dict:
    best = {name: float("inf") for name in functions}
    for _ in range(rounds):
        for name, function in functions.items():
            best[name] = min(best[name], _cpu(function))
    return best


def single_runs(batches: int) -> None:
    from coupling_sym.config import build_config

    print(f"single run: theory + simulation, {batches} batches, CPU s (best of 3)")
    for name in ("default", "slow-convergence", "three-types", "one-type-spiral"):
        config = build_config(name, [f"steps={batches}"])
        params, X0 = config.params, config.X0
        best = _best({"new": lambda: _experiment_pair(params, X0, batches),
                      "loop": lambda: (theory_loop(params, X0, batches), simulate_loop(params, X0, batches)),
                      "old": lambda: _per_type_pair(params, X0, batches)},
                     rounds=3 if batches <= 100_000 else 1)
        print(f"  {name:18s} new {best['new']:6.3f}   lists {best['loop']:6.3f}   per-type numpy {best['old']:6.3f}"
              f"   new vs lists {best['loop'] / best['new']:5.1f}x   new vs per-type {best['old'] / best['new']:5.1f}x")


def _end_to_end(command: list[str], args: list[str], env: dict) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        usage = os.times()
        subprocess.run([*command, "experiment", *args, "--out", out], check=True, capture_output=True,
                       env=dict(os.environ, MPLBACKEND="Agg", **env))
        after = os.times()
        wall = time.perf_counter() - start
    return wall, (after.children_user - usage.children_user) + (after.children_system - usage.children_system)


def end_to_end(steps: int, previous: str | None) -> None:
    sides = {"two processes": ([str(Path(sys.executable).with_name("coupling-sym"))], {}),
             "serial figures": ([str(Path(sys.executable).with_name("coupling-sym"))],
                                {"COUPLING_SYM_SERIAL_FIGURES": "1"})}
    with tempfile.TemporaryDirectory() as old:
        if previous:
            root = Path(__file__).resolve().parents[1]
            archive = subprocess.run(["git", "-C", str(root), "archive", previous, "coupling_sym"], check=True,
                                     capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", old], input=archive, check=True)
            sides[f"at {previous}"] = ([sys.executable, "-m", "coupling_sym"], {"PYTHONPATH": old})
        print("end to end: coupling-sym experiment, wall s / CPU s of the subprocess (best of 3 by wall)")
        for label, args in [("default (50 batches)", []),
                            (f"default, {steps} batches", ["--set", f"steps={steps}"]),
                            (f"one-type spiral, {steps} batches", ["-c", "one-type-spiral", "--set", f"steps={steps}"])]:
            best = {side: (float("inf"), 0.0) for side in sides}
            for _ in range(3):
                for side, (command, env) in sides.items():
                    best[side] = min(best[side], _end_to_end(command, args, env))
            cells = "   ".join(f"{side} {wall:5.2f} / {cpu:5.2f}" for side, (wall, cpu) in best.items())
            print(f"  {label:34s} {cells}")


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


def drawing(steps: int) -> None:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20000, help="batches of the long end-to-end runs")
    parser.add_argument("--batches", type=int, default=100_000, help="batches of the single-run comparison")
    parser.add_argument("--previous", help="also time the package as of this git commit end to end")
    options = parser.parse_args()
    single_runs(options.batches)
    end_to_end(options.steps, options.previous)
    drawing(options.steps)


if __name__ == "__main__":
    main()
