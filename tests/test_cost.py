"""Cost estimates, refusals before any work, and progress that moves (never timed)."""

from fractions import Fraction

import pytest
from typer.testing import CliRunner

from coupling_sym.cli import app
from coupling_sym.cost import (MAX_WORK, critical_work, pairs_work, range_critical_work, roots_work, scan_work,
                               verdict_work)
from coupling_sym.errors import ParameterError
from coupling_sym.params import two_type_params
from coupling_sym.stability.locus import root_locus
from coupling_sym.stability.pairs import list_pairs
from coupling_sym.stability.report import roots_report
from coupling_sym.stability.scan import scan_settings

runner = CliRunner()


def one_line_error(args, *texts):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    for text in texts:
        assert text in lines[0], result.output
    return lines[0]


def test_pairs_work_adds_the_fitted_cost_of_every_pair():
    # 2..4 has the pairs (2,3), (2,4), (3,4): by hand 27/32 + 64/32 + 64/32, plus 2 verdicts each
    expected = Fraction(27, 32) + 2 * Fraction(64, 32) + 2 * ((400 + 9) + 2 * (400 + 16))
    # (2, 4) has gcd 2: its every-l0 proof is the short even-gcd one, no units
    assert pairs_work([4, 2, 3, 3], l0_count=2).units == expected
    # the same as adding over the listed pairs one by one (float sums in another order: 1e-12)
    listed = sum(range_critical_work(b) + 3 * verdict_work(b) for _, b in list_pairs(range(2, 41)))
    assert pairs_work(range(2, 41), l0_count=3, every_l0=False).units == pytest.approx(listed, rel=1e-12)
    # the documented budget sits between the accepted 2..131 and the refused 2..132 and 2..300
    assert pairs_work(range(2, 132)).units <= MAX_WORK < pairs_work(range(2, 133)).units
    # along a ray there is no every-l0 proof: (3, 9) costs l0* only
    assert pairs_work([3, 9], every_l0=False).units == range_critical_work(9) == 9 ** 3 / 32
    assert pairs_work([3, 9]).units == 9 ** 3 / 32 + 3000 + 5 * 9 ** 2
    assert pairs_work(range(2, 301)).what == "44551 pairs up to length 300"


def test_scan_work_names_the_argument_that_costs_most():
    assert scan_work([2], [3], 3, 100_001).driver == "l0"
    assert scan_work([2], [500], 1, 1).driver == "l_B"
    assert scan_work([2], [3], 1, 5).units == critical_work(3) + 5 * verdict_work(3)
    # pairs l_A < l_B only: (2, 3), (2, 4), (3, 4) from l_A in {2, 3, 4}, l_B in {3, 4}
    assert scan_work([2, 3, 4], [3, 4], 2, 7).what == "42 settings (3 pairs, 2 shares, 7 prefill lengths)"


@pytest.mark.parametrize("args, name, value", [
    (("roots", "--la", "2", "--lb", "100000"), "l_B", "'100000'"),
    (("roots", "--lengths", "2,3,5000"), "lengths", "'2,3,5000'"),
    (("verify-coprime", "--range", "2..300"), "range", "'2..300'"),
    (("scan", "--l0", "0..100000"), "l0", "'0..100000'"),
    (("locus", "--la", "2", "--lb", "3000", "-o", "never"), "l_B", "'3000'"),
])
def test_commands_refuse_work_out_of_reach_in_one_line(args, name, value, tmp_path):
    line = one_line_error(args, f"error: {name} must be small enough for at most {MAX_WORK} units of work",
                          "--max-work", f"; got {value}")
    assert "about 5 minutes" in line


def test_locus_refuses_more_l0_values_than_a_figure_takes(tmp_path):
    out = tmp_path / "locus"
    one_line_error(("locus", "--l0", "0..100000", "-o", str(out)),
                   "error: l0 must be at most 10000 values", "; got '0..100000'")
    assert list(tmp_path.iterdir()) == []          # nothing written


def test_max_work_raises_the_budget_and_is_validated():
    # roots at L = 900: 2 * 900^2.5 + 900^3 / 2 = 4.2e8 units, above the default budget
    assert roots_work(900) > MAX_WORK
    one_line_error(("roots", "--la", "2", "--lb", "900"), "l_B must be small enough")
    one_line_error(("roots", "--max-work", "0"), "--max-work must be")
    # a budget of 1 unit refuses even the plan's setting (27/2 + 2 * 3^2.5 units)
    one_line_error(("roots", "--max-work", "1"), "l_B must be small enough for at most 1 units")
    assert runner.invoke(app, ["roots", "--max-work", "1000"]).exit_code == 0


def test_roots_report_advances_once_per_stage():
    calls = []
    report = roots_report(two_type_params(3, 2, 3, "1/2"), dps=10, progress=calls.append)
    assert calls == [1, 1, 1] and report.critical.value == 2


def test_scan_progress_moves_per_l0_and_per_l0_star():
    calls = []
    scan_settings(range(0, 7), [2, 3], [3, 4], ["1/3", "1/2"], target="1", top=5, progress=calls.append)
    # pairs (2,3), (2,4), (3,4) times 2 shares, each: one l0* and 7 prefill lengths
    assert calls == [1] * (3 * 2 * (7 + 1))


def test_locus_progress_moves_per_l0():
    calls = []
    data = root_locus((2, 3), "1/2", range(0, 5), progress=lambda n=1: calls.append(n))
    assert calls == [1] * (1 + 5) and len(data.verdicts) == 5


def test_ray_locus_progress_moves_per_scale():
    from coupling_sym.stability.ray_locus import ray_locus

    calls = []
    ray_locus((2, 3), "1/2", (1, 2), range(0, 4), progress=calls.append)
    assert calls == [1] * (4 + 1)
