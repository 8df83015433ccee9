"""``coupling-sym stochastic`` through Typer's CliRunner."""

from __future__ import annotations

import csv
import json
import socket
import time

from typer.testing import CliRunner

from coupling_sym.cli import app

runner = CliRunner()


def test_study_writes_folder_and_json(tmp_path):
    result = runner.invoke(app, ["stochastic", "--set", "steps=12", "-r", "7", "--out", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    folder = tmp_path / doc["run_folder"].split("/")[-1]
    assert sorted(p.name for p in folder.iterdir()) == ["bands.png", "config.json", "eviction_detail.png",
                                                       "replications.csv", "trajectory.csv"]
    assert doc["summary"]["replications"] == 7 and doc["summary"]["max_tokens"] <= 60
    rows = list(csv.DictReader((folder / "trajectory.csv").open()))
    assert len(rows) == 13
    # Batch 0 fills B = 60 with footprint-4 requests: 15, as the fluid stage0 state.
    assert float(rows[0]["mean_admission"]) == 15.0 == float(rows[0]["fluid_admission"])
    # Batch 1 evicts ceil((75 - 60) / 5) = 3 requests at stage 0 in every replication.
    assert float(rows[1]["mean_eviction_stage0"]) == 3.0
    config = json.loads((folder / "config.json").read_text())
    assert config["seeding"]["master_seed"] == 1 and config["parameters"]["replications"] == 7


def test_table_output_and_same_result_twice(tmp_path):
    first = runner.invoke(app, ["stochastic", "-c", "jitter", "--set", "steps=20", "-r", "4", "--out", str(tmp_path)])
    again = runner.invoke(app, ["stochastic", "-c", "jitter", "--set", "steps=20", "-r", "4", "--out", str(tmp_path)])
    assert first.exit_code == 0 and again.exit_code == 0, first.output
    assert "tail throughput" in first.output
    folders = sorted(p for p in tmp_path.iterdir())
    assert len(folders) == 2
    a, b = ((f / "replications.csv").read_text() for f in folders)
    assert a == b


def _error_line(args, tmp_path):
    result = runner.invoke(app, ["stochastic", *args, "--out", str(tmp_path)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert not any(tmp_path.iterdir())  # nothing half-written
    return lines[0]


def test_bad_inputs_exit_2_with_one_line(tmp_path):
    assert "replications must be a positive integer; got 0" in _error_line(["-r", "0"], tmp_path)
    line = _error_line(["-c", "poisson-geometric", "--set", 'decode=[{dist="geometric", mean=-3}, 3]'], tmp_path)
    assert "decode[0].mean must be a number >= 1" in line
    line = _error_line(["-c", "poisson-geometric", "--set", 'decode=[{dist="empirical", values=[]}, 3]'], tmp_path)
    assert "decode[0].values must be a non-empty list" in line
    assert "--workers must be a positive integer; got 0" in _error_line(["--workers", "0"], tmp_path)
    assert "--scheduler must be an address tcp://HOST:PORT" in _error_line(["--scheduler", "nowhere"], tmp_path)


def test_unreachable_scheduler_fails_fast(tmp_path):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    start = time.monotonic()
    line = _error_line(["-r", "2", "--scheduler", f"tcp://127.0.0.1:{port}", "--connect-timeout", "1"], tmp_path)
    assert "--scheduler must be a reachable dask scheduler" in line
    assert time.monotonic() - start < 20  # 1 s timeout plus client start-up on a loaded machine


def test_fluid_limit_command(tmp_path):
    result = runner.invoke(app, ["fluid-limit", "--scales", "1,16,256", "-r", "10", "--out", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["scales"] == [1, 16, 256] and doc["distances"][2] < doc["distances"][0]
    folder = next(tmp_path.iterdir())
    assert sorted(p.name for p in folder.iterdir()) == ["config.json", "scaling.csv", "scaling.png"]
    bad = runner.invoke(app, ["fluid-limit", "-c", "jitter", "--out", str(tmp_path)])
    assert bad.exit_code == 2 and "config must be fixed lengths" in bad.stderr


def test_jitter_command_table_and_json():
    result = runner.invoke(app, ["jitter", "--pairs", "4:8", "--spreads", "0,1", "-r", "3", "--set", "steps=120",
                                 "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    assert [(r["l_A"], r["l_B"], r["spread"]) for r in rows] == [(4, 8, 0), (4, 8, 1)]
    table = runner.invoke(app, ["jitter", "--pairs", "4:7", "--spreads", "0", "-r", "2", "--set", "steps=40"])
    assert table.exit_code == 0 and "settled" in table.output
    bad = runner.invoke(app, ["jitter", "--pairs", "4-8"])
    assert bad.exit_code == 2 and "--pairs must be a list of l_A:l_B" in bad.stderr
