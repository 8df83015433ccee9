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
