"""Benchmark of the certified stability pipeline against a plain exact baseline.

The baseline is what one writes first: for every pair, the limiting form's verdict by
an integer Schur-Cohn recursion (Python ints, content divided out at each step; when it
fails, ``gcd(A, A*)`` by Euclid in Fractions separates ``on-circle`` from ``unstable``),
and for every coprime pair ``l0*`` by a binary search over ``l0`` (doubling until
stable, then bisecting), each step one integer Schur-Cohn recursion on ``P_l0``.  It
assumes that stability is monotone in ``l0`` and that the roots of ``gcd(A, A*)`` lie
on the circle, which the toolkit does not; non-coprime pairs get "none" from their gcd.

The toolkit side is :func:`coupling_sym.stability.summary.verify_pairs` (exact verdict
and float radius of the limit, the unit-root check, ``l0*`` with its crossing proof for
every pair), exactly what ``coupling-sym verify-coprime`` calls.  Caches are cleared
before each timed run.  Both sides run in this process, taking turns, each ``--repeat`` times (the
fastest run counts: the machine is shared), and must agree on every verdict and every
``l0*``.

Scaling: ``--scale 24,32,48`` also times the toolkit alone on ``2..R`` for each ``R`` and
prints the exponent ``k`` of a least-squares fit ``time ~ R^k`` (log-log), measured in
the same run; ``--previous COMMIT`` times the package as of that commit on the same ranges
(in a subprocess, right after each run) and prints the ratio.  Stored outputs: when ``scripts/data`` holds a file for a range and share
(written by ``scripts/dump_verify_coprime.py --compact`` from the code as of commit 9388451,
before the lazy refinement and the radius estimates; ``2..48`` from the code before the
Sturm count), every verdict, ``l0*``, method and proof of the run is compared with it and
the differences are listed.  The radius digits the table prints are timed from the
estimates and from companion eigenvalues; ``--every`` times the every-l0 certificates of
the odd-gcd pairs with and without the roots proven outside, and the runs of ``l0`` shown
in floats with error bounds against the same runs in complex balls (the route before
them, written out here), with the ``l0`` each shows.

Phases: ``--phases`` only runs ``verify_pairs`` on ``a..b`` once with a clock around the
functions of each phase (wrapped here, the package is untouched) and once without, and
prints the CPU seconds of (a) the float proposals of the critical points, (b) the exact
signs certifying the brackets, (c) the first enclosures of the crossing values, (d) the
rest, each moment charged to the innermost timed call (nothing counted twice), with
``(b) + (c)``, what identical proof text cannot do without, against the target (5 s up to ``2..96``, 15 s up to ``2..128``).

Usage::

    .venv/bin/python scripts/bench_stability.py                 # --range 2..32 --p 1/2
    .venv/bin/python scripts/bench_stability.py --range 2..20 --cli
    .venv/bin/python scripts/bench_stability.py --range 2..24 --p 3/4 --scale 32,48,64,96
    .venv/bin/python scripts/bench_stability.py --range 2..40 --every --repeat 1
    .venv/bin/python scripts/bench_stability.py --range 2..96 --p 3/4 --phases
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path


def schur_stable(coeffs: list[int]) -> bool:
    """Integer Schur-Cohn: all roots strictly inside the unit circle (coefficients ascending)."""
    P, S = list(coeffs), list(reversed(coeffs))
    n = len(P) - 1
    while n > 0:
        a0, an = P[0], P[n]
        if abs(a0) >= abs(an):
            return False
        P, S = ([an * P[i + 1] - a0 * S[i + 1] for i in range(n)],
                [an * S[i] - a0 * P[i] for i in range(n)])
        n -= 1
        g = math.gcd(*P)
        if g > 1:
            P, S = [x // g for x in P], [x // g for x in S]
    return True


def _trim(poly: list[Fraction]) -> list[Fraction]:
    while len(poly) > 1 and poly[-1] == 0:
        poly = poly[:-1]
    return poly


def _divmod(num: list[Fraction], den: list[Fraction]) -> tuple[list[Fraction], list[Fraction]]:
    """Polynomial division, coefficients ascending."""
    num = list(num)
    quotient = [Fraction(0)] * max(1, len(num) - len(den) + 1)
    while len(num) >= len(den) and any(num):
        shift = len(num) - len(den)
        factor = num[-1] / den[-1]
        quotient[shift] = factor
        for i, c in enumerate(den):
            num[shift + i] -= factor * c
        num = _trim(num[:-1]) if len(num) > 1 else num
    return quotient, num


def _gcd(a: list[Fraction], b: list[Fraction]) -> list[Fraction]:
    while any(b):
        a, b = b, _divmod(a, b)[1]
    return a


def limit_verdict(A: list[int]) -> str:
    """stable / on-circle / unstable of A (ascending integer coefficients)."""
    if schur_stable(A):
        return "stable"
    poly = [Fraction(c) for c in A]
    common = _gcd(poly, poly[::-1])
    if len(common) == 1:
        return "unstable"
    quotient = _divmod(poly, common)[0]
    den = math.lcm(*(c.denominator for c in quotient))
    return "on-circle" if schur_stable([int(c * den) for c in quotient]) else "unstable"


def integer_shares(l_A: int, l_B: int, p: Fraction) -> list[int]:
    """``A`` with integer coefficients, ascending: s_j = p [j < l_A] + q [j < l_B], scaled."""
    q = 1 - p
    shares = [(p if j < l_A else 0) + (q if j < l_B else 0) for j in range(l_B)]
    den = p.denominator
    return [int(s * den) for s in reversed(shares)]


def baseline_pair(l_A: int, l_B: int, p: Fraction) -> tuple[str, int | None]:
    """Limit verdict, and l0* by doubling + bisection (None for non-coprime pairs)."""
    A = integer_shares(l_A, l_B, p)
    limit = limit_verdict(A)
    if math.gcd(l_A, l_B) > 1:
        return limit, None
    L = l_B

    def stable(l0: int) -> bool:
        return schur_stable([(l0 + L - i) * a for i, a in enumerate(A)])

    if stable(0):
        return limit, 0
    low, high = 0, 1
    while not stable(high):
        low, high = high, 2 * high
    while high - low > 1:
        mid = (low + high) // 2
        if stable(mid):
            high = mid
        else:
            low = mid
    return limit, high


def run_baseline(pairs, p):
    return {pair: baseline_pair(*pair, p) for pair in pairs}


def clear_caches() -> None:
    """Forget every cached polynomial and l0*, so each timed run starts cold."""
    from coupling_sym.stability import crossing, critical, poly

    critical._critical.cache_clear()
    crossing._PROPOSALS.clear()
    poly._shares_poly.cache_clear()
    crossing._ball_poly.cache_clear()
    if hasattr(crossing, "_sampling"):
        crossing._sampling.cache_clear()


def run_toolkit(pairs, p):
    """``verify_pairs`` and the radius digits its table prints (eigenvalues only where an estimate cannot settle them)."""
    from coupling_sym.stability.summary import verify_pairs

    clear_caches()
    reports = verify_pairs(pairs, p)
    for report in reports:
        report.limit_rho_text(6)
    return dict(zip(pairs, reports))


def radius_ratio(reports, p) -> None:
    """The printed digits of the limit radii: estimates (computed again here) vs companion eigenvalues, one run."""
    from coupling_sym.stability.radius import LimitRadius, companion_radius, estimate_limit_radii

    rows = [r for r in reports if isinstance(r.limit_radius, LimitRadius)]
    start = time.process_time()
    estimates = estimate_limit_radii([(r.l_A, r.l_B) for r in rows], p)
    texts = [LimitRadius(r.limit_radius.coeffs, e).text(6) for r, e in zip(rows, estimates)]
    estimated = time.process_time() - start
    start = time.process_time()
    exact = [f"{companion_radius(r.limit_radius.coeffs):.6f}" for r in rows]
    eigen = time.process_time() - start
    print(f"radius digits of {len(rows)} limits: estimates {estimated:.3f} s, eigenvalues {eigen:.3f} s "
          f"(speed-up {eigen / max(estimated, 1e-9):.1f}x), {sum(a != b for a, b in zip(texts, exact))} differ")


def every_ratio(pairs, p) -> None:
    """The every-l0 certificates of the odd-gcd pairs: roots proven outside in floats with error bounds,
    in complex balls (the route before them), and one exact verdict per l0."""
    from unittest import mock

    from coupling_sym.stability import critical, noncoprime

    odd = [pair for pair in pairs if math.gcd(*pair) % 2 == 1 and math.gcd(*pair) > 1]
    for pair in odd:                    # the crossing analysis both sides share, cached
        critical._critical(pair, (p, 1 - p), "crossing")
    start = time.process_time()
    now = [noncoprime.certify_every_prefill(pair, p) for pair in odd]
    fast = time.process_time() - start
    with mock.patch.object(noncoprime, "_roots_outside", lambda A, d, count: [False] * count):
        start = time.process_time()
        before = [noncoprime.certify_every_prefill(pair, p) for pair in odd]
        slow = time.process_time() - start
    same = sum(a == b for a, b in zip(now, before))
    print(f"every-l0 certificates of {len(odd)} odd-gcd pairs ({sum(r.checks or 0 for r in now)} exact verdicts; "
          f"crossing analysis cached): "
          f"{fast:.2f} s, one Schur-Cohn verdict per l0 {slow:.2f} s (speed-up {slow / fast:.1f}x), "
          f"{same} of {len(odd)} results identical")
    shown_ratio(odd, p)


def shown_ratio(odd, p) -> None:
    """The runs of l0 shown by float bounds against the same runs in complex balls, one run."""
    from coupling_sym.stability import critical, noncoprime
    from coupling_sym.stability.poly import shares_poly

    cases = []
    for pair in odd:
        top = critical._critical(pair, (p, 1 - p), "crossing").top
        if top:
            cases.append((shares_poly(pair, (p, 1 - p)), math.gcd(*pair), top))
    floats = balls = 0.0
    left_floats = left_balls = differ = 0
    for A, d, top in cases:
        start = time.process_time()
        by_floats = noncoprime._roots_outside(A, d, top)
        middle = time.process_time()
        with _proven_in_balls():
            by_balls = noncoprime._roots_outside(A, d, top)
        floats, balls = floats + middle - start, balls + time.process_time() - middle
        left_floats += top - sum(by_floats)
        left_balls += top - sum(by_balls)
        differ += sum(a != b for a, b in zip(by_floats, by_balls))
    print(f"l0 of those pairs shown by runs: float bounds {floats:.2f} s, complex balls at 64 + n/2 bits "
          f"{balls:.2f} s (speed-up {balls / floats:.1f}x); left to exact verdicts {left_floats} and "
          f"{left_balls}; {differ} l0 shown by one only")


def _proven_in_balls():
    """``noncoprime._proven_outside`` as complex balls (python-flint acb) compute it: the route before float bounds."""
    from unittest import mock

    import numpy as np
    from flint import acb, acb_poly, arb, ctx, fmpq

    from coupling_sym.stability import noncoprime
    from coupling_sym.stability.poly import scaled_floats, turning_bits

    def proven(coeffs, d, runs):
        n = len(coeffs) - 1
        L = n + 1
        centres = np.array([(lo + hi) / 2 for lo, hi in runs], dtype=float) + L
        z = noncoprime._newton_points(np.array(scaled_floats(coeffs)), d, centres)
        out = [False] * len(runs)
        finite = [(i, w) for i, w in enumerate(z.tolist()) if np.isfinite(w)]
        with ctx.workprec(64 + turning_bits(n)):
            A = acb_poly(coeffs)
            first = A.derivative()
            points = [acb(w.real, w.imag) for _, w in finite]
            values, slopes, curves = (poly.evaluate(points, algorithm="iter")
                                      for poly in (A, first, first.derivative()))
            for (i, _), w, value, slope, curve in zip(finite, points, values, slopes, curves):
                lo, hi = runs[i]
                T = arb(lo + L) if hi == lo else arb(fmpq(lo + hi, 2) + L, fmpq(hi - lo, 2))
                P = T * value - w * slope
                dP = (T - 1) * slope - w * curve
                out[i] = bool(abs(w) - 1 - n * abs(P / dP) > 0)
        return out

    return mock.patch.object(noncoprime, "_proven_outside", proven)


def run_critical(pairs, p):
    from coupling_sym.stability.critical import _critical
    from coupling_sym.stability.crossing import propose_critical_points
    from coupling_sym.stability.poly import shares_poly

    clear_caches()
    shares = (p, 1 - p)
    propose_critical_points([shares_poly(pair, shares) for pair in pairs if math.gcd(*pair) == 1])
    return {pair: _critical(pair, shares) for pair in pairs}


DATA = Path(__file__).parent / "data"


def stored_differences(high: int, p: Fraction, reports) -> tuple[int, list] | None:
    """``(pairs compared, differing rows)`` against ``scripts/data``, or ``None`` without a file."""
    sys.path.insert(0, str(Path(__file__).parent))
    from dump_verify_coprime import compact, load

    path = DATA / f"verify_coprime_2_{high}_p{p.numerator}_{p.denominator}.json.gz"
    if not path.exists():
        return None
    expected = load(path)["compact"]
    fresh = []
    for report in reports:
        row = report.as_dict()
        row.update({f"proof_{key}": value for key, value in report.critical.as_dict().items()})
        fresh.append(compact(row))
    return len(expected), [(old, new) for old, new in zip(expected, fresh) if old != new]


def scaling(highs: list[int], p: Fraction, previous: str | None = None) -> None:
    """Toolkit time on ``2..R`` for each ``R``, the fitted exponent, and the stored-output check."""
    import numpy as np

    seconds = []
    for high in highs:
        pairs = [(a, b) for a in range(2, high + 1) for b in range(a + 1, high + 1)]
        start = time.process_time()
        reports = list(run_toolkit(pairs, p).values())
        seconds.append(time.process_time() - start)
        check = stored_differences(high, p, reports)
        note = "no stored outputs" if check is None else f"{len(check[1])} of {check[0]} pairs differ from the stored outputs"
        print(f"toolkit 2..{high} at p = {p}: {seconds[-1]:8.3f} s CPU   ({note})")
        if previous:
            before = previous_seconds(previous, high, p)
            print(f"    the same at {previous}: {before:8.3f} s CPU   speed-up {before / seconds[-1]:.1f}x")
        if check and check[1]:
            for old, new in check[1][:5]:
                print(f"    stored {old}\n    now    {new}")
    if len(highs) >= 2:
        slope = np.polyfit(np.log(highs), np.log(seconds), 1)[0]
        print(f"scaling exponent in R (time ~ R^k, least squares over R = {highs}): k = {slope:.2f}")


_PREVIOUS = """
import sys, time
sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
sys.path.insert(0, sys.argv[1])
from fractions import Fraction
from coupling_sym.stability.summary import verify_pairs
high, p = int(sys.argv[2]), Fraction(sys.argv[3])
pairs = [(a, b) for a in range(2, high + 1) for b in range(a + 1, high + 1)]
verify_pairs([(2, 3)], p)
start = time.process_time()
verify_pairs(pairs, p)
print(time.process_time() - start)
"""


def previous_seconds(commit: str, high: int, p: Fraction) -> float:
    """CPU seconds of ``verify_pairs`` on ``2..high`` in the package as of ``commit`` (a subprocess)."""
    import tempfile

    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as folder:
        archive = subprocess.run(["git", "-C", str(root), "archive", commit, "coupling_sym"], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
        out = subprocess.run([sys.executable, "-c", _PREVIOUS, folder, str(high), str(p)], check=True,
                             capture_output=True, text=True).stdout
    return float(out.split()[-1])


# -- --phases: CPU seconds of verify_pairs by phase --------------------------------------

PHASES = {
    "a": "(a) float proposals of the critical points (numpy sampling + Newton)",
    "b": "(b) exact signs of R certifying the brackets (ball, exact at 0)",
    "c": "(c) first enclosures of the crossing values (real + complex balls)",
    "d": "(d) everything else",
}

# label -> (phase, what), in the order printed; "c.complex" and every "d.*" are sub-rows
LABELS = {
    "a": ("a", "proposals, float brackets"),
    "b": ("b", "signs at bracket ends (float and tightened)"),
    "c.real": ("c", "N/V in real balls, bounds"),
    "c.complex": ("c", "Re(z A'/A) in complex balls"),
    "d.R": ("d", "critical-point polynomial R (Chebyshev sums, poles)"),
    "d.forms": ("d", "real forms N, V of the evaluator"),
    "d.sturm": ("d", "Sturm counts"),
    "d.tighten": ("d", "tightening Newton (brackets of counted R)"),
    "d.flint": ("d", "python-flint root isolation"),
    "d.refine": ("d", "refinements (batched and one by one)"),
    "d.walk": ("d", "exact verdicts of the walk (roots outside, Schur-Cohn)"),
    "d.limit": ("d", "limit verdicts, unit-root checks"),
    "d.radius": ("d", "radius estimates and printed radius digits"),
    "d.isolate": ("d", "isolation's own work (dispatch, bracket lists)"),
    "d.other": ("d", "the rest (polynomials, crossing lists, proof text, ...)"),
}


class PhaseClock:
    """Exclusive CPU time per label: every moment of the run is charged to the innermost wrapped call.

    A wrapped function called inside another (``_propose`` inside
    ``propose_critical_points``, ``_signs`` inside ``_tighten``) stops the caller's clock
    while it runs, so nothing is counted twice and the labels add up to the run's total;
    a call whose label equals its caller's (nested entries of one phase) just goes on.
    """

    def __init__(self):
        self.stack: list[str] = []
        self.seconds = {label: 0.0 for label in LABELS}
        self.entries = {label: 0 for label in LABELS}
        self.calls = 0                           # every call through a wrapper, switching or not
        self.mark = time.process_time()

    def _switch(self) -> None:
        now = time.process_time()
        self.seconds[self.stack[-1] if self.stack else "d.other"] += now - self.mark
        self.mark = now

    def wrap(self, owner, name: str, label) -> None:
        """Replace ``owner.name`` by a timed wrapper; ``label(parent)`` picks the label from the caller's."""
        import functools

        func = getattr(owner, name)

        @functools.wraps(func)
        def timed(*args, **kwargs):
            self.calls += 1
            parent = self.stack[-1] if self.stack else None
            mine = label(parent)
            if mine == parent:                   # an inner entry of the same label: nothing to switch
                return func(*args, **kwargs)
            self._switch()
            self.stack.append(mine)
            self.entries[mine] += 1
            try:
                return func(*args, **kwargs)
            finally:
                self._switch()
                self.stack.pop()

        setattr(owner, name, timed)


