"""Write what ``experiment`` puts in a run folder for shipped configs, for comparison.

For each ``NAME[:steps=N]`` the run folder's ``config.json`` (without the ``created``
time and the command line) and ``trajectory.csv`` are stored in ``OUT/NAME[_N].json``
and ``OUT/NAME[_N].csv``.  ``tests/experiment/test_outputs_unchanged.py`` compares fresh
runs with the files in ``tests/experiment/data`` written by this script.

Usage::

    .venv/bin/python scripts/dump_experiment_outputs.py --out tests/experiment/data \\
        default slow-convergence non-coprime three-types one-type-spiral one-type-spiral:steps=600
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path


def run_folder(name: str, overrides: list[str], base: Path) -> Path:
    """Run ``experiment`` as the CLI does (with the analysis) and return its folder."""
    from coupling_sym.config import build_config
    from coupling_sym.experiment import create_run_folder, run_experiment, write_run

    result = run_experiment(build_config(name, overrides), analyse=True)
    folder = create_run_folder(base)
    write_run(result, folder)
    return folder


def stored_document(folder: Path) -> dict:
    """``config.json`` without what changes from run to run (time, command line)."""
    document = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    for key in ("created", "command", "version"):
        document.pop(key, None)
    return document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("runs", nargs="+", help="NAME or NAME:steps=N")
    options = parser.parse_args()
    options.out.mkdir(parents=True, exist_ok=True)
    for spec in options.runs:
        name, _, override = spec.partition(":")
        stem = name + (f"_{override.split('=')[1]}" if override else "")
        with tempfile.TemporaryDirectory() as base:
            folder = run_folder(name, [override] if override else [], Path(base))
            (options.out / f"{stem}.json").write_text(json.dumps(stored_document(folder), indent=1) + "\n",
                                                      encoding="utf-8")
            shutil.copyfile(folder / "trajectory.csv", options.out / f"{stem}.csv")
        print(stem)


if __name__ == "__main__":
    main()
