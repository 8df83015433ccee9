"""Per-type prompts along a ray ``l0_k = r_k t``: the pencil, its limit and critical scale.

Convention: ``ratios`` ``r = (r_1, .., r_K)`` are positive rationals, normalised to the
primitive integer vector on the same ray (``1, 1.5`` becomes ``2, 3``), so every integer
scale ``t >= 0`` gives integer prompts ``l0_k = r_k t``.  Coefficient lists are highest
degree first.  At scale ``t`` the stage weights are affine in ``t``:

    c_j(t) = sum_k p_k (r_k t + 1 + j) [j < l_k] = t a_j + b_j,
    a_j = sum_k p_k r_k [j < l_k],    b_j = (1 + j) s_j,

so ``P_t = t A_r + (L A - z A')`` with ``A_r(z) = sum_j a_j z^(L-1-j)`` (``A_r = A`` for
a common prompt, ``r = 1``) and ``(1 - z) A_r(z) = -rbar z^L + sum_k p_k r_k z^(L - l_k)``,
``rbar = sum_k p_k r_k``: the limiting form ``lim P_t / t``.

Critical scale ``t*``: the least integer ``t >= 0`` with ``P_t`` stable for every integer
``t' >= t`` (``None`` when no such integer exists).  The proof, independent of the
common-prompt machinery of :mod:`.critical` (the tests compare the two at ``r = 1``):

1. A root of ``P_t`` on the unit circle makes ``P_t`` and its reverse
   ``z^(L-1) P_t(1/z)`` share a root, so ``t`` is a real root of the *crossing
   polynomial* ``R(t) = Res_z(P_t, reverse P_t)``, of degree at most ``2 (L - 1)`` in
   ``t``.  ``R`` is evaluated exactly (flint resultants of integer polynomials) at
   ``2 (L - 1) + 1`` integers, interpolated exactly, and checked at one more integer.
2. The leading coefficient ``rbar t + 1`` never vanishes for ``t >= 0``, so the roots of
   ``P_t`` move continuously and the number outside the circle is constant between
   consecutive real roots of ``R``; these are isolated in exact rational intervals of
   width below 1 (sympy ``Poly.intervals``).
3. One exact Schur-Cohn verdict (:func:`.verdict.certify_stability`) per gap between
   root intervals, and one at every integer inside or at the edge of a root interval,
   walking down from the integer above the largest root, settles every integer ``t``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import ceil, floor, gcd, lcm
from typing import Sequence

import sympy as sp
from flint import fmpz_poly

from ..errors import DerivationError, parameter_error
from ..params import ModelParams, make_params, parse_rational
from .verdict import Verdict, certify_stability

__all__ = ["RayCritical", "normalise_ratios", "ray_pencil", "ray_weights", "ray_limit_shares",
           "crossing_polynomial", "critical_scale", "ray_of_prompts", "ray_summary"]


def normalise_ratios(ratios: Sequence, count: int) -> tuple[int, ...]:
    """Positive rational ratios as the primitive integer vector on their ray.

    Raises
    ------
    ParameterError
        For a list of the wrong length or a ratio that is not a positive number.

    Examples
    --------
    >>> normalise_ratios(["1", "1.5"], 2), normalise_ratios([2, 4], 2)
    ((2, 3), (1, 2))
    >>> normalise_ratios([1, 0], 2)
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: r_B must be a ratio > 0; got 0
    """
    items = list(ratios) if not isinstance(ratios, (str, bytes)) else None
    if items is None or len(items) != count:
        raise parameter_error("ratios", f"a list of {count} prompt ratios (one per type)", ratios)
    names = make_params(0, [1] * count, [1] * count, 1).names
    values = []
    for name, value in zip(names, items):
        ratio = parse_rational(value, f"r_{name}")
        if ratio <= 0:
            raise parameter_error(f"r_{name}", "a ratio > 0", value)
        values.append(ratio)
    den = lcm(*(v.denominator for v in values))
    ints = [int(v * den) for v in values]
    common = gcd(*ints)
    return tuple(v // common for v in ints)


def ray_of_prompts(prompts: Sequence[int]) -> tuple[tuple[int, ...], int] | None:
    """``(r, t)`` with ``prompts = r t`` and ``r`` primitive; ``None`` for all-zero prompts.

    Examples
    --------
    >>> ray_of_prompts((30, 60)), ray_of_prompts((0, 4))
    (((1, 2), 30), ((0, 1), 4))
    """
    t = gcd(*prompts)
    if t == 0:
        return None
    return tuple(v // t for v in prompts), t


def ray_pencil(lengths: Sequence[int], p: Sequence[Fraction], ratios: Sequence[int]):
    """``(a, b)`` with ``c_j(t) = t a_j + b_j`` (exact Fractions, ``j = 0 .. L-1``).

    Examples
    --------
    >>> a, b = ray_pencil((2, 3), (Fraction(1, 2), Fraction(1, 2)), (1, 2))
    >>> [str(x) for x in a], [str(x) for x in b]
    (['3/2', '3/2', '1'], ['1', '2', '3/2'])
    """
    L = max(lengths)
    a = [sum((pk * rk for pk, rk, lk in zip(p, ratios, lengths) if j < lk), Fraction(0)) for j in range(L)]
    b = [(1 + j) * sum((pk for pk, lk in zip(p, lengths) if j < lk), Fraction(0)) for j in range(L)]
    return a, b


def ray_weights(lengths, p, ratios, t) -> list[Fraction]:
    """Stage weights ``c_j(t)`` at scale ``t`` (any rational ``t``)."""
    a, b = ray_pencil(lengths, p, ratios)
    t = Fraction(t)
    return [t * x + y for x, y in zip(a, b)]


def ray_limit_shares(lengths, p, ratios) -> list[Fraction]:
    """Coefficients of ``A_r`` (highest degree first): the weights ``a_j`` of ``p_k r_k``."""
    return ray_pencil(lengths, p, ratios)[0]


def _integer_coeffs(values: Sequence[Fraction], den: int) -> list[int]:
    return [int(v * den) for v in values]


def crossing_polynomial(lengths, p, ratios) -> sp.Poly:
    """``R(t) = Res_z(P_t, z^(L-1) P_t(1/z))`` up to a positive constant, exact (sympy, in ``t``).

    Raises
    ------
    DerivationError
        If the interpolated polynomial misses the check point (never expected).

    Examples
    --------
    >>> # P_t = (t+1) z + (t+2)/2 for lengths (1, 2), p = 1/2, r = (1, 1):
    >>> # Res((t+1) z + (t+2)/2, (t+2)/2 z + (t+1)) is (t+1)^2 - (t+2)^2/4, times 4.
    >>> crossing_polynomial((1, 2), (Fraction(1, 2), Fraction(1, 2)), (1, 1)).as_expr()
    3*t**2 + 4*t
    """
    a, b = ray_pencil(lengths, p, ratios)
    n = len(a) - 1
    den = lcm(*(x.denominator for x in a + b))
    ai, bi = _integer_coeffs(a, den), _integer_coeffs(b, den)

    def value(t: int) -> int:
        coeffs = [t * x + y for x, y in zip(ai, bi)]          # highest degree first
        forward, backward = fmpz_poly(coeffs[::-1]), fmpz_poly(coeffs)
        return int(forward.resultant(backward))

    points = list(range(2 * n + 1))
    values = [value(t) for t in points]
    poly = _interpolate(points, values)
    check = 2 * n + 1
    t = sp.Symbol("t")
    result = sp.Poly(sum(sp.Rational(c.numerator, c.denominator) * t ** i for i, c in enumerate(poly)), t,
                     domain=sp.QQ)
    if result.eval(check) != value(check):
        raise DerivationError("the crossing polynomial must match its check point; got a mismatch at "
                              f"t = {check}")
    if result.is_zero:
        return sp.Poly(0, t)
    primitive = result.clear_denoms(convert=True)[1].primitive()[1]
    return primitive if primitive.LC() > 0 else -primitive


def _interpolate(points: list[int], values: list[int]) -> list[Fraction]:
    """Ascending coefficients of the polynomial through ``(points, values)`` (Newton form)."""
    coeffs = [Fraction(v) for v in values]
    n = len(points)
    for level in range(1, n):
        for i in range(n - 1, level - 1, -1):
            coeffs[i] = (coeffs[i] - coeffs[i - 1]) / (points[i] - points[i - level])
    result = [Fraction(0)] * n
    for i in range(n - 1, -1, -1):          # Horner on the Newton basis
        shifted = [Fraction(0)] + result[:-1]
        result = [s - points[i] * r for s, r in zip(shifted, result)]
        result[0] += coeffs[i]
    return result


@dataclass(frozen=True)
class RayCritical:
    """The critical scale along one ray.

    Attributes
    ----------
    value : int or None
        ``t*``; ``None`` when ``P_t`` is not stable for any large ``t``.
    ratios : tuple of int
        The primitive ray ``r``; the prompts at ``t*`` are ``r_k t*``.
    lengths, p : tuples
    limit : str
        Exact verdict of ``A_r``.
    roots : tuple of (Fraction, Fraction)
        Isolating intervals of the real roots ``t >= 0`` of the crossing polynomial.
    checks : tuple of (int, str)
        The exact verdicts computed, as ``(t, verdict)``.
    top : int
        An integer above every crossing: ``P_t`` has the verdict of ``t = top`` for all
        ``t >= top``.
    proof : str
    """

    value: int | None
    ratios: tuple[int, ...]
    lengths: tuple[int, ...]
    p: tuple[Fraction, ...]
    limit: str
    roots: tuple[tuple[Fraction, Fraction], ...]
    checks: tuple[tuple[int, str], ...]
    top: int
    proof: str

    @property
    def method(self) -> str:
        """How "beyond" was proven (the crossing polynomial along the ray)."""
        return "ray-crossing-proof"

    @property
    def prompts(self) -> tuple[int, ...] | None:
        """The prompts ``r_k t*`` at the critical scale."""
        return None if self.value is None else tuple(r * self.value for r in self.ratios)

    def as_dict(self) -> dict:
        """JSON-ready form."""
        return {"value": self.value, "ratios": list(self.ratios), "prompts": self.prompts,
                "limit": self.limit, "top": self.top, "proof": self.proof,
                "roots": [[str(lo), str(hi)] for lo, hi in self.roots],
                "checks": [list(c) for c in self.checks]}


def _root_intervals(R: sp.Poly) -> list[tuple[Fraction, Fraction]]:
    """Exact isolating intervals, width < 1, of the real roots ``t >= 0`` of ``R``, ascending."""
    if R.is_zero:
        raise DerivationError("the crossing polynomial must not vanish identically; got 0 (the "
                              "polynomial and its reverse share a factor at every scale)")
    out = []
    for (lo, hi), _ in R.intervals(eps=sp.Rational(1, 2)):
        lo, hi = Fraction(int(lo.p), int(lo.q)), Fraction(int(hi.p), int(hi.q))
        if hi >= 0:
            out.append((lo, hi))
    return sorted(out)


def critical_scale(lengths: Sequence, p_or_rates, ratios: Sequence) -> RayCritical:
    """The least integer ``t`` from which ``P_t`` (prompts ``r_k t``) is stable, with its proof.

    Parameters
    ----------
    lengths : sequence of int
        Decode lengths ``l_k >= 1``.
    p_or_rates : number or sequence
        For two types the share ``p`` of type A; otherwise the rates.
    ratios : sequence of number-like
        Prompt ratios ``r_k > 0`` (normalised by :func:`normalise_ratios`).

    Raises
    ------
    ParameterError
        For invalid lengths, shares or ratios.

    Examples
    --------
    >>> critical_scale((2, 3), "1/2", (1, 1)).value          # the common-prompt l0* = 2
    2
    >>> result = critical_scale((2, 3), "1/2", (1, 2))     # |z|^2 = (t + 3/2) / (3t/2 + 1)
    >>> result.value, result.prompts
    (2, (2, 4))
    >>> critical_scale((2, 4), "1/2", (1, 3)).value is None  # non-coprime: never stable
    True
    """
    from .critical import normalise_shares

    lengths, p = normalise_shares(lengths, p_or_rates)
    r = normalise_ratios(ratios, len(lengths))
    limit = certify_stability(ray_limit_shares(lengths, p, r)) if max(lengths) > 1 else Verdict.STABLE
    checks: list[tuple[int, str]] = []

    def stable(t: int) -> bool:
        verdict = certify_stability(ray_weights(lengths, p, r, t)) if max(lengths) > 1 else Verdict.STABLE
        checks.append((t, verdict.value))
        return verdict is Verdict.STABLE

    if max(lengths) == 1:
        stable(0)
        return RayCritical(0, r, lengths, p, limit.value, (), tuple(checks), 0,
                           "L = 1: P_t is a non-zero constant, stable at every scale.")
    R = crossing_polynomial(lengths, p, r)
    roots = _root_intervals(R)
    top = max([0] + [floor(hi) + 1 for _, hi in roots])
    if not stable(top):
        proof = (f"crossing polynomial of degree {R.degree()} has {len(roots)} real roots t >= 0, all below "
                 f"{top}; P_{top} is {checks[-1][1]} (exact), hence so is P_t for every t >= {top}.")
        return RayCritical(None, r, lengths, p, limit.value, tuple(roots), tuple(checks), top, proof)
    special = sorted({t for lo, hi in roots for t in range(max(floor(lo), 0), ceil(hi) + 1)}, reverse=True)
    value, t = 0, top - 1
    while t >= 0:
        if t in special:
            if not stable(t):
                value = t + 1
                break
            t -= 1
            continue
        # t lies in a gap free of crossings: one check covers the whole run down to the next special integer
        below = max([s for s in special if s < t], default=-1)
        if not stable(t):
            value = t + 1
            break
        t = below
    proof = (f"crossing polynomial R(t) = Res_z(P_t, reverse P_t) of degree {R.degree()}, {len(roots)} real roots "
             f"t >= 0 isolated exactly; {len(checks)} exact Schur-Cohn verdicts, one per crossing-free run of "
             f"integers and one per integer next to a root, from t = {top} down.")
    return RayCritical(value, r, lengths, p, limit.value, tuple(roots), tuple(checks), top, proof)


def ray_summary(params: ModelParams, dps: int = 30) -> dict:
    """Stability facts of a setting with per-type prompts, for ``config.json``.

    The keys of :func:`coupling_sym.stability.summary.stability_summary`, read along the
    ray through the prompts (``prompts = r t``): ``limit_*`` are those of ``A_r`` and
    ``critical_l0`` is the critical scale ``t*`` (prompts ``r t*``), with ``ray`` and
    ``scale`` recorded beside them.

    Examples
    --------
    >>> facts = ray_summary(make_params([30, 60], (2, 3), (1, 1), 60))
    >>> facts["verdict"], facts["ray"], facts["scale"], facts["critical_l0"], facts["critical_prompts"]
    ('stable', [1, 2], 30, 2, [2, 4])
    """
    import mpmath

    from .poly import integer_poly
    from .roots import compute_roots
    from .summary import radius_of_poly

    verdict = certify_stability(params.stage_weights) if params.L > 1 else Verdict.STABLE
    roots = compute_roots(params.stage_weights, dps=dps)
    rho = mpmath.mpf(1) if verdict is Verdict.ON_CIRCLE else roots.rho
    ray = ray_of_prompts(params.prompts)
    out = {"verdict": verdict.value, "rho": float(rho), "rho_digits": mpmath.nstr(rho, dps),
           "rho_error_bound": float(roots.error_bound)}
    if ray is None:
        return out
    r, scale = ray
    if min(r) == 0:
        out.update({"ray": list(r), "scale": scale, "critical_l0": None, "critical_l0_method": "not-applicable",
                    "critical_l0_proof": "a zero prompt: the ray needs every ratio r_k > 0"})
        return out
    critical = critical_scale(params.lengths, params.rates, r)
    limit_coeffs = ray_limit_shares(params.lengths, params.p, r)
    limit = certify_stability(limit_coeffs) if params.L > 1 else Verdict.STABLE
    out.update({"limit_verdict": limit.value,
                "limit_rho": radius_of_poly(integer_poly(limit_coeffs), limit) if params.L > 1 else 0.0,
                "ray": list(r), "scale": scale, "critical_l0": critical.value,
                "critical_prompts": None if critical.prompts is None else list(critical.prompts),
                "critical_l0_method": "ray-crossing-proof", "critical_l0_proof": critical.proof})
    return out
