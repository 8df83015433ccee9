"""Root locus along a prompt ray ``l0_k = r_k t`` (data only; the figure is
:func:`coupling_sym.report.locus.plot_locus`).

Convention as in :mod:`.ray`: ``r`` is the primitive ratio vector, the scales ``t`` are
integers ``>= 0``.  Verdicts are exact; the crossings of the circle are the real roots of
the crossing polynomial ``R(t)`` (exact isolating intervals, refined for display), each with
the root of ``P_t`` nearest the circle at that scale (float, display only); a root of
``R`` where that root is off the circle (a pair ``z, 1/z``) is not drawn.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import sympy as sp

from ..errors import parameter_error
from ..params import parse_int
from .critical import normalise_shares
from .locus import LocusData
from .poly import integer_poly, scaled_floats
from .ray import critical_scale, crossing_polynomial, normalise_ratios, ray_limit_shares, ray_weights
from .verdict import verdict_of_poly

__all__ = ["ray_locus"]


def ray_locus(lengths: Sequence, p_or_rates, ratios: Sequence, scales: Sequence[int],
              progress=None) -> LocusData:
    """Roots, verdicts and circle crossings of ``P_t`` over ``scales`` along the ray ``r``.

    ``progress``, if given, is called with 1 after each scale and once after the
    critical scale (``len(set(scales)) + 1`` calls).

    Examples
    --------
    >>> data = ray_locus((2, 3), "1/2", (1, 2), range(0, 5))
    >>> data.verdicts[:3], data.critical.value, data.ratios
    (('unstable', 'on-circle', 'stable'), 2, (1, 2))
    >>> round(data.crossings[-1][0], 9)          # |z|^2 = (t + 3/2) / (3t/2 + 1) = 1 at t = 1
    1.0
    """
    lengths, p = normalise_shares(lengths, p_or_rates)
    r = normalise_ratios(ratios, len(lengths))
    given = list(scales)
    if not given:
        raise parameter_error("l0", "a non-empty list of scales >= 0", given)
    values = sorted(set(parse_int(v, "l0", minimum=0) for v in given))
    roots, verdicts = [], []
    for t in values:
        weights = ray_weights(lengths, p, r, t)
        verdicts.append(verdict_of_poly(integer_poly(weights)).value)
        roots.append(np.roots(scaled_floats(weights)))
        if progress is not None:
            progress(1)
    limit = ray_limit_shares(lengths, p, r)
    limit_roots = np.roots(scaled_floats(limit)) if len(limit) > 1 else np.array([])
    critical = critical_scale(lengths, p, r)
    if progress is not None:
        progress(1)
    shown, largest = [], None
    if max(lengths) > 1:
        R = crossing_polynomial(lengths, p, r)
        for (lo, hi), _ in R.intervals(eps=sp.Rational(1, 10**9)):
            t = float((lo + hi) / 2)
            if t < 0:
                continue
            largest = t if largest is None else max(largest, t)
            if t <= values[-1]:
                z = min(np.roots(scaled_floats(ray_weights(lengths, p, r, (lo + hi) / 2))),
                        key=lambda w: abs(abs(w) - 1))
                if abs(abs(z) - 1) < 1e-6:        # not a reciprocal pair z, 1/z off the circle
                    shown.append((t, complex(z.real, abs(z.imag))))
    return LocusData(lengths, p, tuple(values), tuple(roots), tuple(verdicts), limit_roots, critical,
                     tuple(sorted(shown, key=lambda item: item[0])), largest, r)