def _wrapper_cost() -> float:
    """CPU seconds of one call through a :class:`PhaseClock` wrapper (that switches), less a plain call."""
    clock, probe = PhaseClock(), type("Probe", (), {"f": staticmethod(lambda: None)})
    plain = probe.f
    clock.wrap(probe, "f", lambda parent: "a")
    timed, n = probe.f, 100_000
    start = time.process_time()
    for _ in range(n):
        timed()
    middle = time.process_time()
    for _ in range(n):
        plain()
    return max(0.0, (2 * middle - start - time.process_time()) / n)


def _instrument(clock: PhaseClock) -> list:
    """Wrap the functions of each phase (module attributes, looked up at call time); returns the originals."""
    from coupling_sym.stability import critical, crossing, radius, summary

    fixed = lambda label: (lambda parent: label)  # noqa: E731
    inherit = lambda parent: parent or "d.other"  # noqa: E731
    targets = [
        (crossing, "propose_critical_points", fixed("a")),
        (crossing, "_propose", lambda parent: "a" if parent in (None, "a", "d.other", "d.isolate") else parent),
        (crossing, "_float_brackets", fixed("a")),
        (crossing, "_isolate", fixed("d.isolate")),
        (crossing, "count_real_roots", fixed("d.sturm")),
        # the Newton polish of brackets from _isolate; inside a refinement it is refinement
        (crossing, "_tighten", lambda parent: "d.tighten" if parent == "d.isolate" else inherit(parent)),
        # signs certify brackets in _float_brackets and _tighten (from _isolate); elsewhere (refinement) not
        (crossing, "_signs", lambda parent: "b" if parent in ("a", "d.tighten") else inherit(parent)),
        (crossing, "_flint_balls", fixed("d.flint")),
        (crossing, "critical_point_poly", fixed("d.R")),
        (crossing._Evaluator, "__init__", fixed("d.forms")),
        (crossing._Evaluator, "first", fixed("c.real")),
        (crossing._Evaluator, "_complex_values", lambda parent: "c.complex" if parent == "c.real" else inherit(parent)),
        (crossing._Evaluator, "refine", fixed("d.refine")),
        (crossing.Crossing, "refined", fixed("d.refine")),
        (crossing, "_refine_batch", fixed("d.refine")),
        (critical, "verdict_of_poly", fixed("d.walk")),
        (critical, "root_outside_near", fixed("d.walk")),
        (critical, "limit_verdict", fixed("d.limit")),
        (critical, "unit_roots_are_roots_of_unity", fixed("d.limit")),
        (summary, "unit_roots_are_roots_of_unity", fixed("d.limit")),
        (summary, "estimate_limit_radii", fixed("d.radius")),
        (radius.LimitRadius, "text", fixed("d.radius")),
    ]
    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in targets]
    for owner, name, label in targets:
        clock.wrap(owner, name, label)
    return originals


