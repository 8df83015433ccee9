"""Timings of the symbolic derivation (``coupling_sym.symbolic``).

Measures, in one run on this machine:

* the scalar route (:func:`derive_charpoly`: all four polynomials) for concrete
  parameters up to ``l_B = 64`` and for symbolic ``l0`` and ``p`` up to ``l_B = 16``
  (and beyond, for the trend);
* the identity checks (:func:`check_identities`);
* the state-space route (:func:`state_space_P`: flint's ``fmpq_mat`` charpoly over
  ``QQ``, exact interpolation when symbols are present) against sympy's own
  ``DomainMatrix.charpoly`` on the same matrix (fraction-field arithmetic) and, at small
  sizes, the generic ``Matrix.charpoly``, with ratios measured in the same run.

Each figure is the best of ``--repeat`` runs (the machine is shared and noisy).

Usage: ``.venv/bin/python scripts/bench_symbolic.py [--repeat 3] [--quick]``
"""

from __future__ import annotations

import argparse
import time

import sympy as sp

from coupling_sym.symbolic import check_identities, derive_charpoly, state_space_P, symbolic_params
from coupling_sym.symbolic.recursion import state_space_matrix


def best_of(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def label(lengths, p, l0) -> str:
    shares = "p symbolic" if p is None else f"p = {p}"
    prefill = "l0 symbolic" if l0 is None else f"l0 = {l0}"
    return f"lengths {tuple(lengths)}, {shares}, {prefill}"


def scalar_rows(cases, repeat):
    print(f"{'case':<48} {'derive (s)':>11} {'identities (s)':>15}")
    for lengths, p, l0 in cases:
        derive = best_of(repeat, lambda: derive_charpoly(lengths, p=p, l0=l0))
        cp = derive_charpoly(lengths, p=p, l0=l0)
        checks = best_of(repeat, lambda: check_identities(cp))
        print(f"{label(lengths, p, l0):<48} {derive:>11.3f} {checks:>15.3f}")


def state_space_rows(cases, repeat, direct_limit, generic_limit):
    print(f"{'case':<48} {'dim':>4} {'scalar':>8} {'state space':>12} {'DM.charpoly':>12} "
          f"{'Matrix.charpoly':>16} {'DM / ours':>10}")
    for lengths, p, l0 in cases:
        params = symbolic_params(lengths, p=p, l0=l0)
        dim = sum(lengths) + 1
        scalar = best_of(repeat, lambda: derive_charpoly(lengths, p=p, l0=l0))
        ours = best_of(repeat, lambda: state_space_P(params))
        M = state_space_matrix(params)
        direct = best_of(1, lambda: M.charpoly()) if dim <= direct_limit(params) else None
        generic = None
        if dim <= generic_limit:
            matrix = M.to_Matrix()
            generic = best_of(1, lambda: matrix.charpoly(sp.Symbol("lambda")))
        cells = [f"{direct:>12.3f}" if direct is not None else f"{'-':>12}",
                 f"{generic:>16.3f}" if generic is not None else f"{'-':>16}",
                 f"{direct / ours:>10.1f}" if direct is not None else f"{'-':>10}"]
        print(f"{label(lengths, p, l0):<48} {dim:>4} {scalar:>8.3f} {ours:>12.3f} " + " ".join(cells))


def positive_int(text: str) -> int:
    """argparse type: an integer >= 1 (``--repeat 0`` would leave no timing to report)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer; got {text!r}")
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=positive_int, default=3, help="runs per figure (the best is kept)")
    parser.add_argument("--quick", action="store_true",
                        help="time sympy's fraction-field charpoly only up to dimension 20")
    args = parser.parse_args()
    derive_charpoly([2, 3])                      # import and cache warm-up, not timed

    print("Scalar route (all four polynomials) and identity checks")
    concrete = [([2, lb], "1/3", 3) for lb in (8, 16, 32, 64)] + [([63, 64], "1/3", 3)]
    symbolic = [([2, lb], None, None) for lb in (4, 8, 12, 16, 32, 64)] + [([15, 16], None, None)]
    scalar_rows(concrete + symbolic, args.repeat)

    print("\nState-space route (ours: flint over QQ, exact interpolation with symbols) against sympy's")
    print("DomainMatrix.charpoly on the same matrix (fraction-field arithmetic with symbols) and the")
    print("generic Matrix.charpoly; seconds; DM / ours is the ratio of the two DomainMatrix timings")
    cases = [([2, lb], "1/3", 3) for lb in (8, 16, 32, 64)] + [([63, 64], "1/3", 3)]
    cases += [([2, lb], None, None) for lb in (4, 8, 16, 24, 32, 64)] + [([15, 16], None, None), ([63, 64], None, None)]
    limit = 20 if args.quick else 70          # dimension 67 with symbols: about half a minute
    state_space_rows(cases, args.repeat, lambda params: 200 if not params.symbolic else limit, generic_limit=20)


if __name__ == "__main__":
    main()
