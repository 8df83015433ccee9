"""Which arithmetic can carry a run, and what is out of reach.

The model is homogeneous of degree one in ``B``: every count is ``N`` times a number
independent of ``B``.  float64 carries a run when

* the scale is inside ``SCALE_RANGE`` (``1e-100 <= N, B <= 1e100``; beyond it the
  counts, token sums and an unstable theory's growth up to ``1e50 N`` leave float64),
  else the run is refused, naming ``B``;
* the footprints ``l0 + 1 + i`` differ by more than rounding: the batch-1 eviction of
  ``stage0`` frees ``B / (l0 + 1)`` of ``B`` tokens, a relative ``1 / (l0 + 1)`` that
  float64 (``eps ~ 2.2e-16``) resolves to four digits only while ``l0 + L <= 1e12``.
  Above that the run is exact (Fractions), which costs more per batch as denominators
  grow, so at most ``MAX_EXACT_STEPS`` batches are accepted.
"""

from __future__ import annotations

from fractions import Fraction

from ..errors import ParameterError, parameter_error
from ..params import ModelParams

__all__ = ["SCALE_RANGE", "FLOAT_MAX_PROMPT", "MAX_EXACT_STEPS", "needs_exact"]

SCALE_RANGE = (Fraction(1, 10 ** 100), Fraction(10 ** 100))
FLOAT_MAX_PROMPT = 10 ** 12
MAX_EXACT_STEPS = 2000


def needs_exact(params: ModelParams, steps: int) -> bool:
    """True when only exact arithmetic represents the run; raise when none does.

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> needs_exact(make_params(3, (2, 3), (1, 1), 60), 50)
    False
    >>> needs_exact(make_params(10 ** 20, (2, 3), (1, 1), 60), 50)
    True
    >>> needs_exact(make_params(3, (2, 3), (1, 1), "1e400"), 50)
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: B must be between 1e-100 and 1e100 (with N = B / (l0 + 1) inside it too: the run's counts scale with B); got about 1e400
    """
    low, high = SCALE_RANGE
    N = params.B / params.admission_tokens
    if not (low <= params.B <= high and low <= N <= high):
        raise ParameterError("B must be between 1e-100 and 1e100 (with N = B / (l0 + 1) inside it too: "
                             f"the run's counts scale with B); got {_magnitude(params.B)}")
    from ..state import footprint_matrix

    if max(footprint_matrix(params, True).flat) <= FLOAT_MAX_PROMPT:   # l0_k + L, per-type prompts too
        return False
    if steps > MAX_EXACT_STEPS:
        raise parameter_error("steps", f"at most {MAX_EXACT_STEPS} when l0 + L > {FLOAT_MAX_PROMPT:.0e} "
                              "(float64 cannot resolve the footprints; the run is exact)", steps)
    return True


def _magnitude(value: Fraction) -> str:
    """``value`` as ``about 1eN`` (``N`` from the digit counts: exact, never a float)."""
    digits = len(str(value.numerator)) - len(str(value.denominator))
    return f"about 1e{digits}"
