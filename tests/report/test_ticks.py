"""Log and symlog tick labels as plain text (no mathtext), with the values they label."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from coupling_sym.config import build_config
from coupling_sym.experiment import run_experiment
from coupling_sym.report.figures import plot_comparison
from coupling_sym.report.ticks import plain_label

SUPERSCRIPT = dict(zip("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"))


def _power(exponent: int) -> str:
    """``10^e`` written by hand with superscripts."""
    return "10" + "".join(SUPERSCRIPT[c] for c in str(exponent))


def test_plain_label_translates_every_form_the_log_formatters_write():
    assert plain_label(r"$\mathdefault{10^{-12}}$") == _power(-12)
    assert plain_label(r"$\mathdefault{-10^{3}}$") == "\N{MINUS SIGN}" + _power(3)
    assert plain_label(r"$\mathdefault{5\times10^{2}}$") == "5×" + _power(2)
    assert plain_label(r"$\mathdefault{0.5}$") == "0.5"


def test_symlog_panel_of_an_unstable_run_labels_its_decades_in_plain_text():
    result = run_experiment(build_config("one-type-spiral", ["steps=600"]))
    fig = plot_comparison(result)
    top = fig.axes[1]  # the whole theory, on a symmetric log scale
    assert top.get_yscale() == "symlog"
    fig.canvas.draw()
    labelled = [(tick.get_loc(), tick.label1.get_text()) for tick in top.yaxis.get_major_ticks()
                if tick.label1.get_visible() and tick.label1.get_text()]
    assert labelled and all("$" not in text for _, text in labelled)
    for value, text in labelled:
        if value == 0:
            assert text == "0"
            continue
        exponent = int(round(np.log10(abs(value))))
        assert abs(value) == 10.0 ** exponent  # symlog labels decades only
        assert text == ("\N{MINUS SIGN}" if value < 0 else "") + _power(exponent)
    plt.close(fig)
