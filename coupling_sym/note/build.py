"""Render the theory note's tables and figures from the gathered results.

:func:`render_tables` returns ``{file name: LaTeX}`` for every file of :data:`TABLES`
(the LaTeX comes from :mod:`coupling_sym.report.latex`); :func:`write_tables` and
:func:`write_figures` write them.  Regeneration is deterministic: no time stamps, sorted
outputs, fixed number formats.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Callable, Sequence

from .gather import (BELOW_L0, BELOW_STEPS, FIRST_ORDER_PREFILL, LIMIT_SHARE, LOCUS_L0, LOCUS_PAIR, LOCUS_SHARE,
                     LONG_STEPS, PHASE_GRID, SHARES, THREE_TYPES, CriticalRow, note_variable, count_unstable_everywhere,
                     critical_length, gather_charpoly, gather_critical, gather_estimates, gather_experiments,
                     gather_first_order, gather_growth, gather_limit, gather_sweep, period_gcd_from,
                     decay_rates, run_named_experiment, spectral_radius_of, verdict_of)

__all__ = ["TABLES", "FIGURES", "render_tables", "check_folder", "write_tables", "write_figures"]

# The figures :func:`write_figures` writes, in its order (the note includes each one).
FIGURES = ("comparison.png", "eviction_detail.png", "comparison_below.png", "phase.png", "locus.png")


def _summary_items(result, critical: int | None) -> list[tuple[str, str]]:
    from ..report.latex import latex_decimal, latex_number

    params = result.config.params
    s = result.summary

    def batch(value, never: str) -> str:
        return never if value is None else f"${value}$"

    mantissa, exponent = format(s.tolerance, ".0e").split("e")
    within = ("$" if mantissa == "1" else f"${mantissa}" + r"\times ") + f"10^{{{int(exponent)}}}$"
    final = abs(float(result.simulation.admissions[-1]) - float(params.equilibrium_admission))
    theory_rate, simulation_rate = decay_rates(result)

    def rate(value) -> str:
        return "--" if value is None else latex_decimal(value, 4)

    return [
        ("prefill length $l_0$", f"${params.l0}$"),
        ("decode lengths $(l_1, l_2)$", f"$({params.lengths[0]}, {params.lengths[1]})$"),
        ("share $p$ of type $1$", f"${latex_number(params.p[0])}$"),
        ("memory budget $B$", f"${latex_number(params.B)}$"),
        ("batches $T$", f"${s.steps}$"),
        ("equilibrium admission $a^*$", f"${latex_number(params.equilibrium_admission)}$"),
        (r"spectral radius $\rho$ of $P_{l_0}$", latex_decimal(spectral_radius_of(params.stage_weights), 4)),
        ("critical prefill length $l_0^*$", "--" if critical is None else f"${critical}$"),
        ("first divergence (batch)", batch(s.first_divergence, "none")),
        ("largest gap between the admissions", latex_decimal(s.max_gap, 4)),
        ("batch of the largest gap", f"${s.max_gap_batch}$"),
        ("batches that evict", f"${s.eviction_batches}$"),
        ("requests evicted in all", latex_decimal(s.total_evicted, 4)),
        ("last eviction (batch)", batch(s.last_eviction, "none")),
        (rf"simulation within {within}\,$a^*$ of $a^*$ from batch", batch(s.settle_batch, "not within $T$")),
        ("final distance $|a_T - a^*|$ of the simulation", latex_decimal(final, 6)),
        (r"measured decay rate of $|a_t - a^*|$, theory", rate(theory_rate)),
        (r"\dots, simulation after its last eviction", rate(simulation_rate)),
    ]


def _max_critical(rows: Sequence[CriticalRow]) -> CriticalRow:
    finite = [r for r in rows if r.value is not None]
    return max(finite, key=lambda r: (r.value, -r.l_A, -r.l_B, r.p))


def _values(limit, critical, unstable_counts, default, long_default, three_types, sweep) -> dict[str, str]:
    from .. import __version__
    from ..report.latex import latex_decimal, latex_number

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
        "UnitRootsVerified": str(sum(r.unit_roots_ok for r in limit)),
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
        "DefaultVerdict": verdict_of(params.stage_weights),
        "DefaultRho": latex_decimal(spectral_radius_of(params.stage_weights), 4),
        "DefaultTheoryRate": latex_decimal(decay_rates(default)[0], 4),
        "DefaultSimulationRate": latex_decimal(decay_rates(default)[1], 4),
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
        "LocusPair": f"({LOCUS_PAIR[0]}, {LOCUS_PAIR[1]})",
        "LocusShare": latex_number(LOCUS_SHARE),
        "LocusLzeroMax": str(max(LOCUS_L0)),
        "LocusCritical": str(critical_length(LOCUS_PAIR, (LOCUS_SHARE, 1 - LOCUS_SHARE))),
    }


def _range_latex(text: str) -> str:
    """``"2..4"`` as the set ``\\{2, \\dots, 4\\}``."""
    low, high = text.split("..")
    return f"\\{{{low}, \\dots, {high}\\}}"


def _three_types():
    from ..config import build_config
    from ..symbolic import derive_charpoly

    params = build_config(THREE_TYPES).params
    P = note_variable(derive_charpoly(list(params.lengths), [str(x) for x in params.rates]).latex()["P"])
    return params, P, critical_length(params.lengths, params.p)


#: File name (in the tables folder) -> what the note uses it for.
TABLES = {
    "charpoly.tex": "P_l0 and A for a few pairs (symbolic l0, p)",
    "limit.tex": "limiting-form verdicts and rho for all pairs in 2..12",
    "critical.tex": "l0* for all pairs in 2..12 at p = 1/4, 1/2, 3/4",
    "first_order.tex": "non-coprime pairs: (rho - 1)(l0 + l_B) and the certified unstable range",
    "estimate.tex": "first-order estimate of l0* against the certified value",
    "growth.tex": "l0* of adjacent pairs against L^3 / (2 pi^2 p q)",
    "summary.tex": "the default experiment's summary",
    "experiments.tex": "experiments above, at and below l0*, and a non-coprime pair",
    "agreement.tex": "the phase-diagram sweep: outcomes by certified verdict",
    "values.tex": "numbers quoted in the prose, as macros",
    "odd_gcd.tex": "odd gcd: settings certified unstable for every l0 (coupling_sym.note.paper)",
    "adjacent.tex": "adjacent pairs: certified l0* against three heuristics (coupling_sym.note.paper)",
    "proofs.tex": "numbers quoted by the proofs and certificates, as macros (coupling_sym.note.paper)",
    "prompts.tex": "critical prompts by prompt ratio (note/prompts.py)",
    "prompts_values.tex": "per-type prompt numbers quoted in the prose, as macros",
    "cost.tex": "one-type cycles and their throughput loss by decode length (note/cost.py)",
    "cost_values.tex": "the cost section's numbers quoted in the prose, as macros",
    "remedies.tex": "admission cap scan for one type (note/remedies.py)",
    "remedies_servers.tex": "segregated against mixed servers (note/remedies.py)",
    "remedies_values.tex": "remedy numbers quoted in the prose, as macros",
    "stochastic_jitter.tex": "decode-length jitter against the gcd criterion and a_ref (note/stochastic.py)",
    "stochastic_values.tex": "whole-request numbers quoted in the prose, as macros (note/stochastic.py)",
}


def render_tables(progress: Callable[[int], None] = lambda n=1: None) -> dict[str, str]:
    """Compute every result and return ``{file name: LaTeX source}`` (see :data:`TABLES`).

    ``progress(n)`` is called after each of the ``len(TABLES)`` files.  The tables depend
    on nothing but the package, so they are computed once per process; a later call
    returns a copy at once (and reports every file done).

    Examples
    --------
    >>> tables = render_tables()
    >>> sorted(tables) == sorted(TABLES)
    True
    >>> tables["critical.tex"].splitlines()[2]         # a booktabs table
    '\\\\toprule'
    """
    if _RENDERED:
        progress(len(_RENDERED))
        return dict(_RENDERED)
    _RENDERED.update(_render(progress))
    return dict(_RENDERED)


_RENDERED: dict[str, str] = {}


def _render(progress: Callable[[int], None]) -> dict[str, str]:
    from ..report import latex as writers

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
    out["growth.tex"] = writers.write_growth_table(gather_growth(), SHARES)
    progress(1)
    default = run_named_experiment("default", ())
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
    long_default = run_named_experiment("default", (f"steps={LONG_STEPS}",))
    out["values.tex"] = writers.write_macros(
        _values(limit, critical, count_unstable_everywhere(), default, long_default, _three_types(), sweep))
    progress(1)
    from .paper import render_proof_tables
    from .prompts import render_prompt_tables

    out.update(render_proof_tables(sweep, gather_estimates(critical=lookup)))
    progress(3)
    out.update(render_prompt_tables())
    progress(2)
    from .cost import render_cost_tables

    out.update(render_cost_tables())
    progress(2)
    from .remedies import render_remedy_tables

    out.update(render_remedy_tables())
    progress(3)
    from .stochastic import render_stochastic_tables

    out.update(render_stochastic_tables())
    progress(2)
    return dict(sorted(out.items()))


def check_folder(path: Path, name: str) -> Path:
    """Raise a :class:`~coupling_sym.errors.ParameterError` unless ``path`` is a folder, or
    absent with a folder as its nearest existing ancestor (so it can be created).

    Examples
    --------
    >>> check_folder(Path("/dev/null"), "--out")
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: --out must be a folder (or a path to create); got '/dev/null'
    >>> check_folder(Path("/dev/null/tables"), "--out")
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: --out must be a folder (or a path to create); got '/dev/null/tables'
    """
    from ..errors import parameter_error

    path = Path(path)
    existing = next((folder for folder in (path, *path.parents) if folder.exists()), None)
    if existing is not None and not existing.is_dir():
        raise parameter_error(name, "a folder (or a path to create)", str(path))
    return path


def _make_folder(path: Path, name: str) -> Path:
    """:func:`check_folder`, then create it; an operating-system refusal becomes a ParameterError."""
    from ..errors import parameter_error

    path = check_folder(path, name)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise parameter_error(name, f"a folder that can be created ({exc.strerror})", str(path)) from None
    return path


def write_tables(out: Path, progress: Callable[[int], None] = lambda n=1: None) -> list[Path]:
    """Write every table into the folder ``out`` (created if missing); return the paths.

    Raises
    ------
    ParameterError
        If ``out`` is not a folder and cannot be created, or a file cannot be written.

    Examples
    --------
    >>> import shutil, tempfile
    >>> folder = Path(tempfile.mkdtemp()) / "tables"
    >>> sorted(path.name for path in write_tables(folder)) == sorted(TABLES)
    True
    >>> shutil.rmtree(folder.parent)
    """
    from ..atomic import write_texts
    from ..errors import parameter_error

    out = _make_folder(out, "--out")
    tables = render_tables(progress)
    paths = [out / name for name in tables]
    try:
        write_texts(dict(zip(paths, tables.values())))   # as a set: a failure leaves the earlier tables
    except OSError as exc:
        raise parameter_error("--out", f"a folder the tables can be written to ({exc.strerror})",
                              str(out)) from None
    return paths


def write_figures(out: Path) -> list[Path]:
    """Write the note's figures into ``out``: the default experiment's comparison, the
    eviction detail of :data:`coupling_sym.note.paper.EVICTION_RUN` (it evicts at several stages), the comparison below ``l0*`` (:data:`BELOW_L0`), the phase diagram
    of :func:`gather_sweep` and the root locus of :data:`LOCUS_PAIR`."""
    from ..report.figures import plot_comparison, plot_eviction_detail, save_figure

    from .paper import EVICTION_RUN

    out = _make_folder(out, "--figures")
    default = run_named_experiment("default", ())
    comparison, detail, below_name, phase, locus_name = FIGURES
    paths = [save_figure(plot_comparison(default), out / comparison),
             save_figure(plot_eviction_detail(run_named_experiment(*EVICTION_RUN)), out / detail)]
    below = run_named_experiment("default", (f"l0={BELOW_L0}", f"steps={BELOW_STEPS}"))
    paths.append(save_figure(plot_comparison(below), out / below_name))
    from ..report.locus import plot_locus
    from ..report.phase import plot_phase_diagram
    from ..stability.locus import root_locus

    paths.append(save_figure(plot_phase_diagram(gather_sweep()), out / phase))
    locus = root_locus(LOCUS_PAIR, (LOCUS_SHARE, 1 - LOCUS_SHARE), LOCUS_L0)
    paths.append(save_figure(plot_locus(locus), out / locus_name))
    return paths
