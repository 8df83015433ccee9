"""The note's table on what instability costs: one-type cycles by decode length.

For ``l0 = COST_PREFILL`` and ``l1 = 2 .. COST_MAX_LENGTH`` (``B`` cancels from every
ratio; ``COST_BUDGET`` is used), the catalogue of :mod:`coupling_sym.cycles` is run: each
row gives the number of distinct cycles verified by exact simulation, the fixed point
``x*``, the worst cycle's simulated throughput relative to ``x*`` and its loss, the best
intermediate cycle (highest throughput below ``x*``), whether every closed form agrees,
and the cycle the perturbed fixed point falls into.  The macros give the shipped spiral's
outcome (``one-type-spiral``, exact).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

__all__ = ["COST_PREFILL", "COST_BUDGET", "COST_MAX_LENGTH", "CostRow", "gather_cost_rows", "render_cost_tables"]

COST_PREFILL = 2
COST_BUDGET = 24
COST_MAX_LENGTH = 8


@dataclass(frozen=True)
class CostRow:
    """One decode length of the cost table (exact values)."""

    l1: int
    cycles: int
    fixed_point: Fraction
    worst_relative: Fraction
    best_intermediate: Fraction | None
    closed_forms_agree: bool
    fixed_point_falls_to: int | None


def gather_cost_rows(l0: int = COST_PREFILL, B: int = COST_BUDGET, max_length: int = COST_MAX_LENGTH):
    """Rows of the cost table for ``l1 = 2 .. max_length``.

    Examples
    --------
    >>> row = gather_cost_rows(max_length=3)[-1]
    >>> row.cycles, row.worst_relative, row.best_intermediate, row.fixed_point_falls_to
    (3, Fraction(4, 5), Fraction(12, 13), 2)
    """
    from ..cycles import catalogue, check_closed_forms, one_type_params, perturb_orbit

    rows = []
    for l1 in range(2, max_length + 1):
        params = one_type_params(l0, l1, B)
        entries = [e for e in catalogue(params) if e.verified]
        worst = min(entries, key=lambda e: e.throughput)
        between = [e.relative for e in entries if e is not worst and e.level > 0]
        fixed = next(e for e in entries if e.level == 0)
        outcome = perturb_orbit(params, fixed, trials=1, seed=0)
        end = outcome.ends[0]
        rows.append(CostRow(l1, len(entries), params.equilibrium_admission, worst.relative,
                            max(between) if between else None,
                            all(all(check_closed_forms(params, e).values()) for e in entries),
                            None if end is None else end[1]))
    return rows


def _spiral_values() -> dict[str, str]:
    from ..config import build_config
    from ..experiment import run_experiment
    from ..report.latex import latex_number

    result = run_experiment(build_config("one-type-spiral"), exact=True)
    cycle = result.costs.cycle
    return {"CostSpiralStart": str(cycle.start_batch), "CostSpiralPeriod": str(cycle.period),
            "CostSpiralLevel": str(cycle.level), "CostSpiralThroughput": latex_number(cycle.throughput),
            "CostSpiralLoss": latex_number(result.costs.throughput_loss),
            "CostSpiralSteps": str(result.config.steps)}


def render_cost_tables() -> dict[str, str]:
    """``{"cost.tex": table, "cost_values.tex": macros}`` for the note's cost section."""
    from ..report.latex import latex_number, tabular, write_macros

    body = []
    for row in gather_cost_rows():
        body.append([f"${row.l1}$", f"${row.cycles}$", f"${latex_number(row.fixed_point)}$",
                     f"${latex_number(row.worst_relative)}$", f"${latex_number(1 - row.worst_relative)}$",
                     "--" if row.best_intermediate is None else f"${latex_number(row.best_intermediate)}$",
                     "yes" if row.closed_forms_agree else "no",
                     "--" if row.fixed_point_falls_to is None else f"${row.fixed_point_falls_to}$"])
    header = [["$l_1$", "cycles", "$x^*$", "worst$/x^*$", "loss", "best between$/x^*$", "closed forms",
               "$x^*$ perturbed: level"]]
    table = tabular("@{}rrrrrrlr@{}", header, body,
                    note=f"one type, l0 = {COST_PREFILL}, B = {COST_BUDGET}: cycles verified by exact simulation")
    values = {"CostPrefill": str(COST_PREFILL), "CostBudget": str(COST_BUDGET),
              "CostMaxLength": str(COST_MAX_LENGTH), **_spiral_values()}
    return {"cost.tex": table, "cost_values.tex": write_macros(values)}
