"""Figures drawn in two processes: every job runs once, failures come back to the caller."""

from __future__ import annotations

import errno
import os

import pytest

from coupling_sym.report import parallel
from coupling_sym.report.parallel import run_jobs


def _writer(folder, name):
    def job():
        (folder / name).write_text(str(os.getpid()))
    return job


@pytest.fixture
def forking(monkeypatch):
    """Fork even when an earlier test left a thread running (dask workers, say)."""
    monkeypatch.setattr(parallel, "_other_threads", lambda: False)
    if not parallel.parallel_available():
        pytest.skip("needs os.fork, the Agg backend and two CPUs")


def test_jobs_are_shared_by_two_processes(tmp_path, forking):
    run_jobs([_writer(tmp_path, f"{n}.txt") for n in range(4)])
    pids = {n: (tmp_path / f"{n}.txt").read_text() for n in range(4)}
    assert pids[0] == pids[2] == str(os.getpid())  # even jobs here
    assert pids[1] == pids[3] != str(os.getpid())  # odd jobs in the child


def test_serial_switch_keeps_every_job_here(tmp_path, monkeypatch):
    monkeypatch.setenv("COUPLING_SYM_SERIAL_FIGURES", "1")
    run_jobs([_writer(tmp_path, f"{n}.txt") for n in range(3)])
    assert {(tmp_path / f"{n}.txt").read_text() for n in range(3)} == {str(os.getpid())}


def _fails_with(exc):
    def job():
        raise exc
    return job


@pytest.mark.parametrize("exc", [OSError(errno.ENOSPC, "No space left on device"), ValueError("bad figure")])
def test_a_failure_in_the_child_is_raised_here(tmp_path, exc, forking):
    with pytest.raises(type(exc), match=str(exc.args[-1])) as caught:
        run_jobs([_writer(tmp_path, "a.txt"), _fails_with(exc)])  # job 1 runs in the child
    if isinstance(exc, OSError):
        assert caught.value.strerror == "No space left on device"  # publishing() names it in its message
    assert (tmp_path / "a.txt").exists()  # the other job still ran


def test_a_failure_here_still_waits_for_the_child(tmp_path, forking):
    with pytest.raises(ValueError, match="here"):
        run_jobs([_fails_with(ValueError("here")), _writer(tmp_path, "b.txt")])
    assert (tmp_path / "b.txt").exists()  # the child finished before the error came back


def test_another_backend_or_a_running_thread_keeps_the_jobs_here(tmp_path, monkeypatch):
    import threading

    import matplotlib

    monkeypatch.setattr(matplotlib, "get_backend", lambda: "module://matplotlib_inline.backend_inline")
    assert not parallel.parallel_available()
    monkeypatch.undo()
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert not parallel.parallel_available()
        run_jobs([_writer(tmp_path, f"{n}.txt") for n in range(2)])
        assert {(tmp_path / f"{n}.txt").read_text() for n in range(2)} == {str(os.getpid())}
    finally:
        stop.set()
        worker.join()
