"""Segregated versus mixed servers, on settings whose answer is known by construction."""

import json

import pytest
from typer.testing import CliRunner

from coupling_sym.cli import app
from coupling_sym.errors import ParameterError
from coupling_sym.params import make_params
from coupling_sym.remedies.servers import run_routing

runner = CliRunner()


def test_saturated_segregated_worst_cycles_vs_mixed_equilibrium():
    # l0 = 3, B = 60.  Segregated: each server holds one type and (greedy, stage0 start) runs its
    # worst cycle, throughput B / (l (l0 + l)) = 60/10 = 6 and 60/18 = 10/3 (MODEL.md closed form).
    # Mixed: both servers see (2, 3) at p = 1/2, P_3 = 4z^2 + 5z + 3 is stable, so each converges
    # to a* = 5 (the default experiment's equilibrium): 10 in all.
    params = make_params(3, (2, 3), (1, 1), 60)
    seg = run_routing(params, 400, "segregated", arrivals="saturated")
    mix = run_routing(params, 400, "mixed", arrivals="saturated")
    assert seg.throughput == pytest.approx(6 + 10 / 3, rel=1e-9)
    assert mix.throughput == pytest.approx(10, rel=1e-6)
    assert mix.evicted_per_batch == pytest.approx(0, abs=1e-9)
    assert seg.evicted_per_batch > 0


def test_same_lengths_routings_agree_open():
    params = make_params(2, (4, 4), (1, 1), 40)
    seg, mix = (run_routing(params, 120, r) for r in ("segregated", "mixed"))
    assert seg.throughput == pytest.approx(mix.throughput, rel=1e-12)
    assert seg.mean_queue == pytest.approx(mix.mean_queue, abs=1e-9)


def test_bad_groups_and_routing():
    params = make_params(3, (2, 3), (1, 1), 60)
    with pytest.raises(ParameterError, match=r"^groups must be a partition of the types 0..1"):
        run_routing(params, 10, "segregated", groups=[[0], [0]])
    with pytest.raises(ParameterError, match=r"^routing must be one of segregated, mixed; got 'x'$"):
        run_routing(params, 10, "x")


def test_cli_json_and_table():
    result = runner.invoke(app, ["servers", "--set", "steps=400", "--arrivals", "saturated", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["segregated"]["throughput"] == pytest.approx(6 + 10 / 3, rel=1e-9)
    assert doc["mixed"]["throughput"] == pytest.approx(10, rel=1e-6)
    table = runner.invoke(app, ["servers", "--set", "steps=100"])
    assert table.exit_code == 0 and "segregated" in table.stdout and "mixed" in table.stdout
    bad = runner.invoke(app, ["servers", "--arrivals", "bursty"])
    assert bad.exit_code == 2 and bad.stderr.strip().startswith("error: arrivals must be one of")


def test_seconds_add_over_servers_with_their_own_clocks():
    # l0 = 0, two types of length 2, B = 4, rates 1, 1: every server admits its whole stream
    # and holds one request at each stage in steady state (mixed: 1/2 + 1/2 of each type),
    # Z = 1 + 2 = 3 tokens, tau = 1/10 + 3/100 = 13/100 s: each server completes 1 per batch,
    # 100/13 per second, and the two servers 200/13.  No queue forms: waiting 0 s.
    from fractions import Fraction as F

    from coupling_sym.dynamics.strategies import IterationTime

    params = make_params(0, (2, 2), (1, 1), 4)
    tau = IterationTime(F(1, 10), F(1, 100))
    for routing in ("segregated", "mixed"):
        result = run_routing(params, 40, routing, tau=tau)
        assert result.throughput_per_s == pytest.approx(200 / 13, rel=1e-14) and result.waiting_s == 0.0
    assert run_routing(params, 40, "mixed").throughput_per_s is None


def test_a_server_whose_tail_lasts_no_time_has_no_rate_and_no_traceback():
    # b0 = 0 with almost no arrivals: a server of the segregated routing holds nothing in
    # its tail, so no time passes there and its completions per second are undefined
    args = ["servers", "--arrivals", "poisson", "--set", "b0=0", "--set", "b1=1", "--set", "lambda_A=0.0001"]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows["segregated"]["throughput_per_s"] is None and rows["mixed"]["throughput_per_s"] > 0
    assert runner.invoke(app, args).exit_code == 0
