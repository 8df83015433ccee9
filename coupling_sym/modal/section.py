"""The ``modal`` section of a run folder: ``modal/modes.csv`` and ``modal/prediction.png``.

``modes.csv`` has one row per mode and power ``k`` (columns ``trajectory, origin`` and
then :data:`coupling_sym.modal.records.MODE_CSV_COLUMNS`): the theory's modes (origin
0) and, when the simulation stops evicting, the modes of the simulation after its last
eviction (origin at that batch).  The figure (drawn by
:func:`coupling_sym.report.modal.plot_modal_prediction`) overlays the closed forms on
both trajectories and compares ``|a_t - a*|`` with the dominant mode's envelope
``sum_k |C_k| tau^k rho^tau`` (doubled for a conjugate pair), ``tau = t - origin``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..config import ExperimentConfig
from ..dynamics import Trajectory
from .convergence import last_eviction, simulation_decomposition
from .decomposition import ModalDecomposition, decompose_admissions
from .horizon import modal_horizon
from .records import MODE_CSV_COLUMNS, mode_csv_rows

__all__ = ["ModalPrediction", "modal_prediction", "write_modes_csv", "write_modal_section"]


@dataclass(frozen=True)
class ModalPrediction:
    """Everything the modal-prediction figure draws (float64 arrays, one entry per batch).

    ``theory_closed`` / ``simulation_closed`` are NaN where the closed form does not
    apply; ``*_envelope`` is the dominant mode's bound
    :meth:`~coupling_sym.modal.decomposition.Mode.envelope` (NaN where undefined).
    """

    batches: np.ndarray
    theory: np.ndarray
    simulation: np.ndarray
    theory_closed: np.ndarray
    simulation_closed: np.ndarray
    theory_envelope: np.ndarray
    simulation_envelope: np.ndarray
    equilibrium: float
    spectral_radius: float
    valid_from: int
    last_eviction: int | None
    title: str


def _closed(decomp: ModalDecomposition | None, last: int, steps: int | None = None) -> np.ndarray:
    out = np.full((last if steps is None else steps) + 1, np.nan)
    if decomp is not None and decomp.valid_from <= last:
        out[decomp.valid_from:last + 1] = [float(a) for a in decomp.closed_forms(decomp.valid_from, last + 1)]
    return out


def _envelope(decomp: ModalDecomposition | None, last: int, steps: int | None = None) -> np.ndarray:
    out = np.full((last if steps is None else steps) + 1, np.nan)
    if decomp is not None and decomp.modes:
        mode = decomp.modes[0]
        for t in range(decomp.valid_from, last + 1):
            out[t] = float(mode.envelope(t - decomp.origin))
    return out


def _title(config: ExperimentConfig) -> str:
    params = config.params
    lengths = ", ".join(str(x) for x in params.lengths)
    shares = ", ".join(str(p) for p in params.p)
    return f"l0 = {params.prompt_label}, lengths = ({lengths}), B = {params.B}, p = ({shares}), init {config.init}"


def modal_prediction(config: ExperimentConfig, theory: Trajectory, simulation: Trajectory, dps: int = 30,
                     decompositions: tuple | None = None) -> ModalPrediction:
    """Compute the data of the modal-prediction figure.

    ``decompositions`` may pass ``(theory_decomposition, simulation_decomposition)``
    already computed.
    """
    if decompositions is None:
        decompositions = (decompose_admissions(config.params, config.X0, dps),
                          simulation_decomposition(config, simulation, dps))
    theory_decomp, sim_decomp = decompositions
    # drawn up to what the closed form can resolve (coupling_sym.modal.horizon), and the
    # theory's closed form only where the theory was followed: past the stop of an
    # unstable theory it leaves float range (and the figure with it)
    steps = modal_horizon(theory_decomp, theory.admissions, float(config.params.equilibrium_admission))
    followed = steps if theory.stopped is None else min(theory.stopped, steps)
    return ModalPrediction(
        batches=np.arange(steps + 1),
        theory=np.asarray(theory.admissions[:steps + 1], dtype=float),
        simulation=np.asarray(simulation.admissions[:steps + 1], dtype=float),
        theory_closed=_closed(theory_decomp, followed, steps),
        simulation_closed=_closed(sim_decomp, steps),
        theory_envelope=_envelope(theory_decomp, followed, steps),
        simulation_envelope=_envelope(sim_decomp, steps),
        equilibrium=float(config.params.equilibrium_admission),
        spectral_radius=float(theory_decomp.spectral_radius),
        valid_from=theory_decomp.valid_from,
        last_eviction=last_eviction(simulation),
        title=_title(config),
    )


def write_modes_csv(path: Path, decompositions: list[tuple[str, ModalDecomposition]]) -> Path:
    """Write ``modes.csv`` for named decompositions (``[("theory", d), ..]``)."""
    path = Path(path)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["trajectory", "origin", *MODE_CSV_COLUMNS])
        for name, decomp in decompositions:
            for row in mode_csv_rows(decomp):
                writer.writerow([name, decomp.origin, *row])
    return path


def write_modal_section(folder: Path, config: ExperimentConfig, theory: Trajectory, simulation: Trajectory,
                        dps: int = 30) -> list[Path]:
    """Write ``folder/modal/modes.csv`` and ``folder/modal/prediction.png``; return their paths.

    Examples
    --------
    >>> import tempfile
    >>> from coupling_sym.config import build_config
    >>> from coupling_sym.dynamics import run_simulation, run_theory
    >>> cfg = build_config("default", ["steps=20"])
    >>> paths = write_modal_section(Path(tempfile.mkdtemp()), cfg, run_theory(cfg.params, cfg.X0, 20),
    ...                             run_simulation(cfg.params, cfg.X0, 20), dps=15)
    >>> [p.name for p in paths]
    ['modes.csv', 'prediction.png']
    """
    from ..report.modal import plot_modal_prediction, save_modal_figure

    section = Path(folder) / "modal"
    section.mkdir(parents=True, exist_ok=True)
    theory_decomp = decompose_admissions(config.params, config.X0, dps)
    sim_decomp = simulation_decomposition(config, simulation, dps)
    named = [("theory", theory_decomp)] + ([("simulation", sim_decomp)] if sim_decomp is not None else [])
    csv_path = write_modes_csv(section / "modes.csv", named)
    data = modal_prediction(config, theory, simulation, dps, (theory_decomp, sim_decomp))
    png_path = save_modal_figure(plot_modal_prediction(data), section / "prediction.png")
    return [csv_path, png_path]
