"""What ``coupling-sym roots`` reports about one setting, computed in one call.

:func:`roots_report` gathers the certified roots and verdict of ``P_l0``, of the limiting
form (along the ray through the prompts when they differ per type) and the critical
prefill length (or critical scale along that ray).  Numbers in :meth:`RootsReport.as_dict`
are decimal strings of ``dps`` digits (``rho`` is exactly ``1`` when on the circle);
coefficients are exact, highest degree first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..params import ModelParams
from ..records import Record
from .roots import RootsResult, compute_roots
from .verdict import Verdict, certify_stability

__all__ = ["RootsReport", "roots_report", "roots_block"]

ZERO_PROMPT_PROOF = "a zero prompt: no ray with every r_k > 0"


def _num(value, digits: int) -> str:
    import mpmath

    return mpmath.nstr(value, digits, min_fixed=-4, max_fixed=6)


def roots_block(result: RootsResult, verdict: Verdict) -> dict[str, Any]:
    """One polynomial's roots, verdict and certified bound as JSON-ready strings.

    Examples
    --------
    >>> block = roots_block(compute_roots([1, 0, 1], 10), certify_stability([1, 0, 1]))
    >>> block["verdict"], block["rho"], [(r["re"], r["im"]) for r in block["roots"]]
    ('on-circle', '1.0', [('0.0', '1.0'), ('0.0', '-1.0')])
    """
    import mpmath

    digits = result.dps
    rho = mpmath.mpf(1) if verdict is Verdict.ON_CIRCLE else result.rho
    return {
        "coeffs": [str(c) for c in result.coeffs],
        "verdict": verdict.value,
        "rho": _num(rho, digits),
        "error_bound": mpmath.nstr(result.error_bound, 3),
        "roots": [{"re": _num(z.real, digits), "im": _num(z.imag, digits), "modulus": _num(m, digits),
                   "multiplicity": k} for z, m, k in zip(result.roots, result.moduli, result.multiplicities)],
    }


@dataclass(frozen=True)
class RootsReport(Record):
    """Certified roots of ``P_l0`` and of the limiting form, and ``l0*``, for one setting.

    Attributes
    ----------
    params : ModelParams
    finite, limit : RootsResult
        Roots of ``P_l0`` and of ``A`` (``A_r`` along the ray when prompts differ).
    finite_verdict, limit_verdict : Verdict
    ray : tuple of int or None
        The primitive ray through per-type prompts (``None`` for a common prompt).
    critical : CriticalL0, RayCritical or None
        ``l0*`` (common prompt), the critical scale along ``ray``, or ``None`` when a
        prompt is zero (no ray with every ``r_k > 0``) or ``l0*`` is out of reach.
    out_of_reach : str or None
        Why ``l0*`` could not be certified (extreme shares such as ``p = 1e-300`` put the
        crossing values near ``2/p``, beyond the certified refinement); the roots and
        verdicts are still exact.

    Examples
    --------
    >>> from coupling_sym.params import two_type_params
    >>> report = roots_report(two_type_params(3, 2, 3, "1/2"), dps=12)
    >>> report.finite_verdict.value, report.critical.value
    ('stable', 2)
    >>> report.as_dict()["P"]["rho"]                      # |roots of 4z^2 + 5z + 3| = sqrt(3/4)
    '0.866025403784'
    """

    params: ModelParams
    finite: RootsResult
    finite_verdict: Verdict
    limit: RootsResult
    limit_verdict: Verdict
    ray: tuple[int, ...] | None
    critical: Any
    out_of_reach: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The ``roots --json`` object."""
        params = self.params
        setting = {"l0": params.l0 if self.ray is None else list(params.prompts), "lengths": list(params.lengths),
                   "p": [str(x) for x in params.p], "dps": self.finite.dps}
        record = {"params": setting, "P": roots_block(self.finite, self.finite_verdict),
                  "limit": roots_block(self.limit, self.limit_verdict),
                  "critical_l0": None if self.critical is None else self.critical.value,
                  "critical_l0_proof": (self.out_of_reach if self.out_of_reach is not None else ZERO_PROMPT_PROOF
                                        if self.critical is None else self.critical.proof)}
        if self.out_of_reach is not None:
            record["critical_l0_out_of_reach"] = True
        if self.ray is not None:
            record.update({"ratios": list(self.ray),
                           "critical_prompts": None if self.critical is None else self.critical.prompts})
        return record


def roots_report(params: ModelParams, dps: int = 50, progress=None) -> RootsReport:
    """Roots (``dps`` digits, certified bound), exact verdicts and ``l0*`` of one setting.

    Parameters
    ----------
    params : ModelParams
        A common prompt or one prompt per type.
    dps : int
        Decimal digits of the roots.
    progress : callable, optional
        Called with 1 after each of the three stages: the roots of ``P_l0``, the roots
        of the limiting form, ``l0*``.

    Raises
    ------
    ParameterError
        For an invalid ``dps``.
    PrecisionError
        When the certified roots are wider than ``dps`` digits (an ``l0*`` out of reach
        is reported in ``out_of_reach`` instead, with the roots).

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> report = roots_report(make_params(1, (2, 3), (1, 1), 1), dps=10)
    >>> report.finite_verdict.value, report.as_dict()["P"]["coeffs"]     # P_1 = 2z^2 + 3z + 2
    ('on-circle', ['2', '3', '2'])
    """
    from ..errors import PrecisionError
    from .critical import _critical

    advance = progress or (lambda n=1: None)
    finite = compute_roots(params.stage_weights, dps)
    advance(1)
    limit_coeffs, ray = params.stage_shares, None
    if not params.common_prompt:
        from .ray import critical_scale, ray_limit_shares, ray_of_prompts

        ray = ray_of_prompts(params.prompts)[0]
        limit_coeffs = ray_limit_shares(params.lengths, params.p, ray)
    limit = compute_roots(limit_coeffs, dps)
    advance(1)
    out_of_reach = None
    try:
        if ray is None:
            critical = _critical(params.lengths, params.p)
        elif min(ray) == 0:
            critical = None
        else:
            critical = critical_scale(params.lengths, params.rates, ray)
    except PrecisionError as exc:            # the roots above are exact still: report them
        critical, out_of_reach = None, str(exc)
    advance(1)
    return RootsReport(params, finite, certify_stability(params.stage_weights), limit,
                       certify_stability(limit_coeffs), ray, critical, out_of_reach)
