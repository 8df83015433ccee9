"""The run folder ``OUT/YYYYMMDD_HHMMSS/`` of a coupling experiment.

Contents: ``config.json`` (resolved parameters, derived values, summary, package
version, command line), ``trajectory.csv`` (one row per batch; first columns
``batch, theory_admission, sim_admission, sim_eviction_total, sim_eviction_stage0 ..
sim_eviction_stage{L-2}``, then ``theory_tokens, sim_tokens, aggregate_admission,
equilibrium_admission, theory_completions, sim_completions, sim_evicted_tokens,
sim_discarded_output``), ``comparison.png``, ``eviction_detail.png`` and
``throughput.png``; when the
result carries the stability and modal analysis, ``config.json`` also holds the
certified verdict, rho and l0* of ``P_l0`` and the convergence facts, and the folder a
``modal/`` section (``modes.csv``, ``prediction.png``).

A folder is never overwritten: an existing name gets a suffix ``_1``, ``_2``, ...  The
files are written into a hidden staging folder first and moved into place at the end,
so a failure leaves nothing half-written behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from datetime import datetime
from fractions import Fraction
from pathlib import Path
from typing import Callable, Iterator, Sequence

import numpy as np

from .. import __version__
from ..config import describe_params
from ..errors import parameter_error
from ..jsonsafe import json_text
from .run import ExperimentResult

__all__ = ["create_run_folder", "publishing", "write_run", "trajectory_columns", "derived_values"]

Extra = Callable[[Path, ExperimentResult], dict]


def create_run_folder(out: Path, now: datetime | None = None) -> Path:
    """Claim a new, empty folder ``out/YYYYMMDD_HHMMSS[_n]`` and return it.

    Examples
    --------
    >>> import tempfile
    >>> base = Path(tempfile.mkdtemp())
    >>> when = datetime(2026, 1, 4, 12, 0, 0)
    >>> create_run_folder(base, when).name, create_run_folder(base, when).name
    ('20260104_120000', '20260104_120000_1')
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise parameter_error("--out", "a folder", str(out))
    stem = (now or datetime.now()).strftime("%Y%m%d_%H%M%S")
    try:
        out.mkdir(parents=True, exist_ok=True)
        for n in range(10_000):
            candidate = out / (stem if n == 0 else f"{stem}_{n}")
            try:
                candidate.mkdir()
            except FileExistsError:
                continue
            return candidate
    except OSError as exc:
        raise parameter_error("--out", f"a folder that can be created and written ({exc.strerror})",
                              str(out)) from None
    raise parameter_error("--out", "a folder with a free run name", str(out))


def trajectory_columns(L: int) -> list[str]:
    """CSV header for a run whose longest decode length is ``L``.

    Examples
    --------
    >>> trajectory_columns(3)[:6]
    ['batch', 'theory_admission', 'sim_admission', 'sim_eviction_total', 'sim_eviction_stage0', 'sim_eviction_stage1']
    """
    return (["batch", "theory_admission", "sim_admission", "sim_eviction_total"]
            + [f"sim_eviction_stage{s}" for s in range(L - 1)]
            + ["theory_tokens", "sim_tokens", "aggregate_admission", "equilibrium_admission"]
            + ["theory_completions", "sim_completions", "sim_evicted_tokens", "sim_discarded_output"])


def _number(x) -> str:
    # A batch the theory did not follow (NaN) is an empty cell, never "nan".
    value = float(x)
    return repr(value) if value == value else ""


def _cells(values) -> list[str]:
    """A column of numbers as CSV cells: ``repr`` of the float, empty for NaN (as :func:`_number`)."""
    values = np.asarray(values, dtype=float).tolist()
    text = {v: repr(v) if v == v else "" for v in set(values)}  # a settled run repeats its values
    return [text[v] if v == v else "" for v in values]


