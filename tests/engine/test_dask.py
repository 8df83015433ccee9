"""The engine against real ``dask scheduler`` and ``dask worker`` processes on 127.0.0.1.

The module starts one scheduler and two single-threaded workers (each in its own
process group, so a test can kill one outright), runs a sweep, a verify-coprime range,
a scan and a replication study through them, compares every result with the in-process one,
and stops the processes at the end.  The worker-death test runs last.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from coupling_sym.cli import app
from coupling_sym.engine import EngineError, make_engine, run_chunks
from coupling_sym.stochastic import build_spec
from coupling_sym.stochastic.replicate import run_replications

DASK = str(Path(sys.executable).parent / "dask")
runner = CliRunner()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client

    address = f"tcp://127.0.0.1:{_free_port()}"
    port = address.rsplit(":", 1)[1]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "start_new_session": True}
    procs = [subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"], **quiet)]
    try:
        for _ in range(2):
            procs.append(subprocess.Popen([DASK, "worker", address, "--nthreads", "1", "--no-dashboard",
                                           "--no-nanny", "--death-timeout", "60"], **quiet))
        deadline = time.monotonic() + 90
        while True:
            try:
                with Client(address, timeout=5) as client:
                    client.wait_for_workers(2, timeout=max(1, deadline - time.monotonic()))
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield address, procs
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def _same(a, b) -> bool:
    return all((getattr(a, f) == getattr(b, f)).all() for f in a.__dataclass_fields__)


def test_replications_sweep_and_verify_match_in_process(cluster, tmp_path):
    address, _ = cluster
    engine = make_engine(scheduler=address)
    spec = build_spec("default", ["replications=90", "chunk=20", "steps=30"])
    assert _same(run_replications(spec, engine), run_replications(spec))

    sweep = ["sweep", "--la", "2..4", "--lb", "3..6", "--l0", "0,3", "--p", "1/3,1/2", "--steps", "400",
             "--chunk", "5", "--json"]
    local = runner.invoke(app, sweep)
    remote = runner.invoke(app, [*sweep, "--scheduler", address])
    assert local.exit_code == 0 and remote.exit_code == 0, remote.output
    assert json.loads(remote.stdout) == json.loads(local.stdout)
    assert len(json.loads(local.stdout)["settings"]) > 10

    verify = ["verify-coprime", "--range", "2..9", "--l0", "0,4", "--json"]
    local = runner.invoke(app, verify)
    remote = runner.invoke(app, [*verify, "--scheduler", address, "--chunk", "5"])
    assert local.exit_code == remote.exit_code == 0, remote.output
    assert json.loads(remote.stdout) == json.loads(local.stdout)

    study = ["stochastic", "-r", "40", "--set", "chunk=10", "--set", "steps=20", "--json"]
    here = runner.invoke(app, [*study, "--out", str(tmp_path / "local")])
    there = runner.invoke(app, [*study, "--scheduler", address, "--out", str(tmp_path / "remote")])
    assert here.exit_code == there.exit_code == 0, there.output
    assert json.loads(here.stdout)["summary"] == json.loads(there.stdout)["summary"]


def test_scan_on_the_cluster_matches_in_process(cluster):
    address, _ = cluster
    scan = ["scan", "--l0", "0..24", "--la", "2..4", "--lb", "3..7", "--p", "1/3,1/2", "--target", "0.97",
            "--top", "12", "--json"]
    local = runner.invoke(app, scan)
    remote = runner.invoke(app, [*scan, "--scheduler", address, "--chunk", "3"])
    assert local.exit_code == remote.exit_code == 0, remote.output
    assert json.loads(remote.stdout) == json.loads(local.stdout)
    rows = json.loads(local.stdout)["settings"]
    assert len(rows) == 12 and all(row["rho"] < 0.97 for row in rows)
    assert len({(row["l_A"], row["l_B"], row["p"]) for row in rows}) > 1   # rows from several chunks


def test_failing_chunks_are_named(cluster):
    address, _ = cluster
    with pytest.raises(EngineError, match=r"^chunks must all finish on the cluster; got 1 of 3 failed \(chunks 1;"):
        run_chunks(int, ["1", "x", "3"], make_engine(scheduler=address))


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(cluster):
    address, procs = cluster
    spec = build_spec("poisson-geometric", ["replications=48", "chunk=2", "steps=30"])
    finished = []

    def kill_on_first(index, result):
        finished.append(index)
        if len(finished) == 1:
            os.killpg(procs[1].pid, signal.SIGKILL)  # one worker dies outright

    from coupling_sym.stochastic.replicate import replication_chunks, run_chunk
    from coupling_sym.stochastic.simulate import concatenate_runs

    chunks = replication_chunks(spec)
    remote = concatenate_runs(run_chunks(run_chunk, chunks, make_engine(scheduler=address), kill_on_first))
    assert procs[1].wait(timeout=10) == -signal.SIGKILL  # the worker really died
    assert sorted(finished) == list(range(len(chunks)))  # every chunk reported exactly once
    assert _same(remote, run_replications(spec))
    assert np.unique(remote.admissions.reshape(48, -1), axis=0).shape[0] > 1
