"""Closed-form (modal) decomposition of the theory admissions, and what it says about
the coupling experiment: dominant modes, decay rates, unstable modes.

``a_t = a* + sum_i sum_{k < m_i} C_ik (t - origin)^k mu_i^(t - origin)`` over the distinct
roots ``mu_i`` of ``P_l0`` (multiplicity ``m_i``); see
:mod:`coupling_sym.modal.decomposition` for the conventions and the first valid batch.
"""

from .convergence import convergence_facts, measure_decay_rate
from .decomposition import ModalDecomposition, Mode, decompose_admissions, exact_admissions, first_valid_batch
from .roots import CharacteristicRoot, characteristic_roots, squarefree_factors
from .section import write_modal_section

__all__ = ["Mode", "ModalDecomposition", "decompose_admissions", "exact_admissions", "first_valid_batch",
           "CharacteristicRoot", "characteristic_roots", "squarefree_factors", "convergence_facts",
           "measure_decay_rate", "write_modal_section"]
