"""Gather the results quoted by the theory note and write its tables and figures.

The note ``tex/multiple_discrete.tex`` ``\\input``s every file written here; nothing in it
is typed by hand.  This module only calls the toolkit (symbolic derivation, certified
stability, the coupling experiment) and hands the results to the LaTeX writers of
:mod:`coupling_sym.report.tables` and the figures of :mod:`coupling_sym.report.figures`.

Conventions:

* pairs are ``2 <= l_A < l_B <= 12`` (:data:`LENGTHS`), ``p = p_A``;
* the limiting form is tabulated at ``p = 1/2`` (its verdict does not depend on ``p``,
  Theorem "coprime" of the note), ``l0*`` at ``p = 1/4, 1/2, 3/4``;
* spectral radii are computed by :func:`coupling_sym.stability.compute_roots` at
  :data:`DPS` digits and written with 4 decimals; verdicts are certified;
* experiments run in float64 (the experiment's own arithmetic).

Regeneration is deterministic: no time stamps, sorted outputs, fixed formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from fractions import Fraction
from math import gcd
from pathlib import Path
from typing import Callable, Sequence

__all__ = [
    "LENGTHS",
    "SHARES",
    "CHARPOLY_PAIRS",
    "CharpolyRow",
    "LimitRow",
    "CriticalRow",
    "FirstOrderRow",
    "EstimateRow",
    "ExperimentRow",
    "TABLES",
    "gather_charpoly",
    "gather_limit",
    "gather_critical",
    "gather_first_order",
    "count_unstable_everywhere",
    "gather_estimates",
    "gather_experiments",
    "gather_sweep",
    "period_gcd_from",
    "render_tables",
    "write_tables",
    "write_figures",
    "check_folder",
]

LENGTHS = tuple(range(2, 13))
SHARES = (Fraction(1, 4), Fraction(1, 2), Fraction(3, 4))
LIMIT_SHARE = Fraction(1, 2)
CHARPOLY_PAIRS = ((2, 3), (2, 4), (3, 4), (3, 5))
FIRST_ORDER_PREFILL = (10, 100, 1000)
ESTIMATE_PAIRS = ((2, 3), (3, 4), (2, 5), (5, 6), (7, 8), (2, 11), (5, 12), (11, 12))
THREE_TYPES = "three-types"
LONG_STEPS = 400
#: The figure below ``l0*``: the default experiment at this prefill length, this long.
BELOW_L0 = 1
BELOW_STEPS = 120
DPS = 30
#: The phase diagram: a sweep of the eviction simulation (issue "sweep") over this grid.
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
    """Certified verdict and spectral radius of ``A`` for one pair."""

    l_A: int
    l_B: int
    gcd: int
    verdict: str
    rho: float


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
    from .params import two_type_params

    return two_type_params(l0, l_A, l_B, p)


def _limit_coefficients(l_A: int, l_B: int, p: Fraction) -> tuple[Fraction, ...]:
    # A's coefficients are the stage shares s_j, highest degree first (params.py).
    return _two_type_params(l_A, l_B, p).stage_shares


def _prefill_coefficients(l_A: int, l_B: int, p: Fraction, l0: int) -> tuple[Fraction, ...]:
    # P_l0's coefficients are the stage weights c_j, highest degree first (params.py).
    return _two_type_params(l_A, l_B, p, l0).stage_weights


def _rho(coeffs) -> float:
    from .stability import compute_roots

    return float(compute_roots(coeffs, dps=DPS).rho)


def _verdict(coeffs) -> str:
    from .stability import certify_stability

    return str(certify_stability(coeffs))


def _critical(lengths: Sequence[int], shares: Sequence[Fraction]) -> int | None:
    from .stability import critical_l0

    return critical_l0(tuple(lengths), tuple(shares)).value


def gather_charpoly(pairs: Sequence[tuple[int, int]] = CHARPOLY_PAIRS) -> list[CharpolyRow]:
    """``P_l0`` and ``A`` derived by sympy with ``l0`` and ``p`` symbolic."""
    from .symbolic import derive_charpoly

    rows = []
    for l_A, l_B in pairs:
        latex = derive_charpoly([l_A, l_B]).latex()
        rows.append(CharpolyRow(l_A, l_B, latex["P"], latex["A"]))
    return rows


def gather_limit(lengths: Sequence[int] = LENGTHS, p: Fraction = LIMIT_SHARE) -> list[LimitRow]:
    """Certified verdict and spectral radius of ``A`` for every pair of ``lengths``."""
    rows = []
    for l_A, l_B in _pairs(lengths):
        coeffs = _limit_coefficients(l_A, l_B, p)
        rows.append(LimitRow(l_A, l_B, gcd(l_A, l_B), _verdict(coeffs), _rho(coeffs)))
    return rows


def gather_critical(lengths: Sequence[int] = LENGTHS, shares: Sequence[Fraction] = SHARES) -> list[CriticalRow]:
    """``l0*`` for every pair of ``lengths`` at every share."""
    return [CriticalRow(l_A, l_B, p, _critical((l_A, l_B), (p, 1 - p)))
            for p in shares for l_A, l_B in _pairs(lengths)]


def _unstable_everywhere(l_A: int, l_B: int, p: Fraction) -> tuple[bool, int]:
    """Whether ``P_l0`` is certified unstable for every integer ``l0 >= 0``, and the bound used.

    Above ``top`` (past every crossing value) the critical-length proof of
    :func:`coupling_sym.stability.critical_l0` settles all ``l0`` at once; below it each
    ``l0`` gets its own exact verdict.
    """
    from .stability import critical_l0

    result = critical_l0((l_A, l_B), (p, 1 - p))
    if result.value is not None:
        return False, result.top
    below = all(_verdict(_prefill_coefficients(l_A, l_B, p, l0)) == "unstable" for l0 in range(result.top))
    return below, result.top


def gather_first_order(lengths: Sequence[int] = LENGTHS, p: Fraction = LIMIT_SHARE,
                       prefill: Sequence[int] = FIRST_ORDER_PREFILL) -> list[FirstOrderRow]:
    """For every non-coprime pair: the scaled excess ``(rho - 1)(l0 + l_B)`` at each
    ``l0`` of ``prefill``, and whether ``P_l0`` is certified unstable for every ``l0``."""
    rows = []
    for l_A, l_B in _pairs(lengths):
        d = gcd(l_A, l_B)
        if d == 1:
            continue
        scaled = {l0: (_rho(_prefill_coefficients(l_A, l_B, p, l0)) - 1) * (l0 + l_B) for l0 in prefill}
        everywhere, top = _unstable_everywhere(l_A, l_B, p)
        rows.append(FirstOrderRow(l_A, l_B, d, scaled, top, everywhere))
    return rows


def count_unstable_everywhere(lengths: Sequence[int] = LENGTHS,
                              shares: Sequence[Fraction] = SHARES) -> tuple[int, int]:
    """``(verified, total)`` over the non-coprime settings (pair, share) of the grid."""
    settings = [(a, b, p) for p in shares for a, b in _pairs(lengths) if gcd(a, b) > 1]
    return sum(_unstable_everywhere(a, b, p)[0] for a, b, p in settings), len(settings)


def gather_estimates(pairs: Sequence[tuple[int, int]] = ESTIMATE_PAIRS, p: Fraction = LIMIT_SHARE,
                     critical: dict | None = None) -> list[EstimateRow]:
    """The first-order estimate of ``l0*`` next to the certified value."""
    rows = []
    for l_A, l_B in pairs:
        rho = _rho(_limit_coefficients(l_A, l_B, p))
        value = (critical or {}).get((l_A, l_B, p))
        if value is None:
            value = _critical((l_A, l_B), (p, 1 - p))
        rows.append(EstimateRow(l_A, l_B, p, rho, rho / (1 - rho) - l_B, value))
    return rows


def _experiment(config: str, overrides: Sequence[str]):
    from .config import build_config
    from .experiment import run_experiment

    return run_experiment(build_config(config, list(overrides)))


def _experiment_row(label: str, result) -> ExperimentRow:
    params = result.config.params
    summary = result.summary
    coeffs = params.stage_weights
    final = abs(float(result.simulation.admissions[-1]) - float(params.equilibrium_admission))
    return ExperimentRow(label, params.l0, params.lengths[0], params.lengths[-1], _verdict(coeffs), _rho(coeffs),
                         summary.steps, summary.eviction_batches, summary.last_eviction, summary.settle_batch, final)


def gather_experiments(steps: int = LONG_STEPS) -> list[ExperimentRow]:
    """The note's experiment comparison, every run ``steps`` batches long."""
    return [_experiment_row(label, _experiment(config, (*sets, f"steps={steps}")))
            for label, config, sets in EXPERIMENTS]


