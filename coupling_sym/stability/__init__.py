"""Exact and certified stability of the characteristic polynomials.

* :mod:`.poly`     -- the coefficient convention (highest degree first) and the model's
  polynomials ``A`` and ``P_l0`` as exact integer polynomials;
* :mod:`.verdict`  -- ``stable`` / ``on-circle`` / ``unstable`` in integer arithmetic;
* :mod:`.roots`    -- mpmath roots with a certified error bound, spectral radius;
* :mod:`.critical` -- the critical prefill length ``l0*``;
* :mod:`.summary`  -- per-setting and per-pair summaries (JSON-ready);
* :mod:`.scan`, :mod:`.locus` -- parameter search and root-locus data.
"""

from .verdict import Verdict, certify_stability

__all__ = ["Verdict", "certify_stability", "compute_roots", "RootsResult", "spectral_radius",
           "critical_l0", "CriticalL0", "stability_summary"]


def __getattr__(name):
    # Lazy re-exports keep ``import coupling_sym.stability`` light.
    if name in ("compute_roots", "RootsResult", "spectral_radius"):
        from . import roots
        return getattr(roots, name)
    if name in ("critical_l0", "CriticalL0"):
        from . import critical
        return getattr(critical, name)
    if name == "stability_summary":
        from . import summary
        return summary.stability_summary
    raise AttributeError(name)
