"""Root-locus data: the roots of ``P_l0`` as ``l0`` runs over a range (drawing: :mod:`coupling_sym.report.locus`).

Roots are float64 (companion-matrix eigenvalues) for display; each ``l0`` also gets its
exact verdict.  The crossings of the unit circle come from :mod:`.crossing` (certified
enclosures of the crossing values of ``l0``, with the point ``z`` on the circle); the
one at ``l0*`` is the largest crossing value, just below ``l0*``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import gcd
from typing import Sequence

from ..records import Record
from ..errors import parameter_error
from ..params import parse_int
from .critical import CriticalL0, _critical, normalise_shares
from .poly import prefill_poly, scaled_floats, shares_poly
from .verdict import verdict_of_poly

__all__ = ["LocusData", "root_locus", "default_l0_values"]


@dataclass(frozen=True)
class LocusData(Record):
    """Everything the locus figure shows.

    Attributes
    ----------
    lengths : tuple of int
    p : tuple of Fraction
    l0_values : tuple of int
    roots : tuple of ndarray (complex)
        Roots of ``P_l0`` for each entry of ``l0_values``.
    verdicts : tuple of str
        Exact verdict of ``P_l0`` for each entry of ``l0_values``.
    limit_roots : ndarray (complex)
        Roots of ``A`` (the limiting form without ``z = 1``).
    critical : CriticalL0
    crossings : tuple of (float, complex)
        ``(l0, z)`` of each crossing of the circle with ``0 <= l0 <= max(l0_values)``
        (``z`` in the upper half plane; its conjugate crosses too).
    largest_crossing : float or None
        The largest crossing value ``>= 0`` of all (shown or not), the one just below ``l0*``.
    ratios : tuple of int or None
        Per-type prompts along the ray ``l0_k = r_k t`` (:func:`.ray_locus.ray_locus`): then
        ``l0_values`` are the scales ``t`` and ``critical`` is the critical scale.

    Examples
    --------
    >>> data = root_locus((2, 3), "1/2", [0, 1, 2])
    >>> data.verdicts, data.critical.value     # P_1 = 2z^2 + 3z + 2 has |z| = 1
    (('unstable', 'on-circle', 'stable'), 2)
    >>> round(data.largest_crossing, 9)
    1.0
    """

    lengths: tuple[int, ...]
    p: tuple[Fraction, ...]
    l0_values: tuple[int, ...]
    roots: tuple
    verdicts: tuple[str, ...]
    limit_roots: object
    critical: CriticalL0
    crossings: tuple[tuple[float, complex], ...]
    largest_crossing: float | None = None
    ratios: tuple[int, ...] | None = None

    @property
    def critical_crossing(self) -> tuple[float, complex] | None:
        """The crossing just below ``l0*`` (the largest crossing value), if shown.

        ``None`` when the range of ``l0`` stops below it: a smaller crossing is not that one.
        """
        if self.critical.value is None:
            return None
        return next((item for item in self.crossings if item[0] == self.largest_crossing), None)


def default_l0_values(critical: CriticalL0, count: int = 200) -> list[int]:
    """About ``count`` integers from 0 to about twice ``l0*`` (0..40 when there is none).

    Examples
    --------
    >>> from coupling_sym.stability import critical_l0
    >>> default_l0_values(critical_l0((2, 3), "1/2"))[:3], default_l0_values(critical_l0((2, 3), "1/2"))[-1]
    ([0, 1, 2], 20)
    """
    end = 40 if critical.value is None else max(20, 2 * critical.value)
    step = max(1, -(-end // count))             # ceil: at most count + 1 values
    return list(range(0, end + 1, step))


def root_locus(lengths: Sequence, p_or_rates, l0_values: Sequence[int] | None = None,
               progress=None) -> LocusData:
    """Roots, verdicts and circle crossings of ``P_l0`` over ``l0_values``.

    ``l0_values`` defaults to :func:`default_l0_values` of the setting's ``l0*``.
    ``progress``, if given, is called with 1 after ``l0*`` and after each ``l0``
    (``len(set(l0_values)) + 1`` calls).

    Raises
    ------
    ParameterError
        On invalid lengths or shares, or an empty or negative ``l0_values``.

    Examples
    --------
    >>> data = root_locus((2, 3), "1/2", range(0, 6))
    >>> data.verdicts[:3], data.critical.value
    (('unstable', 'on-circle', 'stable'), 2)
    >>> l0, z = data.critical_crossing                     # P_1 = 2z^2 + 3z + 2
    >>> round(l0, 6), round(z.real, 6)
    (1.0, -0.75)
    >>> root_locus((2, 3), "1/2").l0_values[-1]            # by default up to max(20, 2 l0*)
    20
    """
    import numpy as np

    from .crossing import crossing_values

    lengths, p = normalise_shares(lengths, p_or_rates)
    advance = progress or (lambda n=1: None)
    critical = _critical(lengths, p)
    advance(1)
    given = default_l0_values(critical) if l0_values is None else list(l0_values)
    if not given:
        raise parameter_error("l0", "a non-empty list of integers >= 0", given)
    values = sorted(set(parse_int(v, "l0", minimum=0) for v in given))     # 2.5 is refused, not truncated
    A = shares_poly(lengths, p)
    roots, verdicts = [], []
    for l0 in values:
        P = prefill_poly(A, l0)
        verdicts.append(verdict_of_poly(P).value)
        roots.append(np.roots(scaled_floats([int(c) for c in reversed(P.coeffs())])))
        advance(1)
    d = gcd(*lengths)
    shown = []
    every = [crossing for crossing in crossing_values(A, d, refine=False) if crossing.value >= 0]
    # the same choice as critical_l0: the enclosure reaching highest holds the largest value
    largest = max(every, key=lambda crossing: crossing.high).value if every else None
    for crossing in every:
        if crossing.value <= values[-1]:
            z = crossing.z
            shown.append((crossing.value, complex(z.real, abs(z.imag))))
    limit = np.roots(scaled_floats([int(c) for c in reversed(A.coeffs())])) if A.degree() > 0 else np.array([])
    return LocusData(lengths, p, tuple(values), tuple(roots), tuple(verdicts), limit,
                     critical, tuple(sorted(shown, key=lambda item: item[0])), largest)
