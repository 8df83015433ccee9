"""The landscape of one-type cycles (matplotlib, Agg backend).

Left panel: the catalogue of the requested ``(l0, l1, B)``, throughput of each verified
cycle against its eviction level, with the fixed point ``x*`` and the worst cycle as
horizontal lines.  Right panel: every catalogue for ``l1 = 2 .. l1_max`` at the same
``l0``, throughput relative to ``x*`` against the level, one colour per ``l1``, the
worst cycles (level ``l1 - 1``) joined by a black line.  Takes catalogue entries
(:class:`coupling_sym.cycles.CycleEntry`) and computes nothing.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

__all__ = ["plot_cycle_landscape"]


def plot_cycle_landscape(params, entries, landscape: dict):
    """Figure of the module docstring; ``landscape`` maps ``l1`` to its catalogue entries."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5), layout="constrained")
    verified = [e for e in entries if e.verified]
    x_star = float(params.equilibrium_admission)
    worst = min(verified, key=lambda e: e.throughput)
    left.scatter([e.level for e in verified], [float(e.throughput) for e in verified], color="tab:blue",
                 zorder=3, label="cycle (verified by exact simulation)")
    left.axhline(x_star, color="tab:green", label=f"fixed point x* = {x_star:.4g}")
    left.axhline(float(worst.throughput), color="tab:red", linestyle="--",
                 label=f"worst cycle {float(worst.throughput):.4g} (level {worst.level})")
    left.set_xlabel("eviction level (empty stages)")
    left.set_ylabel("throughput (completions per batch)")
    left.set_title(f"cycles of l0 = {params.l0}, l1 = {params.L}, B = {params.B}")
    left.legend(loc="best", fontsize=8)
    left.xaxis.set_major_locator(MaxNLocator(integer=True))
    left.margins(y=0.15)
    cmap = plt.get_cmap("viridis")
    lengths = sorted(landscape)
    worst_points = []
    for n, l1 in enumerate(lengths):
        cycles = [e for e in landscape[l1] if e.verified]
        colour = cmap(n / max(1, len(lengths) - 1))
        right.scatter([e.level for e in cycles], [float(e.relative) for e in cycles], s=14, color=colour,
                      label=f"l1 = {l1}" if l1 in (lengths[0], lengths[-1], params.L) else None)
        lowest = min(cycles, key=lambda e: e.throughput)
        worst_points.append((lowest.level, float(lowest.relative)))
    right.plot(*zip(*worst_points), color="black", linewidth=1, label="worst cycle of each l1")
    right.axhline(1.0, color="tab:green", label="x*")
    right.set_xlabel("eviction level (empty stages)")
    right.set_ylabel("throughput / x*")
    right.set_title(f"landscape: l0 = {params.l0}, l1 = {lengths[0]} .. {lengths[-1]}")
    right.legend(loc="lower left", fontsize=8)
    right.xaxis.set_major_locator(MaxNLocator(integer=True))
    return fig
