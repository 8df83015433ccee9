"""The note's proofs and certificates: non-coprime instability for every ``l0``, certified
convergence on the sweep grid, and the adjacent-pair heuristics against certified ``l0*``.

Conventions (as in :mod:`coupling_sym.note.gather`): pairs ``l_1 < l_2`` with share
``p = p_1``; verdicts and ``l0*`` are certified; heuristics are floats.

* odd-``gcd`` evidence: every pair ``2 <= l_1 < l_2 <= 24`` with odd ``gcd > 1`` at the
  shares :data:`ODD_SHARES`, plus the types of :data:`ODD_TUPLES` with equal rates, each
  certified unstable for every ``l0 >= 0`` by :func:`coupling_sym.stability.noncoprime.certify_every_prefill`;
* even-``gcd`` settings of the note's grid are covered by the proof (no computation);
* certified convergence: the sweep of :func:`coupling_sym.note.gather.gather_sweep`,
  each row's ``convergence`` (:mod:`coupling_sym.modal.certify`);
* adjacent pairs ``(L - 1, L)``: the first-order estimate ``rho_A / (1 - rho_A) - L``, the
  heuristic ``L (L - p)^2 / (2 pi^2 p q) - L - 1`` and ``L^3 / (2 pi^2 p q)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from math import gcd, pi
from typing import Sequence

__all__ = ["EVICTION_RUN", "run_certificate_values", "ODD_LENGTHS", "ODD_SHARES", "ODD_TUPLES", "OddRow", "AdjacentRow", "gather_odd_evidence",
           "gather_adjacent", "certified_counts", "render_proof_tables"]

ODD_LENGTHS = tuple(range(2, 25))
ODD_SHARES = (Fraction(1, 10), Fraction(1, 4), Fraction(1, 2), Fraction(3, 4), Fraction(9, 10))
ODD_TUPLES = ((3, 6, 9), (3, 9, 12), (5, 10, 15), (6, 9, 15), (3, 6, 9, 12))
ADJACENT_LENGTHS = (4, 6, 8, 12, 16, 24, 32, 48)
#: The eviction-detail figure: a shipped run that evicts at several stages, (config, overrides).
EVICTION_RUN = ("slow-convergence", ("steps=80",))


@dataclass(frozen=True)
class OddRow:
    """Odd-``gcd`` evidence for one ``d``: settings, how many certified, the largest crossing
    bound and the number of exact verdicts."""

    d: int
    settings: int
    certified: int
    top: int
    checks: int


@dataclass(frozen=True)
class AdjacentRow:
    """The adjacent pair ``(L - 1, L)`` at share ``p``: certified ``l0*`` and three estimates."""

    L: int
    p: Fraction
    value: int
    first_order: float
    refined: float
    cubic: float


@lru_cache(maxsize=1)
def gather_odd_evidence(lengths: Sequence[int] = ODD_LENGTHS, shares: Sequence[Fraction] = ODD_SHARES,
                        tuples: Sequence[tuple[int, ...]] = ODD_TUPLES) -> tuple[OddRow, ...]:
    """Certify every odd-``gcd`` setting (module notes) and group the results by ``d``.

    Examples
    --------
    >>> rows = gather_odd_evidence(range(2, 7), (Fraction(1, 2),), ())
    >>> [(r.d, r.settings, r.certified, r.top, r.checks) for r in rows]      # (3, 6): bound 2
    [(3, 1, 1, 2, 3)]
    """
    from ..stability.noncoprime import certify_every_prefill

    results = []
    for a in lengths:
        for b in lengths:
            if a < b and gcd(a, b) > 1 and gcd(a, b) % 2 == 1:
                results += [certify_every_prefill((a, b), p) for p in shares]
    results += [certify_every_prefill(t, [1] * len(t)) for t in tuples]
    rows = []
    for d in sorted({r.gcd for r in results}):
        group = [r for r in results if r.gcd == d]
        rows.append(OddRow(d, len(group), sum(r.unstable for r in group), max(r.top or 0 for r in group),
                           sum(r.checks for r in group)))
    return tuple(rows)


def gather_adjacent(lengths: Sequence[int] = ADJACENT_LENGTHS,
                    shares: Sequence[Fraction] = (Fraction(1, 4), Fraction(1, 2), Fraction(3, 4))
                    ) -> list[AdjacentRow]:
    """Certified ``l0*`` of the adjacent pairs with the three heuristics of the module notes.

    Examples
    --------
    >>> row = gather_adjacent([12], [Fraction(1, 2)])[0]
    >>> row.value, round(row.first_order, 1), round(row.refined, 1), round(row.cubic, 1)
    (299, 291.9, 308.6, 350.2)
    """
    from .gather import critical_length, spectral_radius_of

    rows = []
    for p in shares:
        q = 1 - p
        for L in lengths:
            rho = spectral_radius_of(_shares(L - 1, L, p))
            scale = 2 * pi ** 2 * float(p * q)
            rows.append(AdjacentRow(L, p, critical_length((L - 1, L), (p, q)), rho / (1 - rho) - L,
                                    L * (L - float(p)) ** 2 / scale - L - 1, L ** 3 / scale))
    return rows


def _shares(l_1: int, l_2: int, p: Fraction) -> tuple[Fraction, ...]:
    from ..params import two_type_params

    return two_type_params(0, l_1, l_2, p).stage_shares


def certified_counts(sweep) -> dict[str, int]:
    """Runs of a sweep: converged, certified, and certified among the converged.

    Examples
    --------
    >>> from types import SimpleNamespace as Row
    >>> rows = [Row(outcome="converged", convergence="certified from batch 1"),
    ...         Row(outcome="not-converged", convergence="certified from batch 9"),
    ...         Row(outcome="not-converged", convergence="not certified")]
    >>> certified_counts(Row(settings=rows))
    {'converged': 1, 'certified': 2, 'certified_converged': 1, 'certified_slow': 1}
    """
    converged = [r for r in sweep.settings if r.outcome == "converged"]
    certified = [r for r in sweep.settings if r.convergence != "not certified"]
    both = [r for r in certified if r.outcome == "converged"]
    return {"converged": len(converged), "certified": len(certified), "certified_converged": len(both),
            "certified_slow": len(certified) - len(both)}


def run_certificate_values() -> dict[str, str]:
    """Macros about the certificates of the default run and of :data:`EVICTION_RUN`.

    Examples
    --------
    >>> values = run_certificate_values()
    >>> values["DefaultCertifiedFrom"], values["EvictionStages"], values["EvictionCertifiedFrom"]
    ('1', '3', '42')
    """
    import numpy as np

    from ..modal.certify import certify_run
    from ..report.latex import latex_decimal
    from .gather import run_named_experiment

    default = run_named_experiment("default", ())
    certificate = certify_run(default.config.params, default.simulation)
    run = run_named_experiment(*EVICTION_RUN)
    evicted = np.asarray(run.simulation.evictions, dtype=float)
    stages = [s for s in range(evicted.shape[1]) if (evicted[:, s] > 0).any()]
    detail = certify_run(run.config.params, run.simulation)

    def start(result) -> str:
        return "--" if result.start is None else str(result.start)

    return {
        "DefaultCertifiedFrom": start(certificate),
        "DefaultCertificateAmplitude": latex_decimal(certificate.amplitude, 2),
        "DefaultCertificateHorizon": str(certificate.horizon),
        "EvictionConfig": EVICTION_RUN[0],
        "EvictionSteps": EVICTION_RUN[1][0].split("=")[1],
        "EvictionLzero": str(run.config.params.l0),
        "EvictionPair": f"({run.config.params.lengths[0]}, {run.config.params.lengths[1]})",
        "EvictionStages": str(len(stages)),
        "EvictionLast": str(run.summary.last_eviction),
        "EvictionCertifiedFrom": start(detail),
        "EvictionRho": latex_decimal(detail.rate, 4) if detail.certified else "--",
    }


def experiment_certificates() -> list[tuple[str, str]]:
    """``(label, certificate label)`` of the note's experiments (:data:`coupling_sym.note.gather.EXPERIMENTS`,
    :data:`~coupling_sym.note.gather.LONG_STEPS` batches each).

    Examples
    --------
    >>> dict(experiment_certificates())["default"]
    'certified from batch 1'
    """
    from ..modal.certify import certify_run
    from .gather import EXPERIMENTS, LONG_STEPS, run_named_experiment

    out = []
    for label, config, sets in EXPERIMENTS:
        run = run_named_experiment(config, (*sets, f"steps={LONG_STEPS}"))
        out.append((label, certify_run(run.config.params, run.simulation).label))
    return out


def _certified_list(certificates) -> str:
    """``"default (from batch 1) and slow-convergence (from batch 42)"`` in LaTeX prose."""
    items = [f"{label} (from batch ${text.rsplit(' ', 1)[1]}$)" for label, text in certificates
             if text != "not certified"]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _odd_table(rows: Sequence[OddRow]) -> str:
    from ..report.latex import tabular

    header = [r"$d$", "settings", "certified", r"largest bound", "exact verdicts"]
    body = [[f"${r.d}$", f"${r.settings}$", f"${r.certified}$", f"${r.top}$", f"${r.checks}$"] for r in rows]
    return tabular("@{}rrrrr@{}", [header], body)


def _adjacent_table(rows: Sequence[AdjacentRow]) -> str:
    from ..report.latex import latex_decimal, latex_number, tabular

    header = [r"$p$", r"$L$", r"$l_0^*$", r"$\frac{\rho_A}{1 - \rho_A} - L$",
              r"$\frac{L (L - p)^2}{2\pi^2 pq} - L - 1$", r"$\frac{L^3}{2\pi^2 pq}$"]
    body, rules = [], []
    for i, r in enumerate(rows):
        if i and r.p != rows[i - 1].p:
            rules.append(i)
        body.append([f"${latex_number(r.p)}$", f"${r.L}$", f"${r.value}$", f"${latex_decimal(r.first_order, 1)}$",
                     f"${latex_decimal(r.refined, 1)}$", f"${latex_decimal(r.cubic, 1)}$"])
    return tabular("@{}rrrrrr@{}", [header], body, rules=rules)


def render_proof_tables(sweep, estimates) -> dict[str, str]:
    """``{"odd_gcd.tex", "adjacent.tex", "proofs.tex"}``: the two tables and the macros they quote.

    ``estimates`` are the rows of :func:`coupling_sym.note.gather.gather_estimates` (their
    largest absolute error is quoted).
    """
    from ..report.latex import latex_decimal, write_macros

    odd = gather_odd_evidence()
    adjacent = gather_adjacent()
    counts = certified_counts(sweep)
    errors = [abs(r.value - r.estimate) for r in estimates]
    first = [abs(r.value - r.first_order) for r in adjacent]
    refined = [abs(r.value - r.refined) for r in adjacent]
    values = {
        "OddSettings": str(sum(r.settings for r in odd)),
        "OddCertified": str(sum(r.certified for r in odd)),
        "OddChecks": str(sum(r.checks for r in odd)),
        "OddMaxLength": str(max(ODD_LENGTHS)),
        "OddShares": ", ".join(f"${x.numerator}/{x.denominator}$" for x in ODD_SHARES),
        "OddTuples": ", ".join("$(" + ", ".join(str(x) for x in t) + ")$" for t in ODD_TUPLES),
        "CertifiedRuns": str(counts["certified"]),
        "CertifiedConverged": str(counts["certified_converged"]),
        "ConvergedRuns": str(counts["converged"]),
        "CertifiedSlow": str(counts["certified_slow"]),
        "EstimateErrorMin": latex_decimal(min(errors), 1),
        "EstimateErrorMax": latex_decimal(max(errors), 1),
        "AdjacentFirstMax": latex_decimal(max(first), 1),
        "AdjacentRefinedMax": latex_decimal(max(refined), 1),
        "AdjacentRefinedCloser": str(sum(b < a for a, b in zip(first, refined))),
        "AdjacentRows": str(len(adjacent)),
    }
    values.update(run_certificate_values())
    certificates = experiment_certificates()
    values["ExperimentsCertified"] = _certified_list(certificates)
    values["ExperimentsNotCertified"] = str(sum(text == "not certified" for _, text in certificates))
    return {"odd_gcd.tex": _odd_table(odd), "adjacent.tex": _adjacent_table(adjacent),
            "proofs.tex": write_macros(values)}
