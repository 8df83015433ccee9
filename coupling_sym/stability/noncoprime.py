"""Non-coprime decode lengths: ``P_l0`` unstable for *every* prefill length ``l0 >= 0``.

Convention: ``d = gcd(l_1, .., l_K) > 1``, ``L = max_k l_k``, ``s_j = sum_k p_k [j < l_k]``
and ``P_l0(z) = sum_j (l0 + 1 + j) s_j z^(L-1-j)`` (degree ``L - 1``, see :mod:`.poly`).
Two routes, chosen by the parity of ``d``:

* **even d -- a proof for every l0.**  Every ``l_k`` is a multiple of ``d``, so ``s_j``
  is constant on each block ``j = md .. md + d - 1``; ``L`` is even and the degree
  ``L - 1`` is odd.  Pairing ``j = md + 2r`` with ``j + 1`` inside a block,
  ``(-1)^j c_j + (-1)^(j+1) c_(j+1) = -s_j``, so
  ``sum_j (-1)^j c_j = -(1/2) sum_j s_j = -(1/2) sum_k p_k l_k`` and, the degree being odd,
  ``P_l0(-1) = -sum_j (-1)^j c_j = (1/2) sum_k p_k l_k > 0`` -- the same value for every
  ``l0`` (and for per-type prompts ``l0_k`` too: the pair difference is again ``-s_j``).
  The leading coefficient ``l0 + 1`` is positive and the degree odd, so
  ``P_l0(x) -> -inf`` as ``x -> -inf``: ``P_l0`` has a real root ``x < -1``.  This holds
  for any ``K`` and any shares, without computation; the toolkit states it with the
  exact value of ``P_l0(-1)``.
* **odd d -- a certificate over a range.**  No proof is known (the note states the claim
  as a conjecture).  The crossing-value analysis (:mod:`.crossing`, route ``"crossing"``
  of :func:`.critical.critical_l0`) bounds the ``l0`` above which one exact verdict
  settles every larger ``l0`` (``top``); each integer ``0 <= l0 < top`` then gets its own
  exact verdict (:func:`.verdict.verdict_of_poly`).  All of them ``unstable`` certifies
  instability for every ``l0 >= 0`` for these lengths and shares.
"""

from __future__ import annotations

import cmath
from dataclasses import dataclass
from fractions import Fraction
from math import gcd
from typing import Sequence

from ..errors import PrecisionError
from .critical import _critical, normalise_shares
from .poly import prefill_poly, scaled_floats, shares_poly
from .verdict import Verdict, verdict_of_poly

__all__ = ["EveryPrefill", "value_at_minus_one", "certify_every_prefill"]


@dataclass(frozen=True)
class EveryPrefill:
    """Whether ``P_l0`` is unstable for every integer ``l0 >= 0``, and how that is known.

    Attributes
    ----------
    lengths : tuple of int
    p : tuple of Fraction
    gcd : int
    unstable : bool
        ``True`` when instability for every ``l0 >= 0`` is proven or certified.
    route : str
        ``"even-gcd-proof"`` (module notes), ``"crossing-certificate"`` (odd ``d``: crossing
        bound plus one exact verdict per ``l0`` below it), ``"coprime"`` (``d = 1``: the
        claim does not apply, ``unstable`` is ``False``) or ``"not-certified"`` (odd ``d``
        and some verdict below the bound was not ``unstable``).
    proof : str
        One paragraph saying how the answer was established.
    top : int or None
        Crossing route: every ``l0 >= top`` is settled by one exact verdict.
    checks : int
        Number of exact verdicts computed (crossing route).
    """

    lengths: tuple[int, ...]
    p: tuple[Fraction, ...]
    gcd: int
    unstable: bool
    route: str
    proof: str
    top: int | None = None
    checks: int = 0

    def as_dict(self) -> dict:
        """JSON-ready form."""
        return {"unstable_for_every_l0": self.unstable, "route": self.route, "top": self.top,
                "exact_checks": self.checks, "proof": self.proof}


def value_at_minus_one(params) -> Fraction:
    """``P_l0(-1)`` exactly, from the stage weights ``c_j`` of ``params`` (a ``ModelParams``).

    Examples
    --------
    >>> from coupling_sym.params import two_type_params
    >>> value_at_minus_one(two_type_params(0, 2, 4, "1/2"))     # z^3 + 2z^2 + 3/2 z + 2
    Fraction(3, 2)
    >>> value_at_minus_one(two_type_params(1, 2, 3, "1/2"))     # 2z^2 + 3z + 2
    Fraction(1, 1)
    """
    weights = params.stage_weights                     # highest degree first: c_j multiplies z^(L-1-j)
    n = len(weights) - 1
    return sum((c * (-1) ** (n - j) for j, c in enumerate(weights)), Fraction(0))


