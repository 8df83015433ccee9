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
    equilibrium = [label for label in lines if label.startswith("equilibrium a* = ")]
    assert equilibrium and lines[equilibrium[0]].get_ydata()[0] == float(result.config.params.equilibrium_admission)
    bars = [patch for container in ax.containers for patch in container]
    heights = np.array([bar.get_height() for bar in bars])
    assert np.array_equal(heights, -result.simulation.eviction_totals)
    assert all(to_rgba(bar.get_facecolor())[:3] == to_rgba("tab:red")[:3] for bar in bars)
    assert (heights <= 0).all() and (heights < 0).any()
    assert "l₀ = 40, (l₁, l₂) = (4, 7)," in ax.get_title()
    assert ax.get_xlabel() == "batch index t" and "requests" in ax.get_ylabel()


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


def test_comparison_splits_the_axis_when_the_theory_diverges():
    from coupling_sym.report.figures import CLIP_FACTOR

    result = run_experiment(build_config("one-type-spiral"))
    fig = plot_comparison(result)
    main, top = fig.axes
    sim = np.asarray(result.simulation.admissions, dtype=float)
    low, high = main.get_ylim()
    # the simulation (0 .. 8) and its evictions fill the main axes: never flattened
    assert low <= -float(result.simulation.eviction_totals.max()) and high >= sim.max()
    assert high - low < 3 * (sim.max() + float(result.simulation.eviction_totals.max()))
    theory = np.asarray(result.theory.admissions, dtype=float)
    assert np.abs(theory).max() > CLIP_FACTOR * (high - low)  # why the split happened
    assert top.get_yscale() == "symlog"
    whole = [line for line in top.get_lines() if line.get_label() == "theory admission (whole)"][0]
    assert np.array_equal(whole.get_ydata(), theory)


def test_throughput_figure_lines():
    from coupling_sym.report.figures import plot_throughput

    result = run_experiment(build_config("one-type-spiral"))
    ax = plot_throughput(result).axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    sim = lines["simulation completions D_t"]
    assert np.array_equal(sim.get_ydata(), np.asarray(result.costs.completions, dtype=float))
    worst = [label for label in lines if label.startswith("worst-cycle level")][0]
    assert lines[worst].get_ydata()[0] == 24 / 15  # B / (l1 (l0 + l1))
    a_star = [label for label in lines if label.startswith("eviction-free throughput a*")][0]
    assert lines[a_star].get_ydata()[0] == 2.0


def test_long_runs_draw_a_bounded_number_of_artists():
    from coupling_sym.report.figures import BINS

    result = run_experiment(build_config("one-type-spiral", ["steps=5000"]))
    for fig in (plot_comparison(result), plot_eviction_detail(result)):
        for ax in fig.axes:
            assert len(ax.patches) < 10  # no bar per batch
            assert all(len(line.get_xdata()) <= max(BINS, 2) for line in ax.get_lines()
                       if line.get_label().startswith("_"))
