"""One-type limit cycles: the catalogue by eviction level, each entry verified by exact
simulation, its closed-form throughput checked, and its stability probed."""

from .catalogue import CycleEntry, catalogue, candidate_shapes, follow_orbit, one_type_params, state_of_shape
from .closed_forms import check_closed_forms, closed_form
from .perturb import PerturbationOutcome, perturb_orbit, perturb_state

__all__ = ["CycleEntry", "catalogue", "candidate_shapes", "follow_orbit", "one_type_params", "state_of_shape",
           "check_closed_forms", "closed_form", "PerturbationOutcome", "perturb_orbit", "perturb_state"]
