"""The modal-prediction figure (matplotlib, Agg backend).

:func:`plot_modal_prediction` takes a :class:`coupling_sym.modal.section.ModalPrediction`
(arrays already computed) and draws two panels sharing the batch axis:

* top: theory admission (blue line) with its closed form (black crosses),
  on a symmetric log scale when the theory outgrows the simulation twentyfold,
  simulation admission (green line) with the closed form of its tail after the last
  eviction (orange dashes), the equilibrium ``a*`` and the last eviction (dotted; named
  in the legend only when it comes after the last batch drawn, the horizon);
* bottom, log scale: the gaps ``|a_t - a*|`` of both trajectories and the dominant
  mode's envelope ``sum_k |C_k| tau^k rho^tau`` (dashed).

Nothing is computed here beyond masking non-positive values for the log axis.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from .ticks import plain_power_labels

__all__ = ["plot_modal_prediction", "save_modal_figure"]


def _positive(values: np.ndarray) -> np.ndarray:
    out = np.asarray(values, dtype=float).copy()
    out[~(out > 0)] = np.nan
    return out


def _fit_scale(ax, data) -> None:
    # An unstable theory grows geometrically and would flatten the simulation into a
    # line; a symmetric log scale keeps both readable.
    near = 2 * max(float(np.nanmax(np.abs(data.simulation))), abs(data.equilibrium), 1.0)
    if float(np.nanmax(np.abs(data.theory))) > 20 * near:
        ax.set_yscale("symlog", linthresh=near)


def plot_modal_prediction(data):
    """Draw the modal prediction over both trajectories; return the figure (never shown).

    Examples
    --------
    >>> from coupling_sym.config import build_config
    >>> from coupling_sym.experiment import run_experiment
    >>> from coupling_sym.modal.section import modal_prediction
    >>> result = run_experiment(build_config("default", ["steps=20"]))
    >>> fig = plot_modal_prediction(modal_prediction(result.config, result.theory, result.simulation))
    >>> fig.axes[0].lines[0].get_ydata()[:3].tolist()            # the theory admissions
    [15.0, -3.75, 8.4375]
    >>> plt.close(fig)
    """
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 8), sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    fig.subplots_adjust(left=0.09, right=0.98, bottom=0.07, top=0.92, hspace=0.08)  # fixed: no layout solve
    t = data.batches
    top.plot(t, data.theory, color="tab:blue", lw=1.4, label="theory admission")
    top.plot(t, data.theory_closed, ls="none", marker="x", color="black", markersize=4,
             label=f"closed form of the theory (from batch {data.valid_from})")
    top.plot(t, data.simulation, color="tab:green", lw=1.4, label="simulation admission")
    if np.isfinite(data.simulation_closed).any():
        top.plot(t, data.simulation_closed, ls="--", color="tab:orange", lw=1.6,
                 label="closed form of the simulation after its last eviction")
    top.axhline(data.equilibrium, color="0.3", ls="--", lw=1, label=f"equilibrium a* = {data.equilibrium:.6g}")
    if data.last_eviction is not None and data.last_eviction <= t[-1]:
        for ax in (top, bottom):
            ax.axvline(data.last_eviction, color="tab:red", ls=":", lw=1)
        top.plot([], [], color="tab:red", ls=":", label=f"last eviction (batch {data.last_eviction})")
    elif data.last_eviction is not None:  # a line there would stretch the axis past the drawn batches
        top.plot([], [], color="tab:red", ls=":",
                 label=f"last eviction: batch {data.last_eviction}, after the last batch drawn")
    top.set_xlim(t[0] - 0.02 * max(t[-1] - t[0], 1), t[-1] + 0.02 * max(t[-1] - t[0], 1))
    _fit_scale(top, data)
    plain_power_labels(top.yaxis)
    top.set_ylabel("requests per batch")
    top.set_title("Modal prediction: a_t = a* + sum C_ik t^k mu_i^t\n" + data.title, fontsize=10)
    top.legend(loc="upper right", fontsize=8)
    top.grid(True, alpha=0.3)

    bottom.semilogy(t, _positive(np.abs(data.theory - data.equilibrium)), color="tab:blue", lw=1.2,
                    label="|theory - a*|")
    bottom.semilogy(t, _positive(np.abs(data.simulation - data.equilibrium)), color="tab:green", lw=1.2,
                    label="|simulation - a*|")
    bottom.semilogy(t, _positive(data.theory_envelope), color="black", ls="--", lw=1,
                    label=f"dominant mode envelope, rho = {data.spectral_radius:.6g}")
    if np.isfinite(data.simulation_envelope).any():
        bottom.semilogy(t, _positive(data.simulation_envelope), color="tab:orange", ls="--", lw=1,
                        label="dominant mode envelope of the simulation tail")
    plain_power_labels(bottom.yaxis)
    bottom.set_xlabel("batch index t")
    bottom.set_ylabel("|a_t - a*| (requests)")
    gaps = [np.abs(data.theory - data.equilibrium), np.abs(data.simulation - data.equilibrium), data.theory_envelope]
    bottom.legend(loc=_emptiest_corner(bottom, t, gaps), fontsize=8)
    bottom.grid(True, alpha=0.3, which="both")
    return fig


def _emptiest_corner(ax, t: np.ndarray, series: list) -> str:
    """The corner of the log-scale axis ``ax`` that the fewest points of ``series`` fall in.

    A cheap stand-in for ``loc="best"`` (which scans every drawn vertex and warns on long
    runs): each corner box spans 45% of the width and 40% of the height, in axes units.
    """
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    u = (np.asarray(t, dtype=float) - x0) / (x1 - x0)
    counts = {}
    for name, (ulo, uhi), (vlo, vhi) in (("upper left", (0, .45), (.6, 1)), ("lower left", (0, .45), (0, .4)),
                                         ("upper right", (.55, 1), (.6, 1)), ("lower right", (.55, 1), (0, .4))):
        inside = 0
        for y in series:
            y = np.asarray(y, dtype=float)
            keep = np.isfinite(y) & (y > 0)
            v = (np.log10(y[keep]) - np.log10(y0)) / (np.log10(y1) - np.log10(y0))
            inside += int(np.count_nonzero((u[keep] >= ulo) & (u[keep] <= uhi) & (v >= vlo) & (v <= vhi)))
        counts[name] = inside
    return min(counts, key=counts.get)  # ties: the first listed


def save_modal_figure(fig, path: Path) -> Path:
    """Write ``fig`` as PNG to ``path``, close it, return the path."""
    path = Path(path)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
