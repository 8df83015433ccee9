"""The coprime claim and the radius scan along a prompt ray ``l0_k = r_k t``.

The limit-form theorem with per-type prompts: ``(1 - z) A_r(z) = -rbar z^L +
sum_k p_k r_k z^(L - l_k)`` has every root but 1 strictly inside the unit disk exactly
when ``gcd(l_1, .., l_K) = 1``; for ``d = gcd > 1`` the unit-circle roots are the
nontrivial ``d``-th roots of unity (``z^(L - l_k) = 1`` for every type there, so the two
sides cancel whatever the weights ``p_k r_k``).  :func:`verify_ray_pairs` checks it pair
by pair, exactly, with the same tests as the common-prompt claim
(:mod:`.summary`): the Enestrom-Kakeya bound holds because the weights
``a_j = sum_k p_k r_k [j < l_k]`` do not increase, and ``gcd(A_r, A_r*)`` must be
``1 + z + .. + z^(d-1)``.  Scales ``t`` replace prefill lengths: the prompts are ``r_k t``.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd
from typing import Callable, Iterable, Sequence

from ..errors import parameter_error
from ..params import parse_rational
from .critical import normalise_shares
from .poly import integer_poly
from .ray import critical_scale, normalise_ratios, ray_limit_shares, ray_weights
from .scan import ScanRow
from .summary import PairReport, radius_of_poly
from .verdict import Verdict, limit_verdict, roots_inside_radius, unit_roots_are_roots_of_unity, verdict_of_poly

__all__ = ["verify_ray_pairs", "scan_ray_settings"]


def _finite(lengths, p, r, scales) -> tuple:
    out = []
    for t in scales:
        P = integer_poly(ray_weights(lengths, p, r, t))
        verdict = verdict_of_poly(P)
        out.append((t, verdict, radius_of_poly(P, verdict)))
    return tuple(out)


def verify_ray_pairs(pairs: Iterable[tuple[int, int]], p, ratios: Sequence, scales: Iterable[int] = (),
                     progress: Callable[[], object] | None = None) -> list[PairReport]:
    """:class:`~.summary.PairReport` per pair along the ray ``r`` (``critical`` is a :class:`~.ray.RayCritical`).

    Examples
    --------
    >>> reports = verify_ray_pairs([(2, 3), (2, 4)], "1/2", (1, 2))
    >>> [(r.limit_verdict.value, r.claim_holds, r.critical.value) for r in reports]
    [('stable', True, 2), ('on-circle', True, None)]
    """
    r = normalise_ratios(ratios, 2)
    scales = list(scales)
    reports = []
    for pair in pairs:
        lengths, shares = normalise_shares(pair, p)
        A = integer_poly(ray_limit_shares(lengths, shares, r))
        limit = limit_verdict(A)
        d = gcd(*lengths)
        unit_ok = (d == 1 and limit is Verdict.STABLE) or unit_roots_are_roots_of_unity(A, d)
        reports.append(PairReport(lengths[0], lengths[1], d, limit, radius_of_poly(A, limit), unit_ok,
                                  critical_scale(lengths, shares, r), _finite(lengths, shares, r, scales)))
        if progress is not None:
            progress()
    return reports


def scan_ray_settings(scales: Sequence[int], la_values: Iterable[int], lb_values: Iterable[int],
                      p_values: Iterable, ratios: Sequence, target: object = Fraction(95, 100), top: int = 10,
                      progress: Callable[[int], None] | None = None) -> list[ScanRow]:
    """:func:`~.scan.scan_settings` along a ray: ``ScanRow.l0`` is the scale ``t`` (prompts ``r_k t``).

    Every kept row is decided exactly: ``P_t`` stable (Schur-Cohn) and every root inside
    the circle of radius ``target``.

    Examples
    --------
    >>> rows = scan_ray_settings(range(0, 6), [2], [3], ["1/2"], (1, 2), target="0.95", top=2)
    >>> [(row.l0, round(row.rho ** 2, 9)) for row in rows]     # rho^2 = (t + 3/2) / (3t/2 + 1)
    [(2, 0.875), (3, 0.818181818)]
    """
    goal = parse_rational(target, "target")
    if not 0 < goal <= 1:
        raise parameter_error("target", "in (0, 1]", target if isinstance(target, str) else str(goal))
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise parameter_error("top", "a positive integer", top)
    r = normalise_ratios(ratios, 2)
    scale_list = sorted(set(scales))
    pairs = [(a, b) for a in sorted(set(la_values)) for b in sorted(set(lb_values)) if a < b]
    shares = list(p_values)
    rows: list[ScanRow] = []
    for pair in pairs:
        for share in shares:
            lengths, p = normalise_shares(pair, share)
            critical = critical_scale(lengths, p, r).value
            for t in scale_list:
                P = integer_poly(ray_weights(lengths, p, r, t))
                if verdict_of_poly(P) is not Verdict.STABLE:
                    continue
                if goal == 1 or roots_inside_radius(P, goal):
                    rows.append(ScanRow(t, lengths[0], lengths[1], p[0], radius_of_poly(P, Verdict.STABLE), critical))
            if progress is not None:
                progress(1)
    rows.sort(key=lambda row: (float(goal) - row.rho, row.l_B, row.l_A, row.p, row.l0))
    return rows[:top]
