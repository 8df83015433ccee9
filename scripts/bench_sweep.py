"""Benchmark: the sweep against a plain per-setting Python loop over lists.

Part 1, the benchmark grid (default 250 settings x 5000 batches).  Prints settings x
batches per second of

* ``batched``: :func:`coupling_sym.dynamics.batched.run_batched` on the whole grid;
* ``sweep``: :func:`coupling_sym.sweep.run_sweep` end to end (streamed simulation,
  classification, kernel cycles, certified verdicts, convergence certificates, l0*);
* ``loop``: the same eviction simulation written as one plain Python loop per setting,
  over lists of floats (below, :func:`simulate_loop`),

and the ratios batched / loop and sweep / loop, all in one run, as CPU seconds of this
process (the batched simulation and the loop each the best of three runs, taken in
turns; the sweep once, with cold verdict caches).

Part 2, the large grid (default 9,900 settings x 2,000 batches): the sweep end to end
(CPU seconds, once, cold caches), its peak memory (``tracemalloc``: numpy arrays and
Python objects, a second run), and the loop timed on every 99th setting and scaled
to the whole grid by settings x batches; ratio sweep / scaled loop.

Part 3, with ``--against DIR`` (another checkout of the package, e.g. the previous
version): side by side, in turns, ``--rounds`` times each, every run in a fresh process,
the large sweep (``run_sweep``, CPU seconds of the process: user + system) and the
command ``coupling-sym sweep`` on the large grid end to end (interpreter, imports, the
sweep, the table on a file and ``--csv``; CPU of the child process), for this checkout and
for ``DIR``; the ratios DIR / this checkout of the medians.

The batched kernel holds tokens per cohort, the loop per-type counts, so their float64
roundings differ (the batched kernel equals the exact single-setting run on Fractions;
``tests/dynamics/test_batched.py``).  The script prints how far the loop's admissions
are from the batched ones, relative to a*: a few ulps on settings that settle; runs
that keep evicting can amplify the last bits, and a run sitting on an exact cycle that
does not attract (the batched run repeats its state bit for bit and stays on it, the
loop drifts off) can part completely.  Those settings are listed.

Usage::

    .venv/bin/python scripts/bench_sweep.py [--steps 5000] [--la 2..6] [--lb 3..9]
                                            [--l0 1,3,6,10,20] [--p 1/3,1/2]
                                            [--large 2..12:3..13:1..30:1/5,1/3,1/2,2/3,4/5]
                                            [--large-steps 2000] [--against ../main] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

from coupling_sym.dynamics.batched import run_batched
from coupling_sym.state import initial_state
from coupling_sym.sweep import parse_grid, run_sweep


def simulate_loop(params, X0, steps, evict=True):
    """Least-progress eviction simulation of one setting with Python lists; admissions per batch.

    With ``evict=False`` it is the theory: a negative room is admitted as it is (any sign).
    """
    K, lengths = params.K, params.lengths
    w = [float(params.l0 + 1 + i) for i in range(params.L)]
    shares = [float(p) for p in params.p]
    budget, entry = float(params.B), float(params.l0 + 1)
    X = [[float(X0[k][i]) for i in range(lengths[k])] for k in range(K)]
    admissions = [sum(row[0] for row in X)]
    for _ in range(steps):
        Y = [[0.0] + row[:-1] for row in X]
        held = 0.0
        for k in range(K):
            row = Y[k]
            for i in range(len(row)):
                held += row[i] * w[i]
        room = budget - held
        if room >= 0 or not evict:
            amount = room / entry
            for k in range(K):
                Y[k][0] = shares[k] * amount
        else:
            need = -room
            for s in range(1, params.L):
                count = 0.0
                for k in range(K):
                    if s < lengths[k]:
                        count += Y[k][s]
                stage_held = w[s] * count
                if stage_held <= 0:
                    continue
                if need >= stage_held:
                    for k in range(K):
                        if s < lengths[k]:
                            Y[k][s] = 0.0
                    need -= stage_held
                    if need <= 0:
                        break
                else:
                    ratio = need / stage_held
                    for k in range(K):
                        if s < lengths[k]:
                            Y[k][s] -= Y[k][s] * ratio
                    break
        X = Y
        admissions.append(sum(row[0] for row in X))
    return admissions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=5000)
    parser.add_argument("--la", default="2..6")
    parser.add_argument("--lb", default="3..9")
    parser.add_argument("--l0", default="1,3,6,10,20")
    parser.add_argument("--p", default="1/3,1/2")
    parser.add_argument("--B", default="60")
    parser.add_argument("--large", default="2..12:3..13:1..30:1/5,1/3,1/2,2/3,4/5",
                        help="l_A:l_B:l0:p of the large grid ('' to skip it)")
    parser.add_argument("--large-steps", type=int, default=2000)
    parser.add_argument("--against", help="another checkout of the package: time it side by side (part 3)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each version in part 3")
    args = parser.parse_args()
    grid = parse_grid(args.la, args.lb, args.l0, args.p, args.B)
    params = [s.params for s in grid]
    X0 = [initial_state(p) for p in params]
    work = len(grid) * args.steps
    print(f"grid: {len(grid)} settings (l_A {args.la}, l_B {args.lb}, l0 {args.l0}, p {args.p}), "
          f"{args.steps} batches each, least-progress, stage0")

    batched = loop = float("inf")
    for round_ in range(3):  # the two sides take turns, so spells of load on the machine hit both
        seconds, run = _timed(lambda: run_batched(params, X0, args.steps))
        batched = min(batched, seconds)
        seconds, loop_admissions = _timed(lambda: [simulate_loop(p, X, args.steps) for p, X in zip(params, X0)])
        loop = min(loop, seconds)
        if round_ == 0:
            sweep, _ = _timed(lambda: run_sweep(grid, args.steps))  # once: the verdicts are cached after it

    a_star = np.array([float(p.equilibrium_admission) for p in params])
    gaps = np.abs(np.array(loop_admissions) - run.admissions) / a_star[:, None]
    worst = gaps.max(axis=1)
    close = worst <= 1e-9
    print("CPU seconds of this process (the machine may be shared; wall clock is noisier)")
    print(f"batched simulation   {batched:8.2f} s   {work / batched:12.4g} settings x batches / s   (best of 3)")
    print(f"full sweep           {sweep:8.2f} s   {work / sweep:12.4g} settings x batches / s"
          "   (simulation + classification + verdicts + l0*)")
    print(f"per-setting loop     {loop:8.2f} s   {work / loop:12.4g} settings x batches / s   (best of 3)")
    print(f"speed-up batched / loop: {loop / batched:.1f}x   (full sweep / loop: {loop / sweep:.1f}x)")
    print(f"loop vs batched admissions: {close.sum()} of {len(grid)} settings within 1e-9 a* "
          f"(largest {worst[close].max(initial=0.0):.3g} a*)")
    for s in np.flatnonzero(~close):
        first = int(np.argmax(gaps[s] > 1e-9))
        print(f"  l_A={grid[s].l_A} l_B={grid[s].l_B} l0={grid[s].l0} p={grid[s].p}: "
              f"{worst[s]:.3g} a*, apart from batch {first}")
    if args.large:
        measure_large(args.large, args.large_steps, args.B)
    if args.large and args.against:
        compare_versions(args.large, args.large_steps, args.B, Path(args.against), args.rounds)


def measure_large(text: str, steps: int, B: str) -> None:
    """Part 2 of the module notes: the large grid end to end, its memory and the scaled loop."""
    la, lb, l0, p = text.split(":")
    grid = parse_grid(la, lb, l0, p, B)
    work = len(grid) * steps
    print(f"\nlarge grid: {len(grid)} settings (l_A {la}, l_B {lb}, l0 {l0}, p {p}), {steps} batches each")
    seconds, result = _timed(lambda: run_sweep(grid, steps))
    tracemalloc.start()
    run_sweep(grid, steps)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    sample = grid[::99]
    X0 = [initial_state(s.params) for s in sample]
    loop, _ = _timed(lambda: [simulate_loop(s.params, X, steps) for s, X in zip(sample, X0)])
    scaled = loop * len(grid) / len(sample)
    print(f"full sweep           {seconds:8.2f} s   {work / seconds:12.4g} settings x batches / s   "
          f"(peak memory {peak / 2 ** 20:.0f} MiB, tracemalloc)")
    print(f"per-setting loop     {scaled:8.2f} s   {work / scaled:12.4g} settings x batches / s   "
          f"({len(sample)} settings timed, scaled by settings)")
    print(f"speed-up full sweep / loop: {scaled / seconds:.1f}x   "
          f"({sum(r.cycle is not None for r in result.settings)} of {len(grid)} runs on an exact cycle)")


_SWEEP_CPU = """
import sys, time
from coupling_sym.sweep import parse_grid, run_sweep
la, lb, l0, p = sys.argv[1].split(":")
grid = parse_grid(la, lb, l0, p, sys.argv[3])
start = time.process_time()
run_sweep(grid, int(sys.argv[2]))
print(time.process_time() - start)
"""


def compare_versions(text: str, steps: int, B: str, other: Path, rounds: int) -> None:
    """Part 3 of the module notes: this checkout and ``other`` side by side, in turns."""
    here = Path(__file__).resolve().parent.parent
    versions = {"this checkout": here, str(other): other.resolve()}
    la, lb, l0, p = text.split(":")
    command = ["-m", "coupling_sym", "sweep", "--la", la, "--lb", lb, "--l0", l0, "--p", p, "--B", B,
               "--steps", str(steps)]
    sweeps: dict = {name: [] for name in versions}
    clis: dict = {name: [] for name in versions}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(rounds):
            for name, root in versions.items():
                env = {**os.environ, "PYTHONPATH": str(root)}
                # run from the empty folder: "-c" and "-m" put the working folder first on sys.path
                out = subprocess.run([sys.executable, "-c", _SWEEP_CPU, text, str(steps), B], env=env, cwd=folder,
                                     capture_output=True, text=True, check=True).stdout
                sweeps[name].append(float(out.split()[-1]))
                clis[name].append(_child_cpu([sys.executable, *command, "--csv", "s.csv", "--force"], env, folder))
    print(f"\nside by side, {rounds} runs each in turns (CPU seconds, user + system; min / median / max):")
    for label, table in (("run_sweep", sweeps), ("coupling-sym sweep (table on a file, --csv)", clis)):
        print(f"  {label}")
        for name, values in table.items():
            print(f"    {name:30s} {min(values):6.2f} / {statistics.median(values):6.2f} / {max(values):6.2f}")
        new, old = (statistics.median(values) for values in table.values())
        print(f"    ratio {other} / this checkout: {old / new:.2f}x")


def _child_cpu(argv, env, folder: str) -> float:
    """User + system CPU seconds of one child process run in ``folder`` (its stdout to a file there)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(Path(folder) / "table.txt", "w") as handle:
        subprocess.run(argv, env=env, cwd=folder, stdout=handle, stderr=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _timed(job):
    start = time.process_time()
    result = job()
    return time.process_time() - start, result


if __name__ == "__main__":
    main()
