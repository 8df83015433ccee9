"""What float64 can carry, what goes exact, and what is refused in one line."""

from fractions import Fraction

import pytest

from coupling_sym.config import build_config
from coupling_sym.errors import ParameterError
from coupling_sym.experiment import run_experiment


def test_a_prompt_beyond_float_resolution_still_evicts_at_batch_1():
    # l0 = 10^20: in float64 l0 + 1 == l0 + 2, the room at batch 1 rounded to 0 and the
    # required eviction vanished.  Exactly: room = 60 - 60 (l0+2)/(l0+1) = -60/(l0+1)
    # (hand derivation, both types advance to stage 1), so batch 1 evicts.
    result = run_experiment(build_config("default", ["l0=100000000000000000000", "steps=5"]))
    l0 = 10 ** 20
    assert result.simulation.eviction_totals[1] == Fraction(60, l0 + 1) / (l0 + 2)
    assert result.summary.first_divergence == 1 and result.summary.last_eviction == 1


@pytest.mark.parametrize("B", ["1e400", "1e-400", "1e101"])
def test_a_budget_out_of_float_reach_is_one_line_naming_B(B):
    with pytest.raises(ParameterError, match=r"^B must be between 1e-100 and 1e100 .*; got about 1e"):
        run_experiment(build_config("default", [f"B={B}"]))


def test_a_long_exact_run_is_refused_naming_steps():
    with pytest.raises(ParameterError, match=r"^steps must be at most 2000 when l0 \+ L"):
        run_experiment(build_config("default", ["l0=10000000000000", "steps=5000"]))
