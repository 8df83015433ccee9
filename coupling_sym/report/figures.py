"""Figures of the coupling experiment (matplotlib, Agg backend).

Each ``plot_*`` function takes an :class:`~coupling_sym.experiment.ExperimentResult`
and returns a :class:`matplotlib.figure.Figure`; :func:`save_figure` writes and closes
it.  Units on the y axes are numbers of requests.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from .ticks import plain_power_labels

__all__ = ["plot_comparison", "plot_eviction_detail", "plot_throughput", "save_figure", "describe_run",
           "MANY_BATCHES"]

#: Runs longer than this draw evictions as one filled step outline instead of one bar
#: per batch, and lines without markers: the drawing then costs what the picture shows.
MANY_BATCHES = 400
#: The theory gets its own (symmetric log) panel when it leaves the simulation's range
#: by more than this factor of that range.
CLIP_FACTOR = 3.0


_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def describe_run(result) -> str:
    """One-line parameter description used in titles.

    Plain text with Unicode subscripts, no mathtext: a figure without ``$...$`` labels
    does not build matplotlib's mathtext parser (about 0.1-0.2 s of a run folder).

    Examples
    --------
    >>> from coupling_sym.config import build_config
    >>> from coupling_sym.experiment import run_experiment
    >>> describe_run(run_experiment(build_config("default", ["steps=2"])))
    'l₀ = 3, (l₁, l₂) = (2, 3), B = 60, p = (1/2, 1/2), init stage0, policy least-progress'
    """
    cfg = result.config
    params = cfg.params
    lengths = ", ".join(str(x) for x in params.lengths)
    shares = ", ".join(str(p) for p in params.p)
    names = "(l₁, l₂)" if params.K == 2 else f"(l₁, …, l{str(params.K).translate(_SUBSCRIPTS)})"
    prompt = f"l₀ = {params.prompt_label}" if params.common_prompt else f"(l₀,ₖ) = {params.prompt_label}"
    return f"{prompt}, {names} = ({lengths}), B = {params.B}, p = ({shares}), init {cfg.init}, policy {cfg.policy}"


def _marker_size(count: int) -> float:
    return 3 if count <= 200 else 0


#: Bins a long run is aggregated into (about one per pixel column of the figure).
BINS = 1000


def _binned(values, how):
    """``values`` reduced over ``BINS`` consecutive blocks of batches: (block starts, reduced)."""
    values = np.asarray(values, dtype=float)
    size = -(-len(values) // BINS)
    padded = np.full(size * BINS, np.nan)
    padded[:len(values)] = values
    blocks = padded.reshape(BINS, size)
    keep = ~np.isnan(blocks).all(axis=1)
    with np.errstate(all="ignore"):
        reduced = how(blocks[keep], axis=1)
    return np.arange(BINS)[keep] * size, reduced


def _bars(ax, batches, heights, bottom=None, how=np.nanmax, **style):
    """One bar per batch for short runs; for long ones one filled step outline of the
    heights reduced (``how``, e.g. the largest) over ``BINS`` blocks of batches."""
    if len(batches) <= MANY_BATCHES:
        return ax.bar(batches, heights, bottom=bottom, width=0.8, **style)
    starts, top = _binned(np.asarray(heights, dtype=float) + (0 if bottom is None else bottom), how)
    _, base = _binned(np.zeros(len(batches)) if bottom is None else bottom, how)
    return ax.fill_between(starts, base, top, step="post", linewidth=0, **style)


def _line(ax, batches, values, **style):
    """A line for short runs; for long ones the band from least to largest value over
    each of ``BINS`` blocks of batches (one polygon, whatever the number of batches)."""
    if len(batches) <= MANY_BATCHES:
        return ax.plot(batches, values, **style)[0]
    values = np.asarray(values, dtype=float).copy()
    values[~(np.abs(values) <= 1e300)] = np.nan  # overflowed floats are not drawn
    starts, low = _binned(values, np.nanmin)
    _, high = _binned(values, np.nanmax)
    _, mean = _binned(values, np.nanmean)
    block = -(-len(batches) // BINS)
    band = {k: v for k, v in style.items() if k in ("color", "label")}
    band["label"] = f"{band.get('label', '')} (band: least to largest, line: mean per {block} batches)"
    artist = ax.fill_between(starts, low, high, step="post", linewidth=0, alpha=0.35, **band)
    ax.plot(starts, mean, color=style.get("color"), lw=1.0, drawstyle="steps-post")
    return artist


def _visible_range(values, extra=()) -> tuple[float, float]:
    finite = np.asarray(values, dtype=float)
    finite = finite[np.isfinite(finite)]
    points = np.concatenate([finite, np.asarray(extra, dtype=float), [0.0]])
    low, high = float(points.min()), float(points.max())
    return low, high if high > low else low + 1.0


def _theory_escapes(theory, low: float, high: float) -> bool:
    span = high - low
    values = np.asarray(theory, dtype=float)
    return bool(((values > high + CLIP_FACTOR * span) | (values < low - CLIP_FACTOR * span)
                 | ~np.isfinite(values)).any())


def _until_escape(values, low: float, high: float) -> np.ndarray:
    """``values`` up to the batch before they first leave ``[low, high]``, NaN from there on."""
    out = np.asarray(values, dtype=float).copy()
    outside = np.flatnonzero(~((out >= low) & (out <= high)))
    if outside.size:
        out[outside[0] + 1:] = np.nan  # keep the first outside point: the line visibly leaves the axes
    return out


def plot_comparison(result):
    """Theory admission (blue), simulation admission (green), evictions (red, negative bars)
    and the equilibrium ``a*`` against the batch index.

    The main axes (``fig.axes[0]``) are scaled to the simulation, its evictions and
    ``a*``.  When the theory leaves that range by more than ``CLIP_FACTOR`` times the
    range (an unstable ``P_l0`` makes it grow like ``rho^t``), it is clipped there and
    drawn whole in a second panel above, on a symmetric log scale.
    Returns the figure (never shown).

    Examples
    --------
    >>> from coupling_sym.config import build_config
    >>> from coupling_sym.experiment import run_experiment
    >>> result = run_experiment(build_config("default", ["steps=3"]))
    >>> fig = plot_comparison(result)
    >>> theory, simulation = fig.axes[0].lines[:2]
    >>> theory.get_ydata().tolist(), simulation.get_ydata().tolist()
    ([15.0, -3.75, 8.4375, 7.265625], [15.0, 0.0, 6.0, 7.5])
    >>> [float(-bar.get_height()) + 0.0 for bar in fig.axes[0].patches]   # evictions, drawn negative
    [0.0, 3.0, 0.0, 0.0]
    >>> plt.close(fig)
    """
    batches = np.arange(result.theory.steps + 1)
    theory = np.asarray(result.theory.admissions, dtype=float)
    sim = np.asarray(result.simulation.admissions, dtype=float)
    evicted = np.asarray(result.simulation.eviction_totals, dtype=float)
    a_star = float(result.config.params.equilibrium_admission)
    low, high = _visible_range(np.concatenate([sim, -evicted]), [a_star])
    split = _theory_escapes(theory, low, high)
    fig = plt.figure(figsize=(10, 7.5 if split else 5.5))
    grid = fig.add_gridspec(2 if split else 1, 1, height_ratios=(1, 2) if split else (1,),
                            left=0.08, right=0.98, bottom=0.09 if split else 0.11, top=0.9, hspace=0.08)
    ax = fig.add_subplot(grid[-1])
    size = _marker_size(len(batches))
    _bars(ax, batches, -evicted, how=np.nanmin, color="tab:red", alpha=0.7,
          label="simulation eviction (drawn negative)")
    _line(ax, batches, _until_escape(theory, low - (high - low), high + (high - low)) if split else theory,
          color="tab:blue", marker="o", markersize=size, lw=1.6,
          label="theory admission (no eviction)" + (", until it leaves: see the top panel" if split else ""))
    _line(ax, batches, sim, color="tab:green", marker="s", markersize=size, lw=1.6, label="simulation admission")
    ax.axhline(a_star, color="0.3", ls="--", lw=1, label=f"equilibrium a* = {a_star:.6g}")
    ax.axhline(0, color="black", lw=0.6)
    ax.set_xlabel("batch index t")
    ax.set_ylabel("requests per batch")
    title = "Coupling experiment: theory vs eviction simulation\n" + describe_run(result)
    if split:
        margin = 0.08 * (high - low)
        ax.set_ylim(low - margin, high + 2.5 * margin)
        top = fig.add_subplot(grid[0], sharex=ax)
        _line(top, batches, theory, color="tab:blue", lw=1.4, label="theory admission (whole)")
        _line(top, batches, sim, color="tab:green", lw=1.0, label="simulation admission")
        top.set_yscale("symlog", linthresh=max(abs(a_star), 1.0))
        plain_power_labels(top.yaxis)
        finite = np.abs(theory[np.abs(theory) <= 1e300])
        reach = max(float(finite.max(initial=0.0)), high, -low, 1.0)
        top.set_ylim(-10 * reach, 10 * reach)  # set, not autoscaled: overflowed batches are left out
        top.set_ylabel("requests (symlog)")
        top.legend(loc="upper left", fontsize=8)
        top.grid(True, alpha=0.3)
        top.tick_params(labelbottom=False)
        top.set_title(title, fontsize=10)
    else:
        ax.set_title(title, fontsize=10)
    ax.legend(loc="upper right", fontsize=9)
    ax.grid(True, alpha=0.3)
    ax.set_xlim(-0.5, batches[-1] + 0.5)
    return fig


def plot_throughput(result):
    """Completions per batch (simulation green, theory blue, clipped to the simulation's
    range), their mean over the cycle or tail the summary reports, ``a*`` and, for one
    request type, the worst-cycle throughput ``B / (l1 (l0 + l1))``."""
    params = result.config.params
    batches = np.arange(result.theory.steps + 1)
    sim = np.asarray(result.costs.completions, dtype=float)
    theory = np.asarray(result.theory_completions, dtype=float)
    a_star = float(params.equilibrium_admission)
    fig, ax = plt.subplots(figsize=(10, 5.5))
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.11, top=0.88)
    size = _marker_size(len(batches))
    low, high = _visible_range(sim, [a_star])
    span = high - low
    _line(ax, batches, _until_escape(theory, low - span, high + span), color="tab:blue", lw=1.0, alpha=0.7,
          label="theory completions (until they leave the simulation's range)")
    _line(ax, batches, sim, color="tab:green", marker="s", markersize=size, lw=1.4, label="simulation completions D_t")
    ax.axhline(a_star, color="0.3", ls="--", lw=1, label=f"eviction-free throughput a* = {a_star:.6g}")
    throughput = float(result.summary.throughput)
    cycle = result.summary.cycle
    where = ("over its final cycle (period {period}, level {level})".format(**cycle) if cycle
             else "over the last quarter")
    ax.axhline(throughput, color="black", lw=1.2,
               label=f"simulation throughput {throughput:.6g} {where}, loss {result.summary.throughput_loss:.2%}")
    if params.K == 1:
        worst = float(params.B / (params.L * (params.l0 + params.L)))
        ax.axhline(worst, color="tab:red", ls=":", lw=1.4,
                   label=f"worst-cycle level B / (l1 (l0 + l1)) = {worst:.6g}")
        low, high = min(low, worst), max(high, worst)
    margin = 0.08 * (high - low)
    ax.set_ylim(low - margin, high + 4 * margin)
    ax.set_xlim(-0.5, batches[-1] + 0.5)
    ax.set_xlabel("batch index t")
    ax.set_ylabel("requests completed per batch")
    ax.set_title("Throughput: completions per batch\n" + describe_run(result), fontsize=10)
    ax.legend(loc="upper right", fontsize=8)
    ax.grid(True, alpha=0.3)
    return fig


def plot_eviction_detail(result):
    """Evicted requests by batch and by the stage they held in the previous batch:
    stacked bars (top) and a heat map (bottom); returns the figure (never shown).

    Examples
    --------
    >>> from coupling_sym.config import build_config
    >>> from coupling_sym.experiment import run_experiment
    >>> fig = plot_eviction_detail(run_experiment(build_config("default", ["steps=3"])))
    >>> [float(bar.get_height()) for bar in fig.axes[0].patches[:4]]   # stage 0: 3 evicted into batch 1
    [0.0, 3.0, 0.0, 0.0]
    >>> plt.close(fig)
    """
    evictions = np.asarray(result.simulation.evictions, dtype=float)
    batches = np.arange(evictions.shape[0])
    stages = evictions.shape[1]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 7), sharex=True, height_ratios=(3, 2))
    fig.subplots_adjust(left=0.08, right=0.9, bottom=0.08, top=0.9, hspace=0.08)
    base = np.zeros(len(batches))
    colours = plt.get_cmap("viridis", max(stages, 2))
    for s in range(stages):
        _bars(top, batches, evictions[:, s], bottom=base.copy(), how=np.nanmean, color=colours(s), label=f"stage {s}")
        base += evictions[:, s]
    busy = np.flatnonzero(base > 0)
    if 0 < busy.size <= 30:
        for t in busy:
            top.annotate(f"{base[t]:.3g}", (t, base[t]), ha="center", va="bottom", fontsize=7,
                         xytext=(0, 2), textcoords="offset points")
    block = -(-len(batches) // BINS)
    top.set_ylabel("evicted requests" if len(batches) <= MANY_BATCHES else
                   f"evicted requests\n(mean per block of {block} batches)")
    top.set_title("Evictions by stage held in the previous batch\n" + describe_run(result), fontsize=10)
    if 0 < stages <= 12:   # beyond that the heat map below carries the stages
        top.legend(title="eviction stage", loc="upper right", fontsize=9, ncol=min(stages, 6))
    top.grid(True, axis="y", alpha=0.3)
    shown = evictions.T if stages else np.zeros((1, len(batches)))
    if len(batches) > MANY_BATCHES and stages:  # one column per block of batches: no moire
        shown = np.array([_binned(row, np.nanmean)[1] for row in shown])
    image = bottom.imshow(shown, aspect="auto",
                          origin="lower", cmap="Reds", interpolation="nearest",
                          extent=(-0.5, len(batches) - 0.5, -0.5, max(stages, 1) - 0.5))
    bottom.set_xlabel("batch index t")
    bottom.set_ylabel("eviction stage")
    if stages <= 20:
        bottom.set_yticks(range(max(stages, 1)))
    fig.colorbar(image, ax=[top, bottom], label="evicted requests", fraction=0.03, pad=0.01)
    return fig


def save_figure(fig, path: Path, dpi: int = 120) -> Path:
    """Save ``fig`` to ``path`` (format from the suffix) and close it.

    The file appears whole or not at all (:func:`coupling_sym.atomic.atomic_path`): a
    failure leaves an earlier file of that name as it was.
    """
    from ..atomic import atomic_path

    try:
        with atomic_path(path) as temporary:
            # the format of the target (the temporary file's suffix ends in it; none: png)
            fig.savefig(temporary, dpi=dpi, format=Path(path).suffix[1:].lower() or "png")
    finally:
        plt.close(fig)
    return Path(path)