def certify_every_prefill(lengths: Sequence[int], p_or_rates) -> EveryPrefill:
    """Prove (even ``gcd``) or certify (odd ``gcd``) that ``P_l0`` is unstable for every ``l0 >= 0``.

    Parameters
    ----------
    lengths : sequence of int
        Decode lengths ``l_k >= 1``.
    p_or_rates : number or sequence
        For two types the share ``p = p_A``; otherwise the arrival rates of every type.

    Returns
    -------
    EveryPrefill

    Raises
    ------
    ParameterError
        On invalid lengths, shares or rates.
    PrecisionError
        When the crossing values (odd ``gcd``) cannot be enclosed, or lie so high that the
        certificate would need more than :data:`MAX_CHECKED_PREFILLS` verdicts (extreme shares:
        ``p = 1e-300`` puts them near ``1e300``).

    Examples
    --------
    >>> certify_every_prefill((2, 4), "1/2").route
    'even-gcd-proof'
    >>> result = certify_every_prefill((3, 6), "1/2")
    >>> result.unstable, result.route
    (True, 'crossing-certificate')
    >>> certify_every_prefill((2, 3), "1/2").unstable
    False
    """
    lengths, p = normalise_shares(lengths, p_or_rates)
    d = gcd(*lengths)
    if d == 1:
        return EveryPrefill(lengths, p, d, False, "coprime",
                            "the lengths are coprime: P_l0 is stable for every l0 >= l0* (no claim here)")
    if d % 2 == 0:
        return _even_proof(lengths, p, d)
    return _crossing_certificate(lengths, p, d)


def _even_proof(lengths: tuple[int, ...], p: tuple[Fraction, ...], d: int) -> EveryPrefill:
    half = sum((pk * lk for pk, lk in zip(p, lengths)), Fraction(0)) / 2
    L = max(lengths)
    proof = (f"gcd of the lengths is {d}, even: the stage shares s_j are constant on blocks of length {d}, "
             f"so pairing j = 2r with j + 1 inside each block gives P_l0(-1) = (1/2) sum_k p_k l_k = {half} > 0 "
             f"for every l0; the degree {L - 1} is odd and the leading coefficient l0 + 1 > 0, so P_l0 has a real "
             f"root below -1 for every l0 >= 0.")
    return EveryPrefill(lengths, p, d, True, "even-gcd-proof", proof)


MAX_CHECKED_PREFILLS = 10_000_000
"""Most prefill lengths the odd-gcd certificate checks one by one (its ``top``)."""


def _magnitude(value: int) -> str:
    """``value`` as text, or its order of magnitude when it is long (no 4300-digit limit)."""
    return str(value) if value.bit_length() < 64 else f"about 2^{value.bit_length() - 1}"


def _crossing_certificate(lengths: tuple[int, ...], p: tuple[Fraction, ...], d: int) -> EveryPrefill:
    critical = _critical(lengths, p, "crossing")
    if critical.value is not None or critical.top is None:
        return EveryPrefill(lengths, p, d, False, "not-certified",
                            f"the crossing analysis found l0* = {critical.value}", critical.top)
    A = shares_poly(lengths, p)
    top = critical.top
    if top > MAX_CHECKED_PREFILLS:
        raise PrecisionError(f"the every-l0 certificate of lengths {lengths} needs one verdict for each l0 below "
                             f"{_magnitude(top)}; at most {MAX_CHECKED_PREFILLS} are checked (shares this close "
                             f"to 0 or 1 are out of its reach)")
    # the crossing proof checked l0 = top exactly and it settles every l0 >= top
    shown = _roots_outside(A, d, top)
    verdicts = [Verdict.UNSTABLE if outside else verdict_of_poly(prefill_poly(A, l0))
                for l0, outside in enumerate(shown)]
    bad = [l0 for l0, verdict in enumerate(verdicts) if verdict is not Verdict.UNSTABLE]
    if bad:
        return EveryPrefill(lengths, p, d, False, "not-certified",
                            f"P_l0 is not unstable at l0 = {bad[0]}", top, top + 1)
    below = "" if top == 0 else f"; the {top} exact verdicts at l0 = 0..{top - 1} are all unstable"
    proof = (f"gcd of the lengths is {d}, odd: every crossing value of l0 (certified enclosures) is below "
             f"{top}, and the exact verdict at l0 = {top} is unstable, so P_l0 is unstable for every "
             f"l0 >= {top}{below}.")
    return EveryPrefill(lengths, p, d, True, "crossing-certificate", proof, top, top + 1)


