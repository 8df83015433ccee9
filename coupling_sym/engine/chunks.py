"""Run chunks of work in-process (default), on a local Dask cluster, or on a remote one.

Conventions: ``Engine(workers=None, scheduler=None)`` runs in-process;
``workers=N`` starts a local ``dask.distributed`` cluster of ``N`` single-threaded worker
processes for the duration of the run; ``scheduler="tcp://HOST:PORT"`` connects to a
running scheduler (within ``connect_timeout`` seconds, else a one-line
:class:`~coupling_sym.errors.ParameterError`).  On Dask every chunk is one task with a
key naming its index, results are gathered by index (a task retried after a worker
died is still one result), and chunks that fail for good are reported by index in an
:class:`EngineError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence
from uuid import uuid4

from ..errors import CouplingError, ParameterError, parameter_error

__all__ = ["Engine", "EngineError", "make_engine", "run_chunks", "CONNECT_TIMEOUT"]

CONNECT_TIMEOUT = 5.0


class EngineError(CouplingError, RuntimeError):
    """Some chunks of a run failed on the cluster (their indices are in the message)."""


@dataclass(frozen=True)
class Engine:
    """Where chunks run.

    Attributes
    ----------
    workers : int or None
        Local Dask worker processes to start (``None``: no local cluster).
    scheduler : str or None
        Address of a running Dask scheduler.
    connect_timeout : float
        Seconds to wait for the scheduler.
    """

    workers: int | None = None
    scheduler: str | None = None
    connect_timeout: float = CONNECT_TIMEOUT

    @property
    def in_process(self) -> bool:
        """True when no Dask cluster is involved."""
        return self.workers is None and self.scheduler is None

    def describe(self) -> str:
        """``in-process``, ``local dask (N workers)`` or ``dask at ADDRESS``."""
        if self.scheduler is not None:
            return f"dask at {self.scheduler}"
        if self.workers is not None:
            return f"local dask ({self.workers} workers)"
        return "in-process"


def make_engine(workers: int | None = None, scheduler: str | None = None,
                connect_timeout: float = CONNECT_TIMEOUT) -> Engine:
    """Validate the engine options of a command.

    Raises
    ------
    ParameterError
        For ``workers < 1``, both options at once, or an address not of the form
        ``tcp://HOST:PORT``.

    Examples
    --------
    >>> make_engine().describe(), make_engine(workers=2).describe()
    ('in-process', 'local dask (2 workers)')
    >>> make_engine(scheduler="localhost:8786")
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: --scheduler must be an address tcp://HOST:PORT; got 'localhost:8786'
    """
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise parameter_error("--workers", "a positive integer", workers)
    if workers is not None and scheduler is not None:
        raise parameter_error("--workers", "left out when --scheduler is given", workers)
    if scheduler is not None:
        host, _, port = scheduler.removeprefix("tcp://").rpartition(":")
        if not scheduler.startswith("tcp://") or not host or not port.isdigit():
            raise parameter_error("--scheduler", "an address tcp://HOST:PORT", scheduler)
    return Engine(workers, scheduler, connect_timeout)


def run_chunks(func: Callable[[Any], Any], payloads: Sequence[Any], engine: Engine | None = None,
               progress: Callable[[int, Any], None] | None = None) -> list:
    """Run ``func`` on every payload; return the results in payload order.

    Parameters
    ----------
    func : callable
        A module-level function (Dask pickles it by reference).
    payloads : sequence
    engine : Engine, optional
        Default in-process.
    progress : callable, optional
        Called ``progress(index, result)`` as each chunk finishes (any order on Dask).

    Raises
    ------
    EngineError
        Listing the chunk indices that failed on the cluster.
    ParameterError
        When the scheduler cannot be reached within the timeout.

    Examples
    --------
    >>> run_chunks(abs, [-1, 2, -3])
    [1, 2, 3]
    """
    engine = engine or Engine()
    if engine.in_process:
        results = []
        for index, payload in enumerate(payloads):
            results.append(func(payload))
            if progress is not None:
                progress(index, results[-1])
        return results
    return _run_on_dask(func, list(payloads), engine, progress)


def _client(engine: Engine):
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - dask is a dependency
        raise parameter_error("--workers", "used with dask and distributed installed", engine.describe()) from None
    if engine.scheduler is not None:
        try:
            return Client(engine.scheduler, timeout=engine.connect_timeout, set_as_default=False), None
        except (OSError, TimeoutError) as exc:
            raise ParameterError(f"--scheduler must be a reachable dask scheduler (no answer within "
                                 f"{engine.connect_timeout:g} s: {exc.__class__.__name__}); got "
                                 f"{engine.scheduler!r}") from None
    cluster = LocalCluster(n_workers=engine.workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=50)
    return Client(cluster, set_as_default=False), cluster


def _run_on_dask(func, payloads: list, engine: Engine, progress) -> list:
    from distributed import as_completed

    client, cluster = _client(engine)
    try:
        run = uuid4().hex[:8]
        futures = {client.submit(func, payload, key=f"chunk-{index}-{run}", pure=False): index
                   for index, payload in enumerate(payloads)}
        results: dict[int, Any] = {}
        failed: dict[int, str] = {}
        for future in as_completed(list(futures), loop=client.loop):
            index = futures[future]
            if future.status == "finished":
                results[index] = future.result()
                if progress is not None:
                    progress(index, results[index])
            else:
                exc = future.exception()
                failed[index] = f"{exc.__class__.__name__}: {exc}"
        if failed:
            shown = ", ".join(str(i) for i in sorted(failed))
            first = failed[min(failed)]
            raise EngineError(f"chunks must all finish on the cluster; got {len(failed)} of {len(payloads)} "
                              f"failed (chunks {shown}; first: {first})")
        return [results[index] for index in range(len(payloads))]
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
