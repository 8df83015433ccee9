"""Seconds and queues of a run: the iteration time ``tau(Z) = b0 + b1 Z`` and the queue
columns of ``trajectory.csv`` (open systems), against hand-worked batches."""

import csv
from fractions import Fraction as F

import numpy as np
from typer.testing import CliRunner

from coupling_sym.cli import app
from coupling_sym.config import build_config
from coupling_sym.dynamics.timing import elapsed_seconds, serving_times
from coupling_sym.experiment import run_experiment

runner = CliRunner()

# One type, l0 = 1, l1 = 2 (footprints 2, 3), B = 12, 3 arrivals per batch, empty start.
ONE_TYPE = ["l0=1", "lengths=[2]", "rates=[3]", "B=12", "arrivals=deterministic", "init=explicit",
            "X0=[[0, 0]]", "b0=1/10", "b1=1/100"]


def test_hand_worked_batches_in_seconds():
    # batch 1: room 12, 3 waiting, admit 3 (Z = 6); batch 2: the 3 hold 9 tokens, room 3,
    # admit 3/2 of the 6 waiting (Z = 12, queue 9/2 - ... = 3/2); batch 3: the 3 complete,
    # 3/2 hold 9/2, room 15/2, admit 15/4 of 9/2 waiting (Z = 12, queue 3/4).
    result = run_experiment(build_config("one-type-spiral", [*ONE_TYPE, "steps=3"]), exact=True)
    served = result.served
    assert served.admitted[:, 0].tolist() == [0, 3, F(3, 2), F(15, 4)]
    assert served.queues[:, 0].tolist() == [0, 0, F(3, 2), F(3, 4)]
    assert result.simulation.tokens.tolist() == [0, 6, 12, 12]
    # tau = 1/10 + Z/100: 1/10, 4/25, 11/50, 11/50; cumulative 1/10, 13/50, 12/25, 7/10
    assert elapsed_seconds(result.tau, result.simulation.tokens).tolist() == [F(1, 10), F(13, 50), F(12, 25),
                                                                               F(7, 10)]


def test_time_column_in_the_run_folder(tmp_path):
    out = runner.invoke(app, ["experiment", "-c", "one-type-spiral", *sum((["--set", s] for s in [*ONE_TYPE, "steps=3"]), []),
                              "--out", str(tmp_path), "--json"])
    assert out.exit_code == 0, out.output
    (folder,) = tmp_path.iterdir()
    rows = list(csv.DictReader((folder / "trajectory.csv").open()))
    # float64 sums of the hand values: within a few ulps of the exact 1/10, 13/50, 12/25, 7/10
    assert np.allclose([float(r["time_s"]) for r in rows], [0.1, 0.26, 0.48, 0.7], rtol=1e-15, atol=0)
    assert list(rows[0])[:4] == ["batch", "theory_admission", "sim_admission", "sim_eviction_total"]


def test_littles_law_in_seconds_on_an_overloaded_server():
    # l1 = 1: a request stays one batch (footprint l0 + 1 = 2), B = 10 serves 5 per batch,
    # 7 arrive: from batch 1 on Z = 10, tau = 1/100 + 10/1000 = 1/50 s, the queue after
    # batch t is 2t.  Tail of batches 0..40: batches 31..40, queue sum 2 (31 + .. + 40) = 710,
    # so Little's law waits 710 / (10 * 7) = 71/7 batches and (71/7) / 50 s; the throughput
    # is 5 per batch = 250 per second; every request is in service one batch = 1/50 s.
    config = build_config("one-type-spiral", ["l0=1", "lengths=[1]", "rates=[7]", "B=10", "arrivals=deterministic",
                                      "init=explicit", "X0=[[0]]", "b0=1/100", "b1=1/1000", "steps=40"])
    result = run_experiment(config, exact=True)
    assert result.served.queues[:, 0].tolist() == [2 * t for t in range(41)]
    sim = result.simulation
    times = serving_times(result.costs.completions, sim.states.sum(axis=(1, 2)), sim.tokens,
                          queues=result.served.queues.sum(axis=1), rate=F(7), tau=result.tau)
    assert (times.waiting, times.waiting_s) == (F(71, 7), F(71, 350))
    assert (times.throughput_per_s, times.latency, times.latency_s) == (F(250), F(1), F(1, 50))
    # Little's identity, FIFO by hand: the waiting done in the tail is the queue integral
    # sum_W Q_t tau_t = 710 / 50 seconds, and the arrivals of the tail are 10 * 7
    assert times.waiting_s * 10 * 7 == F(710, 50)
    summary = result.summary
    assert summary.waiting_s == float(F(71, 350)) and summary.throughput_per_s == 250.0


