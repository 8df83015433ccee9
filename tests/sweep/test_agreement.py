"""Agreement of outcome and verdict: the per-setting rule and the summary counts."""

import pytest

from coupling_sym.sweep import judge_agreement, summarise_agreement


@pytest.mark.parametrize("verdict, rho, outcome, expected", [
    ("stable", 0.5, "converged", "agree"),
    ("stable", 0.5, "not-converged", "disagree"),
    ("stable", 0.99, "not-converged", "slow"),     # the margin itself is already "slow"
    ("stable", 0.995, "converged", "agree"),
    ("on-circle", 1.0, "not-converged", "agree"),
    ("on-circle", 1.0, "converged", "disagree"),
    ("unstable", 1.3, "not-converged", "agree"),
    ("unstable", 1.3, "converged", "disagree"),
    (None, None, "converged", "unknown"),
])
def test_judge_agreement(verdict, rho, outcome, expected):
    assert judge_agreement(verdict, rho, outcome) == expected


def test_margin_is_a_parameter():
    assert judge_agreement("stable", 0.95, "not-converged", margin=0.9) == "slow"
    assert judge_agreement("stable", 0.95, "not-converged", margin=0.99) == "disagree"


def test_summary_counts_by_hand():
    verdicts = ["stable", "stable", "stable", "stable", "on-circle", "unstable", "unstable", None]
    rhos = [0.5, 0.7, 0.995, 0.999, 1.0, 1.2, 1.1, None]
    outcomes = ["converged", "not-converged", "converged", "not-converged", "not-converged",
                "converged", "not-converged", "converged"]
    s = summarise_agreement(verdicts, rhos, outcomes, steps=777)
    assert (s.margin, s.steps, s.total) == (0.99, 777, 8)
    assert (s.stable_clear, s.stable_clear_converged) == (2, 1)
    assert (s.stable_slow, s.stable_slow_converged) == (2, 1)
    assert (s.on_circle, s.on_circle_converged) == (1, 0)
    assert (s.unstable, s.unstable_converged) == (2, 1)
    assert s.unknown == 1
    assert s.disagreements == (1, 5)
    assert s.as_dict()["disagreements"] == [1, 5]


def test_summary_needs_aligned_lists():
    with pytest.raises(ValueError):
        summarise_agreement(["stable"], [0.5, 0.6], ["converged"], steps=1)
