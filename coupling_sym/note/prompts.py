"""The note's per-type prompt tables: critical scale against prompt ratio, and the
certified check that non-coprime pairs stay unstable for every prompt mix tried.

Convention: a prompt ratio ``rho = l0_B / l0_A`` puts the prompts on the primitive ray
``(r_A, r_B)`` with ``r_B / r_A = rho`` (:mod:`coupling_sym.stability.ray`); the table
gives the critical prompts ``(r_A t*, r_B t*)``, ``t*`` the least integer scale from
which every larger one is stable.  Ratio 1 is the common prompt, so that column is
``l0*`` of the critical table.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import gcd

__all__ = ["PROMPT_PAIRS", "PROMPT_RATIOS", "PROMPT_SHARE", "NONCOPRIME_PAIRS", "NONCOPRIME_RAYS",
           "NONCOPRIME_GRID", "RatioRow", "gather_ratio_table", "check_noncoprime_mixes", "render_prompt_tables"]

#: Pairs, ratios and share of the critical-scale table.
PROMPT_PAIRS = ((2, 3), (2, 5), (3, 4), (3, 5), (4, 5), (4, 7), (5, 7), (5, 8), (7, 8))
PROMPT_RATIOS = (Fraction(1, 4), Fraction(1, 2), Fraction(1), Fraction(2), Fraction(4))
PROMPT_SHARE = Fraction(1, 2)
#: The non-coprime check: pairs, rays ``(r_A, r_B)``, and the prompt grid ``0..NONCOPRIME_GRID`` squared.
NONCOPRIME_PAIRS = tuple((a, b) for a in range(2, 9) for b in range(a + 1, 9) if gcd(a, b) > 1)
NONCOPRIME_RAYS = ((1, 1), (1, 2), (2, 1), (1, 4), (4, 1), (2, 3), (3, 2), (1, 9), (9, 1))
NONCOPRIME_GRID = 12


@dataclass(frozen=True)
class RatioRow:
    """Critical scale of one pair along one prompt ratio (``value`` ``None``: never stable)."""

    l_A: int
    l_B: int
    ratio: Fraction
    ray: tuple[int, int]
    value: int | None


def gather_ratio_table(pairs=PROMPT_PAIRS, ratios=PROMPT_RATIOS, share=PROMPT_SHARE) -> list[RatioRow]:
    """Certified critical scale for every pair and ratio.

    Examples
    --------
    >>> [(r.ray, r.value) for r in gather_ratio_table([(2, 3)], [Fraction(2)])]
    [((1, 2), 2)]
    """
    from ..stability.ray import critical_scale

    rows = []
    for pair in pairs:
        for ratio in ratios:
            ray = (ratio.denominator, ratio.numerator)
            rows.append(RatioRow(pair[0], pair[1], ratio, ray, critical_scale(pair, share, ray).value))
    return rows


def check_noncoprime_mixes(pairs=NONCOPRIME_PAIRS, rays=NONCOPRIME_RAYS, grid=NONCOPRIME_GRID,
                           share=PROMPT_SHARE) -> tuple[int, int, int, int]:
    """``(rays never stable, rays tried, grid settings unstable, grid settings)``, all exact.

    A ray counts when its critical scale is ``None`` (no large scale is stable); a grid
    setting ``(l0_A, l0_B)`` in ``0..grid`` counts when Schur-Cohn says ``unstable``.

    Examples
    --------
    >>> check_noncoprime_mixes([(2, 4)], [(1, 2)], 2)
    (1, 1, 9, 9)
    """
    from ..params import two_type_params
    from ..stability import certify_stability
    from ..stability.ray import critical_scale

    never = sum(critical_scale(pair, share, ray).value is None for pair in pairs for ray in rays)
    unstable = sum(certify_stability(two_type_params([u, v], *pair, share).stage_weights).value == "unstable"
                   for pair in pairs for u in range(grid + 1) for v in range(grid + 1))
    return never, len(pairs) * len(rays), unstable, len(pairs) * (grid + 1) ** 2


def _ratio_table(rows: list[RatioRow]) -> str:
    from ..report.latex import latex_number, tabular

    ratios = sorted({r.ratio for r in rows})
    header = ["pair"] + [f"$\\rho = {latex_number(x)}$" for x in ratios]
    cells = {(r.l_A, r.l_B, r.ratio): r for r in rows}
    body = []
    for pair in sorted({(r.l_A, r.l_B) for r in rows}):
        line = [f"$({pair[0]}, {pair[1]})$"]
        for x in ratios:
            row = cells[pair + (x,)]
            line.append("--" if row.value is None else f"$({row.ray[0] * row.value}, {row.ray[1] * row.value})$")
        body.append(line)
    return tabular("@{}l" + "r" * len(ratios) + "@{}", [header], body,
                   note="critical prompts (l0_A*, l0_B*) = (r_A t*, r_B t*) by prompt ratio rho = l0_B / l0_A")


def render_prompt_tables() -> dict[str, str]:
    """``{"prompts.tex": table, "prompts_values.tex": macros}`` for the note's prompt section."""
    from ..report.latex import latex_number, write_macros

    never, rays, unstable, settings = check_noncoprime_mixes()
    values = {"PromptShare": latex_number(PROMPT_SHARE), "PromptNoncoprimePairs": str(len(NONCOPRIME_PAIRS)),
              "PromptRaysNever": str(never), "PromptRays": str(rays), "PromptGrid": str(NONCOPRIME_GRID),
              "PromptGridUnstable": str(unstable), "PromptGridSettings": str(settings)}
    return {"prompts.tex": _ratio_table(gather_ratio_table()), "prompts_values.tex": write_macros(values)}
