"""Spectral radii of the two-type limiting forms for display: a cheap estimate, numpy's value on demand.

Convention: lengths ``l_A < l_B = L``, shares ``(p, q)``, ``m = L - l_A``.  The limiting
form's ``A(z) = q (1 + .. + z^(L-1)) + p (z^m + .. + z^(L-1))`` of :func:`.poly.shares_poly`
(up to its positive integer scale) satisfies ``(z - 1) A(z) = F(z) = z^L - p z^m - q``: a
trinomial, so every root of ``A`` is a root of ``F`` other than ``z = 1``.  Root ``k`` of
``F`` is the fixed point of ``z = exp((Log(p z^m + q) + 2 pi i k) / L)``, iterated for all
roots of many pairs at once in one numpy array (``O(L)`` per pair and step instead of the
``O(L^3)`` of companion eigenvalues), then polished by Newton steps on ``F``.  An estimate
is kept only when the ``L`` roots are finite, converged and distinct and one of them is
``1``; otherwise there is none, and for every pair at shares ``p > 1/2``, where the fixed
point repels on most branches.

The value a radius stands for is today's: the largest modulus of the eigenvalues of the
companion matrix of ``A`` (``numpy.linalg.eigvals``), :meth:`LimitRadius.value`, computed
only when asked for (``--json`` prints every digit of it).  :meth:`LimitRadius.text`
prints it to a few digits from the estimate when the estimate lies farther than
:data:`MARGIN` from a rounding boundary of those digits (the two floats agree to about
``1e-14``), from :meth:`LimitRadius.value` otherwise: the same digits either way.  These
radii are for display and sorting only; verdicts come from :mod:`.verdict`.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Sequence

import numpy as np

from .poly import scaled_floats

__all__ = ["LimitRadius", "estimate_limit_radii", "companion_radius", "MARGIN"]

MARGIN = 1e-9
"""Least distance of an estimate from a rounding boundary for :meth:`LimitRadius.text` to print it."""

_STEPS = 60                      # fixed-point steps at most (converged roots leave the array early)
_NEWTON = 12                     # Newton steps after them
_TOL = 1e-14                     # a root has converged when a step moves it by less than this


def companion_radius(coeffs: Sequence[int]) -> float:
    """Largest modulus of the companion eigenvalues of the polynomial with ascending ``coeffs``.

    Examples
    --------
    >>> round(companion_radius([1, 0, 4]), 12)       # 4z^2 + 1: |z| = 1/2
    0.5
    """
    n = len(coeffs) - 1
    if n < 1:
        return 0.0
    companion = np.zeros((1, n, n))
    companion[0, 1:, :-1] = np.eye(n - 1)
    floats = scaled_floats(coeffs)                               # float(c) overflows past 1e308
    companion[0, :, -1] = [-c / floats[-1] for c in floats[:-1]]
    return float(np.max(np.abs(np.linalg.eigvals(companion)), axis=1)[0])


class LimitRadius:
    """The spectral radius of one limiting form ``A``: numpy's float on demand, digits from an estimate.

    Parameters
    ----------
    coeffs : sequence of int
        Ascending coefficients of ``A``.
    estimate : float or None
        The trinomial estimate (:func:`estimate_limit_radii`), or ``None``.

    Examples
    --------
    >>> radius = LimitRadius([1, 0, 4], 0.5000000000000001)
    >>> radius.text(6), round(radius.value, 12)
    ('0.500000', 0.5)
    """

    __slots__ = ("coeffs", "estimate", "_value")

    def __init__(self, coeffs: Sequence[int], estimate: float | None):
        self.coeffs = tuple(int(c) for c in coeffs)
        self.estimate = estimate
        self._value: float | None = None

    def __getstate__(self):
        return self.coeffs, self.estimate, self._value

    def __setstate__(self, state):
        self.coeffs, self.estimate, self._value = state

    @property
    def value(self) -> float:
        """:func:`companion_radius` of ``A`` (computed once, when first asked for)."""
        if self._value is None:
            self._value = companion_radius(self.coeffs)
        return self._value

    def text(self, digits: int) -> str:
        """``f"{value:.{digits}f}"``, from the estimate unless it lies within :data:`MARGIN` of a boundary."""
        if self.estimate is not None:
            scaled = self.estimate * 10 ** digits
            if abs(scaled - math.floor(scaled) - 0.5) * 10.0 ** -digits > MARGIN:
                return f"{self.estimate:.{digits}f}"
        return f"{self.value:.{digits}f}"


def estimate_limit_radii(pairs: Sequence[tuple[int, int]], p: Fraction) -> list[float | None]:
    """Float radii of ``A`` for pairs ``l_A < l_B`` at share ``p`` (module notes), ``None`` where unsure.

    Examples
    --------
    >>> [round(r, 12) for r in estimate_limit_radii([(1, 2), (2, 3)], Fraction(1, 2))]
    [0.5, 0.707106781187]
    """
    if not pairs:
        return []
    if p > Fraction(1, 2):
        # |p z^m + q| gets small on the circle: the fixed point repels for most branches and
        # the roots are left to the eigenvalues (measured: an estimate for 1 pair in 8 at p = 3/4)
        return [None] * len(pairs)
    Ls = np.array([b for _, b in pairs])
    ms = np.array([b - a for a, b in pairs])
    owner = np.repeat(np.arange(len(pairs)), Ls)
    L, m = Ls[owner].astype(float), ms[owner].astype(float)
    k = np.concatenate([np.arange(n) for n in Ls]).astype(float)
    pf, qf = float(p), float(1 - p)
    z = np.exp(2j * np.pi * (k + 0.5) / L)
    with np.errstate(all="ignore"):
        active = np.arange(len(z))
        for _ in range(_STEPS):
            za = z[active]
            new = np.exp((np.log(pf * za ** m[active] + qf) + 2j * np.pi * k[active]) / L[active])
            z[active] = new
            active = active[~(np.abs(new - za) < _TOL)]
            if not len(active):
                break
        # Newton on z - phi_k(z) (phi_k the map above): polishes the converged roots and finds those of
        # branches where the fixed point repels (|p z^m + q| small, shares above 1/2)
        for _ in range(_NEWTON):
            zm = z ** m
            w = pf * zm + qf
            phi = np.exp((np.log(w) + 2j * np.pi * k) / L)
            step = (z - phi) / (1 - phi * pf * m * zm / (z * L * w))
            z = z - step
        moving = ~(np.abs(step) < 1e-12)
    bad = np.zeros(len(pairs), dtype=bool)
    bad[owner[moving]] = True
    # branch k holds the root whose argument is (Arg(p z^m + q) + 2 pi k) / L: recovering k from
    # every root shows the L roots of a pair distinct, hence all the roots of F
    with np.errstate(all="ignore"):
        turns = (L * np.angle(z) - np.angle(pf * z ** m + qf)) / (2 * np.pi)
        branch = np.mod(np.rint(turns), L)
    bad[owner[~(np.isfinite(z) & (branch == k))]] = True
    out: list[float | None] = []
    start = 0
    for i, n in enumerate(Ls.tolist()):
        roots = z[start:start + n]
        start += n
        # branch 0 holds z = 1, the root of F that A lacks
        out.append(None if bad[i] or abs(roots[0] - 1) > 1e-10
                   else float(np.max(np.abs(roots[1:]))) if n > 1 else 0.0)
    return out
