"""Gather the results that the theory note quotes, by calling the toolkit.

Conventions:

* pairs are ``2 <= l_A < l_B <= 12`` (:data:`LENGTHS`), ``p = p_A``;
* the limiting form is tabulated at ``p = 1/2`` (its verdict does not depend on ``p``,
  Theorem "coprime" of the note), ``l0*`` at ``p = 1/4, 1/2, 3/4`` (:data:`SHARES`);
* spectral radii come from :func:`coupling_sym.stability.compute_roots` at :data:`DPS`
  digits; verdicts and ``l0*`` are certified (:mod:`coupling_sym.stability`);
* ``A``'s coefficients are the stage shares ``s_j`` and ``P_l0``'s the stage weights
  ``c_j`` of :class:`coupling_sym.params.ModelParams` (highest degree first);
* experiments and sweeps run in float64 (their own arithmetic).

Results are small frozen dataclasses, one per table row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from math import gcd
from typing import Sequence

__all__ = [
    "LENGTHS", "SHARES", "LIMIT_SHARE", "CHARPOLY_PAIRS", "FIRST_ORDER_PREFILL", "ESTIMATE_PAIRS",
    "LOCUS_PAIR", "LOCUS_SHARE", "LOCUS_L0", "THREE_TYPES", "LONG_STEPS", "BELOW_L0", "BELOW_STEPS", "DPS",
    "PHASE_GRID", "PHASE_STEPS", "EXPERIMENTS",
    "GROWTH_LENGTHS", "GrowthRow", "gather_growth",
    "CharpolyRow", "LimitRow", "CriticalRow", "FirstOrderRow", "EstimateRow", "ExperimentRow",
    "spectral_radius_of", "verdict_of", "note_variable", "critical_length", "run_named_experiment", "decay_rates",
    "gather_charpoly", "gather_limit", "gather_critical", "gather_first_order", "count_unstable_everywhere",
    "gather_estimates", "gather_experiments", "gather_sweep", "period_gcd_from",
]

LENGTHS = tuple(range(2, 13))
SHARES = (Fraction(1, 4), Fraction(1, 2), Fraction(3, 4))
LIMIT_SHARE = Fraction(1, 2)
CHARPOLY_PAIRS = ((2, 3), (2, 4), (3, 4), (3, 5))
FIRST_ORDER_PREFILL = (10, 100, 1000)
#: Adjacent pairs (L - 1, L) whose l0* is compared with L^3 / (2 pi^2 p q).
GROWTH_LENGTHS = (8, 12, 16, 24, 32, 48)
ESTIMATE_PAIRS = ((2, 3), (3, 4), (2, 5), (5, 6), (7, 8), (2, 11), (5, 12), (11, 12))
THREE_TYPES = "three-types"
LONG_STEPS = 400
#: The figure below ``l0*``: the default experiment at this prefill length, this long.
BELOW_L0 = 1
BELOW_STEPS = 120
DPS = 30
#: The root-locus figure: this pair and share, over these prefill lengths.
LOCUS_PAIR = (3, 4)
LOCUS_SHARE = Fraction(1, 2)
LOCUS_L0 = tuple(range(0, 21))
#: The phase diagram: a sweep of the eviction simulation (`coupling-sym sweep`) over this grid.
PHASE_GRID = {"la": "2..4", "lb": "3..7", "l0": "0..40", "p": "1/2", "B": "60"}
PHASE_STEPS = 3000
#: The experiments of the note's comparison table: (label, config, overrides).
EXPERIMENTS = (
    ("default", "default", ()),
    ("default, $l_0 = 1$", "default", ("l0=1",)),
    ("default, $l_0 = 0$", "default", ("l0=0",)),
    ("non-coprime", "non-coprime", ()),
    ("slow-convergence", "slow-convergence", ()),
)


def _pairs(lengths: Sequence[int] = LENGTHS) -> list[tuple[int, int]]:
    return [(a, b) for a in lengths for b in lengths if a < b]


@dataclass(frozen=True)
class CharpolyRow:
    """``P_l0`` and ``A`` of a pair with symbolic ``l0`` and ``p``, as LaTeX."""

    l_A: int
    l_B: int
    P: str
    A: str


@dataclass(frozen=True)
class LimitRow:
    """Certified verdict and spectral radius of ``A`` for one pair; ``unit_roots_ok``: the
    roots of ``A`` on the circle are exactly the nontrivial gcd-th roots of unity, each
    simple (``gcd(A, A*) = 1 + z + .. + z^(d-1)``, exact)."""

    l_A: int
    l_B: int
    gcd: int
    verdict: str
    rho: float
    unit_roots_ok: bool


@dataclass(frozen=True)
class CriticalRow:
    """The critical prefill length of one pair at one share (``None``: no stable ``l0``)."""

    l_A: int
    l_B: int
    p: Fraction
    value: int | None


@dataclass(frozen=True)
class FirstOrderRow:
    """``(rho(l0) - 1)(l0 + l_B)`` of a non-coprime pair at several ``l0``; ``top`` is the
    integer above every crossing value, ``every`` whether ``P_l0`` is certified unstable
    for every ``l0 >= 0``."""

    l_A: int
    l_B: int
    gcd: int
    scaled: dict = field(hash=False)
    top: int
    every: bool


@dataclass(frozen=True)
class EstimateRow:
    """First-order estimate ``rho_A / (1 - rho_A) - L`` of ``l0*`` and the certified value."""

    l_A: int
    l_B: int
    p: Fraction
    rho_limit: float
    estimate: float
    value: int


@dataclass(frozen=True)
class GrowthRow:
    """Certified ``l0*`` of the adjacent pair ``(L - 1, L)`` and the scale ``L^3 / (2 pi^2 p q)``."""

    L: int
    p: Fraction
    value: int
    scale: float


@dataclass(frozen=True)
class ExperimentRow:
    """One coupling experiment, summarised for the comparison table."""

    label: str
    l0: int
    l_A: int
    l_B: int
    verdict: str
    rho: float
    steps: int
    eviction_batches: int
    last_eviction: int | None
    settle: int | None
    final_gap: float


def _two_type_params(l_A: int, l_B: int, p: Fraction, l0: int = 0):
    from ..params import two_type_params

    return two_type_params(l0, l_A, l_B, p)


def _limit_coefficients(l_A: int, l_B: int, p: Fraction) -> tuple[Fraction, ...]:
    # A's coefficients are the stage shares s_j, highest degree first (params.py).
    return _two_type_params(l_A, l_B, p).stage_shares


def _prefill_coefficients(l_A: int, l_B: int, p: Fraction, l0: int) -> tuple[Fraction, ...]:
    # P_l0's coefficients are the stage weights c_j, highest degree first (params.py).
    return _two_type_params(l_A, l_B, p, l0).stage_weights


def spectral_radius_of(coeffs) -> float:
    """Spectral radius of an exact polynomial (highest degree first), as a float from
    :data:`DPS`-digit roots.

    Examples
    --------
    >>> round(spectral_radius_of([4, 5, 3]) ** 2, 12)    # |z|^2 = 3/4 for the complex pair
    0.75
    """
    from ..stability import compute_roots

    return float(compute_roots(coeffs, dps=DPS).rho)


def verdict_of(coeffs) -> str:
    """Certified verdict (``stable``, ``on-circle``, ``unstable``) of an exact polynomial.

    Examples
    --------
    >>> verdict_of([2, 3, 2]), verdict_of([4, 5, 3])
    ('on-circle', 'stable')
    """
    from ..stability import certify_stability

    return str(certify_stability(coeffs))


def critical_length(lengths: Sequence[int], shares: Sequence[Fraction]) -> int | None:
    """Certified ``l0*`` for the lengths and shares (``None``: no stable ``l0`` from some point on).

    Examples
    --------
    >>> critical_length((2, 3), (Fraction(1, 4), Fraction(3, 4))), critical_length((2, 4), (1, 1))
    (6, None)
    """
    from ..stability import critical_l0

    return critical_l0(tuple(lengths), tuple(shares)).value


def gather_charpoly(pairs: Sequence[tuple[int, int]] = CHARPOLY_PAIRS) -> list[CharpolyRow]:
    """``P_l0`` and ``A`` derived by sympy with ``l0`` and ``p`` symbolic.

    Examples
    --------
    >>> print(gather_charpoly([(2, 3)])[0].A)
    z^{2} + z + q
    """
    from ..symbolic import derive_charpoly

    rows = []
    for l_A, l_B in pairs:
        latex = derive_charpoly([l_A, l_B]).latex()
        rows.append(CharpolyRow(l_A, l_B, note_variable(latex["P"]), note_variable(latex["A"])))
    return rows


def note_variable(latex: str) -> str:
    """The note writes the polynomial variable as ``z`` (``lambda`` is an arrival rate there).

    Examples
    --------
    >>> note_variable(r"\\lambda^{2} + q \\lambda")
    'z^{2} + q z'
    """
    return latex.replace("\\lambda", "z")


def gather_limit(lengths: Sequence[int] = LENGTHS, p: Fraction = LIMIT_SHARE) -> list[LimitRow]:
    """Certified verdict and spectral radius of ``A`` for every pair of ``lengths``.

    Examples
    --------
    >>> [(r.l_A, r.l_B, r.verdict) for r in gather_limit(range(2, 5))]
    [(2, 3, 'stable'), (2, 4, 'on-circle'), (3, 4, 'stable')]
    """
    from ..stability.summary import verify_pair

    rows = []
    for l_A, l_B in _pairs(lengths):
        report = verify_pair(l_A, l_B, p)
        rows.append(LimitRow(l_A, l_B, report.gcd, report.limit_verdict.value,
                             spectral_radius_of(_limit_coefficients(l_A, l_B, p)), report.unit_roots_ok))
    return rows


def gather_critical(lengths: Sequence[int] = LENGTHS, shares: Sequence[Fraction] = SHARES) -> list[CriticalRow]:
    """``l0*`` for every pair of ``lengths`` at every share.

    Examples
    --------
    >>> [r.value for r in gather_critical(range(2, 4))]
    [6, 2, 2]
    """
    return [CriticalRow(l_A, l_B, p, critical_length((l_A, l_B), (p, 1 - p)))
            for p in shares for l_A, l_B in _pairs(lengths)]


def _unstable_everywhere(l_A: int, l_B: int, p: Fraction) -> tuple[bool, int]:
    """Whether ``P_l0`` is certified unstable for every integer ``l0 >= 0``, and the bound used.

    Above ``top`` (past every crossing value) the crossing-value proof of the critical
    length (:mod:`coupling_sym.stability.critical`, crossing route) settles all ``l0`` at
    once; below it each ``l0`` gets its own exact verdict.
    """
    from ..stability import critical_l0

    # The crossing route, not the default perturbation proof: it bounds the l0 to check.
    result = critical_l0((l_A, l_B), p, route="crossing")
    if result.value is not None or result.top is None:
        return False, result.top or 0
    below = all(verdict_of(_prefill_coefficients(l_A, l_B, p, l0)) == "unstable" for l0 in range(result.top))
    return below, result.top


def gather_first_order(lengths: Sequence[int] = LENGTHS, p: Fraction = LIMIT_SHARE,
                       prefill: Sequence[int] = FIRST_ORDER_PREFILL) -> list[FirstOrderRow]:
    """For every non-coprime pair: the scaled excess ``(rho - 1)(l0 + l_B)`` at each
    ``l0`` of ``prefill``, and whether ``P_l0`` is certified unstable for every ``l0``.

    Examples
    --------
    >>> row = gather_first_order(range(2, 5), prefill=(1000,))[0]
    >>> (row.l_A, row.l_B, row.gcd, row.every), round(row.scaled[1000], 2)
    ((2, 4, 2, True), 1.0)
    """
    rows = []
    for l_A, l_B in _pairs(lengths):
        d = gcd(l_A, l_B)
        if d == 1:
            continue
        scaled = {l0: (spectral_radius_of(_prefill_coefficients(l_A, l_B, p, l0)) - 1) * (l0 + l_B)
                  for l0 in prefill}
        everywhere, top = _unstable_everywhere(l_A, l_B, p)
        rows.append(FirstOrderRow(l_A, l_B, d, scaled, top, everywhere))
    return rows


def count_unstable_everywhere(lengths: Sequence[int] = LENGTHS,
                              shares: Sequence[Fraction] = SHARES) -> tuple[int, int]:
    """``(verified, total)`` over the non-coprime settings (pair, share) of the grid.

    Examples
    --------
    >>> count_unstable_everywhere(range(2, 5))
    (3, 3)
    """
    settings = [(a, b, p) for p in shares for a, b in _pairs(lengths) if gcd(a, b) > 1]
    return sum(_unstable_everywhere(a, b, p)[0] for a, b, p in settings), len(settings)


def gather_estimates(pairs: Sequence[tuple[int, int]] = ESTIMATE_PAIRS, p: Fraction = LIMIT_SHARE,
                     critical: dict | None = None) -> list[EstimateRow]:
    """The first-order estimate ``rho_A / (1 - rho_A) - l_B`` of ``l0*`` next to the certified
    value; ``critical`` may hold certified values already computed, keyed ``(l_A, l_B, p)``.

    Examples
    --------
    >>> row = gather_estimates([(11, 12)])[0]
    >>> round(row.estimate, 1), row.value
    (291.9, 299)
    """
    rows = []
    for l_A, l_B in pairs:
        rho = spectral_radius_of(_limit_coefficients(l_A, l_B, p))
        value = (critical or {}).get((l_A, l_B, p))
        if value is None:
            value = critical_length((l_A, l_B), (p, 1 - p))
        rows.append(EstimateRow(l_A, l_B, p, rho, rho / (1 - rho) - l_B, value))
    return rows


def gather_growth(lengths: Sequence[int] = GROWTH_LENGTHS,
                  shares: Sequence[Fraction] = SHARES) -> list[GrowthRow]:
    """``l0*`` of the adjacent pairs ``(L - 1, L)`` with the scale ``L^3 / (2 pi^2 p q)``.

    Examples
    --------
    >>> row = gather_growth([12], [Fraction(1, 2)])[0]
    >>> row.value, round(row.scale, 1)
    (299, 350.2)
    """
    from math import pi

    return [GrowthRow(L, p, critical_length((L - 1, L), (p, 1 - p)),
                      L ** 3 / (2 * pi ** 2 * float(p * (1 - p))))
            for p in shares for L in lengths]


def run_named_experiment(config: str, overrides: Sequence[str]):
    """Run the coupling experiment of a shipped config with ``KEY=VALUE`` overrides."""
    from ..config import build_config
    from ..experiment import run_experiment

    return run_experiment(build_config(config, list(overrides)))


def decay_rates(result) -> tuple[float | None, float | None]:
    """Measured decay rates of ``|a_t - a*|``: theory, and simulation after its last eviction
    (:func:`coupling_sym.modal.convergence_facts`; ``None`` where too few batches remain).

    Examples
    --------
    >>> theory, simulation = decay_rates(run_named_experiment("default", ()))
    >>> round(theory, 2), round(simulation, 2)      # rho = sqrt(3)/2 = 0.866...
    (0.87, 0.87)
    """
    from ..modal import convergence_facts

    facts = convergence_facts(result.config, result.theory, result.simulation)

    def rate(part: dict) -> float | None:
        decay = part.get("decay")
        return None if decay is None else decay["rate"]

    return rate(facts["theory"]), rate(facts["simulation"])


def _experiment_row(label: str, result) -> ExperimentRow:
    params = result.config.params
    summary = result.summary
    coeffs = params.stage_weights
    final = abs(float(result.simulation.admissions[-1]) - float(params.equilibrium_admission))
    return ExperimentRow(label, params.l0, params.lengths[0], params.lengths[-1], verdict_of(coeffs),
                         spectral_radius_of(coeffs), summary.steps, summary.eviction_batches,
                         summary.last_eviction, summary.settle_batch, final)


def gather_experiments(steps: int = LONG_STEPS) -> list[ExperimentRow]:
    """The note's experiment comparison (:data:`EXPERIMENTS`), every run ``steps`` batches long.

    Examples
    --------
    >>> [(r.label, r.verdict) for r in gather_experiments(steps=20)][:2]
    [('default', 'stable'), ('default, $l_0 = 1$', 'on-circle')]
    """
    return [_experiment_row(label, run_named_experiment(config, (*sets, f"steps={steps}")))
            for label, config, sets in EXPERIMENTS]


@lru_cache(maxsize=1)
def gather_sweep():
    """The phase-diagram sweep (:data:`PHASE_GRID`, :data:`PHASE_STEPS`), computed once per process."""
    from ..sweep import parse_grid, run_sweep

    grid = parse_grid(PHASE_GRID["la"], PHASE_GRID["lb"], PHASE_GRID["l0"], PHASE_GRID["p"], PHASE_GRID["B"])
    return run_sweep(grid, PHASE_STEPS)


def period_gcd_from(sweep) -> int | None:
    """Least ``l0`` of the sweep from which every non-coprime setting ends in a cycle of
    period ``gcd(l_A, l_B)`` (``None`` if the largest ``l0`` already fails).

    Examples
    --------
    >>> from types import SimpleNamespace as Row
    >>> rows = [Row(l_A=2, l_B=4, l0=0, period=4), Row(l_A=2, l_B=4, l0=1, period=2),
    ...         Row(l_A=2, l_B=3, l0=0, period=None), Row(l_A=2, l_B=4, l0=2, period=2)]
    >>> period_gcd_from(Row(settings=rows))
    1
    """
    failing = [row.l0 for row in sweep.settings
               if gcd(row.l_A, row.l_B) > 1 and row.period != gcd(row.l_A, row.l_B)]
    top = max(row.l0 for row in sweep.settings)
    start = max(failing, default=-1) + 1
    return None if start > top else start