def _roots_outside(A, d: int, count: int) -> list[bool]:
    """For ``l0 = 0 .. count - 1``: is a root of ``P_l0`` with ``|z| > 1`` proven (certified float bounds)?

    The exact verdict of such a ``P_l0`` is ``unstable``; this finds it for many ``l0`` at
    once, where the Schur-Cohn recursion and ``gcd(P, P*)`` cost about a quarter of a
    millisecond per ``l0`` (thousands of ``l0`` per pair from ``l_B`` of about 40 on).  With
    ``t = l0 + L``, ``P_l0 = t A - z A'`` has a root near ``w (1 + 1/t)``, ``w = e^(2 pi i / d)``
    (module notes of :mod:`.critical`).  The ``l0`` are taken in runs (:func:`_runs`); for
    each run, Newton steps in complex floats (all runs in one numpy array) find the root
    ``z0`` for the run's middle ``t``, and :func:`_proven_outside` shows, in floats with
    proven error bounds and for every ``t`` of the run at once, that every ``P_t`` of the
    run has a root close to ``z0`` and outside the circle.  A run not shown is halved and its halves
    tried again (with their own points), down to single ``l0``.
    ``False`` only means "not shown" (the caller then computes the exact verdict); the
    floats merely choose the points.

    Examples
    --------
    >>> from flint import fmpz_poly
    >>> _roots_outside(fmpz_poly([1, 1, 1, 1, 1, 1]), 3, 4)     # (3, 6) at p = 1/2: roots near e^(2 pi i/3)
    [True, True, True, True]
    """
    if count <= 0:
        return []
    coeffs = [int(c) for c in A.coeffs()]                       # ascending
    if len(coeffs) < 2:
        return [False] * count
    shown = [False] * count
    runs = _runs(len(coeffs), count)
    while runs:                     # a run not shown is halved and tried again, down to one l0
        halves = []
        for (lo, hi), proven in zip(runs, _proven_outside(coeffs, d, runs)):
            if proven:
                shown[lo:hi + 1] = [True] * (hi - lo + 1)
            elif hi > lo:
                middle = (lo + hi) // 2
                halves += [(lo, middle), (middle + 1, hi)]
        runs = halves
    return shown


