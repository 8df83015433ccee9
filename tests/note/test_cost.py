"""The note's cost table: one-type cycles against the closed forms typed in here."""

from fractions import Fraction as F

from coupling_sym.note.cost import gather_cost_rows, render_cost_tables


def _divisors(n):
    return [k for k in range(1, n + 1) if n % k == 0]


def test_cost_rows_match_the_closed_forms():
    l0, B = 2, 24
    for row in gather_cost_rows(l0, B, 6):
        l1 = row.l1
        assert row.fixed_point == F(2 * B, l1 * (2 * l0 + l1 + 1))
        # worst cycle B / (l1 (l0 + l1)) over x*
        assert row.worst_relative == F(2 * l0 + l1 + 1, 2 * (l0 + l1))
        # l1 contiguous blocks (fixed point and worst among them) and one evenly spaced
        # cycle for every divisor strictly between 1 and l1
        assert row.cycles == l1 + len(_divisors(l1)) - 2
        assert row.closed_forms_agree
        assert row.fixed_point_falls_to == l1 - 1  # the worst cycle's level
        if l1 >= 3:  # the best cycle between: the contiguous block of level 1
            w = [l0 + 1 + j for j in range(l1)]
            assert row.best_intermediate == F(B) / (2 * w[1] + sum(w[2:])) / row.fixed_point


def test_cost_tables_render():
    tables = render_cost_tables()
    assert set(tables) == {"cost.tex", "cost_values.tex"}
    assert r"$3$ & $3$ & $2$ & $\tfrac{4}{5}$ & $\tfrac{1}{5}$ & $\tfrac{12}{13}$ & yes & $2$ \\" in tables["cost.tex"]
    assert r"\newcommand{\CostSpiralThroughput}{\tfrac{8}{5}}" in tables["cost_values.tex"]
    assert r"\newcommand{\CostSpiralStart}{16}" in tables["cost_values.tex"]
