"""``--workers N``: every command that takes it, on a real local Dask cluster, prints what
the in-process run prints.

Each invocation starts and stops a local cluster of worker processes on 127.0.0.1
(``dask.distributed.LocalCluster``), so the sizes are small: the point is the path from
the option to the engine and back, not the speed.
"""

import json

import pytest
from typer.testing import CliRunner

from coupling_sym.cli import app

runner = CliRunner()


def _json(args):
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize("args", [
    ["sweep", "--la", "2..3", "--lb", "3..5", "--l0", "0,3", "--p", "1/2", "--steps", "200", "--json"],
    ["verify-coprime", "--range", "2..7", "--l0", "0,4", "--json"],
    ["scan", "--l0", "0..12", "--la", "2..3", "--lb", "3..5", "--p", "1/3,1/2", "--top", "6", "--json"],
], ids=["sweep", "verify-coprime", "scan"])
def test_workers_print_the_in_process_result(args):
    here = _json(args)
    there = _json([*args, "--workers", "2"])
    assert there == here
    assert here[1]                                   # something was compared


@pytest.mark.parametrize("command, key", [
    (["stochastic", "-r", "12", "--set", "chunk=4", "--set", "steps=20"], "summary"),
    (["fluid-limit", "-r", "6", "--scales", "1,4", "--set", "chunk=3", "--set", "steps=20"], "distances"),
], ids=["stochastic", "fluid-limit"])
def test_workers_give_the_in_process_study(command, key, tmp_path):
    # chunk j is seeded by the j-th child of SeedSequence(seed): the engine cannot change a draw
    _, here = _json([*command, "--json", "--out", str(tmp_path / "here")])
    _, there = _json([*command, "--json", "--workers", "2", "--out", str(tmp_path / "there")])
    assert there[key] == here[key] and here[key]


def test_jitter_with_workers_gives_the_in_process_rows():
    args = ["jitter", "--pairs", "4:8", "--spreads", "0,1", "-r", "6", "--set", "chunk=3", "--set", "steps=40",
            "--json"]
    assert _json([*args, "--workers", "1"]) == _json(args)


def test_bad_workers_is_one_line():
    result = runner.invoke(app, ["scan", "--workers", "0"])
    assert result.exit_code == 2
    assert result.output.strip() == "error: --workers must be a positive integer; got 0"
