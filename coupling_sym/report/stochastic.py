"""Figures of a stochastic study (matplotlib, Agg): they draw results, compute nothing new.

``plot_bands``: mean admissions per batch with the 95% band of the mean and the 2.5% ..
97.5% band of single replications, mean evictions drawn as negative red bars, ``a*``,
and the fluid simulation when the study has one.  ``plot_stochastic_evictions``: mean
evicted requests by batch and previous stage (heat map).  ``plot_scaling``: scaled
admissions against the fluid trajectory for several ``n``, and the distance against
``n`` on log axes with the fitted rate.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

__all__ = ["plot_bands", "plot_stochastic_evictions", "plot_scaling", "describe_spec"]


def describe_spec(spec) -> str:
    """One-line description of a study for titles."""
    prompts = spec.l0[0] if len(set(spec.l0)) == 1 else "(" + ", ".join(map(str, spec.l0)) + ")"
    decode = ", ".join(d.label for d in spec.decode)
    shares = ", ".join(str(p) for p in spec.p)
    return (f"l0 = {prompts}, decode = ({decode}), B = {spec.B}, p = ({shares}), {spec.arrivals}, "
            f"{spec.admission}, {spec.replications} replications")


def plot_bands(spec, run, bands_of, fluid=None):
    """Mean admission with bands, mean evictions, ``a*`` and the fluid simulation.

    ``bands_of`` is :func:`coupling_sym.stochastic.replicate.bands` (passed in so this
    module stays free of the simulator).
    """
    adm = bands_of(run.total_admissions)
    ev = bands_of(run.eviction_totals)
    batches = np.arange(adm.mean.shape[0])
    a_star = float(spec.equilibrium_admission)
    fig, ax = plt.subplots(figsize=(10, 5.5), layout="constrained")
    ax.bar(batches, -ev.mean, width=0.8, color="tab:red", alpha=0.6, label="mean evictions (drawn negative)")
    ax.fill_between(batches, adm.low, adm.high, color="tab:green", alpha=0.15, step=None,
                    label="2.5%-97.5% of replications")
    ax.fill_between(batches, adm.mean_low, adm.mean_high, color="tab:green", alpha=0.45, label="95% band of the mean")
    ax.plot(batches, adm.mean, color="tab:green", lw=1.6, marker="s", markersize=2.5, label="mean admission")
    if fluid is not None:
        ax.plot(batches, np.asarray(fluid.admissions, dtype=float), color="tab:blue", lw=1.1, ls="-",
                marker="o", markersize=2, label="fluid simulation (MODEL.md)")
    ax.axhline(a_star, color="0.3", ls="--", lw=1, label=f"fluid equilibrium a* = {a_star:.6g}")
    ax.axhline(0, color="black", lw=0.6)
    ax.set_xlabel("batch index t")
    ax.set_ylabel("requests per batch")
    ax.set_title("Request-level simulation: admissions with 95% bands\n" + describe_spec(spec), fontsize=10)
    ax.legend(loc="upper right", fontsize=8)
    ax.grid(True, alpha=0.3)
    return fig


def plot_stochastic_evictions(spec, run):
    """Mean evicted requests by batch (x) and the stage they held in the previous batch (y)."""
    mean = run.evictions.mean(axis=0).astype(float)  # (steps + 1, L - 1)
    fig, ax = plt.subplots(figsize=(10, 4.5), layout="constrained")
    if mean.shape[1] == 0:
        ax.text(0.5, 0.5, "decode length 1: nothing can be evicted", ha="center", transform=ax.transAxes)
    else:
        image = ax.imshow(mean.T, aspect="auto", origin="lower", cmap="Reds", interpolation="nearest",
                          extent=(-0.5, mean.shape[0] - 0.5, -0.5, mean.shape[1] - 0.5))
        fig.colorbar(image, ax=ax, label="mean evicted requests")
        ax.set_yticks(range(mean.shape[1]) if mean.shape[1] <= 16 else
                      np.linspace(0, mean.shape[1] - 1, 9).round().astype(int))
    ax.set_xlabel("batch index t")
    ax.set_ylabel("stage in batch t - 1")
    ax.set_title("Evictions by stage (mean over replications)\n" + describe_spec(spec), fontsize=10)
    return fig


def plot_scaling(scaling, title: str):
    """Left: ``a_n(t) / n`` (mean over replications) for each ``n`` and the fluid trajectory.
    Right: distance against ``n`` (log-log) with the fitted power law."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8), layout="constrained")
    batches = np.arange(len(scaling.fluid))
    colors = plt.cm.viridis(np.linspace(0.1, 0.85, len(scaling.scales)))
    for color, n, curve in zip(colors, scaling.scales, scaling.mean_scaled):
        left.plot(batches, curve, color=color, lw=1.2, label=f"n = {n}")
    left.plot(batches, scaling.fluid, color="black", lw=1.0, ls="--", marker="o", markersize=2,
              label="fluid simulation")
    left.set_xlabel("batch index t")
    left.set_ylabel("admission / n")
    left.set_title("scaled stochastic admissions vs fluid", fontsize=10)
    left.legend(loc="upper right", fontsize=8)   # explicit: loc="best" warns on long data
    left.grid(True, alpha=0.3)
    n = np.asarray(scaling.scales, dtype=float)
    right.loglog(n, scaling.distances, "o-", color="tab:purple", label="distance (mean over replications)")
    right.loglog(n, scaling.fit_constant * n ** scaling.fit_rate, "--", color="0.4",
                 label=f"fit C n^{scaling.fit_rate:.2f}")
    right.set_xlabel("scale n (B and rates times n)")
    right.set_ylabel("max_t |a_n(t)/n - a(t)| / a*")
    right.set_title("distance to the fluid trajectory", fontsize=10)
    right.legend(loc="upper right", fontsize=8)
    right.grid(True, which="both", alpha=0.3)
    fig.suptitle(title, fontsize=10)
    return fig
