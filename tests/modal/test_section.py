"""The run folder's modal section and its figure (checked through its artists)."""

import csv

import numpy as np
import pytest

from coupling_sym.config import build_config
from coupling_sym.dynamics import run_simulation, run_theory
from coupling_sym.modal.section import modal_prediction, write_modal_section
from coupling_sym.report.modal import plot_modal_prediction


def trajectories(name, overrides=()):
    config = build_config(name, list(overrides))
    return (config, run_theory(config.params, config.X0, config.steps),
            run_simulation(config.params, config.X0, config.steps, config.policy))


def test_write_modal_section_on_a_temporary_folder(tmp_path):
    config, theory, simulation = trajectories("default")
    paths = write_modal_section(tmp_path, config, theory, simulation, dps=20)
    assert paths == [tmp_path / "modal" / "modes.csv", tmp_path / "modal" / "prediction.png"]
    assert paths[1].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with paths[0].open() as handle:
        rows = list(csv.DictReader(handle))
    # theory: the pair -5/8 +- i sqrt(23)/8 from batch 0; simulation: the same pair from its
    # last eviction, batch 1
    assert [(r["trajectory"], r["origin"]) for r in rows] == [("theory", "0")] * 2 + [("simulation", "1")] * 2
    assert {r["root_re"] for r in rows} == {"-0.625"}
    assert all(r["multiplicity"] == "1" and r["power_k"] == "0" and r["position"] == "inside" for r in rows)
    assert float(rows[0]["coefficient_re"]) == 5.0              # hand value Re C = 5


def test_section_folder_may_already_hold_the_run(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    config, theory, simulation = trajectories("three-types", ["steps=30"])
    write_modal_section(tmp_path, config, theory, simulation, dps=15)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["config.json", "modal", "modes.csv", "prediction.png"]


def test_prediction_data_follows_the_exact_run():
    config, theory, simulation = trajectories("default", ["init=one-per-stage", "lambda_B=3"])
    data = modal_prediction(config, theory, simulation, dps=20)
    exact = [float(a) for a in run_theory(config.params, config.X0, config.steps, exact=True).admissions]
    # not proportional: the closed form starts at batch 1
    assert data.valid_from == 1 and np.isnan(data.theory_closed[0])
    # float64 of values O(10): 1e-12 absolute
    assert np.allclose(data.theory_closed[1:], exact[1:], rtol=0, atol=1e-12)


def test_figure_artists():
    config, theory, simulation = trajectories("default")
    data = modal_prediction(config, theory, simulation, dps=20)
    fig = plot_modal_prediction(data)
    top, bottom = fig.axes[:2]
    labels = [line.get_label() for line in top.get_lines()]
    assert "theory admission" in labels and "simulation admission" in labels
    crosses = next(line for line in top.get_lines() if line.get_label().startswith("closed form of the theory"))
    assert np.allclose(crosses.get_ydata(), np.asarray(theory.admissions, float), atol=1e-10)
    assert bottom.get_yscale() == "log" and top.get_yscale() == "linear"
    envelope = next(line for line in bottom.get_lines() if line.get_label().startswith("dominant mode envelope, rho"))
    # amplitude 2|C| = 2 sqrt(25 + 100/23) at t = 0, then times rho = sqrt(3)/2 per batch
    assert envelope.get_ydata()[0] == pytest.approx(2 * np.sqrt(25 + 100 / 23), rel=1e-12)
    assert envelope.get_ydata()[2] / envelope.get_ydata()[0] == pytest.approx(0.75, rel=1e-12)


def test_unstable_theory_switches_to_symlog():
    config, theory, simulation = trajectories("non-coprime", ["l_A=2", "l_B=4", "l0=3"])
    fig = plot_modal_prediction(modal_prediction(config, theory, simulation, dps=15))
    assert fig.axes[0].get_yscale() == "symlog"


def test_axis_ends_at_the_horizon_when_evictions_go_on_past_it():
    """non-coprime at 3000 batches: the theory outgrows the float range near batch 580, the
    simulation evicts to the end; the figure stops at the horizon and names the eviction."""
    config, theory, simulation = trajectories("non-coprime", ["steps=3000"])
    data = modal_prediction(config, theory, simulation, dps=15)
    last = int(np.flatnonzero(np.asarray(simulation.eviction_totals, float) > 0)[-1])
    assert data.last_eviction == last and data.batches[-1] < last
    fig = plot_modal_prediction(data)
    top = fig.axes[0]
    assert top.get_xlim()[1] < last  # the axis is not stretched to the eviction
    labels = [line.get_label() for line in top.get_lines()]
    assert f"last eviction: batch {last}, after the last batch drawn" in labels
    assert not any(line.get_xdata()[0] == last for line in top.get_lines() if len(line.get_xdata()) == 2)
