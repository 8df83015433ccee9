"""One-type cycles: every closed form of the model against exact simulation, stability,
the worst cycle as the floor of every cycle, and the command."""

import json
import random
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, strategies as st
from typer.testing import CliRunner

from coupling_sym.cli import app
from coupling_sym.cycles import (catalogue, check_closed_forms, follow_orbit, one_type_params, perturb_orbit,
                                 state_of_shape)
from coupling_sym.dynamics import run_simulation
from coupling_sym.dynamics.metrics import detect_cycle
from coupling_sym.errors import ParameterError, StateError
from coupling_sym.state import initial_state

runner = CliRunner()


def _w(l0, j):
    return l0 + 1 + j


def _expected(l0, l1, B):
    """The paper's closed forms, typed in here (never read from the package)."""
    forms = {"fixed point": F(2 * B, l1 * (2 * l0 + l1 + 1))}
    for i in range(1, l1):
        forms[f"contiguous level {i}"] = F(B) / ((i + 1) * _w(l0, i) + sum(_w(l0, j) for j in range(i + 1, l1)))
    for k in range(1, l1 + 1):
        if l1 % k == 0:
            d = l1 // k
            forms[f"evenly spaced k={k}"] = F(B) / (d * sum(_w(l0, q * d - 1) for q in range(1, k + 1)))
    return forms


@pytest.mark.parametrize("l0", [0, 2, 5])
@pytest.mark.parametrize("l1", range(2, 9))
def test_every_closed_form_against_exact_simulation(l0, l1):
    B = 24
    params = one_type_params(l0, l1, B)
    entries = catalogue(params)
    assert all(e.verified for e in entries)
    measured = {name: e.throughput for e in entries for name in e.names}
    for name, value in _expected(l0, l1, B).items():
        assert measured[name] == value, name
    worst = F(B, l1 * (l0 + l1))
    assert measured[f"contiguous level {l1 - 1}"] == worst == min(measured.values())
    assert measured["fixed point"] == params.equilibrium_admission
    # levels: the contiguous block of level i has i empty stages, evenly spaced k has l1 - k
    levels = {name: e.level for e in entries for name in e.names}
    assert all(levels[f"contiguous level {i}"] == i for i in range(1, l1))
    assert all(levels[f"evenly spaced k={k}"] == l1 - k for k in range(1, l1 + 1) if l1 % k == 0)
    assert all(all(check_closed_forms(params, e).values()) for e in entries)


def test_worst_cycle_states_by_hand():
    # l0 = 2, l1 = 3, B = 24: (8, 0, 0) -> (0, 6, 0) -> (0, 0, 24/5) -> (8, 0, 0), B / w_j each
    params = one_type_params(2, 3, 24)
    entry = follow_orbit(params, state_of_shape(params, (1, 0, 0)))
    assert entry.states == ((8, 0, 0), (0, 6, 0), (0, 0, F(24, 5)))
    assert (entry.period, entry.level, entry.relative) == (3, 2, F(4, 5))


@given(l0=st.integers(0, 4), l1=st.integers(2, 5), seed=st.integers(0, 10 ** 6))
def test_worst_cycle_is_the_floor_of_every_cycle_from_random_starts(l0, l1, seed):
    B = 24
    params = one_type_params(l0, l1, B)
    rng = random.Random(seed)
    row = [F(rng.randint(0, 20), rng.randint(1, 5)) for _ in range(l1)]
    tokens = sum(_w(l0, j) * x for j, x in enumerate(row))
    if tokens == 0:
        row, tokens = [F(1)] * l1, sum(_w(l0, j) for j in range(l1))
    X0 = initial_state(params, "explicit", [[x * B / tokens for x in row]])
    cycle = detect_cycle(params, run_simulation(params, X0, 30 * l1, exact=True).states)
    if cycle is not None:
        assert cycle.throughput >= F(B, l1 * (l0 + l1))


