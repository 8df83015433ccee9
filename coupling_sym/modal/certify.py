"""Certified convergence of an eviction run: no eviction can recur after batch ``T``.

Convention: ``T`` is the last batch of the run whose way in evicted (``0`` when none did),
``X_T`` the simulation's state there, read exactly (a float is a dyadic rational),
``n = L - 1`` and ``a*`` the equilibrium admission.  Batches after ``T`` are written
``T + 1 + tau``, ``tau >= 0``.

The argument (the note's proposition "certified convergence"):

1. From ``X_T`` the eviction simulation and the linear (theory) recursion apply the same
   rule as long as the room is non-negative, i.e. as long as the linear recursion's
   admissions are ``>= 0``.  So if every admission of the linear recursion from ``X_T`` is
   non-negative, no eviction ever happens after ``T`` and the simulation *is* that
   recursion.
2. From batch ``T + L`` on, every stage holds a cohort admitted after ``T`` (split by
   ``p_k``), so the deviations ``e = a - a*`` solve ``sum_j c_j e_(t-j) = 0``: with the
   simple roots ``mu_i`` of ``P_l0``, ``e_(T+1+tau) = sum_i C_i mu_i^tau`` for every
   ``tau >= 0``, the ``C_i`` fixed by ``e_(T+1) .. e_(T+n)`` (computed exactly by ``n``
   exact transitions from ``X_T``).
3. ``|e_(T+1+tau)| <= sum_i |C_i| |mu_i|^tau =: E(tau)``, decreasing when ``P_l0`` is stable.
   Let ``H`` be the least ``tau`` with ``E(tau) < a*``; every admission from ``T + 1 + H``
   on is positive.  The ``H`` admissions before are enclosed one by one,
   ``a* + Re sum_i C_i mu_i^tau``, and must be certainly positive (the first ``n`` are exact).

Then the simulation converges to ``a*`` with ``|a_t - a*| <= E(t - T - 1)``: geometric at a
rate at most ``rho = max_i |mu_i|``.  Everything is in Arb ball arithmetic (python-flint:
roots of the integer ``P_l0`` as certified balls, the Vandermonde solve, the bounds);
floats only choose ``H``.  A repeated root, an unstable ``P_l0`` or a bound that needs more
than ``max_horizon`` batches gives "not certified" with the reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from fractions import Fraction

import numpy as np

from ..params import ModelParams

__all__ = ["ConvergenceCertificate", "certify_from_state", "certify_run", "first_admissions", "not_certified",
           "MAX_HORIZON"]

MAX_HORIZON = 100_000
"""Most batches after ``T`` that are enclosed one by one before the modal bound must take over."""

_PRECISIONS = (128, 512)        # bits: a second, wider try when balls are too wide


@dataclass(frozen=True)
class ConvergenceCertificate:
    """Whether a run is certified to converge, and from which batch.

    Attributes
    ----------
    certified : bool
    start : int or None
        ``T``: no eviction happens after this batch (``None`` when not certified).
    horizon : int or None
        ``H``: from batch ``T + 1 + H`` on the modal bound alone keeps admissions positive.
    rate : float or None
        An upper bound on ``rho = max |mu_i|`` (rounded up to a float).
    amplitude : float or None
        An upper bound on ``sum_i |C_i|``: ``|a_t - a*| <= amplitude * rate^(t - T - 1)``.
    reason : str
        One sentence saying why (not) certified.
    """

    certified: bool
    start: int | None
    horizon: int | None
    rate: float | None
    amplitude: float | None
    reason: str

    @property
    def label(self) -> str:
        """``"certified from batch T"`` or ``"not certified"``."""
        return f"certified from batch {self.start}" if self.certified else "not certified"

    def as_dict(self) -> dict:
        """JSON-ready form."""
        return {"certified": self.certified, "label": self.label, "start": self.start, "horizon": self.horizon,
                "rate_bound": self.rate, "amplitude_bound": self.amplitude, "reason": self.reason}


def not_certified(reason: str) -> ConvergenceCertificate:
    """A "not certified" result with its reason.

    Examples
    --------
    >>> not_certified("rate-limited admission").label
    'not certified'
    """
    return ConvergenceCertificate(False, None, None, None, None, reason)


_refuse = not_certified


def certify_from_state(params: ModelParams, state, start: int = 0,
                       max_horizon: int = MAX_HORIZON, known_stable: bool = False) -> ConvergenceCertificate:
    """Certify that the eviction simulation from ``state`` (batch ``start``) never evicts again.

    Parameters
    ----------
    params : ModelParams
    state : array_like, shape (K, L)
        The state of batch ``start`` (floats or Fractions; read exactly).
    start : int
        Its batch index (only labels the answer).
    max_horizon : int
        Most batches enclosed one by one before the modal bound must take over.
    known_stable : bool
        The caller has already certified ``P_l0`` stable exactly (a sweep's verdicts): the
        verdict is not computed again.  A wrong claim still gives "not certified": the modal
        bound needs every root ball strictly inside the unit circle.

    Returns
    -------
    ConvergenceCertificate

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> from coupling_sym.state import equilibrium_state, initial_state
    >>> params = make_params(3, (2, 3), (1, 1), 60)
    >>> certify_from_state(params, equilibrium_state(params)).label
    'certified from batch 0'
    >>> certify_from_state(params, initial_state(params)).certified     # batch 1 must evict
    False
    """
    from ..dynamics import run_theory
    from ..stability import Verdict, certify_stability

    verdict = Verdict.STABLE if known_stable else certify_stability(list(params.stage_weights))
    if verdict is not Verdict.STABLE:
        return _refuse(f"P_l0 is {verdict.value}: its modes do not decay")
    n = params.L - 1
    a_star = params.equilibrium_admission
    first = first_admissions(params, state, max(n, 1))
    if first is None:  # a count beyond the growth bound: the theory runner says where it stops
        X = np.array([[Fraction(v) for v in row] for row in np.asarray(state)], dtype=object)
        first = run_theory(params, X, max(n, 1), exact=True).admissions[1:]
    negative = [tau for tau, a in enumerate(first) if a < 0]
    if negative:
        return _refuse(f"the linear recursion from batch {start} admits a negative amount at batch "
                       f"{start + 1 + negative[0]}: the simulation evicts there")
    if n == 0:
        return ConvergenceCertificate(True, start, 0, 0.0, 0.0, "P_l0 is constant: every later admission is a*")
    deviations = [a - a_star for a in first[:n]]
    reason = ""
    for prec in _PRECISIONS:
        result, reason = _modal_certificate(params, deviations, a_star, start, prec, max_horizon)
        if result is not None:
            return result
    return _refuse(reason)


def first_admissions(params: ModelParams, state, count: int) -> list | None:
    """The admissions of batches ``1 .. count`` of the linear (theory) recursion from ``state``, exactly.

    The same numbers as ``run_theory(params, state, count, exact=True).admissions[1:]``
    (:mod:`coupling_sym.dynamics.theory`), by another route: stage ``i`` of batch ``tau``
    holds the batch-0 cohort of stage ``i - tau`` (``i >= tau``) or the cohort admitted
    in batch ``tau - i``, so the tokens held after advancing into batch ``tau`` are
    ``O_tau + sum_{1 <= i < tau} c_i a_(tau-i)``, ``O_tau = sum_k sum_j X[k, j] (l0_k + 1 + j + tau)
    [j + tau < l_k]``, and ``a_tau = (B - that) / c_0``.  ``O_tau`` is an integer sum over
    the common denominator of the state (a float state is dyadic), one Fraction per batch.

    Returns ``None`` when a count would exceed the theory's growth bound
    (:mod:`coupling_sym.dynamics.growth`), where the theory runner stops instead.

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> from coupling_sym.state import initial_state
    >>> params = make_params(3, (2, 3), (1, 1), 60)
    >>> [str(a) for a in first_admissions(params, initial_state(params), 3)]
    ['-15/4', '135/16', '465/64']
    """
    from math import lcm

    from ..dynamics.growth import as_bound

    rows = [[Fraction(v) for v in row] for row in np.asarray(state)]
    common = lcm(*(v.denominator for row in rows for v in row))
    integers = [[v.numerator * (common // v.denominator) for v in row] for row in rows]
    bound = as_bound(params.N, True)
    if any(abs(v) > bound for row in rows for v in row):
        return None
    # integers throughout: c_i = C_i / t, B = Bn / Bd, and A_tau = a_tau D Bd C_0^tau (D: the state's)
    weights = params.stage_weights
    t = lcm(*(c.denominator for c in weights))
    C = [c.numerator * (t // c.denominator) for c in weights]
    Bn, Bd = params.B.numerator, params.B.denominator
    scaled: list = []
    for tau in range(1, count + 1):
        original = sum(X[j] * (l0k + 1 + j + tau) for X, l0k, lk in zip(integers, params.prompts, params.lengths)
                       for j in range(max(lk - tau, 0)))
        power = C[0] ** (tau - 1)
        later = sum(C[i] * scaled[tau - i - 1] * C[0] ** (i - 1) for i in range(1, min(tau, len(C))))
        scaled.append(t * (Bn * common - original * Bd) * power - later)
    admissions = [Fraction(A, common * Bd * C[0] ** tau) for tau, A in enumerate(scaled, start=1)]
    largest = max(params.p)
    if any(abs(a) * largest > bound for a in admissions):
        return None
    return admissions


@lru_cache(maxsize=4096)
def _modes(weights: tuple, prec: int):
    """The roots ``mu_i`` of ``P_l0`` as Arb balls at ``prec`` bits and their Vandermonde matrix
    (``None`` for a repeated root): one computation per distinct polynomial and precision."""
    from flint import acb_mat, ctx

    from ..stability.poly import integer_poly

    with ctx.workprec(prec):
        found = integer_poly(weights).complex_roots()
        if any(multiplicity > 1 for _, multiplicity in found) or len(found) != len(weights) - 1:
            return None
        mus = [mu for mu, _ in found]
        return mus, acb_mat([[mu ** r for mu in mus] for r in range(len(mus))])


def _modal_certificate(params, deviations, a_star, start, prec, max_horizon):
    """Steps 2-3 of the module notes at ``prec`` bits: ``(certificate, "")`` or ``(None, reason)``."""
    from flint import acb, acb_mat, arb, ctx, fmpq

    n = len(deviations)
    modes = _modes(tuple(params.stage_weights), prec)
    with ctx.workprec(prec):
        if modes is None:
            return None, "P_l0 has a repeated root: the modal bound needs its simple-root form"
        mus, V = modes
        rhs = acb_mat([[acb(fmpq(e.numerator, e.denominator))] for e in deviations])
        try:
            C = V.solve(rhs)
        except Exception:       # Arb cannot prove the Vandermonde matrix invertible at this precision
            return None, f"the modal coefficients could not be enclosed at {prec} bits"
        coeffs = [C[i, 0] for i in range(n)]
        sizes = [abs(c) for c in coeffs]
        radii = [abs(mu) for mu in mus]
        if not all(r < 1 for r in radii):
            return None, f"the root moduli are not enclosed below 1 at {prec} bits"
        star = arb(fmpq(a_star.numerator, a_star.denominator))
        horizon = _horizon(sizes, radii, star, max_horizon)
        if horizon is None:
            return None, (f"the modal bound keeps admissions positive only beyond {max_horizon} batches "
                          f"after batch {start} (rho close to 1 or a large deviation)")
        powers = [acb(1)] * n
        for tau in range(horizon):
            if tau >= n and not (star + sum(c * p for c, p in zip(coeffs, powers)).real > 0):
                return None, (f"the admission at batch {start + 1 + tau} is not certainly positive "
                              f"at {prec} bits")
            powers = [p * mu for p, mu in zip(powers, mus)]
        amplitude = sum(sizes, arb(0))
        rate = max(float(r.upper()) for r in radii)
        reason = (f"P_l0 is stable with simple roots; from batch {start} the linear recursion admits "
                  f"a positive amount in each of the next {max(horizon, n)} batches and the modal bound "
                  f"|a - a*| <= {float(amplitude.upper()):.3g} rho^tau < a* from then on: no eviction can recur")
        return ConvergenceCertificate(True, start, horizon, rate, float(amplitude.upper()), reason), ""


def _horizon(sizes, radii, star, max_horizon: int) -> int | None:
    """Least ``tau`` with ``sum_i sizes_i radii_i^tau < star`` certainly, or ``None`` beyond ``max_horizon``."""

    def below(tau: int) -> bool:
        return bool(sum((s * r ** tau for s, r in zip(sizes, radii)), sizes[0] * 0) < star)

    if below(0):
        return 0
    # floats propose: E(tau) <= S rho^tau, so tau >= log(S / a*) / log(1 / rho) suffices up to rounding
    total = sum(float(s.upper()) for s in sizes)
    rho = max(float(r.upper()) for r in radii)
    guess = math.ceil(math.log(total / float(star.lower())) / -math.log(rho)) + 1 if rho > 0 else 1
    high = max(1, min(guess, max_horizon))
    while not below(high):
        if high >= max_horizon:
            return None
        high = min(2 * high, max_horizon)
    low = 0                                     # below(low) is False, below(high) is True: bisect
    while high - low > 1:
        middle = (low + high) // 2
        if below(middle):
            high = middle
        else:
            low = middle
    return high


def certify_run(params: ModelParams, simulation, max_horizon: int = MAX_HORIZON) -> ConvergenceCertificate:
    """Certify a finished eviction run from its last evicting batch (batch 0 when none evicted).

    Examples
    --------
    >>> from coupling_sym.config import build_config
    >>> from coupling_sym.dynamics import run_simulation
    >>> cfg = build_config("default")
    >>> certify_run(cfg.params, run_simulation(cfg.params, cfg.X0, cfg.steps)).label
    'certified from batch 1'
    """
    if simulation.states is None:
        return _refuse("the run kept no states")
    evicting = np.flatnonzero(np.asarray(simulation.eviction_totals, dtype=float) > 0)
    start = int(evicting[-1]) if evicting.size else 0
    return certify_from_state(params, simulation.states[start], start, max_horizon)
