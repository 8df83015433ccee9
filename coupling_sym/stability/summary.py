"""Stability summaries: one setting (for run folders) and one pair (for ``verify-coprime``).

Verdicts are exact (:mod:`.verdict`); spectral radii are numbers for display and
sorting.  A radius reported with an ``on-circle`` verdict is exactly 1 (a root lies on
the circle and none outside), so it is written as 1, not as a float that happens to
round near it.  The limiting form ``(1 - z) A(z)`` always has the root ``z = 1``;
verdicts and radii of the limit are those of ``A`` (``A(1) = sum_j s_j > 0``).
"""

from __future__ import annotations

from dataclasses import dataclass
from math import gcd
from typing import Callable, Iterable, Sequence

from ..errors import PrecisionError
from ..params import ModelParams
from .critical import CriticalL0, _critical, normalise_shares
from .poly import prefill_poly, scaled_floats, shares_poly
from .radius import LimitRadius, estimate_limit_radii
from .verdict import Verdict, unit_roots_are_roots_of_unity, verdict_of_poly

__all__ = ["PairReport", "verify_pair", "verify_pairs", "claim_holds", "stability_summary", "radius_of_poly",
           "unit_roots_are_roots_of_unity"]


@dataclass(frozen=True)
class PairReport:
    """What ``verify-coprime`` states about one pair ``(l_A, l_B)`` at share ``p``.

    Attributes
    ----------
    l_A, l_B, gcd : int
    limit_verdict : Verdict
        Verdict of ``A`` (the limiting form without ``z = 1``).
    limit_radius : float or LimitRadius
        Spectral radius of ``A`` (exactly 1 when on-circle): a float, or a
        :class:`.radius.LimitRadius` that computes it when first read (``limit_rho``).
    unit_roots_ok : bool
        The unit-circle roots of ``A`` are exactly the nontrivial ``gcd``-th roots of
        unity, each simple (none at all when ``gcd = 1``): ``gcd(A, A*)`` equals
        ``1 + z + .. + z^(gcd-1)``.
    critical : CriticalL0
    finite : tuple of (int, Verdict, float)
        ``(l0, verdict, rho)`` of ``P_l0`` at the requested prefill lengths.

    Examples
    --------
    >>> (report,) = verify_pairs([(2, 4)], "1/2")
    >>> report.gcd, report.limit_verdict.value, report.unit_roots_ok, report.critical.value
    (2, 'on-circle', True, None)
    """

    l_A: int
    l_B: int
    gcd: int
    limit_verdict: Verdict
    limit_radius: float | LimitRadius
    unit_roots_ok: bool
    critical: CriticalL0
    finite: tuple[tuple[int, Verdict, float], ...]

    @property
    def limit_rho(self) -> float:
        """Spectral radius of ``A`` as a float (companion eigenvalues; exactly 1 when on-circle)."""
        radius = self.limit_radius
        return radius.value if isinstance(radius, LimitRadius) else radius

    def limit_rho_text(self, digits: int) -> str:
        """``f"{limit_rho:.{digits}f}"``, without the eigenvalues when an estimate settles the digits."""
        radius = self.limit_radius
        return radius.text(digits) if isinstance(radius, LimitRadius) else f"{radius:.{digits}f}"

    @property
    def claim_holds(self) -> bool:
        """The limiting-form claim for this pair: stable iff coprime (on-circle at the gcd-th roots otherwise)."""
        if self.gcd == 1:
            return self.limit_verdict is Verdict.STABLE and self.unit_roots_ok
        return self.limit_verdict is Verdict.ON_CIRCLE and self.unit_roots_ok

    def as_dict(self) -> dict:
        """JSON-ready form (the keys of ``verify-coprime --json``)."""
        out = {"l_A": self.l_A, "l_B": self.l_B, "gcd": self.gcd,
               "limit_verdict": self.limit_verdict.value, "limit_rho": self.limit_rho,
               "unit_roots_are_gcd_roots_of_unity": self.unit_roots_ok,
               "critical_l0": self.critical.value,
               "critical_l0_method": self.critical.method,
               "claim_holds": self.claim_holds}
        if self.finite:
            out["finite"] = [{"l0": l0, "verdict": v.value, "rho": rho} for l0, v, rho in self.finite]
        return out


