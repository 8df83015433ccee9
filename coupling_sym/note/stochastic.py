"""The note's whole-request numbers: the fluid limit, the jitter table and the open system.

Convention: every number comes from a seeded run of a shipped stochastic config
(:mod:`coupling_sym.stochastic`), in-process, so the files are the same on every
machine:

* fluid limit: ``default`` with :data:`FLUID_REPLICATIONS` replications at the scales
  :data:`FLUID_SCALES` (:func:`coupling_sym.stochastic.scaling.run_scaling`);
* jitter: ``jitter`` (``l0 = 32``, ``B = 4000``, 400 batches, 100 replications) for the
  tiers :data:`JITTER_PAIRS` (``(8, 4)`` is ``(4, 8)`` with the type order reversed, so the
  tie rule of the admission split favours the long type) and the spreads
  :data:`JITTER_SPREADS` (:func:`coupling_sym.stochastic.jitter.run_jitter`), and the
  coprime fixed tiers ``(4, 7)`` again over :data:`LONG_STEPS` batches;
* open system: ``poisson-geometric`` as shipped (200 replications).

The whole generation takes a few seconds.
"""

from __future__ import annotations

__all__ = ["FLUID_SCALES", "FLUID_REPLICATIONS", "JITTER_PAIRS", "JITTER_SPREADS", "LONG_STEPS",
           "render_stochastic_tables"]

FLUID_SCALES = (1, 4, 16, 64, 256, 1024)
FLUID_REPLICATIONS = 100
JITTER_PAIRS = ((4, 8), (8, 4), (4, 7))
JITTER_SPREADS = (0, 1, 2)
#: Batches of the long run of the fixed coprime tiers (4, 7), which converge slowly.
LONG_STEPS = 1600

_SCALE_NAMES = {1: "One", 4: "Four", 16: "Sixteen", 64: "SixtyFour", 256: "TwoFiftySix", 1024: "ThousandTwentyFour"}


def _percent(value: float, digits: int = 2) -> str:
    """``3.97\\%`` or ``$-0.56$\\%`` (never ``-0.00``)."""
    from ..report.latex import latex_decimal

    text = latex_decimal(100 * value, digits)
    return f"${text}$\\%" if text.startswith("-") else f"{text}\\%"


def _power_of_ten(value: float) -> str:
    """The least power of ten at or above ``value``: ``10^{-4}`` (math mode)."""
    import math

    return f"$10^{{{math.ceil(math.log10(value))}}}$" if value > 0 else "$0$"


def _fluid_values() -> dict[str, str]:
    from ..report.latex import latex_decimal
    from ..stochastic import build_spec
    from ..stochastic.scaling import run_scaling

    result = run_scaling(build_spec("default", [f"replications={FLUID_REPLICATIONS}"]), FLUID_SCALES)
    values = {f"StochDist{_SCALE_NAMES[n]}": latex_decimal(d, 4 if d < 0.01 else 3)
              for n, d in zip(result.scales, result.distances)}
    values["StochFitRate"] = latex_decimal(-result.fit_rate, 2)
    values["StochFluidReplications"] = str(FLUID_REPLICATIONS)
    return values


def _jitter_rows():
    from ..stochastic import build_spec
    from ..stochastic.jitter import run_jitter

    return build_spec("jitter"), run_jitter(build_spec("jitter"), JITTER_PAIRS, JITTER_SPREADS)


def _jitter_table(rows) -> str:
    from ..report.latex import latex_decimal, tabular

    header = [["tiers", "$j$", "evictions / batch", "in the tail", "loss vs $a^*$", "settled", "share of A",
               "$\\bar Z / B$", "vs $a_{\\mathrm{ref}}$ (95\\%)"]]
    body = []
    for r in rows:
        # a_ref counts every admitted request as completing: it is no reference while the run evicts
        band = ("--" if r.settled_fraction < 1 else
                f"{_percent(r.reference_gap)} $\\pm$ {latex_decimal(100 * r.reference_band, 2)}")
        body.append([f"$({r.l_A},{r.l_B})$", str(r.spread), latex_decimal(r.evictions_per_batch, 3),
                     latex_decimal(r.tail_evictions_per_batch, 3), _percent(r.throughput_loss),
                     f"{100 * r.settled_fraction:.0f}\\%", latex_decimal(r.admitted_share, 4),
                     latex_decimal(r.memory_fraction, 4), band])
    rules = [i for i in range(1, len(body)) if (rows[i].l_A, rows[i].l_B) != (rows[i - 1].l_A, rows[i - 1].l_B)]
    return tabular("@{}lrrrrrrrr@{}", header, body, rules,
                   note="jitter: l0 = 32, B = 4000, 400 batches, 100 replications (coupling_sym.note.stochastic)")


