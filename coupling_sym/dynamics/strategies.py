"""Serving strategies read from a config: admission, arrivals and the iteration time.

Config keys (all optional; absent keys give the model's saturated greedy server):
``admission`` (``greedy`` | ``rate-limited``), ``cap`` (requests per batch, default
``a*``), ``arrivals`` (``saturated`` | ``deterministic`` | ``poisson``), ``seed``
(Poisson), and ``b0``, ``b1``: the iteration time ``tau(Z) = b0 + b1 Z`` seconds of a
batch holding ``Z`` tokens (given together, ``b0, b1 >= 0``, not both zero).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping

from ..errors import ConfigError, parameter_error
from ..params import ModelParams, parse_rational
from .admission import Greedy, make_admission
from .arrivals import Saturated, make_arrivals

__all__ = ["SERVING_KEYS", "IterationTime", "Strategies", "strategies_from_values", "iteration_time_from_values"]

SERVING_KEYS = ("admission", "cap", "arrivals", "seed", "b0", "b1")


@dataclass(frozen=True)
class IterationTime:
    """``tau(Z) = b0 + b1 Z`` seconds per batch.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> IterationTime(F(1, 100), F(1, 10000)).seconds(200)
    Fraction(3, 100)
    """

    b0: Fraction
    b1: Fraction

    def seconds(self, tokens):
        """Duration of a batch holding ``tokens`` tokens (same arithmetic as ``tokens``)."""
        if isinstance(tokens, (int, Fraction)):
            return self.b0 + self.b1 * tokens
        return float(self.b0) + float(self.b1) * tokens


@dataclass(frozen=True)
class Strategies:
    """The admission strategy, arrival process and optional iteration time of a run."""

    admission: Any
    arrivals: Any
    tau: IterationTime | None

    @property
    def is_default(self) -> bool:
        """True for the model's saturated greedy server without a time model."""
        return isinstance(self.admission, Greedy) and isinstance(self.arrivals, Saturated) and self.tau is None

    def describe(self) -> dict:
        """JSON-ready form."""
        out = {**self.admission.describe(), **self.arrivals.describe()}
        if self.tau is not None:
            out.update({"b0": str(self.tau.b0), "b1": str(self.tau.b1)})
        return out


def strategies_from_values(params: ModelParams, values: Mapping[str, Any]) -> Strategies:
    """Validate the serving keys of a merged config.

    Raises
    ------
    ParameterError
        Naming the key: unknown admission or arrivals, ``cap <= 0``, a bad seed or time model.

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> s = strategies_from_values(make_params(3, (2, 3), (1, 1), 60), {"admission": "rate-limited"})
    >>> s.describe()
    {'admission': 'rate-limited', 'cap': '5', 'arrivals': 'saturated'}
    """
    admission = make_admission(params, values.get("admission", "greedy"), values.get("cap"))
    arrivals = make_arrivals(params, values.get("arrivals", "saturated"), values.get("seed", 0))
    return Strategies(admission, arrivals, iteration_time_from_values(values))


def iteration_time_from_values(values: Mapping[str, Any]) -> IterationTime | None:
    """The iteration time of the keys ``b0``, ``b1`` (``None`` when both are absent).

    Raises
    ------
    ParameterError
        When only one is given, one is negative, or both are zero.

    Examples
    --------
    >>> iteration_time_from_values({"b0": "0.01", "b1": "1/1000"})
    IterationTime(b0=Fraction(1, 100), b1=Fraction(1, 1000))
    >>> iteration_time_from_values({}) is None
    True
    """
    if "b0" not in values and "b1" not in values:
        return None
    if "b0" not in values or "b1" not in values:
        raise parameter_error("b0, b1", "given together", "only one of them", ConfigError)
    b0, b1 = parse_rational(values["b0"], "b0"), parse_rational(values["b1"], "b1")
    for name, value in (("b0", b0), ("b1", b1)):
        if value < 0:
            raise parameter_error(name, ">= 0", values[name])
        if value != 0 and not Fraction(1, 10 ** 300) <= value <= 10 ** 300:   # seconds are shown as floats
            raise parameter_error(name, "0 or between 1e-300 and 1e300", values[name])
    if b0 == 0 and b1 == 0:
        raise parameter_error("b0, b1", "not both zero", "0, 0")
    return IterationTime(b0, b1)