def radius_of_poly(poly, verdict: Verdict) -> float:
    """Float spectral radius of an ``fmpz_poly``; exactly 1.0 when ``verdict`` is on-circle.

    Examples
    --------
    >>> from flint import fmpz_poly
    >>> round(radius_of_poly(fmpz_poly([1, 0, 4]), Verdict.STABLE), 12)     # 4z^2 + 1: |z| = 1/2
    0.5
    """
    if verdict is Verdict.ON_CIRCLE:
        return 1.0
    return _radii([poly])[0]


def _radii(polys) -> list[float]:
    """Float spectral radii of ``fmpz_poly`` s: companion eigenvalues, one LAPACK call per degree."""
    import numpy as np

    out = [0.0] * len(polys)
    by_degree: dict[int, list[int]] = {}
    for i, poly in enumerate(polys):
        if poly.degree() > 0:
            by_degree.setdefault(poly.degree(), []).append(i)
    for n, rows in by_degree.items():
        companions = np.zeros((len(rows), n, n))
        companions[:, 1:, :-1] = np.eye(n - 1)
        for slot, i in enumerate(rows):
            coeffs = scaled_floats([int(c) for c in polys[i].coeffs()])     # ascending; no overflow
            companions[slot, :, -1] = [-c / coeffs[-1] for c in coeffs[:-1]]
        radii = np.max(np.abs(np.linalg.eigvals(companions)), axis=1)
        for slot, i in enumerate(rows):
            out[i] = float(radii[slot])
    return out


def verify_pair(l_A: int, l_B: int, p, l0_values: Iterable[int] = ()) -> PairReport:
    """Exact verdicts, radii and ``l0*`` for one pair (see :class:`PairReport`).

    Examples
    --------
    >>> report = verify_pair(2, 3, "1/2", [1, 3])
    >>> report.limit_verdict.value, report.critical.value, [v.value for _, v, _ in report.finite]
    ('stable', 2, ['on-circle', 'stable'])
    """
    lengths, shares = normalise_shares((l_A, l_B), p)
    A = shares_poly(lengths, shares)
    critical = _critical(lengths, shares)
    return _report(lengths, A, critical, radius_of_poly(A, Verdict(critical.limit)), l0_values)


def _report(lengths, A, critical: CriticalL0, limit_rho: float, l0_values) -> PairReport:
    """The :class:`PairReport` from the work already done for ``l0*``."""

    d = gcd(*lengths)
    limit = Verdict(critical.limit)
    if critical.method == "perturbation-proof":
        unit_roots_ok = True             # that proof starts from this very check (critical.py)
    elif d == 1 and limit is Verdict.STABLE:
        unit_roots_ok = True             # no root on the circle, and none outside to pair with: gcd(A, A*) = 1
    else:
        unit_roots_ok = unit_roots_are_roots_of_unity(A, d)
    finite = []
    for l0 in l0_values:
        P = prefill_poly(A, l0)
        verdict = verdict_of_poly(P)
        finite.append((l0, verdict, radius_of_poly(P, verdict)))
    return PairReport(lengths[0], lengths[1], d, limit, limit_rho, unit_roots_ok, critical, tuple(finite))