def _jitter_values(spec, rows) -> dict[str, str]:
    from dataclasses import replace

    from ..report.latex import latex_decimal
    from ..stochastic.lengths import jittered
    from ..stochastic.reference import memory_reference
    from ..stochastic.replicate import run_replications

    random = [r for r in rows if r.spread > 0]
    above = [r for r in random if (r.l_A, r.l_B) != (8, 4)]
    reversed_ = [r for r in random if (r.l_A, r.l_B) == (8, 4)]
    fixed = {(r.l_A, r.l_B): r for r in rows if r.spread == 0}
    long_spec = replace(spec, decode=(jittered(4, 0), jittered(7, 0)), steps=LONG_STEPS)
    long_ref = memory_reference(long_spec, run_replications(long_spec))
    return {
        "StochJitterMaxExcess": latex_decimal(-100 * min(r.throughput_loss for r in above), 2),
        "StochJitterMinExcess": latex_decimal(-100 * max(r.throughput_loss for r in above), 2),
        "StochJitterReversedMin": latex_decimal(100 * min(r.throughput_loss for r in reversed_), 2),
        "StochJitterReversedMax": latex_decimal(100 * max(r.throughput_loss for r in reversed_), 2),
        "StochJitterShareMin": latex_decimal(min(r.admitted_share for r in random), 3),
        "StochJitterShareMax": latex_decimal(max(r.admitted_share for r in random), 3),
        "StochJitterMemory": latex_decimal(min(r.memory_fraction for r in random), 4),
        "StochJitterMemoryCost": latex_decimal(100 * (1 - min(r.memory_fraction for r in random)), 1),
        "StochJitterDrift": _power_of_ten(max(abs(r.tail_drift) / (1 - r.throughput_loss) / r.equilibrium
                                              for r in random)),
        "StochJitterMaxGap": latex_decimal(100 * max(abs(r.reference_gap) for r in random), 2),
        "StochJitterMaxBand": latex_decimal(100 * max(r.reference_band for r in random), 2),
        "StochNonCoprimeLoss": latex_decimal(100 * fixed[(4, 8)].throughput_loss, 0),
        "StochCoprimeShortGap": _percent(fixed[(4, 7)].reference_gap),
        "StochCoprimeLongSteps": f"{LONG_STEPS:,}".replace(",", "{,}"),
        "StochCoprimeLongGap": _percent(long_ref.gap, 3),
        "StochCoprimeLongLoss": _percent(1 - long_ref.throughput / long_ref.equilibrium),
    }


def _open_values() -> dict[str, str]:
    from ..report.latex import latex_decimal
    from ..stochastic import build_spec
    from ..stochastic.replicate import run_replications
    from ..stochastic.summary import summarise_study

    spec = build_spec("poisson-geometric")
    s = summarise_study(spec, run_replications(spec))
    return {
        "StochOpenReplications": str(s.replications),
        "StochOpenLoad": f"{100 * float(sum(spec.rates)) / s.equilibrium:.0f}",
        "StochOpenThroughput": latex_decimal(s.throughput, 2),
        "StochOpenRate": latex_decimal(float(sum(spec.rates)), 1),
        "StochOpenLow": latex_decimal(s.throughput_low, 2),
        "StochOpenHigh": latex_decimal(s.throughput_high, 2),
        "StochOpenQueue": latex_decimal(s.mean_queue_tail, 1),
        "StochOpenWaiting": latex_decimal(s.waiting_time, 1),
        "StochOpenEvictions": latex_decimal(s.evictions_per_batch, 3),
    }


def render_stochastic_tables() -> dict[str, str]:
    """``{"stochastic_jitter.tex", "stochastic_values.tex"}`` for the note's section on
    whole requests (module notes)."""
    from ..report.latex import write_macros

    spec, rows = _jitter_rows()
    values = {**_fluid_values(), **_jitter_values(spec, rows), **_open_values()}
    return {"stochastic_jitter.tex": _jitter_table(rows), "stochastic_values.tex": write_macros(values)}