@lru_cache(maxsize=1)
def gather_sweep():
    """The phase-diagram sweep (:data:`PHASE_GRID`, :data:`PHASE_STEPS`), computed once per process."""
    from .sweep import parse_grid, run_sweep

    grid = parse_grid(PHASE_GRID["la"], PHASE_GRID["lb"], PHASE_GRID["l0"], PHASE_GRID["p"], PHASE_GRID["B"])
    return run_sweep(grid, PHASE_STEPS)


def period_gcd_from(sweep) -> int | None:
    """Least ``l0`` of the sweep from which every non-coprime setting ends in a cycle of
    period ``gcd(l_A, l_B)`` (``None`` if the largest ``l0`` already fails)."""
    failing = [row.l0 for row in sweep.settings
               if gcd(row.l_A, row.l_B) > 1 and row.period != gcd(row.l_A, row.l_B)]
    top = max(row.l0 for row in sweep.settings)
    start = max(failing, default=-1) + 1
    return None if start > top else start


def _summary_items(result, critical: int | None) -> list[tuple[str, str]]:
    from .report.tables import latex_decimal, latex_number

    params = result.config.params
    s = result.summary

    def batch(value, never: str) -> str:
        return never if value is None else f"${value}$"

    mantissa, exponent = format(s.tolerance, ".0e").split("e")
    within = ("$" if mantissa == "1" else f"${mantissa}" + r"\times ") + f"10^{{{int(exponent)}}}$"
    final = abs(float(result.simulation.admissions[-1]) - float(params.equilibrium_admission))
    return [
        ("prefill length $l_0$", f"${params.l0}$"),
        ("decode lengths $(l_A, l_B)$", f"$({params.lengths[0]}, {params.lengths[1]})$"),
        ("share $p$ of type $A$", f"${latex_number(params.p[0])}$"),
        ("memory budget $B$", f"${latex_number(params.B)}$"),
        ("batches $T$", f"${s.steps}$"),
        ("equilibrium admission $a^*$", f"${latex_number(params.equilibrium_admission)}$"),
        (r"spectral radius $\rho$ of $P_{l_0}$", latex_decimal(_rho(params.stage_weights), 4)),
        ("critical prefill length $l_0^*$", "--" if critical is None else f"${critical}$"),
        ("first divergence (batch)", batch(s.first_divergence, "none")),
        ("largest gap between the admissions", latex_decimal(s.max_gap, 4)),
        ("batch of the largest gap", f"${s.max_gap_batch}$"),
        ("batches that evict", f"${s.eviction_batches}$"),
        ("requests evicted in all", latex_decimal(s.total_evicted, 4)),
        ("last eviction (batch)", batch(s.last_eviction, "none")),
        (f"simulation within {within} of $a^*$ from batch", batch(s.settle_batch, "not within $T$")),
        ("final distance $|a_T - a^*|$ of the simulation", latex_decimal(final, 6)),
    ]