def _write_csv(path: Path, result: ExperimentResult) -> None:
    # column by column (one conversion per column, not per cell); the cells hold no
    # separator or quote, so joining them with commas is what csv.writer writes
    params = result.config.params
    th, sim, agg = result.theory, result.simulation, result.aggregate
    costs, theory_done = result.costs, result.theory_completions
    rows = th.steps + 1
    evictions = np.asarray(sim.evictions, dtype=float).reshape(rows, -1)
    columns = [[str(t) for t in range(rows)], _cells(th.admissions), _cells(sim.admissions),
               _cells(sim.eviction_totals), *(_cells(evictions[:, s]) for s in range(evictions.shape[1])),
               _cells(th.tokens), _cells(sim.tokens), _cells(agg.admissions),
               [_number(params.equilibrium_admission)] * rows, _cells(theory_done), _cells(costs.completions),
               _cells(costs.evicted_tokens), _cells(costs.discarded_output)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        handle.write(",".join(trajectory_columns(params.L)) + "\n")
        handle.writelines(",".join(row) + "\n" for row in zip(*columns))


def derived_values(result: ExperimentResult) -> dict:
    """Exact derived values of the run's parameters (as strings) for ``config.json``."""
    params = result.config.params
    return {
        "p": [str(p) for p in params.p],
        "N": str(params.N),
        "L": params.L,
        "stage_weights": [str(c) for c in params.stage_weights],
        "equilibrium_admission": str(params.equilibrium_admission),
        "equilibrium_admission_float": float(params.equilibrium_admission),
    }


@contextmanager
def publishing(folder: Path) -> Iterator[Path]:
    """Write a run into a hidden staging folder beside ``folder``; publish it by one rename.

    The block writes its files into the yielded staging folder; when it ends, the staging
    folder replaces the (empty, claimed) ``folder`` in one ``os.replace``.  On any failure
    both are removed, so nothing half-written is left behind; an ``OSError`` becomes a
    one-line :class:`~coupling_sym.errors.ParameterError` naming ``--out``.

    Examples
    --------
    >>> import tempfile
    >>> folder = create_run_folder(Path(tempfile.mkdtemp()))
    >>> with publishing(folder) as staging:
    ...     _ = (staging / "a.txt").write_text("x")
    >>> [path.name for path in folder.iterdir()]
    ['a.txt']
    >>> import shutil; shutil.rmtree(folder.parent)
    """
    folder = Path(folder)
    staging: Path | None = None
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
        yield staging
        os.replace(staging, folder)
    except BaseException as exc:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)
        if isinstance(exc, OSError):
            raise parameter_error("--out", f"a folder the run can be written to ({exc.strerror})",
                                  str(folder.parent)) from None
        raise


def write_run(result: ExperimentResult, folder: Path, command: Sequence[str] = (),
              extras: Sequence[Extra] = ()) -> list[Path]:
    """Write the run files into the (empty) ``folder`` claimed by :func:`create_run_folder`.

    ``extras`` are callables ``extra(staging, result) -> dict`` that write more files
    into the staging folder and return entries merged into ``config.json``.  On any
    failure the folder is removed and the error re-raised.

    Examples
    --------
    >>> import tempfile
    >>> from coupling_sym.config import build_config
    >>> from coupling_sym.experiment import run_experiment
    >>> result = run_experiment(build_config("default", ["steps=5"]))
    >>> folder = create_run_folder(Path(tempfile.mkdtemp()))
    >>> sorted(path.name for path in write_run(result, folder))
    ['comparison.png', 'config.json', 'eviction_detail.png', 'throughput.png', 'trajectory.csv']
    >>> (folder / "trajectory.csv").read_text().splitlines()[0].split(",")[:6]
    ['batch', 'theory_admission', 'sim_admission', 'sim_eviction_total', 'sim_eviction_stage0', 'sim_eviction_stage1']
    >>> import shutil; shutil.rmtree(folder.parent)
    """
    folder = Path(folder)
    with publishing(folder) as staging:
        _write_csv(staging / "trajectory.csv", result)
        _draw_figures(staging, result)
        document = {
            "package": "coupling-sym",
            "version": __version__,
            "command": list(command),
            "created": datetime.now().isoformat(timespec="seconds"),
            "config": result.config.source,
            "overrides": list(result.config.overrides),
            "parameters": describe_params(result.config),
            "derived": derived_values(result),
            "summary": result.summary.as_dict(),
        }
        if result.stability is not None:
            document["derived"]["stability"] = result.stability
        if result.convergence is not None:
            document["convergence"] = result.convergence
        for extra in extras:
            document.update(extra(staging, result))
        (staging / "config.json").write_text(json_text(document) + "\n", encoding="utf-8")
    return sorted(folder.rglob("*"))


def _draw_figures(staging: Path, result: ExperimentResult) -> None:
    """The figures and the modal section, two processes sharing the work
    (:mod:`coupling_sym.report.parallel`; the two costliest figures in different ones)."""
    from ..report.figures import plot_comparison, plot_eviction_detail, plot_throughput, save_figure
    from ..report.parallel import run_jobs

    jobs = [lambda: save_figure(plot_eviction_detail(result), staging / "eviction_detail.png")]
    if result.convergence is not None and "skipped" not in result.convergence:
        from ..modal import write_modal_section

        jobs.append(lambda: write_modal_section(staging, result.config, result.theory, result.simulation))
    jobs.append(lambda: save_figure(plot_comparison(result), staging / "comparison.png"))
    if result.costs is not None:
        jobs.append(lambda: save_figure(plot_throughput(result), staging / "throughput.png"))
    run_jobs(jobs)
