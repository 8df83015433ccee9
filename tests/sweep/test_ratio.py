"""Sweeps with the prompt ratio as an axis."""

import json
from fractions import Fraction as F

import pytest
from typer.testing import CliRunner

from coupling_sym.cli import app
from coupling_sym.errors import ParameterError
from coupling_sym.sweep import parse_grid, run_sweep

runner = CliRunner()


def test_grid_puts_prompts_on_the_ray():
    grid = parse_grid("2", "3", "1,2", "1/2", "60", "1,3/2,2")
    assert [(s.ratio, s.l0, s.params.prompts) for s in grid] == [
        (1, 1, (1, 1)), (1, 2, (2, 2)), (F(3, 2), 1, (2, 3)), (F(3, 2), 2, (4, 6)), (2, 1, (1, 2)), (2, 2, (2, 4))]


def test_ratio_sweep_verdicts_and_critical_scale_by_hand():
    # (2, 3), p = 1/2, ratio 2: |z|^2 = (t + 3/2) / (3t/2 + 1): on the circle at t = 1, stable from 2
    result = run_sweep(parse_grid("2", "3", "0..3", "1/2", "60", "2"), steps=400)
    assert [row.verdict for row in result.settings] == ["unstable", "on-circle", "stable", "stable"]
    assert [(c.ratio, c.l0_star) for c in result.critical] == [(2, 2)]
    assert abs(result.settings[2].rho - (3.5 / 4) ** 0.5) < 1e-12
    assert [row.outcome for row in result.settings][2:] == ["converged", "converged"]


def test_ratio_one_is_the_common_prompt_sweep():
    plain = run_sweep(parse_grid("2", "3,5", "0..4", "1/3", "60"), steps=300)
    ratio = run_sweep(parse_grid("2", "3,5", "0..4", "1/3", "60", "1"), steps=300)
    assert plain.as_dict() == ratio.as_dict()
    assert "ratio" not in plain.as_dict()["settings"][0]


def test_sweep_cli_ratio(tmp_path):
    csv_path = tmp_path / "rows.csv"
    result = runner.invoke(app, ["sweep", "--la", "2", "--lb", "3", "--l0", "1,2", "--ratio", "1,2", "--steps", "200",
                                 "--json", "--csv", str(csv_path)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [row.get("ratio") for row in document["settings"]] == [None, None, "2", "2"]
    assert csv_path.read_text().splitlines()[0].endswith(",ratio")
    assert [c["l0_star"] for c in document["critical"]] == [2, 2]


@pytest.mark.parametrize("ratio, message", [("0", "ratio must be > 0; got '0'"), ("-1/2", "ratio must be > 0; got '-1/2'"),
                                            ("x", "ratio must be a number")])
def test_sweep_cli_rejects_bad_ratio(ratio, message):
    result = runner.invoke(app, ["sweep", "--la", "2", "--lb", "3", "--l0", "1", "--ratio", ratio])
    assert result.exit_code == 2 and message in result.output


def test_phase_figure_has_a_panel_per_ratio(tmp_path):
    result = runner.invoke(app, ["sweep", "--la", "2", "--lb", "3,4", "--l0", "0..4", "--ratio", "1,2", "--steps", "300",
                                 "--figure", str(tmp_path / "phase")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "phase.png").stat().st_size > 0
    from coupling_sym.report.phase import plot_phase_diagram

    sweep = run_sweep(parse_grid("2", "3,4", "0..4", "1/2", "60", "1,2"), steps=300)
    fig = plot_phase_diagram(sweep)
    titles = [ax.get_title() for ax in fig.axes[:2]]
    assert titles == ["$p = 1/2$", "$p = 1/2$, prompt ratio $l_{0,2}/l_{0,1} = 2$"]
    # l0* lines: (2, 3) at ratio 2 is stable from scale 2 (hand: |z|^2 = (t + 3/2)/(3t/2 + 1)); (2, 4) none
    lines = [line for line in fig.axes[1].get_lines() if line.get_gid() == "l0star"]
    assert [list(line.get_ydata()) for line in lines] == [[1.5, 1.5]]
    with pytest.raises(ParameterError):
        parse_grid("2", "3", "1", "1/2", "60", "1..3")
