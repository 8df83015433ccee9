"""coupling-sym: a fluid model of overloaded LLM serving, analysed exactly.

The model, its conventions and the coupling experiment are described in the user
guide (``docs/``).  Sub-packages follow the data flow: parameters
(:mod:`coupling_sym.params`, :mod:`coupling_sym.config`) -> symbolic derivation
(:mod:`coupling_sym.symbolic`) -> stability (:mod:`coupling_sym.stability`) ->
dynamics (:mod:`coupling_sym.dynamics`) -> experiment and report.

Heavy libraries (sympy, mpmath, flint, matplotlib) are imported only by the modules
that use them, so importing this package and running ``coupling-sym --help`` stays
fast.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
