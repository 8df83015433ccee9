"""What the modes say about the coupling experiment: decay rates, the dominant mode, and
the unstable modes of a non-coprime pair.

Measured decay rate
-------------------
With ``e_t = |a_t - a*|`` and ``W = max(L - 1, 1)``, the state gap
``E_t = sqrt(e_t^2 + .. + e_{t+W-1}^2)`` (the deviation of the last ``W`` admissions,
which is the recursion's state) behaves like ``rho^t`` times a factor bounded above
and below, also for an oscillating complex pair, where ``e_t`` alone may pass near 0.
The measured rate is ``exp(slope)`` of the least-squares line through ``log E_t``,
over the batches from the start of the fit until ``E_t`` falls to the float64 rounding
floor (``1e-10 max(1, a*)``).  It is a float measurement, compared with ``rho`` and
never used to decide stability; the verdict comes from certified roots.

For the simulation the fit starts after its last eviction: from then on the room is
never negative, so the simulation *is* a theory trajectory started from its state at
that batch, and its own modal decomposition (origin at that batch) applies.

Non-coprime pairs
-----------------
When ``d = gcd(l_k) > 1`` the limiting form has roots at the ``d``-th roots of unity;
at finite ``l0`` the modes near them may leave the unit disk.  For every mode certified
outside the disk the excess ``|mu| - 1`` is set against the first-order prediction
``1 / (l0 + L)`` (``L = l_B`` for two types).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import gcd

import numpy as np

from ..config import ExperimentConfig
from ..dynamics import Trajectory
from .decomposition import ModalDecomposition, Mode, decompose_admissions
from .horizon import modal_horizon
from .records import format_complex, format_number, mode_record

__all__ = ["DecayFit", "measure_decay_rate", "last_eviction", "stability_verdict", "convergence_facts",
           "simulation_decomposition", "ROUNDING_FLOOR"]

ROUNDING_FLOOR = 1e-10


@dataclass(frozen=True)
class DecayFit:
    """A measured geometric rate: ``E_t ~ rate^t`` over batches ``first .. last``."""

    rate: float
    first: int
    last: int

    def as_dict(self) -> dict:
        """JSON-ready form."""
        return {"rate": self.rate, "batches": [self.first, self.last]}


def measure_decay_rate(admissions, a_star, start: int, window: int) -> DecayFit | None:
    """Fit ``|a_t - a*|`` (through the ``window``-batch state gap) from batch ``start`` on.

    Returns ``None`` when fewer than ``window + 2`` batches lie above the rounding floor.

    Examples
    --------
    >>> a = [5 + 3 * 0.5 ** t for t in range(30)]
    >>> fit = measure_decay_rate(a, 5, 0, 2)
    >>> round(fit.rate, 12), fit.first
    (0.5, 0)
    """
    values = np.asarray([float(a) for a in admissions], dtype=float)
    a_star = float(a_star)
    gaps = np.abs(values[start:] - a_star)
    if len(gaps) < window + 2:
        return None
    state = np.sqrt(np.convolve(gaps ** 2, np.ones(window), mode="valid"))
    below = np.nonzero(~(state > ROUNDING_FLOOR * max(1.0, abs(a_star))))[0]
    usable = int(below[0]) if len(below) else len(state)
    if usable < window + 2:
        return None
    batches = np.arange(start, start + usable)
    slope = np.polyfit(batches, np.log(state[:usable]), 1)[0]
    return DecayFit(float(np.exp(slope)), int(batches[0]), int(batches[-1]))


def last_eviction(simulation: Trajectory) -> int | None:
    """Last batch whose way in evicted something (``None`` if none did).

    Examples
    --------
    >>> from coupling_sym.config import build_config
    >>> from coupling_sym.dynamics import run_simulation
    >>> cfg = build_config("default")
    >>> last_eviction(run_simulation(cfg.params, cfg.X0, cfg.steps))
    1
    """
    batches = [t for t, total in enumerate(simulation.eviction_totals) if total > 0]
    return batches[-1] if batches else None


def stability_verdict(decomp: ModalDecomposition) -> str:
    """``stable`` / ``on-circle`` / ``unstable`` for ``P_l0``, from the certified verdict
    of :func:`coupling_sym.stability.certify_stability` (exact arithmetic).

    Examples
    --------
    >>> from coupling_sym.config import build_config
    >>> cfg = build_config("default")
    >>> stability_verdict(decompose_admissions(cfg.params, cfg.X0, 15))
    'stable'
    """
    from ..stability import certify_stability

    return certify_stability(list(decomp.params.stage_weights)).value


def simulation_decomposition(config: ExperimentConfig, simulation: Trajectory, dps: int) -> ModalDecomposition | None:
    """Closed form of the simulation after its last eviction (origin at that batch).

    ``None`` when the simulation still evicts at its last batch.  Without any eviction
    it is the theory's decomposition.  Float states are read exactly (``Fraction``).
    """
    last = last_eviction(simulation)
    if last is None:
        return decompose_admissions(config.params, config.X0, dps)
    if last >= simulation.steps:
        return None
    state = np.array([[Fraction(v) for v in row] for row in simulation.states[last]], dtype=object)
    return decompose_admissions(config.params, state, dps, origin=last)


def _dominant(decomp: ModalDecomposition) -> dict | None:
    if not decomp.modes:
        return None
    from mpmath import mp

    dps = decomp.dps
    mode: Mode = decomp.modes[0]
    with mp.workdps(decomp.working_dps):
        total = sum(m.amplitude for m in decomp.modes if m.root.imag >= 0)
        share = float(mode.amplitude / total) if total else 0.0
    return {**mode_record(mode, dps), "modulus": format_number(mode.modulus, dps),
            "amplitude": format_number(mode.amplitude, dps), "amplitude_share": share,
            "position": mode.position}


def _unstable_modes(decomp: ModalDecomposition) -> dict | None:
    params = decomp.params
    d = gcd(*params.lengths)
    if d == 1:
        return None
    from mpmath import mp

    # 1 / (l0 + L) is the first-order excess for a common prompt; per-type prompts get one per mode
    prediction = Fraction(1, params.l0 + params.L) if params.common_prompt else None
    dps, modes = decomp.dps, []
    with mp.workdps(decomp.working_dps):
        for mode in decomp.modes:
            if mode.position != "outside":
                continue
            excess = mode.modulus - 1
            record = {"root": format_complex(mode.root, dps), "modulus": format_number(mode.modulus, dps),
                      "excess": format_number(excess, dps)}
            if prediction is not None:
                record["excess_over_prediction"] = float(excess * prediction.denominator / prediction.numerator)
            else:  # per-type prompts: the first-order excess of the nearest nontrivial d-th root of unity
                from .prompts import first_order_excess

                w = mp.exp(2j * mp.pi * mp.nint(mp.arg(mode.root) * d / (2 * mp.pi)) / d)
                predicted = first_order_excess(params, w)
                if predicted is not None and predicted != 0:
                    record["first_order_prediction"] = format_number(predicted, dps)
                    record["excess_over_prediction"] = float(excess / predicted)
            modes.append(record)
    return {"gcd": d, "first_order_prediction": None if prediction is None else str(prediction),
            "first_order_prediction_float": None if prediction is None else float(prediction),
            "unstable_modes": modes}


def _relative_error(decomp: ModalDecomposition, admissions) -> float:
    from mpmath import mp

    from .decomposition import _to_mp

    with mp.workdps(decomp.working_dps):
        scale = max(abs(float(a)) for a in admissions) or 1.0
        closed = decomp.closed_forms(decomp.valid_from, len(admissions))
        largest = max((abs(c - _to_mp(admissions[t])) for t, c in enumerate(closed, decomp.valid_from)),
                      default=mp.mpf(0))
        return float(largest / scale)


def convergence_facts(config: ExperimentConfig, theory: Trajectory, simulation: Trajectory, dps: int = 30) -> dict:
    """Convergence facts of one coupling experiment, JSON-ready.

    Modal quantities are decimal strings with ``dps`` digits; measured ones are floats.

    Returns
    -------
    dict
        ``dps``, ``equilibrium``, ``spectral_radius``, ``verdict``, ``valid_from``,
        ``dominant_mode`` (root, modulus, multiplicity, coefficients, amplitude and its
        share of all modes' amplitudes), ``theory`` (measured ``decay`` fit,
        ``rate_minus_rho``, ``closed_form_max_rel_error`` against ``theory``),
        ``simulation`` (``last_eviction``; ``evicting_at_end``, true when fewer than
        ``W + 2`` quiet batches follow it, too few to measure a rate; the numbers of
        evicting batches in all and in the second half of the run; ``decay``,
        ``rate_minus_rho``; its own ``dominant_mode`` after the last eviction) and
        ``non_coprime`` (``None`` for coprime lengths).

    Examples
    --------
    >>> from coupling_sym.config import build_config
    >>> from coupling_sym.dynamics import run_simulation, run_theory
    >>> cfg = build_config("default")
    >>> theory = run_theory(cfg.params, cfg.X0, cfg.steps)
    >>> simulation = run_simulation(cfg.params, cfg.X0, cfg.steps)
    >>> facts = convergence_facts(cfg, theory, simulation, dps=10)
    >>> facts["spectral_radius"], facts["verdict"], round(facts["theory"]["decay"]["rate"], 3)
    ('0.8660254038', 'stable', 0.866)
    """
    from mpmath import mp

    params = config.params
    decomp = decompose_admissions(params, config.X0, dps)
    rho = float(decomp.spectral_radius)
    window = max(params.L - 1, 1)
    a_star = params.equilibrium_admission
    theory_fit = measure_decay_rate(theory.admissions, a_star, decomp.valid_from, window)
    last = last_eviction(simulation)
    evicting = last is not None and simulation.steps - last < window + 2
    sim_start = 0 if last is None else last + 1
    sim_fit = None if evicting else measure_decay_rate(simulation.admissions, a_star, sim_start, window)
    evicting_batches = [t for t, total in enumerate(simulation.eviction_totals) if total > 0]
    sim_decomp = simulation_decomposition(config, simulation, dps)
    with mp.workdps(decomp.working_dps):
        radius = format_number(decomp.spectral_radius, dps)
    return {
        "dps": dps,
        "equilibrium": format_number(decomp.equilibrium, dps),
        "spectral_radius": radius,
        "verdict": stability_verdict(decomp),
        "valid_from": decomp.valid_from,
        "dominant_mode": _dominant(decomp),
        "theory": {
            "decay": None if theory_fit is None else theory_fit.as_dict(),
            "rate_minus_rho": None if theory_fit is None else theory_fit.rate - rho,
            "closed_form_max_rel_error": _relative_error(
                decomp, theory.admissions[:modal_horizon(decomp, theory.admissions, float(a_star)) + 1]),
        },
        "simulation": {
            "last_eviction": last,
            "evicting_at_end": evicting,
            "eviction_batches": len(evicting_batches),
            "eviction_batches_second_half": sum(1 for t in evicting_batches if 2 * t > simulation.steps),
            "decay": None if sim_fit is None else sim_fit.as_dict(),
            "rate_minus_rho": None if sim_fit is None else sim_fit.rate - rho,
            "dominant_mode": None if sim_decomp is None else _dominant(sim_decomp),
        },
        "non_coprime": _unstable_modes(decomp),
    }
