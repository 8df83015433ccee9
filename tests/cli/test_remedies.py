"""``coupling-sym cap-scan`` and ``load-scan`` through CliRunner, against MODEL.md closed forms."""

import json

import pytest
from typer.testing import CliRunner

from coupling_sym.cli import app

runner = CliRunner()
# one type, l0 = 2, l1 = 3, B = 24: a* = x* = 2B / (l1 (2 l0 + l1 + 1)) = 2, worst cycle B / (l1 (l0 + l1)) = 8/5


@pytest.fixture
def one(tmp_path):
    path = tmp_path / "one.toml"
    path.write_text("l0 = 2\nlengths = [3]\nrates = [1]\nB = 24\nsteps = 90\n")
    return ["--config", str(path)]


def test_cap_scan_json_and_figure(tmp_path, one):
    figure = tmp_path / "cap.png"
    result = runner.invoke(app, ["cap-scan", *one, "--low", "0.5", "--high", "1", "--points", "2",
                                 "--figure", str(figure), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["a_star"] == 2
    half, full = doc["points"]
    assert half["throughput"] == pytest.approx(1, rel=1e-12)     # capped below a*: the cap is the throughput
    assert full["throughput"] == pytest.approx(2, rel=1e-12) and full["evicted_per_batch"] == 0
    assert figure.stat().st_size > 0


def test_load_scan_marks_worst_cycle(one):
    result = runner.invoke(app, ["load-scan", *one, "--low", "0.5", "--high", "1.25", "--points", "2", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["worst_cycle_throughput"] == pytest.approx(8 / 5, rel=1e-12)
    low, high = doc["points"]
    assert low["throughput"] == pytest.approx(1, rel=1e-9) and low["final_queue"] == pytest.approx(0, abs=1e-9)
    assert high["final_queue"] > 10                                  # 2.5 per batch arrive, at most a* leave


def test_load_scan_table(one):
    result = runner.invoke(app, ["load-scan", *one, "--points", "3"])
    assert result.exit_code == 0, result.output
    assert "worst-cycle throughput = 1.6" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["cap-scan", "--low", "0"], "factors must be a range 0 < low <= high; got '0..5/2'"),
    (["load-scan", "--arrivals", "saturated"], "arrivals must be deterministic or poisson in a load scan; got 'saturated'"),
    (["load-scan", "--admission", "fifo"], "admission must be one of greedy, rate-limited; got 'fifo'"),
])
def test_bad_input(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {message}"


@pytest.mark.parametrize("name", ["rate-limited", "open-poisson"])
def test_shipped_configs_resolve(name):
    from coupling_sym.config import build_config

    assert build_config(name).steps > 0


def test_cap_scan_refuses_unbounded_points_before_any_simulation():
    # 10^8 points would be 10^8 simulations: refused at once with the knob named.
    result = runner.invoke(app, ["cap-scan", "--points", "100000000"])
    assert result.exit_code == 2
    assert result.output.strip() == ("error: points must be at most 10000 (each point is one simulation); "
                                     "got 100000000")


def test_load_scan_in_seconds_on_an_overloaded_server(tmp_path):
    # l0 = 1, l1 = 1: a request stays one batch (footprint 2), B = 10 serves a* = 5 per batch.
    # At 1.4 a* = 7 arrivals per batch the queue after batch t is 2t and every batch from 1 on
    # holds Z = 10 tokens, tau = 1/100 + 10/1000 = 1/50 s.  Last quarter of 40 batches: 31..40,
    # mean queue 71, Little's law 71/7 batches = 71/350 s; throughput 5 / (1/50) = 250 per second.
    path = tmp_path / "one.toml"
    path.write_text("l0 = 1\nlengths = [1]\nrates = [1]\nB = 10\nsteps = 40\nb0 = '1/100'\nb1 = '1/1000'\n")
    result = runner.invoke(app, ["load-scan", "--config", str(path), "--low", "1.4", "--high", "1.4",
                                 "--points", "1", "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    (point,) = record["points"]
    assert (record["b0"], record["b1"]) == ("1/100", "1/1000")
    # float64 sums of 10 exact-looking terms: a few ulps of the hand values
    assert point["waiting"] == pytest.approx(71 / 7, rel=1e-14)
    assert point["waiting_s"] == pytest.approx(71 / 350, rel=1e-14)
    assert point["throughput_per_s"] == pytest.approx(250, rel=1e-14)
    table = runner.invoke(app, ["load-scan", "--config", str(path), "--low", "1.4", "--high", "1.4", "--points", "1"])
    assert "throughput/s" in table.output and "250" in table.output


def test_cap_scan_reports_seconds_with_an_iteration_time(one):
    # cap = a*/2 = 1 below a*: every batch admits 1 and holds, at the fixed point, stages
    # 0..2 with l0 + 1 + i = 3, 4, 5 tokens: Z = 12, tau = 1/100 + 12/1000 = 11/500 s,
    # so 1 completion per batch is 500/11 completions per second; a saturated queue has no wait
    result = runner.invoke(app, ["cap-scan", *one, "--low", "0.5", "--high", "0.5", "--points", "1",
                                 "--set", "b0=1/100", "--set", "b1=1/1000", "--json"])
    assert result.exit_code == 0, result.output
    (point,) = json.loads(result.stdout)["points"]
    assert point["throughput_per_s"] == pytest.approx(500 / 11, rel=1e-12)
    assert point["waiting_s"] is None


@pytest.mark.parametrize("args", [("cycles", "--l0", "2", "--l1", "3", "--B", "24", "--figure", "{tmp}/noext"),
                                  ("cap-scan", "--figure", "{tmp}/f.xyz"),
                                  ("load-scan", "--figure", "{tmp}/f.txt")])
def test_a_figure_path_without_a_figure_format_is_refused_first(tmp_path, args):
    result = runner.invoke(app, [a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"error: --figure must be a path ending in a figure format (.png, .pdf, .svg, ...); got "
        f"'{args[-1].format(tmp=tmp_path)}'"]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("key, value", [("b0", "1e400"), ("b1", "1e-400")])
def test_iteration_times_floats_cannot_hold_are_refused(one, key, value):
    other = "b1" if key == "b0" else "b0"
    result = runner.invoke(app, ["load-scan", *one, "--set", f"{key}={value}", "--set", f"{other}=1"])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(f"error: {key} must be 0 or between 1e-300 and 1e300; got ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_tail_that_lasts_no_time_prints_a_dash_not_a_traceback(one):
    # b0 = 0 and an almost empty open system: no tokens held in the tail, no time passes
    result = runner.invoke(app, ["load-scan", *one, "--set", "b0=0", "--set", "b1=1", "--arrivals", "poisson",
                                 "--low", "0.001", "--high", "0.001", "--points", "1", "--json"])
    assert result.exit_code == 0, result.output
    (point,) = json.loads(result.stdout)["points"]
    # rate 0.002 a batch: (seeded) no request arrives in 90 batches, no tokens, no time
    assert point["throughput"] == 0 and point["throughput_per_s"] is None
    table = runner.invoke(app, ["load-scan", *one, "--set", "b0=0", "--set", "b1=1", "--arrivals", "poisson",
                                "--low", "0.001", "--high", "0.001", "--points", "1"])
    assert table.exit_code == 0, table.output
