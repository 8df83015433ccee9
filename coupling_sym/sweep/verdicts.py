"""Certified facts about each setting of a sweep, taken from :mod:`coupling_sym.stability`.

Per setting: the exact verdict of ``P_l0`` (coefficients ``ModelParams.stage_weights``,
highest degree first) and its spectral radius ``rho`` (a float, for display and for the
agreement margin).  Per pair ``(l_A, l_B)`` and share ``p``: the critical prefill length
``l0*``, the least integer from which ``P_l0`` is stable (``None`` when there is none).
Nothing is computed here: this module only calls the stability package and caches.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from ..params import ModelParams

__all__ = ["SettingStability", "assess_setting", "critical_prefill"]


@dataclass(frozen=True)
class SettingStability:
    """Verdict (``"stable"``, ``"on-circle"``, ``"unstable"``) and spectral radius of ``P_l0``."""

    verdict: str
    rho: float


def assess_setting(params: ModelParams) -> SettingStability:
    """Certified verdict and spectral radius of one setting's ``P_l0``."""
    return _assess(params.stage_weights)


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
