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
    """For ``l0 = 0 .. count - 1``: is a root of ``P_l0`` with ``|z| > 1`` proven (ball arithmetic)?

    The exact verdict of such a ``P_l0`` is ``unstable``; this finds it for every ``l0`` at
    once, where the Schur-Cohn recursion and ``gcd(P, P*)`` cost about a quarter of a
    millisecond per ``l0`` (thousands of ``l0`` per pair from ``l_B`` of about 40 on).  With
    ``t = l0 + L``, ``P_l0 = t A - z A'`` has a root near ``w (1 + 1/t)``, ``w = e^(2 pi i / d)``
    (module notes of :mod:`.critical`).  Newton steps in complex floats (all ``l0`` in one
    numpy array) move each guess to a point ``z``; then, as in
    :func:`.verdict.root_outside_near`, ``n |P(z) / P'(z)| < |z| - 1`` in complex balls
    (``n = L - 1`` the degree, ``P' = (t - 1) A' - z A''``) proves a root outside: some root
    lies within ``n |P / P'|`` of ``z``.  ``False`` only means "not shown" (the caller then
    computes the exact verdict); the floats merely choose ``z``.

    Examples
    --------
    >>> from flint import fmpz_poly
    >>> _roots_outside(fmpz_poly([1, 1, 1, 1, 1, 1]), 3, 4)     # (3, 6) at p = 1/2: roots near e^(2 pi i/3)
    [True, True, True, True]
    """
    import cmath

    import numpy as np
    from flint import acb, acb_poly, ctx

    if count <= 0:
        return []
    coeffs = [int(c) for c in A.coeffs()]                       # ascending
    n = len(coeffs) - 1
    if n < 1:
        return [False] * count
    a = np.array(scaled_floats(coeffs))                          # float(c) overflows past 1e308
    k = np.arange(n + 1, dtype=float)
    t = np.arange(count, dtype=float) + (n + 1)                  # t = l0 + L
    z = cmath.exp(2j * cmath.pi / d) * (1 + 1 / t)
    with np.errstate(all="ignore"):
        for _ in range(6):
            powers = np.cumprod(np.column_stack([np.ones_like(z)] + [z] * n), axis=1)   # z^0 .. z^n
            # products and sums, not a matrix product: BLAS threads cost milliseconds a call here
            value = (powers * a).sum(axis=1)
            slope = (powers[:, :-1] * (k[1:] * a[1:])).sum(axis=1)                                  # A'
            curve = (powers[:, :-2] * (k[2:] * (k[2:] - 1) * a[2:])).sum(axis=1) if n >= 2 else 0   # A''
            P = t * value - z * slope
            dP = (t - 1) * slope - z * curve
            z = z - np.where(dP != 0, P / np.where(dP != 0, dP, 1), 0)
    out = []
    with ctx.workprec(64):
        exact = acb_poly(coeffs)
        first = exact.derivative()
        second = first.derivative()
        points = [acb(w.real, w.imag) if cmath.isfinite(w) else None for w in z.tolist()]
        finite = [w for w in points if w is not None]
        values = iter(exact.evaluate(finite, algorithm="iter")) if finite else iter(())
        slopes = iter(first.evaluate(finite, algorithm="iter")) if finite else iter(())
        curves = iter(second.evaluate(finite, algorithm="iter")) if finite else iter(())
        for l0, w in enumerate(points):
            if w is None:
                out.append(False)
                continue
            ti = l0 + n + 1
            value, slope, curve = next(values), next(slopes), next(curves)
            P = ti * value - w * slope
            dP = (ti - 1) * slope - w * curve
            out.append(bool(abs(w) - 1 - n * abs(P / dP) > 0))   # arb: True only when proven
    return out

