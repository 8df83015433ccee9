"""The root-locus figure of ``P_l0`` (data from :func:`coupling_sym.stability.locus.root_locus`).

Roots are coloured by ``l0``; the unit circle is dashed, the limiting roots (those of
``A``) are black crosses, and the crossing of the circle just below ``l0*`` is ringed in
red.  :func:`save_locus` writes PNG and PDF through temporary files renamed into place,
so a reader never sees a half-written figure, and it refuses to replace existing files
unless asked to.
"""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from ..errors import parameter_error

__all__ = ["plot_locus", "save_locus", "locus_paths"]


def _short(value) -> str:
    r"""An exact number for a title: as it is up to 12 characters, else ``\approx`` and 4 digits.

    Examples
    --------
    >>> from fractions import Fraction
    >>> print(_short(Fraction(1, 3)), _short(Fraction(1, 10 ** 30)), _short(2 * 10 ** 30 - 2), _short(1 - Fraction(1, 10 ** 30)))
    1/3 \approx 1.0 \times 10^{-30} \approx 2.0 \times 10^{30} \approx 1.0
    """
    import mpmath

    text = str(value)
    if len(text) <= 12:
        return text
    digits = mpmath.nstr(mpmath.mpf(value.numerator) / value.denominator, 4, min_fixed=-4, max_fixed=6)
    mantissa, _, exponent = digits.partition("e")
    return f"\\approx {mantissa}" + (f" \\times 10^{{{int(exponent)}}}" if exponent else "")


def plot_locus(data):
    """Draw a :class:`~coupling_sym.stability.locus.LocusData`; returns the Figure (never shown).

    Examples
    --------
    >>> from coupling_sym.stability.locus import root_locus
    >>> fig = plot_locus(root_locus((2, 3), "1/2", [1, 3]))
    >>> print(fig.axes[0].get_title())
    Root locus of $P_{l_0}$, lengths $(2, 3)$, $p = (1/2, 1/2)$, $l_0 = 1, \\dots, 3$; $l_0^* = 2$
    >>> len(fig.axes[0].collections[0].get_offsets())            # two roots for each l0
    4
    >>> plt.close(fig)
    """
    fig, ax = plt.subplots(figsize=(7.5, 6.5), layout="constrained")
    theta = np.linspace(0, 2 * np.pi, 721)
    ax.plot(np.cos(theta), np.sin(theta), ls="--", color="0.4", lw=1, label="unit circle")
    l0s = np.concatenate([np.full(len(r), l0, dtype=float) for l0, r in zip(data.l0_values, data.roots)])
    points = np.concatenate([np.asarray(r, dtype=complex) for r in data.roots]) if data.roots else np.array([])
    ray = getattr(data, "ratios", None)
    name = "l_0" if ray is None else "t"
    scatter = ax.scatter(points.real, points.imag, c=l0s, cmap="viridis", s=9, label=r"roots of $P_{l_0}$")
    fig.colorbar(scatter, ax=ax, label=r"prefill length $l_0$" if ray is None
                 else f"prompt scale $t$ (prompts ${list(ray)}\\, t$)")
    if len(data.limit_roots):
        ax.scatter(data.limit_roots.real, data.limit_roots.imag, marker="x", color="black", s=40,
                   label=r"limiting roots (roots of $A$)" if ray is None else r"limiting roots (roots of $A_r$)")
    crossing = data.critical_crossing
    if crossing is not None:
        l0, z = crossing
        ax.scatter([z.real, z.real], [z.imag, -z.imag], s=160, facecolors="none", edgecolors="tab:red",
                   linewidths=1.8, label=f"crossing at ${name} = {l0:.4g}$  (${name}^* = {data.critical.value}$)")
    star = "none" if data.critical.value is None else _short(data.critical.value)
    shares = ", ".join(_short(x) for x in data.p)
    along = "" if ray is None else f" along prompts ${list(ray)}\\, t$"
    ax.set_title(f"Root locus of $P_{{l_0}}${along}, lengths ${tuple(data.lengths)}$, $p = ({shares})$, "
                 f"${name} = {data.l0_values[0]}, \\dots, {data.l0_values[-1]}$; ${name}^* = {star}$", fontsize=10)
    ax.set_xlabel(r"$\mathrm{Re}\, z$")
    ax.set_ylabel(r"$\mathrm{Im}\, z$")
    ax.set_aspect("equal", adjustable="datalim")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=2, fontsize=8)   # below: never over roots
    return fig


def locus_paths(out: str | os.PathLike) -> tuple[Path, Path]:
    """``(stem.png, stem.pdf)`` for an output path given with or without a suffix."""
    path = Path(out)
    stem = path.with_suffix("") if path.suffix.lower() in (".png", ".pdf") else path
    return stem.with_name(stem.name + ".png"), stem.with_name(stem.name + ".pdf")


def save_locus(fig, out: str | os.PathLike, force: bool = False) -> tuple[Path, Path]:
    """Write ``fig`` as PNG and PDF next to ``out``; close it; return both paths.

    Both targets are checked first (:func:`coupling_sym.outputs.check_output_file`, the
    rule every output option follows), then written through temporary files.

    Raises
    ------
    ParameterError
        If a target exists and ``force`` is false, is a folder, lies under a file, or a
        file cannot be written there.
    """
    from ..atomic import atomic_path
    from ..outputs import check_output_files

    paths = locus_paths(out)
    try:
        check_output_files(paths, "--out", force)
        for path in paths:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                with atomic_path(path) as temporary:
                    fig.savefig(temporary, dpi=150)
            except OSError as exc:
                raise parameter_error("--out", f"a path the figure can be written to ({exc.strerror})",
                                      str(path)) from None
    finally:
        plt.close(fig)
    return paths
