"""Every legend of the package's figures has an explicit place.

matplotlib times ``loc="best"`` (its default) while it draws and warns on stderr when
the search takes more than a second ("Creating legend with loc='best' can be slow with
large amounts of data"), which long runs reach.  The warning depends on the machine's
speed, so the test reads the source: every ``.legend(...)`` call passes ``loc``.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "coupling_sym"


def _legend_calls_without_loc():
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "legend"
                    and not any(keyword.arg == "loc" for keyword in node.keywords)):
                yield f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"


def test_every_legend_is_placed_explicitly():
    calls = list(_legend_calls_without_loc())
    assert calls == []


def test_the_scan_is_not_vacuous():
    # the package draws legends in several modules: the walk above must see them
    found = sum(1 for path in PACKAGE.rglob("*.py") for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "legend")
    assert found >= 10


def test_modal_legend_goes_to_the_corner_the_gap_leaves_free():
    # A decaying gap (10 -> 1e-6 over the run) leaves the lower left empty; a growing one
    # the upper left (and lower right; ties go to the first corner listed, upper left).
    import matplotlib.pyplot as plt
    import numpy as np

    from coupling_sym.report.modal import _emptiest_corner

    t = np.arange(200)
    for gap, corner in ((10.0 * 0.93 ** t, "lower left"), (1e-6 * 1.07 ** t, "upper left")):
        fig, ax = plt.subplots()
        ax.semilogy(t, gap)
        assert _emptiest_corner(ax, t, [gap]) == corner
        plt.close(fig)
