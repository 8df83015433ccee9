"""The run folder ``OUT/YYYYMMDD_HHMMSS/`` of a coupling experiment.

Contents: ``config.json`` (resolved parameters, derived values, summary, package
version, command line), ``trajectory.csv`` (one row per batch; first columns
``batch, theory_admission, sim_admission, sim_eviction_total, sim_eviction_stage0 ..
sim_eviction_stage{L-2}``, then ``theory_tokens, sim_tokens, aggregate_admission,
equilibrium_admission, theory_completions, sim_completions, sim_evicted_tokens,
sim_discarded_output``; with an iteration time ``tau(Z)`` then ``time_s``, the seconds
from the start of batch 0 to the end of batch ``t``; in an open system then, per type
``X`` = ``A, B, ..``, ``sim_arrivals_X, sim_restarts_X, sim_admitted_X, sim_queue_X,
sim_waiting_X``: arrivals and evicted requests rejoining the queue on the way into batch
``t``, admissions into it, the queue after them and its Little's-law waiting time
``Q_X / lambda_X`` in batches; queue conservation ``Q_t = Q_{t-1} + arrivals + restarts -
admitted`` holds row by row), ``comparison.png``, ``eviction_detail.png`` and
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


def trajectory_columns(L: int, timed: bool = False, queue_types: Sequence[str] = ()) -> list[str]:
    """CSV header for a run whose longest decode length is ``L``; ``timed`` adds
    ``time_s``, ``queue_types`` (the type names of an open system) the queue columns.

    Examples
    --------
    >>> trajectory_columns(3)[:6]
    ['batch', 'theory_admission', 'sim_admission', 'sim_eviction_total', 'sim_eviction_stage0', 'sim_eviction_stage1']
    >>> trajectory_columns(2, timed=True, queue_types=["A"])[-6:]
    ['time_s', 'sim_arrivals_A', 'sim_restarts_A', 'sim_admitted_A', 'sim_queue_A', 'sim_waiting_A']
    """
    return (["batch", "theory_admission", "sim_admission", "sim_eviction_total"]
            + [f"sim_eviction_stage{s}" for s in range(L - 1)]
            + ["theory_tokens", "sim_tokens", "aggregate_admission", "equilibrium_admission"]
            + ["theory_completions", "sim_completions", "sim_evicted_tokens", "sim_discarded_output"]
            + (["time_s"] if timed else [])
            + [f"sim_{what}_{name}" for name in queue_types
               for what in ("arrivals", "restarts", "admitted", "queue", "waiting")])


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
    elapsed = None
    if result.tau is not None:
        from ..dynamics.timing import elapsed_seconds

        elapsed = elapsed_seconds(result.tau, sim.tokens)
    served = result.served if result.served is not None and result.served.is_open else None
    names = params.names if served is not None else ()
    rows = th.steps + 1
    evictions = np.asarray(sim.evictions, dtype=float).reshape(rows, -1)
    columns = [[str(t) for t in range(rows)], _cells(th.admissions), _cells(sim.admissions),
               _cells(sim.eviction_totals), *(_cells(evictions[:, s]) for s in range(evictions.shape[1])),
               _cells(th.tokens), _cells(sim.tokens), _cells(agg.admissions),
               [_number(params.equilibrium_admission)] * rows, _cells(theory_done), _cells(costs.completions),
               _cells(costs.evicted_tokens), _cells(costs.discarded_output)]
    if elapsed is not None:
        columns.append(_cells(elapsed))
    for k in range(len(names)):
        columns += [_cells(served.arrivals[:, k]), _cells(served.evicted[:, k]), _cells(served.admitted[:, k]),
                    _cells(served.queues[:, k]), _cells(np.asarray(served.queues[:, k]) / params.rates[k])]
    with path.open("w", newline="", encoding="utf-8") as handle:
        handle.write(",".join(trajectory_columns(params.L, elapsed is not None, names)) + "\n")
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


def _umask_dir_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o777 & ~mask


class _Shield:
    """SIGINT while a run is written: the first one interrupts, later ones wait for the cleanup.

    A second Ctrl-C (or ``timeout -s INT`` repeated) that lands while the block cleans up
    after a failure would otherwise stop the cleanup half-way.  :meth:`hold` makes every
    further SIGINT a no-op (the cleanup is starting); :meth:`release` hands SIGINT back to
    its previous handler.  Signal handlers belong to the main thread: elsewhere nothing
    is shielded.
    """

    def __init__(self) -> None:
        import signal
        import threading

        self._signal = signal
        self._held = False
        self._previous = None
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.getsignal(signal.SIGINT)
            signal.signal(signal.SIGINT, self._handle)

    def _handle(self, signum, frame) -> None:
        if not self._held:
            self._held = True          # this interrupt starts the cleanup: the next ones wait
            raise KeyboardInterrupt

    def hold(self) -> None:
        self._held = True

    def release(self) -> None:
        if self._previous is not None:
            self._signal.signal(self._signal.SIGINT, self._previous)
            self._previous = None


@contextmanager
def publishing(folder: Path) -> Iterator[Path]:
    """Write a run into a hidden staging folder beside ``folder``; publish it by one rename.

    The block writes its files into the yielded staging folder; when it ends, the staging
    folder replaces the (empty, claimed) ``folder`` in one ``os.replace``.  On any failure
    both are removed, so nothing half-written is left behind; an ``OSError`` becomes a
    one-line :class:`~coupling_sym.errors.ParameterError` naming ``--out``.  The first
    SIGINT interrupts the writing; further ones are ignored until the cleanup is done.
    The published folder has the permissions the umask gives a new folder.

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
    shield = _Shield()
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
        os.chmod(staging, _umask_dir_mode())     # mkdtemp makes it 0700
        yield staging
        os.replace(staging, folder)
    except BaseException as exc:
        shield.hold()
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)
        shield.release()
        if isinstance(exc, OSError):
            raise parameter_error("--out", f"a folder the run can be written to ({exc.strerror})",
                                  str(folder.parent)) from None
        raise
    finally:
        shield.release()


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
        _draw_figures(staging, result)  # imports matplotlib inside the staging block: an
        # interrupt during that (slow) import removes the folder too
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