def _max_critical(rows: Sequence[CriticalRow]) -> CriticalRow:
    finite = [r for r in rows if r.value is not None]
    return max(finite, key=lambda r: (r.value, -r.l_A, -r.l_B, r.p))


def _values(limit, critical, unstable_counts, default, long_default, three_types, sweep) -> dict[str, str]:
    from . import __version__
    from .report.tables import latex_decimal, latex_number

    params = default.config.params
    s = default.summary
    top = _max_critical(critical)
    lookup = {(r.l_A, r.l_B, r.p): r.value for r in critical}
    default_critical = lookup.get((params.lengths[0], params.lengths[1], params.p[0]))
    three_params, three_P, three_critical = three_types
    return {
        "PackageVersion": __version__,
        "LimitShare": latex_number(LIMIT_SHARE),
        "FirstOrderShare": latex_number(LIMIT_SHARE),
        "PairCount": str(len(limit)),
        "CoprimeCount": str(sum(r.verdict == "stable" for r in limit)),
        "NoncoprimeCount": str(sum(r.verdict == "on-circle" for r in limit)),
        "NoncoprimeVerified": str(unstable_counts[0]),
        "NoncoprimeSettings": str(unstable_counts[1]),
        "CriticalMax": str(top.value),
        "CriticalMaxPair": f"({top.l_A}, {top.l_B})",
        "CriticalMaxShare": latex_number(top.p),
        "ThreeTypesLengths": "(" + ", ".join(str(x) for x in three_params.lengths) + ")",
        "ThreeTypesShares": "(" + ", ".join(latex_number(x) for x in three_params.p) + ")",
        "ThreeTypesP": three_P,
        "ThreeTypesCritical": "--" if three_critical is None else str(three_critical),
        "DefaultLzero": str(params.l0),
        "DefaultPair": f"({params.lengths[0]}, {params.lengths[1]})",
        "DefaultBudget": latex_number(params.B),
        "DefaultShare": latex_number(params.p[0]),
        "DefaultSteps": str(s.steps),
        "DefaultVerdict": _verdict(params.stage_weights),
        "DefaultRho": latex_decimal(_rho(params.stage_weights), 4),
        "DefaultCritical": "--" if default_critical is None else str(default_critical),
        "DefaultFirstDivergence": "--" if s.first_divergence is None else str(s.first_divergence),
        "DefaultEvictionBatches": str(s.eviction_batches),
        "DefaultLastEviction": "--" if s.last_eviction is None else str(s.last_eviction),
        "DefaultEquilibrium": latex_number(params.equilibrium_admission),
        "LongSteps": str(long_default.summary.steps),
        "LongSettle": "--" if long_default.summary.settle_batch is None else str(long_default.summary.settle_batch),
        "BelowLzero": str(BELOW_L0),
        "BelowSteps": str(BELOW_STEPS),
        "EstimateShare": latex_number(LIMIT_SHARE),
        "PhaseSettings": str(sweep.summary.total),
        "PhaseSteps": str(sweep.steps),
        "PhaseShare": latex_number(Fraction(PHASE_GRID["p"])),
        "PhaseBudget": latex_number(sweep.B),
        "PhaseLA": _range_latex(PHASE_GRID["la"]),
        "PhaseLB": _range_latex(PHASE_GRID["lb"]),
        "PhaseLzero": _range_latex(PHASE_GRID["l0"]),
        "PhaseDisagreements": str(len(sweep.summary.disagreements)),
        "PhasePeriodFrom": str(period_gcd_from(sweep)),
    }


