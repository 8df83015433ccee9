"""A sweep as a CSV file: one row per setting, the table's columns.

Columns: ``l_A, l_B, l0, p, verdict, rho, outcome, period, last_eviction, final_gap,
agreement, throughput, throughput_loss, convergence, evictions, cycle_start, cycle_level``
and ``ratio`` when the prompt ratio was swept (``cycle_*``: the kernel's cycle, empty
without one).  Floats are written by
``repr`` (every digit); a missing value is an empty cell.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ..atomic import atomic_open
from ..errors import parameter_error

__all__ = ["CSV_COLUMNS", "sweep_columns", "write_sweep_csv"]

CSV_COLUMNS = ("l_A", "l_B", "l0", "p", "verdict", "rho", "outcome", "period", "last_eviction", "final_gap",
               "agreement", "throughput", "throughput_loss", "convergence", "evictions", "cycle_start",
               "cycle_level")


def sweep_columns(result) -> tuple[str, ...]:
    """The table and CSV columns; ``ratio`` (prompt ratio, ``l0`` then the scale) only when swept.

    Examples
    --------
    >>> from coupling_sym.sweep import parse_grid, run_sweep
    >>> sweep_columns(run_sweep(parse_grid("2", "3", "3", "1/2", "60"), 50))[-2:]
    ('cycle_start', 'cycle_level')
    """
    return CSV_COLUMNS + (("ratio",) if any(row.ratio != 1 for row in result.settings) else ())


def _cells(row, columns) -> list:
    """One row's cells: each column is the row's attribute of that name (``p`` and ``ratio``
    as their exact text, ``cycle_*`` from its cycle), floats by ``repr``, ``None`` empty."""
    values = [getattr(row, column) for column in columns]
    return ["" if value is None else repr(value) if isinstance(value, float) else value for value in values]


def write_sweep_csv(result, path: Path, name: str = "--csv") -> Path:
    """Write one row per setting of ``result`` to ``path`` (folders created); return it.

    Raises
    ------
    ParameterError
        When the file cannot be written (``name`` is the option the message names).

    Examples
    --------
    >>> import tempfile
    >>> from coupling_sym.sweep import parse_grid, run_sweep
    >>> result = run_sweep(parse_grid("2", "3", "1,3", "1/2", "60"), 200)
    >>> path = write_sweep_csv(result, Path(tempfile.mkdtemp()) / "sweep.csv")
    >>> [line.split(",")[:5] for line in path.read_text().splitlines()]      # l0* = 2 for (2, 3)
    [['l_A', 'l_B', 'l0', 'p', 'verdict'], ['2', '3', '1', '1/2', 'on-circle'], ['2', '3', '3', '1/2', 'stable']]
    >>> import shutil; shutil.rmtree(path.parent)
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_open(path, newline="") as handle:  # a failure leaves no truncated file
            writer = csv.writer(handle)
            columns = sweep_columns(result)
            writer.writerow(columns)
            writer.writerows(_cells(row, columns) for row in result.settings)
    except OSError as exc:
        raise parameter_error(name, f"a file that can be written ({exc.strerror})", str(path)) from None
    return path
