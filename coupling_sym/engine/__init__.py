"""Split work into chunks and run them in-process or on Dask: one layer shared by commands.

A job is a module-level function ``func(payload) -> result`` and a list of payloads
(the chunks).  :func:`run_chunks` returns the results in chunk order whatever runs them,
so a command's output does not depend on the engine; randomness must come with the
payload (a per-chunk seed), never from the worker.
"""

from .chunks import Engine, EngineError, make_engine, run_chunks

__all__ = ["Engine", "EngineError", "make_engine", "run_chunks"]
