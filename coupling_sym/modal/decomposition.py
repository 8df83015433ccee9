"""Closed-form (modal) decomposition of the theory admissions.

Convention
----------
Batches are counted from the state the decomposition starts from (its *origin*,
batch 0 of the run unless stated).  With ``tau = t - origin``,

    a_t = a* + sum_i sum_{k < m_i} C_ik tau^k mu_i^tau        (t >= valid_from)

where ``mu_i`` runs over the distinct roots of ``P_l0(lambda) = sum_j c_j lambda^(L-1-j)``
(see :mod:`coupling_sym.modal.roots`), ``m_i`` is its exact multiplicity and ``C_ik``
multiplies ``tau^k mu_i^tau``.  There are ``sum_i m_i = L - 1`` coefficients.

From which batch the closed form holds
--------------------------------------
Write ``X_t[k, i]`` for the theory state.  Each transition moves stage ``i - 1`` to
stage ``i`` and puts ``p_k a_t`` at stage 0 for ``t >= 1``, so for ``t >= 1``

    X_t[k, i] = p_k a_{t-i}   if i < t,      X_t[k, i] = X_0[k, i - t]   if i >= t.

The admission ``a_n`` (``n >= 1``) fills the room left by ``X_{n-1}`` advanced:
``c_0 a_n = B - sum_k sum_{i>=1} (l0_k + 1 + i) X_{n-1}[k, i - 1]`` with
``c_0 = sum_k p_k (l0_k + 1)`` (per-type prompts ``l0_k``; a common prompt gives ``l0 + 1``).  For ``n >= L``
every stage ``i - 1 <= L - 2 < n - 1`` of ``X_{n-1}`` is a split admission of batch
``n - i >= 1``, so

    sum_{j=0}^{L-1} c_j a_{n-j} = B      for every n >= L,            (*)

an order-``L - 1`` linear recursion whose earliest term, at ``n = L``, is ``a_1``.
Its solutions are exactly ``a* + sum C_ik t^k mu_i^t`` (``c_{L-1} > 0``, so no root is 0
and the ``L - 1`` functions ``t^k mu_i^t`` span them).  Hence, **for any initial
state, the closed form holds exactly from batch 1**, its coefficients fixed by
``a_1 .. a_{L-1}``.  It holds from batch 0 as well exactly when (*) also holds at
``n = L - 1`` (the relation involving ``a_0 .. a_{L-1}``): if it does, the sequence from
batch 0 obeys the recursion; if the closed form held from 0, (*) would hold there
because every ``t^k mu^t`` obeys it.  That condition is checked in exact rational
arithmetic.  It is met by every *proportional* ``X_0`` (``X_0[k, i] = p_k h_i``),
since then ``X_{n-1}[k, i-1] = p_k a_{n-i}`` also for ``n <= L - 1`` with the history
``a_{-i} = h_i``: ``stage0`` (``h = (N, 0, .., 0)``, for which (*) even holds with
``a_{-i} = 0``) and ``one-per-stage`` with equal rates hold from batch 0.  A
non-proportional state (``one-per-stage`` with unequal rates, most explicit states)
generically holds from batch 1 only.  For ``L = 1`` there is no mode: ``a_t = a*`` for
``t >= 1``, and from batch 0 when ``a_0 = a*``.

The coefficients are fitted to the ``L - 1`` exact admissions ``a_v .. a_{v+L-2}``
(``v = valid_from``), from an exact rational run of the recursion, by solving the
confluent Vandermonde system ``sum_ik C_ik tau^k mu_i^tau = a_t - a*`` in mpmath with
guard digits; the guard grows with the condition number (near-repeated roots).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import ceil, log10

import numpy as np

from ..records import Record
from ..errors import PrecisionError, StateError, parameter_error
from ..params import MAX_DPS, ModelParams, parse_dps, parse_int
from ..state import stage_mask
from .roots import CharacteristicRoot, characteristic_coefficients, characteristic_roots

__all__ = ["Mode", "ModalDecomposition", "decompose_admissions", "first_valid_batch", "exact_admissions",
           "MAX_DPS"]

GUARD_DIGITS = 15
# MAX_DPS: the one digits cap of every command, from coupling_sym.params


@dataclass(frozen=True)
class Mode(Record):
    """One distinct root of ``P_l0`` and its share of the admissions.

    Attributes
    ----------
    root : mpmath.mpc
    multiplicity : int
    coefficients : tuple of mpmath.mpc
        ``coefficients[k]`` multiplies ``tau^k root^tau`` (``k < multiplicity``).
    position : {"inside", "outside", "undecided"}
        Certified place of the root relative to the unit circle.
    factor : tuple of int
        Square-free factor of ``P_l0`` the root belongs to (highest degree first).
    working_dps : int
        Digits the root and coefficients carry; derived quantities use them too.

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> from coupling_sym.state import initial_state
    >>> params = make_params(3, (2, 3), (1, 1), 60)
    >>> mode = decompose_admissions(params, initial_state(params), dps=15).modes[0]
    >>> mode.multiplicity, mode.position, mode.factor      # 4z^2 + 5z + 3 is irreducible
    (1, 'inside', (4, 5, 3))
    >>> from mpmath import nstr
    >>> nstr(mode.modulus, 12)                              # sqrt(3/4)
    '0.866025403784'
    """

    root: object
    multiplicity: int
    coefficients: tuple
    position: str
    factor: tuple[int, ...]
    working_dps: int

    @property
    def modulus(self):
        """``|root|`` (mpmath)."""
        from mpmath import mp

        with mp.workdps(self.working_dps):
            return abs(self.root)

    @property
    def is_real(self) -> bool:
        """The root is exactly real."""
        return self.root.imag == 0

    @property
    def amplitude(self):
        """Size of the mode's contribution per ``|root|^tau``: ``|C_i0|``, doubled for a
        non-real root (it acts together with its conjugate)."""
        from mpmath import mp

        with mp.workdps(self.working_dps):
            return abs(self.coefficients[0]) * (1 if self.is_real else 2)

    def envelope(self, tau: int):
        """Bound on the mode's share of ``a_t - a*`` at ``tau``:
        ``sum_k |C_ik| tau^k |root|^tau``, doubled for a non-real root (with its conjugate).

        Examples
        --------
        >>> from mpmath import mpc
        >>> Mode(mpc(0.5), 2, (mpc(1), mpc(-2)), "inside", (2, -1), 15).envelope(3)
        mpf('0.875')
        """
        from mpmath import mp

        with mp.workdps(self.working_dps):
            power = abs(self.root) ** tau
            total = sum(abs(c) * mp.mpf(tau) ** k for k, c in enumerate(self.coefficients)) * power
            return total * (1 if self.is_real else 2)


@dataclass(frozen=True)
class ModalDecomposition(Record):
    """The closed form of a theory trajectory's admissions.

    Attributes
    ----------
    params : ModelParams
    equilibrium : Fraction
        ``a* = B / sum_j c_j``.
    valid_from : int
        First batch (absolute) from which the closed form is exact.
    origin : int
        Batch at which ``tau = 0``.
    modes : tuple of Mode
        Distinct roots, largest modulus first.
    dps : int
        Requested decimal digits.
    working_dps : int
        Digits the roots and the fit were computed with (``dps`` plus guard digits).
    fitted : tuple of Fraction
        The exact admissions ``a_v .. a_{v+L-2}`` the coefficients were fitted to.

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> from coupling_sym.state import initial_state
    >>> params = make_params(3, (2, 3), (1, 1), 60)
    >>> decomp = decompose_admissions(params, initial_state(params), dps=15)
    >>> decomp.equilibrium, len(decomp.modes), decomp.valid_from
    (Fraction(5, 1), 2, 0)
    >>> decomp.fitted                                       # theory admissions of batches 0, 1
    (Fraction(15, 1), Fraction(-15, 4))
    """

    params: ModelParams
    equilibrium: Fraction
    valid_from: int
    origin: int
    modes: tuple[Mode, ...]
    dps: int
    working_dps: int
    fitted: tuple[Fraction, ...]

    @property
    def spectral_radius(self):
        """``rho = max |mu|`` over the modes (0 when there is none)."""
        from mpmath import mp

        with mp.workdps(self.working_dps):
            return max((m.modulus for m in self.modes), default=mp.mpf(0))

    def admission(self, t: int):
        """Closed-form admission of batch ``t`` (mpmath, at the working precision).

        Examples
        --------
        >>> from coupling_sym.params import make_params
        >>> from coupling_sym.state import initial_state
        >>> params = make_params(3, (2, 3), (1, 1), 60)
        >>> decomp = decompose_admissions(params, initial_state(params), dps=20)
        >>> from mpmath import nstr
        >>> nstr(decomp.admission(1), 15), nstr(decomp.admission(3), 15)
        ('-3.75', '7.265625')
        """
        from mpmath import mp

        with mp.workdps(self.working_dps):
            tau = t - self.origin
            total = mp.mpc(0)
            for mode in self.modes:
                power = mode.root ** tau
                total += sum(c * mp.mpf(tau) ** k * power for k, c in enumerate(mode.coefficients))
            return +(_to_mp(self.equilibrium) + total.real)

    def admissions(self, batches) -> list:
        """Closed-form admissions at each batch of ``batches`` (mpmath numbers)."""
        return [self.admission(int(t)) for t in batches]

    def closed_forms(self, start: int, stop: int) -> list:
        """Closed-form admissions of batches ``start .. stop - 1`` (mpmath numbers).

        Each power ``mu^tau`` is the previous one times ``mu`` (one multiplication per
        mode and batch instead of a complex power), at 10 guard digits above the working
        precision: over ``n`` batches the relative error grows to about
        ``n 10^-(working_dps + 10)``, below the working precision of :meth:`admission`
        for ``n < 10^10``.

        Examples
        --------
        >>> from coupling_sym.params import make_params
        >>> from coupling_sym.state import initial_state
        >>> params = make_params(3, (2, 3), (1, 1), 60)
        >>> decomp = decompose_admissions(params, initial_state(params), dps=20)
        >>> [float(a) for a in decomp.closed_forms(1, 4)]
        [-3.75, 8.4375, 7.265625]
        """
        from mpmath import mp

        out = []
        with mp.workdps(self.working_dps + 10):
            tau0 = start - self.origin
            powers = [mode.root ** tau0 for mode in self.modes]
            equilibrium = _to_mp(self.equilibrium)
            for j in range(max(stop - start, 0)):
                tau = mp.mpf(tau0 + j)
                total = mp.mpc(0)
                for m, mode in enumerate(self.modes):
                    factor = mode.coefficients[-1]
                    for c in reversed(mode.coefficients[:-1]):  # sum_k c_k tau^k by Horner
                        factor = factor * tau + c
                    total += factor * powers[m]
                    powers[m] *= mode.root
                out.append(equilibrium + total.real)
        with mp.workdps(self.working_dps):
            return [+value for value in out]

    def max_abs_error(self, admissions, start: int = 0, progress=None):
        """Largest ``|closed form - admissions[t]|`` over ``t >= max(valid_from, start)``.

        ``admissions[t]`` is the admission of batch ``t`` (Fractions or floats, read
        exactly); the result is an mpmath number at the working precision.
        ``progress()``, when given, is called once per batch compared.
        """
        from mpmath import mp

        with mp.workdps(self.working_dps):
            largest = mp.mpf(0)
            for t in range(max(self.valid_from, start), len(admissions)):
                largest = max(largest, abs(self.admission(t) - _to_mp(admissions[t])))
                if progress is not None:
                    progress()
            return largest


def _to_mp(value):
    from mpmath import mp

    if isinstance(value, float):
        return mp.mpf(value)
    value = Fraction(value)
    return mp.mpf(value.numerator) / value.denominator


def exact_admissions(params: ModelParams, X0: np.ndarray, steps: int) -> list[Fraction]:
    """Admissions ``a_0 .. a_steps`` of the theory run from ``X0``, in exact arithmetic.

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> from coupling_sym.state import initial_state
    >>> params = make_params(3, (2, 3), (1, 1), 60)
    >>> exact_admissions(params, initial_state(params), 2)
    [Fraction(15, 1), Fraction(-15, 4), Fraction(135, 16)]
    """
    from ..dynamics import run_theory

    return [Fraction(a) for a in run_theory(params, X0, steps, exact=True).admissions]


def first_valid_batch(params: ModelParams, admissions: list[Fraction]) -> int:
    """First batch (0 or 1, relative to ``admissions[0]``) from which the closed form holds.

    ``admissions`` are exact, at least ``L`` of them (``a_0 .. a_{L-1}``).  Returns 0
    when the recursion ``sum_j c_j a_{L-1-j} = B`` holds (``a_0 = a*`` for ``L = 1``),
    else 1; see the module docstring for why nothing else can happen.

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> params = make_params(3, (2, 3), (1, 1), 60)
    >>> first_valid_batch(params, [Fraction(15), Fraction(-15, 4), Fraction(135, 16)])
    0
    >>> first_valid_batch(params, [Fraction(14), Fraction(-15, 4), Fraction(135, 16)])
    1
    """
    L = params.L
    if L == 1:
        return 0 if admissions[0] == params.equilibrium_admission else 1
    weights = characteristic_coefficients(params)
    balance = sum((c * admissions[L - 1 - j] for j, c in enumerate(weights)), Fraction(0))
    return 0 if balance == params.B else 1


def _check_state(params: ModelParams, X0) -> np.ndarray:
    X = np.asarray(X0, dtype=object)
    if X.shape != (params.K, params.L):
        raise parameter_error("X0", f"a state array of shape (K, L) = ({params.K}, {params.L})",
                              f"shape {X.shape}", StateError)
    mask = stage_mask(params)
    if any(X[k, i] != 0 for k in range(params.K) for i in range(params.L) if not mask[k, i]):
        raise parameter_error("X0", "zero at the stages i >= l_k that do not exist", "a non-zero entry there",
                              StateError)
    return np.array([[_exact_count(X[k, i], k, i) for i in range(params.L)] for k in range(params.K)],
                    dtype=object)


def _exact_count(value, k: int, i: int) -> Fraction:
    """``value`` as an exact Fraction (a float by its binary value, not re-rounded)."""
    try:
        return Fraction(value)
    except (TypeError, ValueError, OverflowError):
        raise parameter_error(f"X0[{k}][{i}]", "a finite number", value, StateError) from None


def _solve(roots: list[CharacteristicRoot], times: list[int], rhs: list):
    """Solve the confluent Vandermonde system; return (solution, log10 condition)."""
    from mpmath import mp

    columns = [(r, k) for r in roots for k in range(r.multiplicity)]
    A = mp.matrix(len(times), len(columns))
    for row, tau in enumerate(times):
        for col, (r, k) in enumerate(columns):
            A[row, col] = mp.mpf(tau) ** k * r.value ** tau
    b = mp.matrix([_to_mp(v) for v in rhs])
    solution = mp.lu_solve(A, b)
    return solution, _log10_condition(A)


def _log10_condition(A) -> float:
    """``log10`` of the condition number of ``A``, used only to size the guard digits.

    A float64 SVD gives it to within a small factor whenever it is far below ``1/eps``
    (here: below 1e12), at a fraction of the cost of mpmath's ``cond``, which inverts
    ``A`` at the working precision (O(n^3) multiplications of mpc numbers: 8 s at
    n = 64).  Larger or non-finite estimates are recomputed by ``mp.cond``.
    """
    import numpy as np
    from mpmath import mp

    with np.errstate(all="ignore"):
        values = np.array([[complex(A[i, j]) for j in range(A.cols)] for i in range(A.rows)])
        estimate = np.linalg.cond(values) if np.isfinite(values).all() else np.inf
    if np.isfinite(estimate) and estimate < 1e12:
        return float(np.log10(max(estimate, 1.0)))
    condition = mp.cond(A)
    return float(mp.log10(condition)) if condition > 0 else 0.0


def _impose_symmetry(roots: list[CharacteristicRoot], fitted: dict[int, list]) -> None:
    """Make the fitted coefficients as real as the admissions are.

    The admissions are real and the decomposition is unique, so complex conjugation,
    which maps the term of ``mu`` to the term of ``conj(mu)``, maps coefficients to
    coefficients: a real root has real coefficients, and conjugate roots (Arb returns
    their midpoints exactly conjugate) have conjugate ones.  Only rounding is removed.
    """
    from mpmath import mp

    by_value = {(r.value.real, r.value.imag): i for i, r in enumerate(roots)}
    for i, r in enumerate(roots):
        if r.value.imag == 0:
            fitted[i] = [mp.mpc(c.real, 0) for c in fitted[i]]
        elif r.value.imag > 0:
            partner = by_value.get((r.value.real, -r.value.imag))
            if partner is not None:
                upper = [(a + mp.conj(b)) / 2 for a, b in zip(fitted[i], fitted[partner])]
                fitted[i], fitted[partner] = upper, [mp.conj(c) for c in upper]


def _fit_modes(coeffs, times, rhs, dps: int) -> tuple[list[Mode], int]:
    from mpmath import mp

    guard = GUARD_DIGITS
    for _ in range(4):
        working = dps + guard
        with mp.workdps(working):
            roots = characteristic_roots(coeffs, working)
            if not roots:
                return [], working
            solution, digits_lost = _solve(roots, times, rhs)
            if digits_lost <= guard - 5:
                fitted, col = {}, 0
                for index, r in enumerate(roots):
                    fitted[index] = [solution[col + k] for k in range(r.multiplicity)]
                    col += r.multiplicity
                _impose_symmetry(roots, fitted)
                modes = [Mode(r.value, r.multiplicity, tuple(fitted[i]), r.position, r.factor, working)
                         for i, r in enumerate(roots)]
                modes.sort(key=lambda m: (-m.modulus, -m.root.imag, m.root.real))
                return modes, working
        guard = int(ceil(digits_lost)) + GUARD_DIGITS
    raise PrecisionError(f"the modal fit must lose fewer than {guard} guard digits; got a condition number "
                         f"near 1e{digits_lost:.0f} (nearly repeated roots); raise dps")


def decompose_admissions(params: ModelParams, X0, dps: int = 30, origin: int = 0) -> ModalDecomposition:
    """Decompose the theory admissions from the state ``X0`` into modes of ``P_l0``.

    Parameters
    ----------
    params : ModelParams
    X0 : array_like, shape (K, L)
        The state at batch ``origin`` (any real counts; zero where ``i >= l_k``).
    dps : int
        Decimal digits wanted in the roots and coefficients, ``1 .. 10000``.
    origin : int
        Absolute batch index of ``X0`` (``tau = t - origin``).

    Returns
    -------
    ModalDecomposition

    Raises
    ------
    ParameterError
        If ``dps`` is not an integer in ``1 .. 10000``.
    StateError
        If ``X0`` has the wrong shape, an entry that is not a finite number, or mass on a
        stage a type does not have.
    PrecisionError
        If the roots cannot be isolated or the fit is too ill-conditioned.

    Examples
    --------
    The plan's default: ``P_l0 = 4 x^2 + 5 x + 3``, complex roots of modulus
    ``sqrt(3/4)``, and a stage0 start holds from batch 0.

    >>> from coupling_sym.params import make_params
    >>> from coupling_sym.state import initial_state
    >>> from mpmath import nstr
    >>> params = make_params(3, (2, 3), (1, 1), 60)
    >>> decomp = decompose_admissions(params, initial_state(params), dps=20)
    >>> decomp.valid_from, len(decomp.modes), nstr(decomp.spectral_radius, 12)
    (0, 2, '0.866025403784')
    """
    dps = parse_dps(dps)
    origin = parse_int(origin, "origin", minimum=0)
    X = _check_state(params, X0)
    L = params.L
    exact = exact_admissions(params, X, max(L - 1, 1) + 1)
    start = first_valid_batch(params, exact)
    fitted = exact[start:start + L - 1]
    a_star = params.equilibrium_admission
    times = list(range(start, start + L - 1))
    modes, working = _fit_modes(characteristic_coefficients(params), times, [a - a_star for a in fitted], dps)
    return ModalDecomposition(params, a_star, origin + start, origin, tuple(modes), dps, working, tuple(fitted))
