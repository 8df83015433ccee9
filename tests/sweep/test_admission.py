"""sweep --admission rate-limited against exact simulations (Fractions) of the same settings.

The exact route is the served system of :mod:`coupling_sym.dynamics.served` with
:class:`~coupling_sym.dynamics.admission.RateLimited` at ``cap = a*``, one setting at a
time, and its costs from :func:`coupling_sym.dynamics.metrics.measure_costs` (completions
from the recorded states, the exact cycle).  The sweep runs the batched float64 kernel;
its throughput, loss and evictions are compared to ``1e-9`` of ``a*`` (float64 roundings
of a few ulps of ``B`` per batch; these runs settle, so nothing amplifies them).
"""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest
from typer.testing import CliRunner

from coupling_sym.cli import app
from coupling_sym.dynamics.admission import RateLimited
from coupling_sym.dynamics.metrics import measure_costs
from coupling_sym.dynamics.served import run_served
from coupling_sym.errors import ParameterError
from coupling_sym.state import initial_state
from coupling_sym.sweep import build_grid, run_sweep

STEPS = 200
TOL = 1e-9  # of a*


def _exact(params, steps, cap):
    run = run_served(params, initial_state(params), steps, RateLimited(cap), exact=True)
    costs = measure_costs(params, run.trajectory.states)
    evicted = run.trajectory.eviction_totals
    hits = [t for t in range(steps + 1) if evicted[t] > 0]
    window = costs.cycle.period if costs.cycle is not None else max(1, steps // 4)
    return costs, (hits[-1] if hits else None), sum(evicted[steps - window + 1:]) / window


@pytest.mark.parametrize("policy", ["least-progress", "proportional"])
def test_rate_limited_rows_match_exact_runs(policy):
    grid = build_grid([1, 2], [2, 3, 5], [0, 3], ["1/4", "1/2"], B=60)
    result = run_sweep(grid, STEPS, policy=policy, admission="rate-limited")
    assert result.admission == "rate-limited" and result.as_dict()["cap"] == "a*"
    for setting, row in zip(grid, result.settings):
        a_star = setting.params.equilibrium_admission
        costs, last, evictions = _exact(setting.params, STEPS, a_star)
        assert abs(row.throughput - float(costs.throughput)) <= TOL * float(a_star), setting
        assert abs(row.throughput_loss - float(costs.throughput_loss)) <= TOL, setting
        assert abs(row.evictions - float(evictions)) <= TOL * float(a_star), setting
        assert row.last_eviction == last, setting
        assert row.convergence == "not certified"  # the certificate is about greedy admission
        if costs.cycle is not None:  # the exact run repeats exactly: the kernel saw the same cycle
            assert (row.cycle.period, row.cycle.level, row.cycle.start_batch) == \
                (costs.cycle.period, costs.cycle.level, costs.cycle.start_batch), setting


def test_cap_at_a_star_removes_the_two_cycle():
    # By hand: l0 = 0, (l_A, l_B) = (1, 2), p = 1/4, B = 1: c_0 = 1, c_1 = 2 * 3/4, a* = 1 / (5/2) = 2/5.
    # Greedy: admit 1; A completes, B's 3/4 at stage 1 holds 3/2 > 1 tokens: evict to 1 token, admit 0;
    # B completes, admit 1: period 2, completions 1/4 + 1/2 per period, loss 1 - (3/8) / (2/5) = 1/16.
    # Capped at a*: batch 1 as before (last eviction), batch 2 admits min(1, 2/5) = 2/5 with stage 1
    # empty, batch 3 has 3/10 of B at stage 1 (3/5 tokens) and room 2/5 = a* again: the fixed point
    # from batch 3 (X_3 = X_4 != X_2), loss 0.
    grid = build_grid([1], [2], [0], ["1/4"], B=1)
    greedy, capped = run_sweep(grid, 60), run_sweep(grid, 60, admission="rate-limited")
    row = greedy.settings[0]
    assert (row.period, row.cycle.period, row.cycle.level) == (2, 2, 1)
    assert row.throughput_loss == pytest.approx(1 / 16, abs=1e-12)
    row = capped.settings[0]
    assert (row.outcome, row.last_eviction, row.evictions) == ("converged", 1, 0.0)
    assert (row.cycle.period, row.cycle.level, row.cycle.start_batch) == (1, 0, 3)
    assert abs(row.throughput_loss) <= TOL


def test_cli_admission_and_cap():
    base = ["sweep", "--la", "1", "--lb", "2", "--l0", "0", "--p", "1/4", "--B", "1", "--steps", "60"]
    result = CliRunner().invoke(app, base + ["--admission", "rate-limited", "--cap", "1/2", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert (document["admission"], document["cap"]) == ("rate-limited", "1/2")
    row = document["settings"][0]
    costs, last, evictions = _exact(build_grid([1], [2], [0], ["1/4"], B=1)[0].params, 60, Fraction(1, 2))
    assert abs(row["throughput"] - float(costs.throughput)) <= TOL
    assert row["last_eviction"] == last
    table = CliRunner().invoke(app, base + ["--admission", "rate-limited"])
    assert "admission rate-limited (cap a*)" in table.stdout


@pytest.mark.parametrize("args, message", [
    (["--cap", "1"], "error: cap must be given only with admission = 'rate-limited'; got '1'"),
    (["--admission", "rate-limited", "--cap", "0"], "error: cap must be > 0; got '0'"),
    (["--admission", "fifo"], "error: admission must be one of greedy, rate-limited; got 'fifo'"),
])
def test_bad_admission_is_one_line_error(tmp_path, args, message):
    result = CliRunner().invoke(app, ["sweep", "--la", "2", "--lb", "3", "--l0", "1", "--steps", "20", *args,
                                      "--csv", str(tmp_path / "s.csv")])
    assert result.exit_code == 2
    assert result.stderr.strip() == message
    assert not any(tmp_path.iterdir())


def test_library_refuses_bad_admission():
    with pytest.raises(ParameterError, match="admission must be one of"):
        run_sweep(build_grid([1], [2], [0], ["1/4"], B=1), 10, admission="lazy")


def test_chunked_rate_limited_sweep_passes_the_caps_to_every_chunk():
    # chunks of 2 settings: each chunk gets its own settings' caps (a* differs per setting)
    grid = build_grid([1, 2], [2, 3, 5], [0, 3], ["1/4"], B=60)
    whole = run_sweep(grid, STEPS, admission="rate-limited")
    chunked = run_sweep(grid, STEPS, admission="rate-limited", chunk=2)
    for setting, one, other in zip(grid, whole.settings, chunked.settings):
        assert (one.outcome, one.period, one.last_eviction) == (other.outcome, other.period, other.last_eviction)
        assert abs(one.throughput - other.throughput) <= TOL * float(setting.params.equilibrium_admission)