# Two types, l0 = 0, lengths (1, 3), rates (1, 3) per batch, B = 24 from stage0: evictions
# and queues whose values are all integers (checked below), so the CSV's float cells are exact.
OPEN_PAIR = ["l0=0", "l_A=1", "l_B=3", "lambda_A=1", "lambda_B=3", "B=24", "arrivals=deterministic", "steps=24"]


def test_queue_columns_conserve_requests_exactly(tmp_path):
    exact = run_experiment(build_config("default", OPEN_PAIR), exact=True).served
    out = runner.invoke(app, ["experiment", *sum((["--set", s] for s in OPEN_PAIR), []), "--out", str(tmp_path)])
    assert out.exit_code == 0, out.output
    (folder,) = tmp_path.iterdir()
    with (folder / "trajectory.csv").open() as handle:
        header = next(csv.reader(handle))
        rows = [dict(zip(header, map(F, line))) for line in csv.reader(handle)]
    assert header[-10:] == [f"sim_{w}_{k}" for k in "AB" for w in ("arrivals", "restarts", "admitted", "queue",
                                                                      "waiting")]
    assert "time_s" not in header
    restarts = 0
    for k, name, rate in ((0, "A", 1), (1, "B", 3)):
        column = [row[f"sim_queue_{name}"] for row in rows]
        assert column == exact.queues[:, k].tolist()            # integer values: nothing lost in the CSV
        for t in range(1, len(rows)):
            row = rows[t]
            growth = row[f"sim_queue_{name}"] - rows[t - 1][f"sim_queue_{name}"]
            assert row[f"sim_arrivals_{name}"] == rate
            assert row[f"sim_arrivals_{name}"] == row[f"sim_admitted_{name}"] - row[f"sim_restarts_{name}"] + growth
            # Q / lambda correctly rounded to float64 (a third is not a binary fraction)
            assert float(row[f"sim_waiting_{name}"]) == float(row[f"sim_queue_{name}"] / rate)
            restarts += row[f"sim_restarts_{name}"]
    assert restarts > 0 and any(row["sim_queue_B"] > 0 for row in rows)   # both terms really occur


def test_saturated_run_has_no_queue_columns(tmp_path):
    out = runner.invoke(app, ["experiment", "--set", "steps=5", "--out", str(tmp_path)])
    assert out.exit_code == 0, out.output
    (folder,) = tmp_path.iterdir()
    header = (folder / "trajectory.csv").read_text().splitlines()[0].split(",")
    assert header[-1] == "sim_discarded_output"


def test_summary_lines_in_seconds(tmp_path):
    # the overloaded one-batch server of test_littles_law_in_seconds_on_an_overloaded_server,
    # printed: 250 completions per second, 1/50 s in service per request
    sets = ["l0=1", "lengths=[1]", "rates=[7]", "B=10", "arrivals=deterministic", "init=explicit", "X0=[[0]]",
            "b0=1/100", "b1=1/1000", "steps=40"]
    out = runner.invoke(app, ["experiment", "-c", "one-type-spiral", *sum((["--set", s] for s in sets), []),
                              "--out", str(tmp_path)])
    assert out.exit_code == 0, out.output
    assert "250 completions per second, 0.02 s in service per request" in out.output
    # last quarter, batches 31..40: mean queue 71, waiting 71/7 = 10.1429 batches = 0.202857 s
    assert "mean 71 requests, waiting 10.1429 batches = 0.202857 s" in out.output
