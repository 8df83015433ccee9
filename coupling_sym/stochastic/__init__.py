"""The request-level (stochastic) simulator: whole requests, random lengths and arrivals.

The fluid model of MODEL.md holds real-valued populations; this package holds integer
requests as tables of counts (:mod:`~coupling_sym.stochastic.simulate`), with decode
lengths fixed or drawn per request (:mod:`~coupling_sym.stochastic.lengths`), saturated
or Poisson arrivals, greedy or rate-limited admission
(:mod:`~coupling_sym.stochastic.admission`) and least-progress eviction of whole requests.
"""

from .lengths import LengthDistribution, parse_distribution
from .simulate import StochasticRun, concatenate_runs, simulate
from .spec import StochasticSpec, build_spec, resolve_spec, scaled

__all__ = ["LengthDistribution", "parse_distribution", "StochasticRun", "simulate", "concatenate_runs",
           "StochasticSpec", "build_spec", "resolve_spec", "scaled"]
