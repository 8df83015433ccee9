"""Draw independent figures in two processes: a run folder's figures cost one core's half.

Convention: a *job* is a callable without arguments that draws and writes one figure
(or one section of figures) and returns nothing the caller needs.  :func:`run_jobs`
runs ``jobs[0::2]`` in this process and ``jobs[1::2]`` in a child forked after
matplotlib is imported, so the child inherits the imported modules and the computed
results (copy on write) and pays neither again.  The child reports failure through a
pipe: its exception is raised here (an ``OSError`` stays an ``OSError``, so callers
map it to the same one-line error as a failure in this process).

Serial (everything in this process) where ``os.fork`` is missing, when fewer than two
CPUs are available to the process, when matplotlib draws through another backend than
Agg (a notebook's, a window's), when other threads run (a forked child would hold
copies of their locks), or with ``COUPLING_SYM_SERIAL_FIGURES=1``.
"""

from __future__ import annotations

import os
import pickle
import traceback
from typing import Callable, Sequence

__all__ = ["run_jobs", "parallel_available"]


def parallel_available() -> bool:
    """True when :func:`run_jobs` forks a second process.

    Examples
    --------
    >>> isinstance(parallel_available(), bool)
    True
    """
    if not hasattr(os, "fork") or os.environ.get("COUPLING_SYM_SERIAL_FIGURES") == "1":
        return False
    import matplotlib

    if matplotlib.get_backend().lower() != "agg" or _other_threads():
        return False
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cpus >= 2


def _other_threads() -> bool:
    import threading

    return threading.active_count() > 1


def run_jobs(jobs: Sequence[Callable[[], object]]) -> None:
    """Run every job; half of them in a forked child when :func:`parallel_available`.

    Raises whatever a job raised (the child's exception is re-raised here).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> run_jobs([lambda n=n: (folder / f"{n}.txt").write_text(str(n)) for n in range(3)])
    >>> sorted(p.name for p in folder.iterdir())
    ['0.txt', '1.txt', '2.txt']
    """
    jobs = list(jobs)
    if len(jobs) < 2 or not parallel_available():
        for job in jobs:
            job()
        return
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: its jobs, then report and leave without running the parent's exit handlers
        os.close(read)
        status = 0
        try:
            for job in jobs[1::2]:
                job()
            message = b""
        except BaseException as exc:  # noqa: BLE001 - every failure is reported to the parent
            status, message = 1, _pickled(exc)
        try:
            with os.fdopen(write, "wb") as pipe:
                pipe.write(message)
        finally:
            os._exit(status)
    os.close(write)
    try:
        for job in jobs[0::2]:
            job()
    finally:
        with os.fdopen(read, "rb") as pipe:
            message = pipe.read()
        _, status = os.waitpid(pid, 0)
    if status != 0:
        raise _unpickled(message, status)


def _pickled(exc: BaseException) -> bytes:
    try:
        return pickle.dumps(exc)
    except Exception:  # noqa: BLE001 - an exception that does not pickle is sent as text
        return pickle.dumps(RuntimeError("".join(traceback.format_exception(exc)).strip()))


def _unpickled(message: bytes, status: int) -> BaseException:
    try:
        exc = pickle.loads(message)
    except Exception:  # noqa: BLE001 - a child killed before it reported
        return RuntimeError(f"figure process ended with status {status} before reporting")
    return exc if isinstance(exc, BaseException) else RuntimeError(repr(exc))