def test_perturbed_orbits_leave_except_the_worst():
    params = one_type_params(2, 4, 48)
    outcomes = {e.names[0]: perturb_orbit(params, e, trials=2, seed=3) for e in catalogue(params)}
    assert outcomes["contiguous level 3"].verdict == "returns"
    for name in ("fixed point", "contiguous level 1", "contiguous level 2", "evenly spaced k=2"):
        assert outcomes[name].verdict == "leaves"
        assert all(end == (4, 3, F(2)) for end in outcomes[name].ends)  # into the worst cycle, B/(l1 (l0+l1)) = 2


def test_state_that_is_not_a_cycle():
    params = one_type_params(2, 3, 24)
    entry = follow_orbit(params, initial_state(params, "explicit", [[F(5, 2), 2, F(17, 10)]]))
    assert not entry.verified and entry.period == 0


@pytest.mark.parametrize("args, message", [
    ((2, 0, 24), "l1 must be a positive integer; got 0"),
    ((2, 3, 0), "B must be > 0; got 0"),
    ((-1, 3, 24), "l0 must be a non-negative integer; got -1"),
])
def test_bad_parameters(args, message):
    with pytest.raises(ParameterError, match=message):
        one_type_params(*args)


def test_more_than_one_type_is_refused():
    from coupling_sym.params import make_params

    with pytest.raises(ParameterError, match="params must be one request type"):
        catalogue(make_params(2, [2, 3], [1, 1], 24))


def test_command_table_json_and_figure(tmp_path):
    figure = tmp_path / "cycles.png"
    result = runner.invoke(app, ["cycles", "--l0", "2", "--l1", "3", "--B", "24", "--stability",
                                 "--figure", str(figure), "--landscape-max", "5"])
    assert result.exit_code == 0, result.output
    assert "contiguous level 2 = evenly spaced k=1" in result.stdout
    assert "returns (3/3)" in result.stdout and "leaves (0/3)" in result.stdout
    assert "closed forms: all agree with the exact simulation" in result.stdout
    assert figure.stat().st_size > 0
    result = runner.invoke(app, ["cycles", "--l1", "4", "--B", "48", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["worst"]["throughput"] == "2" and document["fixed_point"] == "8/3"
    by_name = {c["names"][0]: c for c in document["cycles"]}
    assert by_name["evenly spaced k=2"]["period"] == 2 and by_name["evenly spaced k=2"]["throughput"] == "12/5"


@pytest.mark.parametrize("args, message", [
    (["--l1", "0"], "error: l1 must be a positive integer; got '0'"),
    (["--B", "0"], "error: B must be > 0; got '0'"),
    (["--state", "0,0,9"], "error: X0 must be a state holding at most B = 24 tokens; got '45 tokens'"),
    (["--state", "1,2"], "error: X0[0] (type A) must be a list of l_A = 3 counts"),
])
def test_command_bad_input(args, message):
    result = runner.invoke(app, ["cycles", *args])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[0].startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1


def test_landscape_figure_artists():
    import matplotlib.pyplot as plt

    from coupling_sym.report.cycles import plot_cycle_landscape

    params = one_type_params(2, 3, 24)
    landscape = {n: catalogue(one_type_params(2, n, 24)) for n in range(2, 6)}
    fig = plot_cycle_landscape(params, catalogue(params), landscape)
    left, right = fig.axes
    assert len(left.collections[0].get_offsets()) == 3  # three verified cycles at l1 = 3
    assert sorted(line.get_ydata()[0] for line in left.get_lines()) == [1.6, 2.0]  # worst and x*
    worst_line = [line for line in right.get_lines() if line.get_label() == "worst cycle of each l1"][0]
    # worst relative throughput (2 l0 + l1 + 1) / (2 (l0 + l1)) at level l1 - 1
    assert np.allclose(worst_line.get_ydata(), [(5 + n) / (2 * (2 + n)) for n in range(2, 6)], rtol=1e-15)
    plt.close(fig)
