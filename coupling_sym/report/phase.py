"""The phase diagram of a sweep (matplotlib, Agg backend).

Layout: one panel per share ``p`` (and per prompt ratio ``l0_B / l0_A`` when the sweep has
that axis: then ``l0`` is the scale ``t`` of the prompts ``(r_A t, r_B t)``); pairs ``(l_1, l_2)`` along x (in the sweep's order),
the prefill lengths ``l0`` along y (ascending, one row each, so unevenly spaced values
get equal rows).  Each cell is coloured by the simulated outcome: converged, periodic
(not converged, tail periodic; the period is written in the cell unless the grid is
very large) or not converged without a period.  The certified critical prefill length ``l0*``
of each pair is drawn as a black step line on the lower edge of the first row with
``l0 >= l0*`` (every row above the line has a stable ``P_l0``); a pair without ``l0*``
gets no segment, and an ``l0*`` above the grid is marked with an upward triangle.
Settings whose outcome disagrees with their verdict carry a black ``x``; stable settings
too slow to decide (``rho >=`` margin, not converged) a hollow circle.

The functions take a :class:`~coupling_sym.sweep.SweepResult` and compute nothing.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

__all__ = ["CATEGORIES", "COLOURS", "plot_phase_diagram", "save_phase_diagram", "phase_paths", "cell_category"]

CATEGORIES = ("converged", "periodic", "not converged")
COLOURS = ("#4daf4a", "#ff9f1c", "#d62728")
_LABEL_LIMIT = 1000  # cells per panel up to which periods are written (the figure grows with the grid)


def cell_category(row) -> int:
    """Index into :data:`CATEGORIES` of one sweep row.

    Examples
    --------
    >>> from types import SimpleNamespace as Row
    >>> cell_category(Row(outcome="converged", period=None)), cell_category(Row(outcome="not-converged", period=2))
    (0, 1)
    """
    if row.outcome == "converged":
        return 0
    return 1 if row.period is not None else 2


def _ratio(row):
    return getattr(row, "ratio", 1)


def _axes_values(result):
    pairs, shares, prefills = [], [], []
    for row in result.settings:
        if (row.l_A, row.l_B) not in pairs:
            pairs.append((row.l_A, row.l_B))
        if (row.p, _ratio(row)) not in shares:
            shares.append((row.p, _ratio(row)))
        if row.l0 not in prefills:
            prefills.append(row.l0)
    return pairs, shares, sorted(prefills)


def _critical_rows(result, pairs, share, prefills):
    """Row boundary (y) of ``l0*`` per pair: ``None`` (no l0*) or a float; above-grid -> inf."""
    lookup = {(c.l_A, c.l_B, c.p, _ratio(c)): c.l0_star for c in result.critical}
    heights = []
    for pair in pairs:
        star = lookup.get((*pair, *share))
        if star is None:
            heights.append(None)
        else:
            above = [i for i, value in enumerate(prefills) if value >= star]
            heights.append(above[0] - 0.5 if above else np.inf)
    return heights


def _draw_panel(ax, result, share, pairs, prefills, loss_range=None):
    rows = {(r.l_A, r.l_B, r.l0): r for r in result.settings if (r.p, _ratio(r)) == share}
    grid = np.full((len(prefills), len(pairs)), np.nan)
    for (l_A, l_B, l0), row in rows.items():
        grid[prefills.index(l0), pairs.index((l_A, l_B))] = (cell_category(row) if loss_range is None
                                                             else row.throughput_loss)
    if loss_range is None:
        image = ax.imshow(grid, origin="lower", cmap=ListedColormap(COLOURS), vmin=-0.5,
                          vmax=len(CATEGORIES) - 0.5, aspect="auto", interpolation="nearest")
    else:  # throughput loss 1 - throughput / a*, one colour scale for every panel
        image = ax.imshow(grid, origin="lower", cmap="magma_r", vmin=loss_range[0], vmax=loss_range[1],
                          aspect="auto", interpolation="nearest")
    small = grid.size <= _LABEL_LIMIT
    for (l_A, l_B, l0), row in rows.items():
        x, y = pairs.index((l_A, l_B)), prefills.index(l0)
        if row.agreement == "disagree":
            ax.plot(x, y, marker="x", color="black", markersize=9, markeredgewidth=2, ls="none", gid="disagree")
        elif row.agreement == "slow":
            ax.plot(x, y, marker="o", mfc="none", color="black", markersize=8, ls="none", gid="slow")
        if small and row.period is not None:
            ax.text(x + 0.32, y - 0.32, str(row.period), ha="right", va="bottom", fontsize=7, gid="period")
    for x, height in enumerate(_critical_rows(result, pairs, share, prefills)):
        if height is None:
            continue
        if np.isinf(height):
            ax.plot(x, len(prefills) - 0.5, marker="^", color="black", ls="none", clip_on=False, gid="l0star-above")
        else:
            ax.plot([x - 0.5, x + 0.5], [height, height], color="black", lw=2.5, gid="l0star")
    ax.set_xticks(range(len(pairs)), [f"({a},{b})" for a, b in pairs], rotation=60 if len(pairs) > 8 else 0,
                  fontsize=8)
    ax.set_yticks(range(len(prefills)), [str(v) for v in prefills], fontsize=8)
    ax.set_xlabel(r"pair $(l_1, l_2)$")
    ratio = "" if share[1] == 1 else f", prompt ratio $l_{{0,2}}/l_{{0,1}} = {share[1]}$"
    ax.set_title(f"$p = {share[0]}${ratio}", fontsize=10)
    return image


def plot_phase_diagram(result, colour_by: str = "outcome"):
    """Phase diagram of a sweep: outcome per setting, ``l0*`` line, disagreements marked.

    Parameters
    ----------
    result : SweepResult
    colour_by : {"outcome", "loss"}
        Colour the cells by outcome category, or by throughput loss ``1 - throughput / a*``
        (one colour bar for all panels).

    Returns
    -------
    matplotlib.figure.Figure
        One axes per share ``p`` (``fig.axes[:n_p]``) plus nothing else; never shown.

    Examples
    --------
    >>> from coupling_sym.sweep import parse_grid, run_sweep
    >>> fig = plot_phase_diagram(run_sweep(parse_grid("2", "3", "0,3", "1/3,1/2", "60"), 200))
    >>> [ax.get_title() for ax in fig.axes[:2]]
    ['$p = 1/3$', '$p = 1/2$']
    >>> plt.close(fig)
    """
    pairs, shares, prefills = _axes_values(result)
    width = min(4 + 0.55 * len(pairs) * len(shares), 40)
    height = min(3 + 0.3 * len(prefills), 30)
    fig, axes = plt.subplots(1, len(shares), figsize=(width, height), layout="constrained", squeeze=False,
                             sharey=True)
    losses = [row.throughput_loss for row in result.settings]
    loss_range = None if colour_by != "loss" else (min(0.0, min(losses)), max(max(losses), 1e-12))
    for ax, share in zip(axes[0], shares):
        image = _draw_panel(ax, result, share, pairs, prefills, loss_range)
    axes[0][0].set_ylabel(r"prefill length $l_0$" if all(r == 1 for _, r in shares)
                          else r"prefill length $l_0$ (ratio 1) / prompt scale $t$ (prompts $r\, t$)")
    handles = [Patch(color=c, label=name) for c, name in zip(COLOURS, CATEGORIES)] if loss_range is None else []
    if loss_range is not None:
        fig.colorbar(image, ax=list(axes[0]), label=r"throughput loss $1 - \mathrm{throughput} / a^*$")
    handles += [plt.Line2D([], [], color="black", lw=2.5, label=r"certified $l_0^*$ (stable from here up)"),
                plt.Line2D([], [], marker="^", color="black", ls="none", label=r"$l_0^*$ above the grid"),
                plt.Line2D([], [], marker="x", color="black", ls="none", markeredgewidth=2,
                           label="outcome disagrees with verdict"),
                plt.Line2D([], [], marker="o", mfc="none", color="black", ls="none",
                           label=rf"stable, $\rho \geq {result.summary.margin:g}$, not converged")]
    fig.legend(handles=handles, loc="outside lower center", ncol=3, fontsize=8,
               title=r"no $l_0^*$ mark: no $l_0$ from which $P_{l_0}$ stays stable", title_fontsize=8)
    fig.suptitle(f"Eviction simulation from {result.init} ({result.policy}), {result.steps} batches, "
                 f"$B = {result.B}$", fontsize=11)
    return fig


def phase_paths(prefix: str | Path) -> list[Path]:
    """``[<prefix>.png, <prefix>.pdf]``, the files :func:`save_phase_diagram` writes.

    Examples
    --------
    >>> [path.name for path in phase_paths("out/phase")]
    ['phase.png', 'phase.pdf']
    """
    prefix = Path(prefix)
    return [prefix.with_name(prefix.name + ".png"), prefix.with_name(prefix.name + ".pdf")]


def save_phase_diagram(fig, prefix: str | Path) -> list[Path]:
    """Write ``<prefix>.png`` and ``<prefix>.pdf``, close the figure, return the two paths.

    Raises
    ------
    ParameterError
        If the folder of ``prefix`` cannot be created or a file cannot be written.
    """
    from ..atomic import atomic_path
    from ..errors import parameter_error

    paths = phase_paths(prefix)
    prefix = Path(prefix)
    try:
        prefix.parent.mkdir(parents=True, exist_ok=True)
        for path in paths:
            with atomic_path(path) as temporary:
                fig.savefig(temporary, dpi=150)
    except OSError as exc:
        raise parameter_error("--figure", f"a prefix the figure can be written to ({exc.strerror})",
                              str(prefix)) from None
    finally:
        plt.close(fig)
    return paths
