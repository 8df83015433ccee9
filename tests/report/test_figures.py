"""Figures checked through their artists, not pixels."""

import numpy as np
from matplotlib.colors import to_rgba

from coupling_sym.config import build_config
from coupling_sym.experiment import run_experiment
from coupling_sym.report.figures import plot_comparison, plot_eviction_detail


def test_comparison_draws_the_plans_lines_and_bars():
    result = run_experiment(build_config("slow-convergence", ["steps=50"]))
    fig = plot_comparison(result)
    ax = fig.axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    theory = lines["theory admission (no eviction)"]
    sim = lines["simulation admission"]
    assert to_rgba(theory.get_color()) == to_rgba("tab:blue")
    assert to_rgba(sim.get_color()) == to_rgba("tab:green")
    assert np.array_equal(theory.get_ydata(), result.theory.admissions)
    assert np.array_equal(sim.get_ydata(), result.simulation.admissions)
    equilibrium = [label for label in lines if label.startswith("equilibrium $a^*")]
    assert equilibrium and lines[equilibrium[0]].get_ydata()[0] == float(result.config.params.equilibrium_admission)
    bars = [patch for container in ax.containers for patch in container]
    heights = np.array([bar.get_height() for bar in bars])
    assert np.array_equal(heights, -result.simulation.eviction_totals)
    assert all(to_rgba(bar.get_facecolor())[:3] == to_rgba("tab:red")[:3] for bar in bars)
    assert (heights <= 0).all() and (heights < 0).any()
    assert "$l_0 = 40$" in ax.get_title() and "$(l_1, l_2) = (4, 7)$" in ax.get_title()
    assert ax.get_xlabel() == "batch index $t$" and "requests" in ax.get_ylabel()


def test_eviction_detail_stacks_every_stage():
    result = run_experiment(build_config("slow-convergence", ["steps=50"]))
    fig = plot_eviction_detail(result)
    top = fig.axes[0]
    assert len(top.containers) == result.config.params.L - 1
    for s, container in enumerate(top.containers):
        assert np.array_equal([bar.get_height() for bar in container], result.simulation.evictions[:, s])
    # Evictions are not only at stage 0 in this run.
    assert result.simulation.evictions[:, 1:].sum() > 0
    image = fig.axes[1].get_images()[0]
    assert np.array_equal(image.get_array(), result.simulation.evictions.T)
