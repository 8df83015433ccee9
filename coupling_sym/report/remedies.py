"""Figures of the cap scan and the load scan (they take scan points, compute nothing)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["plot_cap_scan", "plot_load_scan"]


def _save(fig, path) -> None:
    """Write the figure whole or not at all, and close it (``--figure`` named on failure)."""
    import matplotlib.pyplot as plt

    from ..atomic import atomic_path
    from ..errors import parameter_error

    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as temporary:
            fig.savefig(temporary, dpi=110)
    except OSError as exc:
        raise parameter_error("--figure", f"a path the figure can be written to ({exc.strerror})",
                              str(path)) from None
    finally:
        plt.close(fig)


def plot_cap_scan(points, a_star: float, title: str, path: Path):
    """Throughput and evictions per batch against ``cap / a*``; returns the figure."""
    import matplotlib.pyplot as plt

    x = [p.factor for p in points]
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(7, 6))
    top.plot(x, [p.throughput for p in points], "o-", color="tab:green", label="throughput")
    top.axhline(a_star, color="gray", ls="--", label="a* (eviction-free)")
    top.set_ylabel("completions per batch")
    top.legend(loc="lower right")   # an explicit place: loc="best" warns on long data
    bottom.bar(x, [p.evicted_per_batch for p in points], width=0.8 * (x[1] - x[0]) if len(x) > 1 else 0.1,
               color="tab:red", label="evicted requests per batch (last quarter)")
    bottom.axvline(1.0, color="gray", ls=":")
    bottom.set_xlabel("cap / a*")
    bottom.set_ylabel("evicted per batch")
    bottom.legend(loc="upper right")
    fig.suptitle(title)
    fig.tight_layout()
    _save(fig, path)
    return fig


def plot_load_scan(points, a_star: float, worst: float | None, title: str, path: Path):
    """Throughput, evictions and waiting time against ``lambda / a*``, with ``a*`` and
    (one type) the worst-cycle throughput marked; returns the figure."""
    import matplotlib.pyplot as plt

    x = [p.factor for p in points]
    fig, axes = plt.subplots(3, 1, sharex=True, figsize=(7, 8))
    axes[0].plot(x, [p.value for p in points], color="gray", ls=":", label="arrival rate")
    axes[0].plot(x, [p.throughput for p in points], "o-", color="tab:green", label="throughput")
    axes[0].set_ylabel("requests per batch")
    axes[1].plot(x, [p.evicted_per_batch for p in points], "o-", color="tab:red", label="evicted per batch")
    axes[1].set_ylabel("evicted per batch")
    axes[2].plot(x, [p.waiting for p in points], "o-", color="tab:purple", label="waiting (Little)")
    axes[2].plot(x, [p.final_queue for p in points], "s--", color="tab:blue", label="final queue")
    axes[2].set_ylabel("batches / requests")
    axes[2].set_xlabel("arrival rate / a*")
    for ax in axes:
        ax.axvline(1.0, color="black", ls="--", lw=1, label="a*")
        if worst is not None:
            ax.axvline(worst / a_star, color="tab:orange", ls="--", lw=1, label="worst-cycle throughput")
        ax.legend(loc="upper left", fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    _save(fig, path)
    return fig
