"""The phase-diagram figure (coupling_sym.report.phase), checked through its artists."""

from fractions import Fraction as F

import numpy as np
import pytest

from coupling_sym.report.phase import CATEGORIES, plot_phase_diagram, save_phase_diagram
from coupling_sym.sweep import CriticalLine, SettingResult, SweepResult, summarise_agreement


def _row(l_A, l_B, l0, p, verdict, outcome, period=None, rho=0.5, agreement="agree"):
    return SettingResult(l_A, l_B, l0, F(p), verdict, rho, outcome, period, None, 0.0, agreement)


def _result():
    rows = [
        _row(2, 3, 1, "1/2", "unstable", "not-converged", period=2, rho=1.2),
        _row(2, 3, 3, "1/2", "stable", "converged"),
        _row(2, 3, 10, "1/2", "stable", "not-converged", agreement="disagree"),
        _row(2, 5, 1, "1/2", "unstable", "not-converged", rho=1.1),
        _row(2, 5, 3, "1/2", "stable", "not-converged", rho=0.995, agreement="slow"),
        _row(2, 5, 10, "1/2", "stable", "converged"),
        _row(2, 3, 1, "1/3", "unstable", "converged", rho=1.1, agreement="disagree"),
        _row(2, 3, 3, "1/3", "stable", "converged"),
        _row(2, 3, 10, "1/3", "stable", "converged"),
        _row(2, 5, 1, "1/3", "unstable", "not-converged", rho=1.1),
        _row(2, 5, 3, "1/3", "unstable", "not-converged", rho=1.1),
        _row(2, 5, 10, "1/3", "unstable", "not-converged", rho=1.1),
    ]
    critical = (CriticalLine(2, 3, F(1, 2), 2), CriticalLine(2, 5, F(1, 2), 10),
                CriticalLine(2, 3, F(1, 3), 3), CriticalLine(2, 5, F(1, 3), 40))
    summary = summarise_agreement([r.verdict for r in rows], [r.rho for r in rows], [r.outcome for r in rows], 100)
    return SweepResult(tuple(rows), critical, summary, 100, F(60), "stage0", "least-progress")


def _by_gid(ax, gid):
    return [line for line in ax.lines if line.get_gid() == gid]


def test_cells_lines_and_marks():
    fig = plot_phase_diagram(_result())
    half, third = fig.axes[:2]
    assert (half.get_title(), third.get_title()) == ("$p = 1/2$", "$p = 1/3$")
    # rows: l0 = 1, 3, 10; columns: (2,3), (2,5); 0 converged, 1 periodic, 2 not converged
    assert CATEGORIES == ("converged", "periodic", "not converged")
    assert np.asarray(half.images[0].get_array()).tolist() == [[1, 2], [0, 2], [2, 0]]
    assert np.asarray(third.images[0].get_array()).tolist() == [[0, 2], [0, 2], [0, 2]]
    assert [t.get_text() for t in half.get_xticklabels()] == ["(2,3)", "(2,5)"]
    assert [t.get_text() for t in half.get_yticklabels()] == ["1", "3", "10"]
    # l0* = 2 for (2,3) at p = 1/2: first row with l0 >= 2 is l0 = 3 (row 1) -> y = 0.5
    assert [tuple(line.get_ydata()) for line in _by_gid(half, "l0star")] == [(0.5, 0.5), (1.5, 1.5)]
    assert [tuple(line.get_xdata()) for line in _by_gid(half, "l0star")] == [(-0.5, 0.5), (0.5, 1.5)]
    # p = 1/3: l0* = 3 -> y = 0.5 for (2,3); l0* = 40 is above the grid: a triangle on top of (2,5)
    assert [tuple(line.get_ydata()) for line in _by_gid(third, "l0star")] == [(0.5, 0.5)]
    assert [(line.get_xdata()[0], line.get_ydata()[0]) for line in _by_gid(third, "l0star-above")] == [(1, 2.5)]
    # disagreements: (2,3) l0 = 10 at p = 1/2 and (2,3) l0 = 1 at p = 1/3; slow: (2,5) l0 = 3
    assert [(line.get_xdata()[0], line.get_ydata()[0]) for line in _by_gid(half, "disagree")] == [(0, 2)]
    assert [(line.get_xdata()[0], line.get_ydata()[0]) for line in _by_gid(third, "disagree")] == [(0, 0)]
    assert [(line.get_xdata()[0], line.get_ydata()[0]) for line in _by_gid(half, "slow")] == [(1, 1)]
    assert [t.get_text() for t in half.texts if t.get_gid() == "period"] == ["2"]


def test_pair_without_critical_length_has_no_segment():
    result = _result()
    critical = tuple(CriticalLine(c.l_A, c.l_B, c.p, None if c.l_B == 5 else c.l0_star) for c in result.critical)
    fig = plot_phase_diagram(SweepResult(result.settings, critical, *[getattr(result, n) for n in
                                         ("summary", "steps", "B", "init", "policy")]))
    assert len(_by_gid(fig.axes[0], "l0star")) == 1 and not _by_gid(fig.axes[1], "l0star-above")


def test_save_writes_png_and_pdf(tmp_path):
    paths = save_phase_diagram(plot_phase_diagram(_result()), tmp_path / "figs" / "phase")
    assert [p.name for p in paths] == ["phase.png", "phase.pdf"]
    assert paths[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert paths[1].read_bytes()[:5] == b"%PDF-"
