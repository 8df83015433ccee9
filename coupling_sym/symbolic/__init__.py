"""The characteristic equation of the unconstrained model, derived with sympy.

Parameters (:mod:`.parameters`) -> stage recursion as sympy objects (:mod:`.recursion`)
-> the four polynomials ``difference``, ``P``, ``limit``, ``A`` (:mod:`.charpoly`) ->
a second route through the stage matrix (:mod:`.statespace`) -> identity checks (:mod:`.identities`); :mod:`.render` writes them as strings and LaTeX.
Coefficient lists are highest degree first throughout.
"""

from .charpoly import (POLYNOMIALS, CharPoly, DerivationError, charpoly_of_params, coefficient_list,
                       derive_charpoly, derive_from_params)
from .identities import IdentityCheck, check_identities
from .parameters import L0, LAMBDA, SymbolicParams, params_from_model, symbolic_params
from .recursion import extend_admissions
from .statespace import StateSpaceResult, routes_agree, state_space_charpoly, state_space_is_fast, state_space_P

__all__ = [
    "POLYNOMIALS",
    "CharPoly",
    "DerivationError",
    "StateSpaceResult",
    "IdentityCheck",
    "SymbolicParams",
    "LAMBDA",
    "L0",
    "charpoly_of_params",
    "check_identities",
    "coefficient_list",
    "derive_charpoly",
    "derive_from_params",
    "extend_admissions",
    "params_from_model",
    "routes_agree",
    "state_space_charpoly",
    "state_space_is_fast",
    "state_space_P",
    "symbolic_params",
]
