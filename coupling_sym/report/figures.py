"""Figures of the coupling experiment (matplotlib, Agg backend).

Each ``plot_*`` function takes an :class:`~coupling_sym.experiment.ExperimentResult`
and returns a :class:`matplotlib.figure.Figure`; :func:`save_figure` writes and closes
it.  Units on the y axes are numbers of requests.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

__all__ = ["plot_comparison", "plot_eviction_detail", "save_figure", "describe_run"]


def describe_run(result) -> str:
    """One-line parameter description used in titles."""
    cfg = result.config
    params = cfg.params
    lengths = ", ".join(str(x) for x in params.lengths)
    shares = ", ".join(str(p) for p in params.p)
    names = "(l_A, l_B)" if params.K == 2 else "lengths"
    return (f"l0 = {params.prompt_label}, {names} = ({lengths}), B = {params.B}, p = ({shares}), "
            f"init {cfg.init}, policy {cfg.policy}")


def plot_comparison(result):
    """Theory admission (blue), simulation admission (green), evictions (red, negative bars)
    and the equilibrium ``a*`` against the batch index."""
    batches = np.arange(result.theory.steps + 1)
    theory = np.asarray(result.theory.admissions, dtype=float)
    sim = np.asarray(result.simulation.admissions, dtype=float)
    evicted = np.asarray(result.simulation.eviction_totals, dtype=float)
    a_star = float(result.config.params.equilibrium_admission)
    fig, ax = plt.subplots(figsize=(10, 5.5), layout="constrained")
    ax.bar(batches, -evicted, width=0.8, color="tab:red", alpha=0.7, label="simulation eviction (drawn negative)")
    ax.plot(batches, theory, color="tab:blue", marker="o", markersize=3, lw=1.6, label="theory admission (no eviction)")
    ax.plot(batches, sim, color="tab:green", marker="s", markersize=3, lw=1.6, label="simulation admission")
    ax.axhline(a_star, color="0.3", ls="--", lw=1, label=f"equilibrium a* = {a_star:.6g}")
    ax.axhline(0, color="black", lw=0.6)
    ax.set_xlabel("batch index t")
    ax.set_ylabel("requests per batch")
    ax.set_title("Coupling experiment: theory vs eviction simulation\n" + describe_run(result), fontsize=10)
    ax.legend(loc="upper right", fontsize=9)
    ax.grid(True, alpha=0.3)
    return fig


def plot_eviction_detail(result):
    """Evicted requests by batch and by the stage they held in the previous batch:
    stacked bars (top) and a heat map (bottom)."""
    evictions = np.asarray(result.simulation.evictions, dtype=float)
    batches = np.arange(evictions.shape[0])
    stages = evictions.shape[1]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 7), sharex=True, layout="constrained",
                                      height_ratios=(3, 2))
    base = np.zeros(len(batches))
    colours = plt.get_cmap("viridis", max(stages, 2))
    for s in range(stages):
        top.bar(batches, evictions[:, s], bottom=base, width=0.8, color=colours(s), label=f"stage {s}")
        base += evictions[:, s]
    busy = np.flatnonzero(base > 0)
    if 0 < busy.size <= 30:
        for t in busy:
            top.annotate(f"{base[t]:.3g}", (t, base[t]), ha="center", va="bottom", fontsize=7,
                         xytext=(0, 2), textcoords="offset points")
    top.set_ylabel("evicted requests")
    top.set_title("Evictions by stage held in the previous batch\n" + describe_run(result), fontsize=10)
    if 0 < stages <= 12:   # beyond that the heat map below carries the stages
        top.legend(title="eviction stage", fontsize=9, ncol=min(stages, 6))
    top.grid(True, axis="y", alpha=0.3)
    image = bottom.imshow(evictions.T if stages else np.zeros((1, len(batches))), aspect="auto",
                          origin="lower", cmap="Reds", interpolation="nearest",
                          extent=(-0.5, len(batches) - 0.5, -0.5, max(stages, 1) - 0.5))
    bottom.set_xlabel("batch index t")
    bottom.set_ylabel("eviction stage")
    if stages <= 20:
        bottom.set_yticks(range(max(stages, 1)))
    fig.colorbar(image, ax=bottom, label="evicted requests")
    return fig


def save_figure(fig, path: Path, dpi: int = 150) -> Path:
    """Save ``fig`` to ``path`` (format from the suffix) and close it."""
    try:
        fig.savefig(path, dpi=dpi)
    finally:
        plt.close(fig)
    return Path(path)
