"""Request-batches per second: the count-table simulator against a plain per-request loop.

Both simulate the same study (saturated queues, greedy admission, least-progress
eviction of whole requests, the same admission split and tie rule) for R replications;
the loop keeps one Python object per request and replication.  One run prints both
rates, their ratio, and the mean admission per batch of each (they must agree within
sampling error, since the two use different random streams).

    .venv/bin/python scripts/bench_stochastic.py [--replications 1000] [--steps 200]
"""

from __future__ import annotations

import argparse
import math
import random
import time
from fractions import Fraction

import numpy as np

from coupling_sym.stochastic import build_spec, simulate


def loop_split(room: int, shares, entry) -> list[int]:
    """The admission split of coupling_sym.stochastic.admission, in plain Fractions (one prompt)."""
    a = Fraction(room) / sum(p * e for p, e in zip(shares, entry))
    targets = [p * a for p in shares]
    n = [math.floor(t) for t in targets]
    extras = math.floor(a) - sum(n)
    left = room - sum(k * e for k, e in zip(n, entry))
    for k in sorted(range(len(n)), key=lambda k: (-(targets[k] - n[k]), k)):
        if extras > 0 and entry[k] <= left:
            n[k] += 1
            left -= entry[k]
            extras -= 1
    return n


def loop_simulate(spec, replications: int, seed: int) -> np.ndarray:
    """Per-request simulation; returns admissions per replication and batch."""
    rng = random.Random(seed)
    K, l0 = spec.K, spec.l0
    pmfs = [[float(p) for p in d.pmf] for d in spec.decode]
    out = np.zeros((replications, spec.steps + 1), dtype=np.int64)
    for r in range(replications):
        running: list[list[int]] = []  # [type, length, stage]
        front: list[list[int]] = [[] for _ in range(K)]  # lengths of evicted requests
        for t in range(spec.steps + 1):
            if t > 0:
                running = [[k, l, s + 1] for k, l, s in running if s + 1 < l]
            held = sum(l0[k] + 1 + s for k, l, s in running)
            room = spec.B - held
            if room < 0:
                need = -room
                by_stage: dict[int, list] = {}
                for req in running:
                    by_stage.setdefault(req[2], []).append(req)
                evicted = set()
                for stage in sorted(by_stage):
                    group = by_stage[stage]
                    rng.shuffle(group)
                    for req in group:
                        if need <= 0:
                            break
                        evicted.add(id(req))
                        need -= l0[req[0]] + 1 + stage
                        front[req[0]].append(req[1])
                    if need <= 0:
                        break
                running = [req for req in running if id(req) not in evicted]
                continue
            counts = loop_split(room, spec.p, [l + 1 for l in l0])
            for k, n in enumerate(counts):
                rng.shuffle(front[k])
                for _ in range(n):
                    length = front[k].pop() if front[k] else rng.choices(range(1, len(pmfs[k]) + 1), pmfs[k])[0]
                    running.append([k, length, 0])
            out[r, t] = sum(counts)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="jitter")
    parser.add_argument("--replications", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--loop-replications", type=int, default=20,
                        help="replications the slow loop runs (its rate is per request-batch)")
    args = parser.parse_args()
    spec = build_spec(args.config, [f"steps={args.steps}", f"replications={args.replications}"])
    start = time.perf_counter()
    run = simulate(spec, seed=1)
    table_time = time.perf_counter() - start
    start = time.perf_counter()
    loop = loop_simulate(spec, args.loop_replications, seed=1)
    loop_time = time.perf_counter() - start
    in_service = float(run.in_service.sum(axis=2).mean())
    table_rate = args.replications * (args.steps + 1) * in_service / table_time
    loop_rate = args.loop_replications * (args.steps + 1) * in_service / loop_time
    print(f"config {args.config}: {spec.K} types, B = {spec.B}, {args.steps} batches, "
          f"{in_service:.1f} requests in service per batch on average")
    print(f"count tables : {args.replications:6d} replications in {table_time:8.3f} s  "
          f"{table_rate:12.4g} request-batches/s")
    print(f"per-request  : {args.loop_replications:6d} replications in {loop_time:8.3f} s  "
          f"{loop_rate:12.4g} request-batches/s")
    print(f"speed-up     : {table_rate / loop_rate:.1f}x")
    tail = spec.steps * 3 // 4
    print(f"mean admission over batches {tail}..{spec.steps}: tables {run.total_admissions[:, tail:].mean():.4f}, "
          f"loop {loop[:, tail:].mean():.4f}")


if __name__ == "__main__":
    main()
