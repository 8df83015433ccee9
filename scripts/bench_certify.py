"""Costs of the certificates the note quotes, measured in one run on this machine.

* ``verify``: :func:`coupling_sym.stability.summary.verify_pairs` over ``2 <= l_1 < l_2 <= 12``
  at ``p = 1/2`` (verdict of ``A``, unit-root gcd check, ``l0*`` by the crossing certificate);
* ``odd``: :func:`coupling_sym.note.paper.gather_odd_evidence` (every odd-gcd setting up to
  ``l_2 = 24``: crossing bound plus one exact verdict per ``l0`` below it);
* ``verdict``: one exact verdict of ``P_l0`` (:func:`coupling_sym.stability.verdict.verdict_of_poly`)
  for the adjacent pair ``(L - 1, L)`` at ``l0 = l0*``, for several degrees;
* ``certify``: the convergence certificate (:func:`coupling_sym.modal.certify.certify_run`) of
  the shipped configurations.

Caches are cleared before each timed call; each figure is the best of ``--repeat`` runs
(the machine is shared).

Usage::

    .venv/bin/python scripts/bench_certify.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from fractions import Fraction


def _best(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        _clear()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def _clear() -> None:
    from coupling_sym.note import paper
    from coupling_sym.stability import critical, poly

    critical._critical.cache_clear()
    poly._shares_poly.cache_clear()
    paper.gather_odd_evidence.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from coupling_sym.config import build_config
    from coupling_sym.dynamics import run_simulation
    from coupling_sym.modal.certify import certify_run
    from coupling_sym.note.paper import gather_odd_evidence
    from coupling_sym.stability import critical_l0
    from coupling_sym.stability.poly import prefill_poly, shares_poly
    from coupling_sym.stability.summary import verify_pairs
    from coupling_sym.stability.verdict import verdict_of_poly

    pairs = [(a, b) for a in range(2, 13) for b in range(a + 1, 13)]
    print(f"verify  55 pairs 2..12, p = 1/2:          {_best(lambda: verify_pairs(pairs, '1/2'), args.repeat):8.3f} s")
    print(f"odd     odd-gcd evidence up to l_2 = 24:   {_best(gather_odd_evidence, args.repeat):8.3f} s")
    half = (Fraction(1, 2), Fraction(1, 2))
    for L in (8, 16, 32, 48):
        A = shares_poly((L - 1, L), half)
        l0 = critical_l0((L - 1, L), "1/2").value
        P = prefill_poly(A, l0)
        print(f"verdict degree {L - 1:2d} at l0* = {l0:5d}:          "
              f"{_best(lambda: verdict_of_poly(P), args.repeat) * 1e3:8.3f} ms")
    for name in ("default", "three-types", "slow-convergence"):
        cfg = build_config(name)
        simulation = run_simulation(cfg.params, cfg.X0, cfg.steps)
        seconds = _best(lambda: certify_run(cfg.params, simulation), args.repeat)
        result = certify_run(cfg.params, simulation)
        print(f"certify {name:17s} ({result.label}, horizon {result.horizon}): {seconds * 1e3:8.3f} ms")


if __name__ == "__main__":
    main()