def verify_pairs(pairs: Iterable[tuple[int, int]], p, l0_values: Iterable[int] = (),
                 progress: Callable[[], object] | None = None) -> list[PairReport]:
    """:func:`verify_pair` for many pairs (what ``verify-coprime`` does), ``progress()`` after each.

    The float proposals of the critical points of every coprime pair are computed first in
    one vectorised pass (:func:`.crossing.propose_critical_points`); the radii of the
    limits are estimated in one numpy pass and their eigenvalues computed only when read
    (:mod:`.radius`); the certification of each pair is unchanged.  The pairs are handled by
    longest decode length (one degree in a row reuses the sampling grid of the proposals);
    the reports keep the given order, and an error is that of the first failing pair in it.

    Examples
    --------
    >>> [report.critical.value for report in verify_pairs([(2, 3), (2, 4), (3, 4)], "1/2")]
    [2, None, 6]
    """
    from .crossing import propose_critical_points

    l0_values = list(l0_values)
    checked = [normalise_shares(pair, p) for pair in pairs]
    polys = [shares_poly(lengths, shares) for lengths, shares in checked]
    propose_critical_points([A for A, (lengths, _) in zip(polys, checked) if gcd(*lengths) == 1])
    # by longest decode length: polynomials of one degree in a row share the sampling of the
    # critical points (crossing._sampling); each l0* depends on its pair alone
    criticals: list = [None] * len(checked)
    for i in sorted(range(len(checked)), key=lambda i: max(checked[i][0])):
        try:
            criticals[i] = _critical(*checked[i])
        except Exception:
            # the error of the first failing pair in the given order, as if taken in that order
            for j in range(i):
                if criticals[j] is None:
                    criticals[j] = _critical(*checked[j])
            raise
        if progress is not None:
            progress()
    stable = [i for i, critical in enumerate(criticals) if critical.limit != Verdict.ON_CIRCLE.value]
    radii: list = [1.0] * len(polys)
    ordered = [i for i in stable if len(checked[i][0]) == 2 and checked[i][0][0] < checked[i][0][1]]
    estimates = dict(zip(ordered, estimate_limit_radii([checked[i][0] for i in ordered],
                                                       checked[ordered[0]][1][0]) if ordered else []))
    for i in stable:
        radii[i] = LimitRadius(polys[i].coeffs(), estimates.get(i))
    return [_report(lengths, A, critical, radius, l0_values)
            for (lengths, _), A, critical, radius in zip(checked, polys, criticals, radii)]


def claim_holds(reports: Sequence[PairReport]) -> bool:
    """The limiting-form claim over all pairs: stable exactly when ``gcd = 1``."""
    return all(report.claim_holds for report in reports)


def stability_summary(params: ModelParams, dps: int = 30) -> dict:
    """JSON-ready stability facts of one setting, for ``config.json``.

    Keys: ``verdict``, ``rho`` (float), ``rho_digits`` (``dps`` digits),
    ``rho_error_bound`` (certified, float) of ``P_l0`` at ``params.l0``;
    ``limit_verdict``, ``limit_rho``; ``critical_l0``, ``critical_l0_method``,
    ``critical_l0_proof`` (method ``"not-certified"``, value ``None`` and the reason as
    proof when the certified search for ``l0*`` cannot settle it).  With different
    prompts per type the facts come from :func:`coupling_sym.stability.ray.ray_summary`
    (limit and critical scale along the ray through the prompts).

    Examples
    --------
    >>> from coupling_sym.params import two_type_params
    >>> summary = stability_summary(two_type_params(3, 2, 3, "1/2"))
    >>> summary["verdict"], summary["limit_verdict"], summary["critical_l0"]
    ('stable', 'stable', 2)
    >>> summary["rho_digits"][:12]
    '0.8660254037'
    """
    import mpmath

    from .roots import compute_roots

    if not params.common_prompt:
        from .ray import ray_summary

        return ray_summary(params, dps)
    A = shares_poly(params.lengths, params.p)
    verdict = verdict_of_poly(prefill_poly(A, params.l0))
    roots = compute_roots(params.stage_weights, dps=dps)
    limit = verdict_of_poly(A)
    try:
        critical = _critical(params.lengths, params.p)
        found = (critical.value, critical.method, critical.proof)
    except PrecisionError as exc:
        # the verdict and rho above stay certified; only the search for l0* gave up
        found = (None, "not-certified", str(exc))
    rho = mpmath.mpf(1) if verdict is Verdict.ON_CIRCLE else roots.rho
    return {
        "verdict": verdict.value,
        "rho": float(rho),
        "rho_digits": mpmath.nstr(rho, dps),
        "rho_error_bound": float(roots.error_bound),
        "limit_verdict": limit.value,
        "limit_rho": radius_of_poly(A, limit),
        "critical_l0": found[0],
        "critical_l0_method": found[1],
        "critical_l0_proof": found[2],
    }