def _range_latex(text: str) -> str:
    """``"2..4"`` as the set ``\\{2, \\dots, 4\\}``."""
    low, high = text.split("..")
    return f"\\{{{low}, \\dots, {high}\\}}"


def _three_types():
    from .config import build_config
    from .symbolic import derive_charpoly

    params = build_config(THREE_TYPES).params
    P = derive_charpoly(list(params.lengths), [str(x) for x in params.rates]).latex()["P"]
    return params, P, _critical(params.lengths, params.p)


#: File name (in the tables folder) -> what the note uses it for.
TABLES = {
    "charpoly.tex": "P_l0 and A for a few pairs (symbolic l0, p)",
    "limit.tex": "limiting-form verdicts and rho for all pairs in 2..12",
    "critical.tex": "l0* for all pairs in 2..12 at p = 1/4, 1/2, 3/4",
    "first_order.tex": "non-coprime pairs: (rho - 1)(l0 + l_B) and the certified unstable range",
    "estimate.tex": "first-order estimate of l0* against the certified value",
    "summary.tex": "the default experiment's summary",
    "experiments.tex": "experiments above, at and below l0*, and a non-coprime pair",
    "agreement.tex": "the phase-diagram sweep: outcomes by certified verdict",
    "values.tex": "numbers quoted in the prose, as macros",
}


