"""The installed entry point: python -m, --version, one-line usage errors."""

import subprocess
import sys

import pytest

from coupling_sym import __version__


def _run(*args):
    return subprocess.run([sys.executable, "-m", "coupling_sym", *args], capture_output=True, text=True,
                          timeout=120)


def test_python_dash_m_and_version():
    done = _run("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"coupling-sym {__version__}"


@pytest.mark.parametrize("args, text", [(["bogus"], "No such command 'bogus'"),
                                        (["experiment", "--bogus"], "No such option: --bogus"),
                                        (["experiment", "--config"], "'--config' requires an argument")])
def test_usage_errors_are_one_line_with_exit_2(args, text):
    done = _run(*args)
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and text in lines[0]


def test_library_errors_keep_their_one_line_through_the_entry_point():
    done = _run("experiment", "--set", "l0=-1")
    assert done.returncode == 2
    assert done.stderr.strip() == "error: l0 must be a non-negative integer; got -1"


@pytest.mark.parametrize("gap", [0.0, 0.002, 0.02])
def test_two_interrupts_while_writing_leave_no_folder_behind(tmp_path, gap):
    # Start a real run, wait until its hidden staging folder exists (the files are being
    # written), then send SIGINT twice, ``gap`` seconds apart: the second one lands in
    # the first one's cleanup for some gap.  Nothing may be left under --out.
    import os
    import signal
    import time

    out = tmp_path / "runs"
    process = subprocess.Popen([sys.executable, "-m", "coupling_sym", "experiment", "--set", "steps=20000",
                                "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not (out.is_dir() and any(p.name.startswith(".") for p in out.iterdir())):
            assert process.poll() is None, "the run ended before its staging folder appeared"
            assert time.monotonic() < deadline
            time.sleep(0.002)
        process.send_signal(signal.SIGINT)
        time.sleep(gap)
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1] == "error: interrupted"
    assert list(out.iterdir()) == []


def test_a_terminate_signal_while_writing_leaves_no_folder_behind(tmp_path):
    # SIGTERM (what ``timeout`` sends by default) cleans up like SIGINT: exit 128 + 15
    import signal
    import time

    out = tmp_path / "runs"
    process = subprocess.Popen([sys.executable, "-m", "coupling_sym", "experiment", "--set", "steps=20000",
                                "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not (out.is_dir() and any(p.name.startswith(".") for p in out.iterdir())):
            assert process.poll() is None, "the run ended before its staging folder appeared"
            assert time.monotonic() < deadline
            time.sleep(0.002)
        process.send_signal(signal.SIGTERM)
        time.sleep(0.005)
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 143, stderr
    assert stderr.strip().splitlines()[-1] == "error: terminated"
    assert list(out.iterdir()) == []
