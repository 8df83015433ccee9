"""``coupling-sym sweep`` through Typer's CliRunner."""

import csv
import json

import pytest
from typer.testing import CliRunner

from coupling_sym.cli import app

runner = CliRunner()

# l0 = 0, pairs (1, 2) and (1, 3), p = 1/4 and 3/4: verdicts and outcomes worked out by
# hand in tests/sweep/test_run.py (2-cycle, 3-cycle, two geometric convergences).
HAND = ["sweep", "--la", "1", "--lb", "2,3", "--l0", "0", "--p", "1/4,3/4", "--B", "1", "--steps", "120"]


def test_table_and_summary():
    result = runner.invoke(app, HAND)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    row = next(line for line in lines if "│   1 │   2 │  0 │ 1/4 " in line)
    assert "unstable" in row and "not-converged" in row and "│      2 │" in row and "119" in row
    assert "4 settings, 120 batches, B = 1, init stage0, policy least-progress" in result.stdout
    assert "stable, rho < 0.99:   2 of 2 converged" in result.stdout
    assert "unstable:              0 of 2 converged" in result.stdout
    assert "disagreements: none" in result.stdout


def test_json():
    result = runner.invoke(app, HAND + ["--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["steps"] == 120 and document["margin"] == 0.99
    rows = {(r["l_B"], r["p"]): r for r in document["settings"]}
    assert len(rows) == 4
    assert {k: rows[2, "1/4"][k] for k in ("l_A", "l0", "verdict", "outcome", "period", "last_eviction")} == \
        {"l_A": 1, "l0": 0, "verdict": "unstable", "outcome": "not-converged", "period": 2, "last_eviction": 119}
    assert rows[3, "1/4"]["period"] == 3
    assert rows[2, "3/4"]["outcome"] == "converged" and rows[2, "3/4"]["last_eviction"] is None
    assert document["summary"]["disagreements"] == []


def test_csv_and_figure(tmp_path):
    result = runner.invoke(app, HAND + ["--csv", str(tmp_path / "out" / "sweep.csv"),
                                        "--figure", str(tmp_path / "phase")])
    assert result.exit_code == 0, result.output
    with (tmp_path / "out" / "sweep.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:10] == ["l_A", "l_B", "l0", "p", "verdict", "rho", "outcome", "period", "last_eviction",
                                  "final_gap"]
    assert [(r["l_B"], r["p"], r["outcome"], r["period"]) for r in rows] == [
        ("2", "1/4", "not-converged", "2"), ("2", "3/4", "converged", ""),
        ("3", "1/4", "not-converged", "3"), ("3", "3/4", "converged", "")]
    assert float(rows[0]["rho"]) == pytest.approx(1.5, rel=1e-12)
    assert (tmp_path / "phase.png").stat().st_size > 0 and (tmp_path / "phase.pdf").stat().st_size > 0
    assert f"figure: {tmp_path / 'phase.png'}, {tmp_path / 'phase.pdf'}" in result.stdout


def test_skipped_pairs_are_not_errors():
    result = runner.invoke(app, ["sweep", "--la", "2..4", "--lb", "3", "--l0", "3", "--steps", "20", "--json"])
    assert result.exit_code == 0, result.output
    assert [(r["l_A"], r["l_B"]) for r in json.loads(result.stdout)["settings"]] == [(2, 3)]


@pytest.mark.parametrize("args, message", [
    (["--la", "5..3", "--lb", "6", "--l0", "1"], "error: l_A must be a non-empty range a..b with a <= b; got '5..3'"),
    (["--la", "2", "--lb", "3", "--l0", "3..1"], "error: l0 must be a non-empty range a..b with a <= b; got '3..1'"),
    (["--la", "2", "--lb", "3", "--l0", ""], "error: l0 must be a range a..b or a list a,b,c; got ''"),
    (["--la", "2", "--lb", "3", "--l0", "1", "--p", "0"], "error: p must be strictly between 0 and 1; got '0'"),
    (["--la", "2", "--lb", "3", "--l0", "1", "--p", "1/2,1"], "error: p must be strictly between 0 and 1; got '1'"),
    (["--la", "2", "--lb", "3", "--l0", "1", "--p", "5/4"], "error: p must be strictly between 0 and 1; got '5/4'"),
    (["--la", "2", "--lb", "3", "--l0", "1", "--p", "x"], "error: p must be a number such as 2, 0.25 or 1/3; got 'x'"),
    (["--la", "4..6", "--lb", "2..4", "--l0", "1"],
     "error: l_A must be smaller than some l_B (a grid's pairs have l_A < l_B); got l_A in [4, 5, 6], l_B in [2, 3, 4]"),
    (["--la", "2", "--lb", "3", "--l0", "1", "--steps", "0"], "error: steps must be a positive integer; got '0'"),
    (["--la", "2", "--lb", "3", "--l0", "1", "--B", "-1"], "error: B must be > 0; got '-1'"),
    (["--la", "2", "--lb", "3", "--l0", "1", "--init", "explicit"],
     "error: init must be one of stage0, one-per-stage; got 'explicit'"),
    (["--la", "2", "--lb", "3", "--l0", "1", "--policy", "lifo"],
     "error: policy must be one of least-progress, proportional; got 'lifo'"),
    (["--la", "2", "--lb", "3", "--l0", "3", "--B", "10", "--init", "one-per-stage"],
     "error: setting l_A=2, l_B=3, l0=3, p=1/2: X0 must be a state holding at most B = 10 tokens; got '24 tokens'"),
])
def test_bad_input_one_line_exit_2(tmp_path, args, message):
    result = runner.invoke(app, ["sweep", *args, "--csv", str(tmp_path / "s.csv"), "--figure", str(tmp_path / "f")])
    assert result.exit_code == 2
    assert result.stderr.strip() == message
    assert result.stdout == ""
    assert not any(tmp_path.iterdir())


def test_help_lists_the_options():
    result = runner.invoke(app, ["sweep", "--help"])
    assert result.exit_code == 0
    for option in ("--la", "--lb", "--l0", "--p", "--steps", "--B", "--init", "--policy", "--json", "--csv",
                   "--figure"):
        assert option in result.stdout


@pytest.mark.parametrize("option", ["--csv", "--figure"])
def test_output_path_under_a_file_is_one_line_error(tmp_path, option):
    # checked before the simulation: nothing is computed for a path that cannot be written
    target = tmp_path / "taken.txt"
    target.write_text("x")
    result = runner.invoke(app, HAND + [option, str(target / "out")])
    assert result.exit_code == 2
    named = target / ("out" if option == "--csv" else "out.png")     # --figure names its first file
    assert result.stderr.strip().splitlines() == [
        f"error: {option} must be a path whose folders are folders, not files; got '{named}'"]
    assert result.stdout == ""


def test_csv_path_that_is_a_folder_is_one_line_error(tmp_path):
    result = runner.invoke(app, HAND + ["--csv", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"error: --csv must be a file path, not a folder; got '{tmp_path}'"]


@pytest.mark.parametrize("option", ["--csv", "--figure"])
def test_output_the_system_refuses_is_one_line_error(tmp_path, monkeypatch, option):
    from pathlib import Path

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", refuse)
    result = runner.invoke(app, HAND + [option, str(tmp_path / "new" / "out")])
    assert result.exit_code == 2
    rule = "a file that can be written" if option == "--csv" else "a prefix the figure can be written to"
    assert result.stderr.strip().splitlines() == [
        f"error: {option} must be {rule} (Permission denied); got '{tmp_path / 'new' / 'out'}'"]


@pytest.mark.parametrize("args, message", [
    # 2**28 numbers: 7 L^2 = 63 constants and 2 (tail_length(T) + 1) streamed numbers, tail_length(T) =
    # T // 4 + T // 8 + 1: the largest T is 357913855 (T // 4 = 89478463, T // 8 = 44739231)
    (["--steps", "100000000000"], "error: steps must be at most 357913855 for 1 settings with L = 3 "
                                  "(the sweep holds at most 2**28 numbers); got 100000000000"),
    (["--B", "1e400"], "error: B must be a budget with B and a* = B / sum c_j in float64's normal range "
                       "(about 2.2e-308 to 1.8e308); got 1" + "0" * 400),
])
def test_huge_values_are_one_line_errors(args, message):
    result = runner.invoke(app, ["sweep", "--la", "2", "--lb", "3", "--l0", "1", *args])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [message]


def test_too_large_grid_is_refused_before_building_it(monkeypatch):
    # 1..3000 x 1..3000 has 3000 * 2999 / 2 = 4498500 pairs, times 101 prefills: 454348500
    # settings; building them would take hours, so the size check must come first
    import coupling_sym.sweep
    import coupling_sym.sweep.grid

    def refuse(*args, **kwargs):
        raise AssertionError("a setting was built")

    monkeypatch.setattr(coupling_sym.sweep, "build_grid", refuse)
    monkeypatch.setattr(coupling_sym.sweep.grid, "build_grid", refuse)
    result = runner.invoke(app, ["sweep", "--la", "1..3000", "--lb", "1..3000", "--l0", "0..100", "--steps", "10"])
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert message.startswith("error: grid must be at most ") and message.endswith("got '454348500 settings'")
    assert len(message.splitlines()) == 1


@pytest.mark.parametrize("cap", ["1e400", "1e-400"])
def test_a_cap_floats_cannot_hold_is_refused_in_one_line(cap):
    # float64 runs hold the cap in tokens: 1e400 overflowed, 1e-400 became a cap of 0
    result = runner.invoke(app, ["sweep", "--la", "2", "--lb", "3", "--l0", "1", "--steps", "50",
                                 "--admission", "rate-limited", "--cap", cap])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"error: cap must be between 1e-300 and 1e300; got '{cap}'"]