def render_tables(progress: Callable[[int], None] = lambda n=1: None) -> dict[str, str]:
    """Compute every result and return ``{file name: LaTeX source}`` (see :data:`TABLES`).

    ``progress(n)`` is called after each of the ``len(TABLES)`` files.
    """
    from .report import tables as writers

    out: dict[str, str] = {}
    out["charpoly.tex"] = writers.write_charpoly_table(gather_charpoly())
    progress(1)
    limit = gather_limit()
    out["limit.tex"] = writers.write_limit_table(limit)
    progress(1)
    critical = gather_critical()
    out["critical.tex"] = writers.write_critical_table(critical, SHARES)
    progress(1)
    first_order = gather_first_order()
    out["first_order.tex"] = writers.write_first_order_table(first_order, FIRST_ORDER_PREFILL)
    progress(1)
    lookup = {(r.l_A, r.l_B, r.p): r.value for r in critical}
    out["estimate.tex"] = writers.write_estimate_table(gather_estimates(critical=lookup))
    progress(1)
    default = _experiment("default", ())
    params = default.config.params
    default_critical = lookup.get((params.lengths[0], params.lengths[1], params.p[0]))
    out["summary.tex"] = writers.write_summary_table(_summary_items(default, default_critical))
    progress(1)
    experiments = gather_experiments()
    out["experiments.tex"] = writers.write_experiments_table(experiments)
    progress(1)
    sweep = gather_sweep()
    out["agreement.tex"] = writers.write_agreement_table(sweep.summary)
    progress(1)
    long_default = _experiment("default", (f"steps={LONG_STEPS}",))
    out["values.tex"] = writers.write_macros(
        _values(limit, critical, count_unstable_everywhere(), default, long_default, _three_types(), sweep))
    progress(1)
    return dict(sorted(out.items()))


def check_folder(path: Path, name: str) -> Path:
    """Raise a :class:`~coupling_sym.errors.ParameterError` unless ``path`` is a folder or absent.

    Examples
    --------
    >>> check_folder(Path("/dev/null"), "--out")
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: --out must be a folder (or a path to create); got '/dev/null'
    """
    from .errors import parameter_error

    path = Path(path)
    if path.exists() and not path.is_dir():
        raise parameter_error(name, "a folder (or a path to create)", str(path))
    return path


def write_tables(out: Path, progress: Callable[[int], None] = lambda n=1: None) -> list[Path]:
    """Write every table into the folder ``out`` (created if missing); return the paths."""
    out = check_folder(out, "--out")
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in render_tables(progress).items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def write_figures(out: Path) -> list[Path]:
    """Write the note's figures into ``out``: the default experiment's comparison and
    eviction detail, the comparison below ``l0*`` (:data:`BELOW_L0`) and the phase
    diagram of :func:`gather_sweep`."""
    from .report.figures import plot_comparison, plot_eviction_detail, save_figure

    out = check_folder(out, "--figures")
    out.mkdir(parents=True, exist_ok=True)
    default = _experiment("default", ())
    paths = [save_figure(plot_comparison(default), out / "comparison.png"),
             save_figure(plot_eviction_detail(default), out / "eviction_detail.png")]
    below = _experiment("default", (f"l0={BELOW_L0}", f"steps={BELOW_STEPS}"))
    paths.append(save_figure(plot_comparison(below), out / "comparison_below.png"))
    from .report.phase import plot_phase_diagram

    paths.append(save_figure(plot_phase_diagram(gather_sweep()), out / "phase.png"))
    return paths
