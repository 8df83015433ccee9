"""Sweep throughput from admissions and evictions against completions read off the states."""

import pytest

from coupling_sym.dynamics import run_simulation
from coupling_sym.dynamics.metrics import measure_costs, tail_throughput
from coupling_sym.state import initial_state
from coupling_sym.sweep.grid import build_grid
from coupling_sym.sweep.run import run_sweep


@pytest.mark.parametrize("la, lb, l0, p, B, steps", [
    (1, 2, 0, "1/4", 1, 40),  # a 2-cycle
    (1, 2, 0, "3/4", 1, 40),  # converges
    (2, 4, 3, "1/2", 60, 400),  # non-coprime: keeps evicting
    (2, 3, 3, "1/2", 60, 200),  # the default pair: converges
])
def test_sweep_throughput_equals_mean_completions(la, lb, l0, p, B, steps):
    grid = build_grid([la], [lb], [l0], [p], B=B)
    row = run_sweep(grid, steps=steps).settings[0]
    params = grid[0].params
    sim = run_simulation(params, initial_state(params), steps, exact=True)
    costs = measure_costs(params, sim.states)
    a_star = float(params.equilibrium_admission)
    if row.period is not None:
        # over a whole period the population returns: admissions - evictions = completions
        expected = float(tail_throughput(costs.completions, row.period))
        assert row.throughput == pytest.approx(expected, rel=1e-9)
    else:
        expected = float(tail_throughput(costs.completions))
        quarter = max(1, steps // 4)
        bound = float(params.B / params.admission_tokens) / quarter  # population change over the quarter
        assert abs(row.throughput - expected) <= bound
        if row.outcome == "converged":
            assert row.throughput == pytest.approx(a_star, rel=1e-5)
    assert row.throughput_loss == pytest.approx(1 - row.throughput / a_star, rel=1e-12, abs=1e-12)


def test_phase_diagram_coloured_by_loss():
    import matplotlib.pyplot as plt
    import numpy as np

    from coupling_sym.report.phase import plot_phase_diagram

    result = run_sweep(build_grid([1, 2], [2, 3], [0, 2], ["1/2"], B=1), steps=200)
    fig = plot_phase_diagram(result, "loss")
    image = fig.axes[0].get_images()[0]
    cells = np.asarray(image.get_array())
    for row in result.settings:
        y, x = [0, 2].index(row.l0), [(1, 2), (1, 3), (2, 3)].index((row.l_A, row.l_B))
        assert cells[y, x] == row.throughput_loss
    assert image.get_cmap().name == "magma_r"
    assert any(ax.get_label() == "<colorbar>" for ax in fig.axes)
    plt.close(fig)


def test_cli_colour_option(tmp_path):
    from typer.testing import CliRunner

    from coupling_sym.cli import app

    result = CliRunner().invoke(app, ["sweep", "--la", "2", "--lb", "3", "--l0", "1", "--p", "1/2", "--steps", "50",
                                      "--figure", str(tmp_path / "phase"), "--colour", "loss"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "phase.png").stat().st_size > 0
    bad = CliRunner().invoke(app, ["sweep", "--la", "2", "--lb", "3", "--l0", "1", "--p", "1/2", "--colour", "x"])
    assert bad.exit_code == 2 and "--colour must be outcome or loss; got 'x'" in bad.stderr