def phases(low: int, high: int, p: Fraction) -> None:
    """One timed run of ``verify_pairs`` on ``low..high`` with the phase clock, one without, and the floor."""
    from coupling_sym.stability.summary import verify_pairs

    from coupling_sym.stability import crossing

    pairs = [(a, b) for a in range(low, high + 1) for b in range(a + 1, high + 1)]
    crossing._chebyshev_matrix.cache_clear()      # both runs build the Chebyshev matrices, as a fresh process does
    start = time.process_time()
    plain = run_toolkit(pairs, p)
    untimed = time.process_time() - start

    clock = PhaseClock()
    originals = _instrument(clock)
    try:
        clear_caches()
        crossing._chebyshev_matrix.cache_clear()
        start = clock.mark = time.process_time()
        reports = verify_pairs(pairs, p)
        for report in reports:
            report.limit_rho_text(6)
        clock._switch()
        total = time.process_time() - start
    finally:
        for owner, name, func in reversed(originals):
            setattr(owner, name, func)
    cost = _wrapper_cost()
    same = sum(a.as_dict() == b.as_dict() and a.critical == b.critical
               for a, b in zip(reports, plain.values()))
    by_phase = {phase: sum(s for label, s in clock.seconds.items() if LABELS[label][0] == phase) for phase in PHASES}
    print(f"phases of verify_pairs on {low}..{high} at p = {p} ({len(pairs)} pairs), CPU seconds "
          f"(time.process_time, exclusive: each moment charged to the innermost timed call)")
    for phase, text in PHASES.items():
        print(f"  {text:<72} {by_phase[phase]:7.2f} s  {100 * by_phase[phase] / total:5.1f} %")
        for label, (owner, what) in LABELS.items():
            if owner == phase and (len([l for l in LABELS if LABELS[l][0] == phase]) > 1):
                print(f"      {what:<68} {clock.seconds[label]:7.2f} s  {100 * clock.seconds[label] / total:5.1f} %"
                      + (f"  ({clock.entries[label]} entries)" if label != "d.other" else ""))
    print(f"  {'total (sum of the phases ' + format(sum(by_phase.values()), '.2f') + ' s)':<72} {total:7.2f} s"
          f"   untimed run {untimed:.2f} s")
    print(f"  timer overhead: {clock.calls} wrapped calls at {cost * 1e6:.1f} us = {clock.calls * cost:.2f} s "
          f"(timed minus untimed run: {total - untimed:+.2f} s, load noise included)")
    target = 5.0 if high <= 96 else 15.0 if high <= 128 else None
    floor_ = by_phase["b"] + by_phase["c"]
    goal = f"target for 2..{high}: {target:g} s" if target else "no target past 2..128"
    goal += "" if low == 2 else f"; this run is of {low}..{high} only"
    print(f"  floor for identical text = (b) + (c) = {floor_:.2f} s   ({goal})")
    print(f"  reports identical to the untimed run: {same} of {len(pairs)}")
    check = stored_differences(high, p, reports) if low == 2 else None
    if check is not None:
        print(f"stored outputs of 2..{high}: {len(check[1])} of {check[0]} pairs differ")
        for old, new in check[1][:5]:
            print(f"    stored {old}\n    now    {new}")


