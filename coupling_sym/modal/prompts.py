"""First-order motion of the unit-circle modes of a non-coprime pair with per-type prompts.

Convention: along the ray through the prompts, ``l0_k = r_k t`` (``r`` primitive, ``t``
their gcd), ``P_t = t A_r + Q`` with ``Q = L A - z A'`` (:mod:`coupling_sym.stability.ray`;
``A`` the shares polynomial, ``A_r`` the limit with weights ``p_k r_k``).  For
``d = gcd(l_k) > 1`` every nontrivial ``d``-th root of unity ``w`` is a root of both ``A``
and ``A_r`` (``w^(L - l_k) = w^L = 1``).  If it is a simple root of ``A_r``, the implicit
function theorem gives a root of ``P_t``

    z = w - Q(w) / (t A_r'(w)) + O(t^-2) = w (1 + A'(w) / (t A_r'(w))) + O(t^-2),

since ``Q(w) = -w A'(w)``.  So ``|z| - 1 = Re(A'(w) / A_r'(w)) / t + O(t^-2)``; with a
common prompt ``A_r = A`` and this is ``1 / t``, the known ``1 / (l0 + L)`` to first
order.  The prediction is checked against certified roots in the tests, never used as
the answer.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd

from ..params import ModelParams
from ..stability.ray import ray_limit_shares, ray_of_prompts

__all__ = ["first_order_excess"]


def _derivative_at(coeffs, z):
    """``f'(z)`` for ``f`` with coefficients highest degree first."""
    n = len(coeffs) - 1
    return sum(c * (n - j) * z ** (n - j - 1) for j, c in enumerate(coeffs[:-1]))


def first_order_excess(params: ModelParams, w):
    """Predicted ``|z| - 1`` of the root of ``P`` near the unit root ``w`` (an mpmath number).

    Returns ``None`` when the prompts are all zero or ``w`` is a multiple root of ``A_r``.

    Examples
    --------
    >>> from mpmath import mpf, nstr
    >>> from coupling_sym.params import make_params
    >>> nstr(first_order_excess(make_params(10, (2, 4), (1, 1), 1), mpf(-1)), 6)   # 1 / t
    '0.1'
    """
    from mpmath import mpf, re

    ray = ray_of_prompts(params.prompts)
    if ray is None or gcd(*params.lengths) == 1:
        return None
    r, t = ray
    to_mp = [mpf(c.numerator) / c.denominator for c in (Fraction(x) for x in params.stage_shares)]
    limit = [mpf(c.numerator) / c.denominator for c in ray_limit_shares(params.lengths, params.p, r)]
    slope = _derivative_at(limit, w)
    if abs(slope) == 0:
        return None
    return re(_derivative_at(to_mp, w) / slope) / t
