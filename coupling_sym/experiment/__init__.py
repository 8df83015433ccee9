"""The coupling experiment: theory and eviction simulation from one initial state,
their comparison, and the run folder that records it."""

from .folder import create_run_folder, write_run
from .run import ExperimentResult, run_experiment
from .summary import Summary, summarize

__all__ = ["ExperimentResult", "run_experiment", "Summary", "summarize", "create_run_folder", "write_run"]