def time_cli(args: list[str]) -> float:
    exe = Path(sys.executable).with_name("coupling-sym")
    start = time.perf_counter()
    subprocess.run([str(exe), *args], check=False, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--range", default="2..32", help="decode lengths a..b (default 2..32)")
    parser.add_argument("--p", default="1/2", help="share of type A (default 1/2)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side; the fastest counts (default 3)")
    parser.add_argument("--scale", default="", help="also time 2..R for these R (a,b,c) and fit the exponent")
    parser.add_argument("--previous", help="with --scale: also time the package as of this git commit")
    parser.add_argument("--cli", action="store_true", help="also time verify-coprime (2..12, 2..64) and --help from the shell")
    parser.add_argument("--every", action="store_true", help="also time the every-l0 certificates of the odd-gcd pairs")
    parser.add_argument("--phases", action="store_true",
                        help="only time verify_pairs on a..b once, by phase (proposals, signs, first enclosures, rest)")
    args = parser.parse_args()
    low, high = (int(x) for x in args.range.split(".."))
    p = Fraction(args.p)
    pairs = [(a, b) for a in range(low, high + 1) for b in range(a + 1, high + 1)]

    import coupling_sym.stability.summary  # noqa: F401  (imports are not part of the timing)
    run_toolkit([(2, 3)], p)
    if args.phases:
        phases(low, high, p)
        return

    # The three sides take turns, ``--repeat`` rounds, and the fastest run of each counts: the
    # machine is shared, the minimum is the least disturbed, and taking turns exposes every
    # side to the same spells of load.
    runs = {"toolkit": run_toolkit, "critical": run_critical, "baseline": run_baseline}
    times: dict[str, list[float]] = {name: [] for name in runs}
    results = {}
    for _ in range(args.repeat):
        for name, run in runs.items():
            start = time.perf_counter()
            results[name] = run(pairs, p)
            times[name].append(time.perf_counter() - start)
    toolkit, critical, baseline = results["toolkit"], results["critical"], results["baseline"]
    t_toolkit, t_critical, t_baseline = (min(times[name]) for name in ("toolkit", "critical", "baseline"))
    mismatches = [pair for pair in pairs
                  if not baseline[pair][1] == toolkit[pair].critical.value == critical[pair].value
                  or not baseline[pair][0] == toolkit[pair].limit_verdict.value == critical[pair].limit]
    print(f"pairs {args.range} at p = {p}: {len(pairs)} pairs")
    print(f"baseline (integer Schur-Cohn + Euclid + binary search over l0): {t_baseline:8.3f} s")
    print(f"toolkit, same outputs (limit verdict + l0* with its proof):    {t_critical:8.3f} s"
          f"   speed-up {t_baseline / t_critical:.1f}x")
    print(f"toolkit, all of verify-coprime (+ radius, unit-root check):    {t_toolkit:8.3f} s"
          f"   speed-up {t_baseline / t_toolkit:.1f}x")
    print(f"disagreements: {len(mismatches)} {mismatches[:5]}")
    if low == 2:
        check = stored_differences(high, p, [toolkit[pair] for pair in pairs])
        if check is not None:
            print(f"stored outputs of 2..{high}: {len(check[1])} of {check[0]} pairs differ")
    radius_ratio([toolkit[pair] for pair in pairs], p)
    if args.every:
        every_ratio(pairs, p)
    if args.scale:
        scaling([int(x) for x in args.scale.split(",")], p, args.previous)
    if args.cli:
        for cli_args in (["--help"], ["verify-coprime", "--range", "2..12"],
                         ["verify-coprime", "--range", "2..64", "--json"]):
            print(f"coupling-sym {' '.join(cli_args)}: {time_cli(cli_args):.2f} s wall")
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
