"""The run folder: names, contents, and no half-written leftovers."""

import csv
import json
from datetime import datetime

import pytest

from coupling_sym.config import build_config
from coupling_sym.experiment import create_run_folder, run_experiment, write_run


def test_folder_names_never_collide(tmp_path):
    when = datetime(2026, 1, 4, 9, 8, 7)
    names = [create_run_folder(tmp_path, when).name for _ in range(3)]
    assert names == ["20260104_090807", "20260104_090807_1", "20260104_090807_2"]


def test_run_folder_contents(tmp_path):
    result = run_experiment(build_config("slow-convergence", ["steps=60"]))
    folder = create_run_folder(tmp_path)
    write_run(result, folder, command=["coupling-sym", "experiment"])
    assert sorted(p.name for p in folder.iterdir()) == [
        "comparison.png", "config.json", "eviction_detail.png", "throughput.png", "trajectory.csv"]
    with (folder / "trajectory.csv").open() as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    # L = 7: eviction stages 0 .. 5.
    assert header[:10] == ["batch", "theory_admission", "sim_admission", "sim_eviction_total",
                           "sim_eviction_stage0", "sim_eviction_stage1", "sim_eviction_stage2",
                           "sim_eviction_stage3", "sim_eviction_stage4", "sim_eviction_stage5"]
    assert {"theory_tokens", "sim_tokens", "equilibrium_admission"} <= set(header)
    assert len(rows) == 62 and rows[1][0] == "0" and rows[-1][0] == "60"
    for row in rows[2:]:
        record = dict(zip(header, map(float, row)))
        # Tokens are B = 1000 in every batch t >= 1.  The run is stable, so the token sum
        # has at most 14 non-negative-ish terms below B each rounded once: error below
        # 14 * 2 ulp(1000) ~ 3.2e-12 (measured: 2.3e-13).
        assert abs(record["theory_tokens"] - 1000) < 1e-11 and abs(record["sim_tokens"] - 1000) < 1e-11
        stages = sum(record[f"sim_eviction_stage{s}"] for s in range(6))
        # The total is numpy's sum of the same six floats (each below 10): the two
        # summation orders differ by a few ulps at most.
        assert abs(stages - record["sim_eviction_total"]) < 1e-13
        assert record["sim_admission"] >= 0
    document = json.loads((folder / "config.json").read_text())
    assert document["parameters"]["l_A"] == 4 and document["parameters"]["B"] == "1000"
    assert document["derived"]["p"] == ["1/2", "1/2"]
    assert document["command"] == ["coupling-sym", "experiment"]
    assert document["summary"]["first_divergence"] == 1


def test_failure_leaves_nothing_behind(tmp_path):
    result = run_experiment(build_config("default", ["steps=5"]))
    folder = create_run_folder(tmp_path)

    def broken(staging, _result):
        (staging / "partial.txt").write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        write_run(result, folder, extras=[broken])
    assert list(tmp_path.iterdir()) == []


def test_write_failure_becomes_a_parameter_error_and_leaves_nothing(tmp_path):
    from coupling_sym.errors import ParameterError

    result = run_experiment(build_config("default", ["steps=3"]))
    folder = create_run_folder(tmp_path)

    def full_disk(staging, _result):
        raise OSError(28, "No space left on device")

    with pytest.raises(ParameterError, match=r"^--out must be a folder the run can be written to \(No space left on device\)"):
        write_run(result, folder, extras=[full_disk])
    assert list(tmp_path.iterdir()) == []


def test_a_second_interrupt_during_cleanup_leaves_nothing(tmp_path, monkeypatch):
    # A second SIGINT arrives while the first one's cleanup runs (simulated by sending it
    # from inside the cleanup's first rmtree): the cleanup still finishes.
    import os
    import shutil
    import signal

    from coupling_sym.experiment.folder import publishing

    real_rmtree = shutil.rmtree
    calls = []

    def interrupted_rmtree(path, *args, **kwargs):
        calls.append(path)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGINT)
        return real_rmtree(path, *args, **kwargs)

    monkeypatch.setattr(shutil, "rmtree", interrupted_rmtree)
    before = signal.getsignal(signal.SIGINT)
    folder = create_run_folder(tmp_path)
    with pytest.raises(KeyboardInterrupt):
        with publishing(folder) as staging:
            (staging / "trajectory.csv").write_text("batch\n")
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
    assert signal.getsignal(signal.SIGINT) is before   # handed back


def test_run_folder_has_the_umask_permissions(tmp_path):
    import os
    import stat

    result = run_experiment(build_config("default", ["steps=3"]))
    old = os.umask(0o027)
    try:
        folder = create_run_folder(tmp_path)
        write_run(result, folder)
    finally:
        os.umask(old)
    # umask 027: folders 0777 & ~027 = 0750, files 0666 & ~027 = 0640
    assert stat.S_IMODE(folder.stat().st_mode) == 0o750
    assert stat.S_IMODE((folder / "config.json").stat().st_mode) == 0o640
    assert stat.S_IMODE((folder / "comparison.png").stat().st_mode) == 0o640


class _InterruptedImport:
    """A module whose names cannot be read: Ctrl-C while matplotlib is being imported."""

    def __getattr__(self, name):
        raise KeyboardInterrupt


def test_an_interrupt_while_the_figures_are_imported_leaves_no_empty_folder(tmp_path, monkeypatch):
    import sys

    result = run_experiment(build_config("default", ["steps=3"]))
    folder = create_run_folder(tmp_path)
    monkeypatch.setitem(sys.modules, "coupling_sym.report.figures", _InterruptedImport())
    with pytest.raises(KeyboardInterrupt):
        write_run(result, folder)
    assert list(tmp_path.iterdir()) == []


def test_an_interrupt_while_a_stochastic_study_imports_its_figures_leaves_nothing(tmp_path, monkeypatch):
    import sys

    from coupling_sym.stochastic.folder import write_scaling

    folder = create_run_folder(tmp_path)
    monkeypatch.setitem(sys.modules, "coupling_sym.report.figures", _InterruptedImport())
    with pytest.raises(KeyboardInterrupt):
        write_scaling(None, None, folder, "default")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("serial", ["0", "1"])
def test_figure_failure_in_either_process_becomes_the_same_error(tmp_path, monkeypatch, serial):
    """comparison.png is the second figure job: drawn in the forked process unless serial."""
    from coupling_sym.errors import ParameterError
    from coupling_sym.report import figures

    monkeypatch.setenv("COUPLING_SYM_SERIAL_FIGURES", serial)
    save = figures.save_figure

    def failing(fig, path, dpi=120):
        if path.name == "comparison.png":
            figures.plt.close(fig)
            raise OSError(28, "No space left on device")
        return save(fig, path, dpi)

    monkeypatch.setattr(figures, "save_figure", failing)
    result = run_experiment(build_config("default", ["steps=3"]))
    folder = create_run_folder(tmp_path)
    with pytest.raises(ParameterError, match=r"^--out must be a folder the run can be written to \(No space left on device\)"):
        write_run(result, folder)
    assert list(tmp_path.iterdir()) == []
