"""The theory note's numbers: gather results from the toolkit, render its tables and figures.

The note ``tex/multiple_discrete.tex`` ``\\input``s every file written here; nothing in
it is typed by hand.  :mod:`.gather` calls the toolkit (symbolic derivation, certified
stability, the coupling experiment, the sweep) and returns small result rows;
:mod:`.build` hands them to the LaTeX writers of :mod:`coupling_sym.report.latex` and
the figures of :mod:`coupling_sym.report`, and writes the files.  ``coupling-sym tables``
is the command-line entry point.
"""

from .build import FIGURES, TABLES, check_folder, render_tables, write_figures, write_tables
from .gather import (CharpolyRow, CriticalRow, EstimateRow, ExperimentRow, FirstOrderRow, LimitRow,
                     count_unstable_everywhere, gather_charpoly, gather_critical, gather_estimates,
                     gather_experiments, gather_first_order, gather_growth, gather_limit, gather_sweep,
                     period_gcd_from)

__all__ = [
    "TABLES", "FIGURES", "render_tables", "check_folder", "write_tables", "write_figures",
    "CharpolyRow", "LimitRow", "CriticalRow", "FirstOrderRow", "EstimateRow", "ExperimentRow",
    "gather_charpoly", "gather_limit", "gather_critical", "gather_first_order", "count_unstable_everywhere",
    "gather_estimates", "gather_growth", "gather_experiments", "gather_sweep", "period_gcd_from",
]
