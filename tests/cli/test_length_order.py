"""One rule for the order of decode lengths, checked on every command.

A single setting takes its decode lengths in any order, and equal: relabelling the
types (``(l_A, l_B)`` with share ``p`` is ``(l_B, l_A)`` with ``1 - p``) changes no
polynomial, verdict or trajectory, and two types of one length ``l`` are the one-type
model (``c_j = l0 + 1 + j``).  A grid (``sweep``, ``scan``, ``verify-coprime``) is the set
of pairs ``l_A < l_B``, and one without any is refused with the same words everywhere.
"""

import json

import pytest
from typer.testing import CliRunner

from coupling_sym.cli import app

runner = CliRunner()


def run_json(*args):
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_roots_in_either_order_give_the_same_polynomial_and_verdict():
    forward = run_json("roots", "--l0", "3", "--la", "2", "--lb", "3", "--p", "1/4")
    backward = run_json("roots", "--l0", "3", "--la", "3", "--lb", "2", "--p", "3/4")
    for block in ("P", "limit"):
        assert forward[block]["coeffs"] == backward[block]["coeffs"]
        assert forward[block]["verdict"] == backward[block]["verdict"]
    assert forward["critical_l0"] == backward["critical_l0"]


def test_roots_of_equal_lengths_are_the_one_type_model():
    # one type, l = 3, l0 = 3: P = 4 z^2 + 5 z + 6 (c_j = 4, 5, 6); a complex pair with
    # |z|^2 = 6/4, so rho = sqrt(3/2) > 1; the limit 1 - z^3 has the cube roots of unity.
    record = run_json("roots", "--l0", "3", "--la", "3", "--lb", "3")
    assert [float(c) for c in record["P"]["coeffs"]] == [4, 5, 6]
    assert record["P"]["verdict"] == "unstable" and abs(float(record["P"]["rho"]) - 1.5 ** 0.5) < 1e-40
    assert record["limit"]["verdict"] == "on-circle" and record["critical_l0"] is None


def test_charpoly_in_either_order_and_equal():
    forward = run_json("charpoly", "--l0", "3", "--la", "2", "--lb", "3", "--p", "1/4")
    backward = run_json("charpoly", "--l0", "3", "--la", "3", "--lb", "2", "--p", "3/4")
    assert forward["P"] == backward["P"] and forward["difference"] == backward["difference"]
    assert run_json("charpoly", "--l0", "3", "--la", "3", "--lb", "3", "--p", "1/2")["P"] == ["4", "5", "6"]


def test_locus_in_either_order_and_equal(tmp_path):
    forward = run_json("locus", "--la", "2", "--lb", "3", "--p", "1/4", "--l0", "0..6", "--out", str(tmp_path / "f"))
    backward = run_json("locus", "--la", "3", "--lb", "2", "--p", "3/4", "--l0", "0..6", "--out", str(tmp_path / "b"))
    assert forward["critical_l0"] == backward["critical_l0"]
    equal = run_json("locus", "--la", "3", "--lb", "3", "--l0", "0..6", "--out", str(tmp_path / "e"))
    assert equal["critical_l0"] is None     # one type of length 3: gcd 3, never stable


@pytest.mark.parametrize("command", ["experiment", "modal"])
def test_config_commands_take_either_order_and_equal(tmp_path, command):
    extra = ["--out", str(tmp_path)] if command == "experiment" else []
    for sets in (["l_A=3", "l_B=2"], ["l_A=3", "l_B=3"], ["l_A=2", "l_B=2"]):
        args = [command, *[item for s in sets for item in ("--set", s)], "--set", "steps=20", *extra]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (sets, result.output)


def test_experiment_trajectories_do_not_depend_on_the_labels(tmp_path):
    import csv

    def admissions(sets):
        out = tmp_path / "_".join(sets)
        result = runner.invoke(app, ["experiment", *[x for s in sets for x in ("--set", s)], "--set", "steps=30",
                                     "--out", str(out), "--json"])
        assert result.exit_code == 0, result.output
        folder = json.loads(result.stdout)["run_folder"]
        with open(f"{folder}/trajectory.csv") as handle:
            return [(row["theory_admission"], row["sim_admission"]) for row in csv.DictReader(handle)]

    # lambda_A = 1, lambda_B = 3 on (2, 3) is lambda_A = 3, lambda_B = 1 on (3, 2): the same model
    forward = admissions(["l_A=2", "l_B=3", "lambda_A=1", "lambda_B=3"])
    backward = admissions(["l_A=3", "l_B=2", "lambda_A=3", "lambda_B=1"])
    # totals of the same exact state, summed in another type order: a few ulp of N = 15
    assert all(abs(float(a) - float(b)) <= 1e-12 * 15 for f, g in zip(forward, backward) for a, b in zip(f, g))


@pytest.mark.parametrize("args, message", [
    (["sweep", "--la", "3", "--lb", "2", "--l0", "3", "--steps", "20"],
     "error: l_A must be smaller than some l_B (a grid's pairs have l_A < l_B); got l_A in [3], l_B in [2]"),
    (["sweep", "--la", "3", "--lb", "3", "--l0", "3", "--steps", "20"],
     "error: l_A must be smaller than some l_B (a grid's pairs have l_A < l_B); got l_A in [3], l_B in [3]"),
    (["scan", "--la", "3", "--lb", "2", "--l0", "0..3"],
     "error: l_A must be smaller than some l_B (a grid's pairs have l_A < l_B); got '3'"),
    (["scan", "--la", "3", "--lb", "3", "--l0", "0..3"],
     "error: l_A must be smaller than some l_B (a grid's pairs have l_A < l_B); got '3'"),
    (["verify-coprime", "--range", "3,3"], "error: range must be at least two distinct decode lengths; got '3,3'"),
])
def test_a_grid_without_a_pair_is_refused_alike(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [message]


def test_verify_coprime_takes_a_range_in_any_order():
    # a range is a set of lengths: its pairs a < b, whatever the order the values are listed in
    assert run_json("verify-coprime", "--range", "3,2")["pairs"] == run_json("verify-coprime", "--range", "2,3")["pairs"]


def test_mix_proposes_the_same_tiers_in_either_order():
    # tiers (4, 2) and (2, 4) with equal rates are one design: the same proposals, tiers relabelled
    def proposals(lengths):
        return [(sorted(p["lengths"]), p["change"], p["verdict"], p["critical_l0"])
                for p in run_json("mix", "--lengths", lengths, "--l0", "8")["proposals"]]

    assert proposals("4,2") == proposals("2,4")
    one_line = runner.invoke(app, ["mix", "--lengths", "2,2,3", "--l0", "8"])
    assert one_line.exit_code == 2 and one_line.stderr.strip() == \
        "error: lengths must be a list of distinct tiers; got [2, 2, 3]"
