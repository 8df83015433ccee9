"""coupling-sym: a fluid model of overloaded LLM serving, analysed exactly.

The model, its conventions and the coupling experiment are described in the user
guide (``docs/``).  Sub-packages follow the data flow: parameters
(:mod:`coupling_sym.params`, :mod:`coupling_sym.config`) -> symbolic derivation
(:mod:`coupling_sym.symbolic`) -> stability (:mod:`coupling_sym.stability`) ->
dynamics (:mod:`coupling_sym.dynamics`) -> experiment and report.

The main entry points are available from the package itself, e.g.
``coupling_sym.build_config`` or ``coupling_sym.certify_stability``.  They are imported
on first use (PEP 562), so ``import coupling_sym`` loads none of the heavy libraries
(sympy, mpmath, flint, matplotlib) and ``coupling-sym --help`` stays fast.  Results are
frozen dataclasses whose ``as_dict()`` gives JSON-ready data; ``plot_*`` functions
return matplotlib figures without showing them.

Examples
--------
>>> import coupling_sym as cs
>>> config = cs.build_config("default")
>>> config.params.equilibrium_admission
Fraction(5, 1)
>>> cs.certify_stability(config.params.stage_weights).value
'stable'
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

#: Public name -> module that defines it.  Adding a name to the API is one line here.
_API: dict[str, str] = {
    # parameters and configs
    "ModelParams": "coupling_sym.params",
    "make_params": "coupling_sym.params",
    "two_type_params": "coupling_sym.params",
    "ExperimentConfig": "coupling_sym.config",
    "build_config": "coupling_sym.config",
    "resolve_config": "coupling_sym.config",
    "shipped_configs": "coupling_sym.config",
    "initial_state": "coupling_sym.state",
    "footprint_matrix": "coupling_sym.state",
    # the experiment and its trajectories
    "ExperimentResult": "coupling_sym.experiment.run",
    "run_experiment": "coupling_sym.experiment.run",
    "Summary": "coupling_sym.experiment.summary",
    "create_run_folder": "coupling_sym.experiment.folder",
    "write_run": "coupling_sym.experiment.folder",
    "Trajectory": "coupling_sym.dynamics.step",
    "run_theory": "coupling_sym.dynamics.theory",
    "run_simulation": "coupling_sym.dynamics.eviction",
    "run_aggregate": "coupling_sym.dynamics.aggregate",
    "Costs": "coupling_sym.dynamics.metrics",
    "Cycle": "coupling_sym.dynamics.metrics",
    "measure_costs": "coupling_sym.dynamics.metrics",
    "detect_cycle": "coupling_sym.dynamics.metrics",
    # cycles of one type
    "CycleEntry": "coupling_sym.cycles.catalogue",
    "catalogue": "coupling_sym.cycles.catalogue",
    "one_type_params": "coupling_sym.cycles.catalogue",
    "follow_orbit": "coupling_sym.cycles.catalogue",
    "check_closed_forms": "coupling_sym.cycles.closed_forms",
    "PerturbationOutcome": "coupling_sym.cycles.perturb",
    "perturb_orbit": "coupling_sym.cycles.perturb",
    "CycleReport": "coupling_sym.cycles.report",
    "cycle_report": "coupling_sym.cycles.report",
    # the characteristic polynomial
    "CharPoly": "coupling_sym.symbolic.charpoly",
    "derive_charpoly": "coupling_sym.symbolic.charpoly",
    "derive_from_params": "coupling_sym.symbolic.charpoly",
    "check_identities": "coupling_sym.symbolic.identities",
    "charpoly_checks": "coupling_sym.symbolic.checks",
    # certified stability and l0*
    "Verdict": "coupling_sym.stability.verdict",
    "certify_stability": "coupling_sym.stability.verdict",
    "RootsResult": "coupling_sym.stability.roots",
    "compute_roots": "coupling_sym.stability.roots",
    "spectral_radius": "coupling_sym.stability.roots",
    "RootsReport": "coupling_sym.stability.report",
    "roots_report": "coupling_sym.stability.report",
    "CriticalL0": "coupling_sym.stability.critical",
    "critical_l0": "coupling_sym.stability.critical",
    "stability_summary": "coupling_sym.stability.summary",
    "PairReport": "coupling_sym.stability.summary",
    "verify_pairs": "coupling_sym.stability.summary",
    "verify_range": "coupling_sym.stability.pairs",
    "ScanRow": "coupling_sym.stability.scan",
    "scan_settings": "coupling_sym.stability.scan",
    "LocusData": "coupling_sym.stability.locus",
    "root_locus": "coupling_sym.stability.locus",
    "critical_scale": "coupling_sym.stability.ray",
    "certify_every_prefill": "coupling_sym.stability.noncoprime",
    # the modal decomposition
    "ModalDecomposition": "coupling_sym.modal.decomposition",
    "Mode": "coupling_sym.modal.decomposition",
    "decompose_admissions": "coupling_sym.modal.decomposition",
    "exact_admissions": "coupling_sym.modal.decomposition",
    "ModalReport": "coupling_sym.modal.report",
    "modal_report": "coupling_sym.modal.report",
    "certify_run": "coupling_sym.modal.certify",
    # remedies: admission and arrival strategies, scans, routing, tier design
    "make_admission": "coupling_sym.dynamics.admission",
    "make_arrivals": "coupling_sym.dynamics.arrivals",
    "run_served": "coupling_sym.dynamics.served",
    "scan_caps": "coupling_sym.remedies.scans",
    "run_routing": "coupling_sym.remedies.servers",
    "design_mix": "coupling_sym.stability.mix",
    # whole requests, and the engine that runs chunks in-process or on Dask
    "build_spec": "coupling_sym.stochastic.spec",
    "simulate": "coupling_sym.stochastic.simulate",
    "make_engine": "coupling_sym.engine",
    "run_chunks": "coupling_sym.engine",
    # sweeps
    "SweepSetting": "coupling_sym.sweep.grid",
    "build_grid": "coupling_sym.sweep.grid",
    "parse_grid": "coupling_sym.sweep.grid",
    "SweepResult": "coupling_sym.sweep.run",
    "run_sweep": "coupling_sym.sweep.run",
    "write_sweep_csv": "coupling_sym.sweep.export",
    # figures (matplotlib Figures, never shown)
    "plot_comparison": "coupling_sym.report.figures",
    "plot_eviction_detail": "coupling_sym.report.figures",
    "plot_locus": "coupling_sym.report.locus",
    "plot_phase_diagram": "coupling_sym.report.phase",
    "plot_modal_prediction": "coupling_sym.report.modal",
    # the note's tables
    "render_tables": "coupling_sym.note.build",
    "write_tables": "coupling_sym.note.build",
    # errors
    "CouplingError": "coupling_sym.errors",
    "ParameterError": "coupling_sym.errors",
    "ConfigError": "coupling_sym.errors",
    "PrecisionError": "coupling_sym.errors",
    # records
    "to_record": "coupling_sym.records",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str):
    """Import a public name from its module on first use (PEP 562)."""
    try:
        module = _API[name]
    except KeyError:
        raise AttributeError(f"module 'coupling_sym' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
