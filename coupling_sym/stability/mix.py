"""Designing decode-length tiers whose mix is stable: the nearest coprime tiers.

A server that caps decode lengths at tiers ``l_1, .., l_K`` (say 128, 256, 512) with a
common divisor ``d > 1`` is never stable for large prompts: the survival polynomial
``P_l0`` has roots near the nontrivial ``d``-th roots of unity outside the unit circle
(:mod:`.critical`).  Moving the tiers a little fixes that.  A *proposal* is a tuple of
distinct tiers ``l'_k = l_k + delta_k`` with ``|delta_k| <= max_shift``, ``l'_k >= 1`` and
``gcd(l'_1, .., l'_K) = 1`` whose ``P_l0`` (prompt ``l0``, shares ``p_k`` of the given
rates, coefficients ``c_j = (l0 + 1 + j) sum_k p_k [j < l'_k]``) is certified ``stable``
by the exact verdict of :mod:`.verdict`.

Search order: candidates by increasing total change ``sum_k |delta_k|``; the search stops
after the first total change at which ``top`` proposals have been found (that level is
finished, so every proposal of it is seen).  The proposals are ranked nearest first
(total change), and at equal change by spectral radius of ``P_l0`` (smaller converges
faster), then by the critical prompt length ``l0*`` (smaller keeps more prompts
stable).  The radius is a float companion-matrix value used only to rank and display;
``l0*`` comes with its proof (:func:`.critical.critical_l0`), or is left out when the
certified crossing search cannot reach the degree (long tiers).

Long tiers need long prompts: near a root ``w`` of the limiting ``A`` the root of
``P_l0`` sits at about ``w (1 + 1/(l0 + L))``, and coprime tiers such as 127, 256, 512
leave roots of ``A`` within far less than ``1/(l0 + L)`` of the circle unless ``l0`` is
very large, so the search may honestly find nothing at a realistic ``l0``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from math import gcd
from typing import Callable, Sequence

from ..errors import PrecisionError, parameter_error
from ..params import make_params, parse_int
from .critical import _critical
from .poly import prefill_poly, reverse, shares_poly
from .summary import radius_of_poly
from .verdict import Verdict, _schur_in_balls, verdict_of_poly

__all__ = ["MixProposal", "MixDesign", "design_mix", "tier_verdict", "MAX_CANDIDATES"]

#: Most candidate tier tuples ``(2 max_shift + 1)^K`` a search may enumerate.
MAX_CANDIDATES = 200_000


@dataclass(frozen=True)
class MixProposal:
    """One proposed set of tiers.

    Attributes
    ----------
    lengths : tuple of int
        The proposed tiers, in the order of the given ones.
    shifts : tuple of int
        ``l'_k - l_k``.
    change : int
        ``sum_k |shifts_k|``.
    verdict : str
        Certified verdict of ``P_l0`` (always ``stable`` for a proposal).
    rho : float
        Spectral radius of ``P_l0`` (display and ranking only).
    critical_l0 : int or None
        ``l0*`` of the proposal, or None when it could not be certified
        (``critical_note`` says why).
    """

    lengths: tuple[int, ...]
    shifts: tuple[int, ...]
    change: int
    verdict: str
    rho: float
    critical_l0: int | None
    critical_note: str = ""

    def as_dict(self) -> dict:
        """JSON-ready form."""
        return {"lengths": list(self.lengths), "shifts": list(self.shifts), "change": self.change,
                "gcd": gcd(*self.lengths), "verdict": self.verdict, "rho": self.rho,
                "critical_l0": self.critical_l0, "critical_note": self.critical_note}


@dataclass(frozen=True)
class MixDesign:
    """Result of :func:`design_mix`: the given tiers, their verdict, and the proposals."""

    lengths: tuple[int, ...]
    p: tuple[Fraction, ...]
    l0: int
    max_shift: int
    verdict: str
    rho: float
    examined: int
    proposals: tuple[MixProposal, ...]

    def as_dict(self) -> dict:
        """JSON-ready form (shares as exact strings)."""
        return {"lengths": list(self.lengths), "gcd": gcd(*self.lengths), "p": [str(x) for x in self.p],
                "l0": self.l0, "max_shift": self.max_shift, "verdict": self.verdict, "rho": self.rho,
                "examined": self.examined, "proposals": [row.as_dict() for row in self.proposals]}


def tier_verdict(lengths: Sequence[int], p: Sequence[Fraction], l0: int) -> tuple[Verdict, float]:
    """Certified verdict and float radius of ``P_l0`` for tiers ``lengths`` and shares ``p``.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> v, rho = tier_verdict((2, 3), (F(1, 2), F(1, 2)), 3)      # 4z^2 + 5z + 3
    >>> v.value, round(rho, 6)                                     # |z| = sqrt(3)/2
    ('stable', 0.866025)
    """
    poly = prefill_poly(shares_poly(tuple(lengths), tuple(p)), l0)
    verdict = _verdict(poly)
    return verdict, radius_of_poly(poly, verdict)


def _verdict(poly) -> Verdict:
    """:func:`.verdict.verdict_of_poly`, with the Schur-Cohn ball recursion tried at rising
    precision first: long tiers put reflection coefficients near modulus 1, where 128-bit
    balls cannot decide and the exact integer recursion is slow.  A decided ball answer
    is a proof (arb enclosures); "not stable" with ``gcd(P, P*) = 1`` is ``unstable``."""
    if poly.degree() >= 12 and poly[0] != 0:
        for prec in (128, 512, 2048):
            answer = _schur_in_balls(poly, prec)
            if answer is True:
                return Verdict.STABLE
            if answer is False:
                if poly.gcd(reverse(poly)).degree() == 0:
                    return Verdict.UNSTABLE
                break
    return verdict_of_poly(poly)


def _validate(lengths, rates, l0, max_shift, top):
    values = list(lengths) if not isinstance(lengths, (str, bytes)) else None
    if not values:
        raise parameter_error("lengths", "a non-empty list of decode-length tiers", lengths)
    names = [f"lengths[{k}]" for k in range(len(values))]
    tiers = tuple(parse_int(v, name, minimum=1) for v, name in zip(values, names))
    if len(set(tiers)) != len(tiers):
        raise parameter_error("lengths", "a list of distinct tiers", list(tiers))
    rates = [1] * len(tiers) if rates is None else list(rates)
    params = make_params(l0, tiers, rates, 1)
    shift = parse_int(max_shift, "max_shift", minimum=0)
    count = parse_int(top, "top", minimum=1)
    if (2 * shift + 1) ** len(tiers) > MAX_CANDIDATES:
        raise parameter_error("max_shift", f"small enough that (2 max_shift + 1)^K <= {MAX_CANDIDATES} "
                              f"(K = {len(tiers)})", shift)
    return tiers, params.p, params.l0, shift, count


def _candidates(tiers: tuple[int, ...], shift: int):
    """Shift vectors in order of total change, then lexicographically (deterministic)."""
    deltas = list(itertools.product(range(-shift, shift + 1), repeat=len(tiers)))
    deltas.sort(key=lambda d: (sum(abs(x) for x in d), tuple(abs(x) for x in d), d))
    return deltas


def design_mix(lengths: Sequence, rates: Sequence | None = None, l0: object = 64, max_shift: object = 4,
               top: object = 5, progress: Callable[[int], None] | None = None) -> MixDesign:
    """The nearest coprime tiers with a certified stable ``P_l0`` (module notes).

    Parameters
    ----------
    lengths : sequence of int
        The given decode-length tiers, distinct, each ``>= 1``.
    rates : sequence of number-like, optional
        Arrival rates of the tiers (default: equal), giving the mix ``p_k``.
    l0 : int, default 64
        Prompt length at which the proposals must be stable.
    max_shift : int, default 4
        Largest move of any one tier.
    top : int, default 5
        How many proposals to return.
    progress : callable, optional
        Called with 1 after each candidate examined.

    Returns
    -------
    MixDesign
        ``proposals`` may be empty when no candidate within ``max_shift`` is stable.

    Raises
    ------
    ParameterError
        On a tier ``< 1``, repeated tiers, a bad rate, ``l0 < 0``, ``max_shift < 0``,
        ``top < 1`` or a search larger than :data:`MAX_CANDIDATES`.

    Examples
    --------
    >>> design = design_mix([2, 4], l0=3, max_shift=1, top=2)
    >>> design.verdict
    'unstable'
    >>> [(row.lengths, row.change, row.critical_l0) for row in design.proposals]
    [((2, 3), 1, 2), ((1, 4), 1, 3)]
    """
    tiers, p, prompt, shift, count = _validate(lengths, rates, l0, max_shift, top)
    given, given_rho = tier_verdict(tiers, p, prompt)
    found: list[tuple[tuple[int, ...], tuple[int, ...], float]] = []
    examined = 0
    level = None
    for delta in _candidates(tiers, shift):
        change = sum(abs(x) for x in delta)
        if level is not None and change > level:
            break
        proposal = tuple(t + d for t, d in zip(tiers, delta))
        if min(proposal) < 1 or len(set(proposal)) != len(proposal) or gcd(*proposal) != 1:
            continue
        examined += 1
        poly = prefill_poly(shares_poly(proposal, p), prompt)
        verdict = _verdict(poly)          # the radius only for the stable ones: it costs more
        if progress is not None:
            progress(1)
        if verdict is Verdict.STABLE:
            found.append((proposal, delta, radius_of_poly(poly, verdict)))
            if len(found) >= count and level is None:
                level = change
    rows = sorted((_proposal(proposal, delta, rho, p) for proposal, delta, rho in found),
                  key=lambda row: (row.change, row.rho, _unbounded(row.critical_l0), row.lengths))
    rows = tuple(rows[:count])
    return MixDesign(tiers, p, prompt, shift, given.value, given_rho, examined, rows)


def _unbounded(value):
    return float("inf") if value is None else value


def _proposal(lengths, delta, rho, p) -> MixProposal:
    try:
        critical, note = _critical(tuple(lengths), tuple(p)).value, ""
    except PrecisionError as exc:
        critical, note = None, f"not certified: {exc}"
    return MixProposal(tuple(lengths), tuple(delta), sum(abs(x) for x in delta), Verdict.STABLE.value,
                       rho, critical, note)
