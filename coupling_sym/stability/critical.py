"""The critical prefill length ``l0*``: the least integer from which ``P_l0`` is stable.

``l0*`` is the least integer ``>= 0`` such that ``P_l0`` is ``stable`` for every integer
``l0 >= l0*``; it is ``None`` when no such integer exists (non-coprime decode lengths:
the roots near the nontrivial ``gcd``-th roots of unity sit outside the circle for every
large ``l0``).  No monotonicity in ``l0`` is assumed.  The argument ("beyond" proven,
not sampled):

1. The number of roots of ``P_l0`` outside the circle is constant on every interval of
   real ``l0 > -1`` free of *crossing values* (:mod:`.crossing`): a finite set, each
   value enclosed in a certified rational interval.
2. Above the largest crossing value, one exact verdict (:mod:`.verdict`) at the integer
   ``top`` just above it settles every ``l0 >= top``.
3. Walking down from ``top``: integers between two crossing values share the verdict of
   the last integer checked; every integer next to or inside a crossing enclosure is
   checked exactly.  The first integer that is not stable is ``l0* - 1``.  Such a check
   is usually ``unstable`` with a root just outside the circle near the crossing point:
   a root proven outside there (:func:`.verdict.root_outside_near`, ball arithmetic)
   settles it without the Schur-Cohn recursion, which decides every other case.

For non-coprime lengths (``d = gcd > 1``) a shorter proof of "none" is used when the
exact check ``gcd(A, A*) = 1 + z + .. + z^(d-1)`` passes: ``A`` then has simple roots
``w`` at the nontrivial ``d``-th roots of unity, and by the implicit function theorem
``P_l0`` has a root ``w (1 + 1/(l0 + L) + O((l0 + L)^-2))``, outside the circle, for every
large ``l0``.  The crossing route remains available (``route="crossing"``) and the tests
check that both agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
import heapq
import math
from math import floor, gcd, inf, isfinite
from typing import Sequence

from ..errors import PrecisionError, parameter_error
from ..params import make_params, two_type_params
from .poly import prefill_poly, shares_poly
from .verdict import Verdict, limit_verdict, root_outside_near, unit_roots_are_roots_of_unity, verdict_of_poly

__all__ = ["CriticalL0", "critical_l0", "normalise_shares"]


@dataclass(frozen=True)
class CriticalL0:
    """The critical prefill length of one setting of lengths and shares.

    Attributes
    ----------
    value : int or None
        ``l0*``, or ``None`` when ``P_l0`` is not stable for any large ``l0``.
    method : str
        ``"crossing-proof"``: "beyond" is proven by the crossing argument (module notes);
        ``"perturbation-proof"``: non-coprime lengths, where the roots of ``A`` at the
        nontrivial ``gcd``-th roots of unity move outside for every large ``l0``;
        ``"resultant-proof"``: extreme shares, by the exact resultant route
        (:func:`_critical`).
    proof : str
        One paragraph saying how the answer was established.
    lengths : tuple of int
    p : tuple of Fraction
    crossings : tuple of float
        The crossing values of ``l0`` that are ``>= 0`` and enclosed to better than 1,
        largest first (display only).
    checks : tuple of (int, str)
        The exact verdicts computed, as ``(l0, verdict)``.
    top : int or None
        The least integer above every crossing value: the number of roots outside the
        circle is the same for every ``l0 >= top`` (``None`` for the perturbation proof).
    limit : str
        Exact verdict of ``A`` (the limiting form without ``z = 1``).

    Examples
    --------
    >>> critical = critical_l0((2, 3), "1/2")
    >>> critical.value, critical.method, critical.limit
    (2, 'crossing-proof', 'stable')
    >>> critical.checks                     # P_1 = 2z^2 + 3z + 2: roots of modulus 1
    ((1, 'on-circle'),)
    """

    value: int | None
    method: str
    proof: str
    lengths: tuple[int, ...]
    p: tuple[Fraction, ...]
    crossings: tuple[float, ...]
    checks: tuple[tuple[int, str], ...]
    top: int | None
    limit: str

    def as_dict(self) -> dict:
        """JSON-ready form."""
        return {"value": self.value, "method": self.method, "proof": self.proof, "top": self.top,
                "crossings": list(self.crossings), "checks": [list(c) for c in self.checks]}


def normalise_shares(lengths: Sequence, p_or_rates) -> tuple[tuple[int, ...], tuple[Fraction, ...]]:
    """Validate lengths and a two-type share ``p`` (or per-type rates) into ``(lengths, p_k)``.

    Examples
    --------
    >>> normalise_shares((2, 3), "1/3")
    ((2, 3), (Fraction(1, 3), Fraction(2, 3)))
    >>> normalise_shares((2, 3, 5), (1, 1, 2))[1]
    (Fraction(1, 4), Fraction(1, 4), Fraction(1, 2))
    """
    lengths = tuple(lengths)
    if (isinstance(p_or_rates, Fraction) and 0 < p_or_rates < 1 and len(lengths) == 2
            and all(type(length) is int and length >= 1 for length in lengths)):
        return lengths, (p_or_rates, 1 - p_or_rates)          # already valid: skip the parsers
    if isinstance(p_or_rates, (str, int, float, Fraction)) and not isinstance(p_or_rates, bool):
        if len(lengths) != 2:
            raise parameter_error("p", "given for two types only (use rates for K types)", p_or_rates)
        params = two_type_params(0, lengths[0], lengths[1], p_or_rates)
    else:
        params = make_params(0, lengths, p_or_rates, 1)
    return params.lengths, params.p


def critical_l0(lengths: Sequence, p_or_rates, route: str = "auto") -> CriticalL0:
    """The least integer ``l0*`` from which ``P_l0`` is stable, with its proof.

    Parameters
    ----------
    lengths : sequence of int
        Decode lengths ``l_k >= 1``.
    p_or_rates : number or sequence
        For two types the share ``p = p_A`` (``0 < p < 1``, exact: ``"1/3"``); otherwise
        the arrival rates of every type.
    route : {"auto", "crossing"}
        ``"auto"`` proves "no l0*" for non-coprime lengths by perturbation (no bound on
        l0 needed); ``"crossing"`` always takes the crossing-value proof, whose ``top``
        bounds the l0 above which one exact verdict settles every larger l0.

    Returns
    -------
    CriticalL0

    Raises
    ------
    ParameterError
        On invalid lengths, shares or rates.

    Examples
    --------
    >>> critical_l0((2, 3), "1/2").value        # P_1 = 2z^2 + 3z + 2 has |z| = 1
    2
    >>> critical_l0((2, 4), "1/2").value is None
    True
    """
    if route not in ("auto", "crossing"):
        raise parameter_error("route", "one of auto, crossing", route)
    lengths, p = normalise_shares(lengths, p_or_rates)
    return _critical(lengths, p, route)


@lru_cache(maxsize=4096)
def _critical(lengths: tuple[int, ...], p: tuple[Fraction, ...], route: str = "auto") -> CriticalL0:
    """``route="auto"`` takes the perturbation proof for non-coprime lengths, ``"crossing"`` never.

    When the crossing values are too large for the refinement (extreme shares, e.g.
    ``p = 1e-300`` puts one near ``2e300``) and ``L <= RESULTANT_MAX_L``, ``route="auto"``
    answers by the exact resultant route of :func:`.ray.critical_scale` along the ray
    ``r = (1, .., 1)`` (a common prompt), method ``"resultant-proof"``.  Otherwise the
    :class:`PrecisionError` names the shares and lengths it was raised for.
    """
    try:
        return _critical_of(lengths, p, route)
    except PrecisionError as exc:
        if route == "auto" and max(lengths) <= RESULTANT_MAX_L:
            return _critical_by_resultant(lengths, p)
        import mpmath

        shares = ", ".join(str(x) if len(str(x)) <= 20 else mpmath.nstr(mpmath.mpf(x.numerator) / x.denominator, 6)
                           for x in p)
        raise PrecisionError(f"p = ({shares}) with lengths {lengths}: {exc}; the exact resultant route takes "
                             f"decode lengths up to {RESULTANT_MAX_L} only") from None


RESULTANT_MAX_L = 5
"""Longest decode length for which ``l0*`` falls back on the resultant route: at
``p = 1e-300`` it takes 0.4 s for ``(2, 3)``, 2.5 s for ``(3, 5)``, 23 s for ``(4, 7)``."""


def _critical_by_resultant(lengths: tuple[int, ...], p: tuple[Fraction, ...]) -> CriticalL0:
    """``l0*`` from the exact crossing polynomial in ``t`` (:func:`.ray.critical_scale`, ``r = 1``)."""
    from .ray import critical_scale

    ray = critical_scale(lengths, p, (1,) * len(lengths))
    proof = ("The crossing values of l0 lie beyond the refinement of the crossing route, so l0* comes from "
             "the common-prompt ray r = (1, .., 1): " + ray.proof)
    return CriticalL0(ray.value, "resultant-proof", proof, lengths, p, (), ray.checks, ray.top, ray.limit)


def _critical_of(lengths: tuple[int, ...], p: tuple[Fraction, ...], route: str) -> CriticalL0:
    from .crossing import crossing_values, with_refinements

    A = shares_poly(lengths, p)
    d = gcd(*lengths)
    limit = limit_verdict(A)
    if route == "auto" and d > 1 and limit is Verdict.ON_CIRCLE and unit_roots_are_roots_of_unity(A, d):
        proof = (f"gcd of the lengths is {d}: gcd(A, A*) = 1 + z + .. + z^{d - 1} exactly, so A has simple "
                 f"roots w at the nontrivial {d}-th roots of unity and none elsewhere on the circle. Near "
                 f"each, P_l0 / (l0 + L) = A - z A' / (l0 + L) has a root w (1 + 1/(l0 + L) + O((l0 + L)^-2)) "
                 f"(implicit function theorem, A'(w) != 0), of modulus > 1 for every large l0: P_l0 is "
                 f"unstable for all large l0, so there is no l0*.")
        return CriticalL0(None, "perturbation-proof", proof, lengths, p, (), (), None, limit.value)
    # First enclosures are usually far narrower than 1.  A wide one (even an infinite one) is
    # refined when it could hold the largest crossing value; the walk refines the others it meets.
    crossings = [c for c in crossing_values(A, d, refine=False, above=0) if c.high >= 0]
    # the loop below refines only wide enclosures reaching above every narrow one: refine those together
    narrow = max((c.high for c in crossings if c.width < 1 or c._source is None), default=-math.inf)
    crossings = with_refinements(crossings, [i for i, c in enumerate(crossings) if c.width >= 1 and c.high >= narrow])
    crossings = _refine_highest(crossings)
    crossings = [c for c in crossings if c.high >= 0]
    if any(c.high == inf for c in crossings):        # no float(): bounds past 1e308 are exact Fractions
        raise PrecisionError(f"the crossing values of lengths {lengths} must have finite enclosures; got an "
                             f"unbounded one (the degree {max(lengths) - 1} is beyond what the certified "
                             f"search refines)")
    top = max((floor(c.high) + 1 for c in crossings), default=0)
    checks: list[tuple[int, str]] = []
    shown = tuple(sorted((max(c.value, 0.0) for c in crossings if c.width < 1), reverse=True))

    def check(l0: int, near=()) -> Verdict:
        # a root proven outside near a crossing point settles "unstable" cheaply; else Schur-Cohn
        poly = prefill_poly(A, l0)
        verdict = Verdict.UNSTABLE if root_outside_near(poly, near) else verdict_of_poly(poly)
        checks.append((l0, verdict.value))
        return verdict

    head = (f"P_l0 has a root on the unit circle only at the crossing values of l0 (critical points "
            f"of |A| on the circle, certified enclosures): {len(crossings)} of them are >= 0, the "
            f"largest below {top}. ")
    if limit is Verdict.STABLE:
        # Above every crossing value the number of roots outside is constant, and as l0 grows
        # the roots of P_l0 / (l0 + L) tend to those of A, all strictly inside (exact verdict).
        value = _walk_down(top, crossings, check)
        below = "" if value == 0 else f"; the exact verdict at l0 = {value - 1} is {checks[-1][1]}"
        proof = head + (f"A is stable (Enestrom-Kakeya and gcd(A, A*) = 1) and the roots of P_l0 tend to those of A, so the "
                        f"number of roots outside, constant for l0 >= {top}, is 0 there. Walking down, "
                        f"every integer inside or next to a crossing was checked exactly "
                        f"({len(checks)} exact verdicts){below}.")
        return CriticalL0(value, "crossing-proof", proof, lengths, p, shown, tuple(checks), top, limit.value)
    if check(top) is not Verdict.STABLE:
        if checks[-1][1] == Verdict.ON_CIRCLE.value:     # impossible: no crossing at top
            raise ArithmeticError(f"P_l0 is on-circle at l0 = {top}, above every crossing value")
        proof = head + (f"The exact verdict at l0 = {top} is unstable, so P_l0 is unstable for every "
                        f"l0 >= {top}: no l0*.")
        return CriticalL0(None, "crossing-proof", proof, lengths, p, shown, tuple(checks), top, limit.value)
    value = _walk_down(top, crossings, check)
    below = "" if value == 0 else f"; the exact verdict at l0 = {value - 1} is {checks[-1][1]}"
    proof = head + (f"Exact verdict stable at l0 = {top}, hence for every l0 >= {top}; walking down, "
                    f"every integer inside or next to a crossing was checked exactly "
                    f"({len(checks)} exact verdicts){below}.")
    return CriticalL0(value, "crossing-proof", proof, lengths, p, shown, tuple(checks), top, limit.value)


def _refine_highest(crossings: list) -> list:
    """``crossings`` with the highest enclosure (the first of equal ones) refined while it is wide.

    A heap keyed ``(-high, index)`` finds the highest where a scan per step cost
    ``O(n^2)`` (thousands of unbounded enclosures a pair at ``l_B ~ 128``); an entry whose
    crossing was refined since it was pushed is skipped.

    Examples
    --------
    >>> from coupling_sym.stability.crossing import Crossing
    >>> [c.high for c in _refine_highest([Crossing(0.0, 0.5, 1j), Crossing(2.0, 2.5, 1j)])]
    [0.5, 2.5]
    """
    crossings = list(crossings)
    heap = [(-c.high, i) for i, c in enumerate(crossings)]
    heapq.heapify(heap)
    while heap:
        key, highest = heapq.heappop(heap)
        if -key != crossings[highest].high:
            continue
        if crossings[highest].width < 1 or crossings[highest]._source is None:
            break
        crossings[highest] = crossings[highest].refined()
        heapq.heappush(heap, (-crossings[highest].high, highest))
    return crossings


_MAX_SPAN = 4096
"""Widest refined crossing enclosure the walk checks integer by integer.  Refinement reaches
width < 1/8 unless the value is beyond float resolution (|l0| >~ 1e15, e.g. p = 1e-30)."""


def _shown(value) -> str:
    """A bound for a message: 3 digits, or a power of ten past float range.

    Examples
    --------
    >>> _shown(Fraction(3, 2)), _shown(Fraction(10 ** 400))
    ('1.5', '~1e400')
    """
    try:
        return f"{float(value):.3g}"
    except OverflowError:
        return f"~1e{len(str(abs(int(value)))) - 1}"


def _walk_down(top: int, crossings: list, check) -> int:
    """``l0*`` given that every integer ``>= top`` is stable (module notes, step 3)."""
    pending = list(crossings)
    pos = top
    while pos > 0:
        m = pos - 1
        hits = [i for i, c in enumerate(pending) if c.low <= pos and c.high >= m]
        # an enclosure narrower than 1 holds at most two integers: checking them costs less than refining
        wide = [i for i in hits if pending[i].width >= 1 and pending[i]._source is not None]
        if wide:
            for i in wide:
                pending[i] = pending[i].refined()
            continue
        if hits:
            loose = [pending[i] for i in hits if pending[i].width > _MAX_SPAN]
            if loose:
                raise PrecisionError(f"the crossing value of l0 near {_shown((loose[0].low + loose[0].high) / 2)} "
                                     f"is enclosed only to within {_shown(loose[0].width)}, too wide to check "
                                     f"integer by integer (the refinement reaches crossing values up to about "
                                     f"1e50); l0* is out of reach for these shares")
            if check(m, [pending[i].z for i in hits]) is not Verdict.STABLE:
                return pos
            pos = m
            continue
        lower = [c.high for c in pending if c.high < m]
        if not lower:
            return 0
        pos = max(floor(max(lower)) + 1, 0)
    return 0
