"""How far the modal closed form can be resolved in a float64 run (bounds its cost).

The closed form is evaluated batch by batch at multiprecision, so a long run would spend
its time on batches where nothing can be seen.  The modal section and the closed-form
error stop at the *horizon*, the least of

* the run's last batch;
* the batch before the float theory leaves ``|a_t| <= 1e150`` (an unstable ``P_l0``
  grows like ``rho^t`` and overflows near ``1e308``);
* for ``rho < 1``: the first batch ``t = valid_from + 2^j`` whose sum of mode envelopes
  is below ``RESOLUTION * max(1, |a*|)``: from there a float64 admission equals ``a*``
  to its last digit, and at most twice the batches needed are spent;
* ``valid_from + MAX_BATCHES``: modes on the unit circle never fade, so the cap bounds
  them (and any very slowly decaying run).
"""

from __future__ import annotations

import numpy as np

__all__ = ["RESOLUTION", "MAX_BATCHES", "modal_horizon"]

RESOLUTION = 1e-17
MAX_BATCHES = 2000
_OVERFLOW = 1e150


def _fading(decomp, scale: float, start: int) -> int | None:
    gap = 1
    while gap <= MAX_BATCHES:
        t = start + gap
        if sum(float(mode.envelope(t - decomp.origin)) for mode in decomp.modes) < RESOLUTION * scale:
            return t
        gap *= 2
    return None


def modal_horizon(decomp, theory, equilibrium: float) -> int:
    """Last batch at which the modal section evaluates the closed form (module docstring).

    Examples
    --------
    >>> from coupling_sym.config import build_config
    >>> from coupling_sym.dynamics import run_theory
    >>> from coupling_sym.modal.decomposition import decompose_admissions
    >>> cfg = build_config("default", ["steps=20000"])
    >>> theory = run_theory(cfg.params, cfg.X0, cfg.steps).admissions
    >>> modal_horizon(decompose_admissions(cfg.params, cfg.X0, 20), theory, 5.0)
    512
    """
    values = np.asarray(theory, dtype=float)
    last = len(values) - 1
    with np.errstate(invalid="ignore"):
        wild = np.flatnonzero(~(np.abs(values) <= _OVERFLOW))
    if wild.size:
        last = max(int(wild[0]) - 1, 0)
    if decomp is None or not decomp.modes:
        return last
    start = decomp.valid_from
    last = min(last, start + MAX_BATCHES)
    if float(decomp.spectral_radius) < 1:
        fades = _fading(decomp, max(1.0, abs(equilibrium)), start)
        if fades is not None:
            last = min(last, fades)
    return max(last, 0)
