"""The note's per-type prompt tables against independent routes and the prose's claims."""

from fractions import Fraction as F

from coupling_sym.note.prompts import PROMPT_PAIRS, check_noncoprime_mixes, gather_ratio_table, render_prompt_tables
from coupling_sym.params import two_type_params
from coupling_sym.stability import certify_stability
from coupling_sym.stability.critical import critical_l0


def test_ratio_one_column_is_the_common_prompt_l0_star():
    rows = gather_ratio_table(PROMPT_PAIRS, [F(1)])
    assert [r.value for r in rows] == [critical_l0(pair, "1/2").value for pair in PROMPT_PAIRS]


def test_table_entries_by_brute_force():
    # exact Schur-Cohn at the critical prompts and one scale below them, for a few rows
    for row in gather_ratio_table([(2, 3), (3, 4), (4, 7)], [F(1, 4), F(2)]):
        at = two_type_params([row.ray[0] * row.value, row.ray[1] * row.value], row.l_A, row.l_B, "1/2")
        below = two_type_params([row.ray[0] * (row.value - 1), row.ray[1] * (row.value - 1)], row.l_A, row.l_B,
                                "1/2")
        assert certify_stability(at.stage_weights).value == "stable"
        assert certify_stability(below.stage_weights).value != "stable"


def test_prose_claims_about_the_table():
    common = {pair: critical_l0(pair, "1/2").value for pair in PROMPT_PAIRS}
    rows = {(r.l_A, r.l_B, r.ratio): r for r in gather_ratio_table()}
    high = [pair for pair in PROMPT_PAIRS if rows[pair + (F(4),)].ray[0] * rows[pair + (F(4),)].value > common[pair]]
    assert high == [(2, 5)]
    assert all(rows[pair + (F(1, 4),)].ray[0] * rows[pair + (F(1, 4),)].value > common[pair] for pair in PROMPT_PAIRS)


def test_noncoprime_check_counts():
    never, rays, unstable, settings = check_noncoprime_mixes([(2, 4), (3, 6)], [(1, 1), (1, 3)], 3)
    assert (never, rays, unstable, settings) == (4, 4, 32, 32)
    assert "\\newcommand{\\PromptRaysNever}" in render_prompt_tables()["prompts_values.tex"]
