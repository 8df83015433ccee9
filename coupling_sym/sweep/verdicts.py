"""Certified facts about each setting of a sweep, taken from :mod:`coupling_sym.stability`.

Per setting: the exact verdict of ``P_l0`` (coefficients ``ModelParams.stage_weights``,
highest degree first) and its spectral radius ``rho`` (a float, for display and for the
agreement margin).  Per pair ``(l_A, l_B)`` and share ``p``: the critical prefill length
``l0*``, the least integer from which ``P_l0`` is stable (``None`` when there is none).
Nothing is decided here: this module only calls the stability package and caches, once
per distinct polynomial.  :func:`assess_settings` computes the float radii of many
settings with one batched eigenvalue call per degree, on the same companion matrices
``numpy.roots`` builds (so the radii are those of
:func:`~coupling_sym.stability.spectral_radius`, bit for bit).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from ..records import Record
from ..params import ModelParams

__all__ = ["SettingStability", "assess_setting", "assess_settings", "critical_prefill"]


@dataclass(frozen=True)
class SettingStability(Record):
    """Verdict (``"stable"``, ``"on-circle"``, ``"unstable"``) and spectral radius of ``P_l0``."""

    verdict: str
    rho: float


def assess_setting(params: ModelParams) -> SettingStability:
    """Certified verdict and spectral radius of one setting's ``P_l0``."""
    return _assess(params.stage_weights)


def assess_settings(params_list) -> list[SettingStability]:
    """:func:`assess_setting` of every setting: verdicts once per distinct polynomial, radii
    in one batched companion-matrix eigenvalue problem per degree.

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> grid = [make_params(3, (2, 3), (1, 1), 60), make_params(0, (1, 2), (1, 3), 1)]
    >>> [(a.verdict, round(a.rho, 12)) for a in assess_settings(grid)]  # 4z^2 + 5z + 3: sqrt(3)/2; z + 3/2
    [('stable', 0.866025403784), ('unstable', 1.5)]
    """
    from math import gcd

    import numpy as np
    from flint import fmpz_poly

    from ..stability.verdict import verdict_of_poly

    keys = []  # per setting: the primitive integer coefficients of P_l0 and their scale (c_j = C_j / t)
    for params in params_list:
        integers, total = params.stage_weight_integers
        content = gcd(total, *integers)
        keys.append((tuple(c // content for c in integers), total // content))
    by_degree: dict[int, list] = {}
    for key in dict.fromkeys(keys):
        if key not in _ASSESSED:
            by_degree.setdefault(len(key[0]) - 1, []).append(key)
    for degree, group in by_degree.items():
        if degree == 0:
            radii = [0.0] * len(group)
        else:  # numpy.roots: companion matrix with -c[1:] / c[0] in its first row, ones below
            values = np.array([[c / total for c in integers] for integers, total in group])  # float(c_j), rounded once
            companion = np.zeros((len(group), degree, degree))
            companion[:, 1:, :-1] = np.eye(degree - 1)
            companion[:, 0, :] = -values[:, 1:] / values[:, :1]
            radii = np.abs(np.linalg.eigvals(companion)).max(axis=1).tolist()
        for (integers, total), rho in zip(group, radii):
            content = gcd(*integers)  # integer_poly(stage_weights): the primitive integer polynomial
            poly = fmpz_poly([c // content for c in reversed(integers)])
            _ASSESSED[(integers, total)] = SettingStability(str(verdict_of_poly(poly)), float(rho))
    return [_ASSESSED[key] for key in keys]


_ASSESSED: dict[tuple, SettingStability] = {}


@lru_cache(maxsize=None)
def _assess(coeffs: tuple[Fraction, ...]) -> SettingStability:
    from ..stability import certify_stability, spectral_radius

    return SettingStability(str(certify_stability(coeffs)), float(spectral_radius(coeffs)))


@lru_cache(maxsize=None)
def critical_prefill(l_A: int, l_B: int, p: Fraction, ratio: Fraction = Fraction(1)) -> int | None:
    """Certified ``l0*`` of the pair ``(l_A, l_B)`` at share ``p`` (``None``: no such l0);
    for ``ratio != 1`` the critical scale along the prompt ray ``r_B / r_A = ratio``."""
    if ratio != 1:
        from ..stability.ray import critical_scale

        return critical_scale((l_A, l_B), p, (ratio.denominator, ratio.numerator)).value
    from ..stability import critical_l0

    return critical_l0((l_A, l_B), p).value