def _runs(L: int, count: int) -> list[tuple[int, int]]:
    """``l0 = 0 .. count - 1`` cut into runs ``lo .. hi`` with ``hi - lo <= (lo + L) / L``.

    Over such a run ``t = l0 + L`` moves by at most ``t / L`` around its middle: the root of
    ``P_t`` near ``w (1 + 1/t)`` moves by about ``1 / (2 L t)`` either way, and ``n = L - 1``
    times ``|P_t(z0) / P_t'(z0)|`` (about ``n`` times that move) stays near half its distance
    ``1 / t`` from the circle, so one point ``z0`` can serve the whole run (measured on the
    odd-gcd pairs with ``l_B = 80..96`` at ``p = 1/2``: runs of ``t / L`` took 2.6-2.9 s, of
    ``t / (2 L)`` 3.9 s, ``2 t / L`` 3.8 s, one ``l0`` at a time 42 s; the same ``l0`` shown).

    Examples
    --------
    >>> _runs(3, 16)[:4], _runs(3, 16)[-2:]
    ([(0, 1), (2, 3), (4, 6), (7, 10)], [(7, 10), (11, 15)])
    """
    runs, lo = [], 0
    while lo < count:
        hi = min(count - 1, lo + (lo + L) // L)
        runs.append((lo, hi))
        lo = hi + 1
    return runs


def _proven_outside(coeffs: list[int], d: int, runs: list[tuple[int, int]]) -> list[bool]:
    """For each run ``lo .. hi`` of ``l0``: is a root of ``P_l0`` with ``|z| > 1`` proven for all of them?

    With ``t`` anywhere in ``[lo + L, hi + L]`` (middle ``m``, half width ``h``) and ``z0`` the
    Newton point of the run's middle, ``P_t(z0) = t A(z0) - z0 A'(z0)`` and
    ``P_t'(z0) = (t - 1) A'(z0) - z0 A''(z0)`` are linear in ``t``, so
    ``|P_t(z0)| <= |P_m(z0)| + h |A(z0)|`` and ``|P_t'(z0)| >= |P_m'(z0)| - h |A'(z0)|``.  A
    polynomial of degree ``n`` has a root within ``n |P / P'|`` of any point, so
    ``n |P_t(z0) / P_t'(z0)| < |z0| - 1`` puts a root of every ``P_t`` of the run outside the
    circle.  The comparison is certified: ``A``, ``A'`` and ``A''`` are evaluated for every
    run at once in floats with proven error bounds (:mod:`.float_bounds`), and each of the
    few operations after them is rounded outward by a margin of ``64 u`` (``u = 2^-53``;
    each bound is built from fewer than 30 roundings of non-negative terms, and a complex
    product or difference is rounded within ``sqrt(5) u`` and ``u`` of its modulus).  True
    only when proven.

    Complex balls (arb, ``64 + n / 2`` bits: each Horner step turns a ball's rectangle and
    widens it by up to ``sqrt 2``, :func:`.poly.turning_bits`) show the same runs on the
    odd-gcd pairs of ``2..96`` at ``p = 1/2`` and ``3/4`` and of ``97..128`` at ``1/2``; the
    runs of ``2..96`` took 5.1-6.1 s that way and take 1.5 s now, about half of it the float
    Newton points (``scripts/bench_stability.py --every`` compares the two side by side).
    """
    import numpy as np

    from .float_bounds import UNIT, evaluate_bounded, scaled_coefficients

    if not runs:
        return []
    n = len(coeffs) - 1
    L = n + 1
    lo, hi = (np.array(column, dtype=float) for column in zip(*runs))
    middle = (lo + hi) / 2 + L                       # exact: half-integers far below 2^52
    half = (hi - lo) / 2
    z = _newton_points(np.array(scaled_floats(coeffs)), d, middle)
    (a0, a1, a2), _ = scaled_coefficients(coeffs, [k * c for k, c in enumerate(coeffs)][1:],
                                          [k * (k - 1) * c for k, c in enumerate(coeffs)][2:])
    with np.errstate(all="ignore"):
        finite = np.isfinite(z)
        z = np.where(finite, z, 0)
        (A, eA), (A1, eA1), (A2, eA2) = evaluate_bounded((a0, a1, a2), z)
        up, down = 1 + 64 * UNIT, 1 - 64 * UNIT
        slack = 3 * UNIT                             # sqrt(5) u + u of a product and a difference
        r = np.abs(z)
        top = hi + L
        value = np.abs(middle * A - z * A1)
        value_up = (value * (1 + slack) + slack * (middle * np.abs(A) + r * np.abs(A1))
                    + half * np.abs(A) + top * eA + r * eA1 * up) * up
        slope = np.abs((middle - 1) * A1 - z * A2)
        slope_cut = (slack * (middle * np.abs(A1) + r * np.abs(A2)) + half * np.abs(A1)
                     + top * eA1 + r * eA2 * up) * up
        slope_down = (slope * (1 - slack) * down - slope_cut) * down
        reach_up = n * value_up / slope_down * up
        margin = (r * down - 1) * down
        proven = finite & (slope_down > 0) & np.isfinite(reach_up) & (margin > reach_up)
    return proven.tolist()


def _newton_points(a, d: int, t):
    """Complex float roots of ``P_t = t A - z A'`` near ``e^(2 pi i / d) (1 + 1/t)``, one per ``t``.

    ``a``: float coefficients of ``A`` (ascending); ``t``: a float array.  Six Newton steps
    in one numpy array, with products and sums rather than a matrix product (BLAS threads
    cost milliseconds a call here).
    """
    import numpy as np

    from .float_bounds import running_powers

    n = len(a) - 1
    k = np.arange(n + 1, dtype=float)
    z = cmath.exp(2j * cmath.pi / d) * (1 + 1 / t)
    with np.errstate(all="ignore"):
        for _ in range(6):
            powers = running_powers(z, n, complex)                                                  # z^0 .. z^n
            value = (powers * a).sum(axis=1)
            slope = (powers[:, :-1] * (k[1:] * a[1:])).sum(axis=1)                                  # A'
            curve = (powers[:, :-2] * (k[2:] * (k[2:] - 1) * a[2:])).sum(axis=1) if n >= 2 else 0   # A''
            P = t * value - z * slope
            dP = (t - 1) * slope - z * curve
            z = z - np.where(dP != 0, P / np.where(dP != 0, dP, 1), 0)
    return z
