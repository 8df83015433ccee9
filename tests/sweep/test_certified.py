"""Certified convergence in a sweep: the rows against exact simulations."""

from fractions import Fraction as F

from typer.testing import CliRunner

from coupling_sym.cli import app
from coupling_sym.dynamics import run_simulation
from coupling_sym.sweep import run_sweep
from coupling_sym.sweep.grid import build_grid


def test_sweep_rows_carry_the_certificate_and_exact_runs_agree():
    grid = build_grid([2], [3, 5], [1, 3, 9], ["1/2"], B=60)
    result = run_sweep(grid, steps=200)
    rows = {(row.l_B, row.l0): row for row in result.settings}
    # (2, 3): P_1 = 2z^2 + 3z + 2 on the circle (hand), P_3 stable with rho = sqrt(3)/2
    assert rows[3, 1].convergence == "not certified"
    assert rows[3, 3].convergence == "certified from batch 1"
    # (2, 5): l0* = 7 at p = 1/2, so l0 = 3 is unstable and l0 = 9 stable
    assert rows[5, 3].convergence == "not certified"
    for setting, row in zip(grid, result.settings):
        if row.convergence == "not certified":
            continue
        start = int(row.convergence.rsplit(" ", 1)[1])
        # independent route: the exact (Fraction) simulation evicts at no batch after T
        exact = run_simulation(setting.params, _stage0(setting.params), 300, exact=True)
        assert all(total == 0 for total in exact.eviction_totals[start + 1:])


def _stage0(params):
    from coupling_sym.state import initial_state

    return initial_state(params)


def test_sweep_command_counts_certified_runs(tmp_path):
    path = tmp_path / "rows.csv"
    result = CliRunner().invoke(app, ["sweep", "--la", "2", "--lb", "3", "--l0", "1,3", "--steps", "200",
                                      "--csv", str(path)])
    assert result.exit_code == 0, result.output
    assert "convergence certified (no eviction can recur after the last one): 1 runs, 1 of the 1 converged" \
        in result.output
    lines = path.read_text().splitlines()
    assert lines[0].endswith(",agreement,throughput,throughput_loss,convergence,evictions,cycle_start,cycle_level")
    assert ",certified from batch 1," in lines[2] and ",not certified," in lines[1]
    assert F(1, 2) == F(lines[1].split(",")[3])
