"""Decode-length distributions of the request-level simulator.

Convention: a distribution is a probability mass function over the decode lengths
``1 .. max_length`` (``pmf[l - 1] = P(length = l)``), kept exact as Fractions; the
simulator draws from its float copy.  Four kinds:

* ``fixed``: every request has ``length``;
* ``uniform``: equally likely on ``low .. high`` (inclusive);
* ``geometric``: ``P(l) = (1 - q) q^(l - 1)``, ``q = 1 - 1/mean``, on ``1, 2, ..``, cut at
  ``max_length`` (default: the least length whose upper tail is below ``1e-6``) with the
  tail mass put on ``max_length`` (a request longer than the cut decodes ``max_length``
  tokens), so the simulator's state tables stay finite;
* ``empirical``: ``values`` with ``weights`` (non-negative, summing to a positive number),
  normalised.

A length is drawn once per request, when it first leaves the queue; an evicted request
keeps it and restarts from its prompt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import parameter_error
from ..params import parse_int, parse_rational

__all__ = ["LengthDistribution", "parse_distribution", "fixed_length", "jittered"]

KINDS = ("fixed", "uniform", "geometric", "empirical")
#: Upper tail left out by the default geometric cut.
GEOMETRIC_TAIL = 1e-6
#: Longest decode length a distribution may reach (the state table is (length, stage)).
MAX_LENGTH = 4096


@dataclass(frozen=True)
class LengthDistribution:
    """A decode-length distribution on ``1 .. max_length``.

    Attributes
    ----------
    kind : str
    pmf : tuple of Fraction
        ``pmf[l - 1] = P(length = l)``; sums to 1 exactly.
    label : str
        How it was written, for tables and figures.
    """

    kind: str
    pmf: tuple[Fraction, ...]
    label: str

    @property
    def max_length(self) -> int:
        """Longest length with positive probability."""
        return max(l for l, p in enumerate(self.pmf, start=1) if p > 0)

    @property
    def mean(self) -> Fraction:
        """Mean decode length (exact)."""
        return sum((l * p for l, p in enumerate(self.pmf, start=1)), Fraction(0))

    def probabilities(self, size: int) -> np.ndarray:
        """Float pmf padded with zeros to ``size`` lengths."""
        out = np.zeros(size)
        out[: self.max_length] = [float(p) for p in self.pmf[: self.max_length]]
        return out


def fixed_length(length: int) -> LengthDistribution:
    """The distribution of a fixed decode length.

    Examples
    --------
    >>> fixed_length(3).pmf
    (Fraction(0, 1), Fraction(0, 1), Fraction(1, 1))
    """
    return LengthDistribution("fixed", tuple(Fraction(int(l == length)) for l in range(1, length + 1)),
                              str(length))


def jittered(length: int, spread: int) -> LengthDistribution:
    """Uniform on ``length - spread .. length + spread`` (``fixed`` for spread 0).

    Examples
    --------
    >>> jittered(4, 1).label, jittered(4, 1).mean
    ('4±1', Fraction(4, 1))
    """
    if spread == 0:
        return fixed_length(length)
    return _uniform(length - spread, length + spread, f"{length}±{spread}", f"jitter {spread} of {length}")


def _checked_length(value: Any, name: str) -> int:
    from ..config import refuse_quoted_integers

    refuse_quoted_integers({name: value}, [name])      # "3" in a file is text, not a length
    length = parse_int(value, name, minimum=1)
    if length > MAX_LENGTH:
        raise parameter_error(name, f"at most {MAX_LENGTH}", value)
    return length


def _uniform(low: int, high: int, label: str, name: str) -> LengthDistribution:
    if low < 1 or low > high:
        raise parameter_error(name, "a range low..high with 1 <= low <= high", f"{low}..{high}")
    width = high - low + 1
    return LengthDistribution("uniform", tuple(Fraction(int(l >= low), width) for l in range(1, high + 1)), label)


def _geometric(spec: dict, name: str) -> LengthDistribution:
    mean = parse_rational(spec.get("mean"), f"{name}.mean")
    if mean < 1:
        raise parameter_error(f"{name}.mean", "a number >= 1 (lengths are at least 1)", spec.get("mean"))
    q = 1 - 1 / mean
    if "max_length" in spec:
        cut = _checked_length(spec["max_length"], f"{name}.max_length")
    else:
        cut = 1 if q == 0 else max(1, math.ceil(math.log(GEOMETRIC_TAIL) / math.log(float(q))))
        if cut > MAX_LENGTH:
            raise parameter_error(f"{name}.mean", f"small enough that the cut length stays <= {MAX_LENGTH}",
                                  spec.get("mean"))
    pmf = [(1 - q) * q ** (l - 1) for l in range(1, cut)]
    pmf.append(1 - sum(pmf, Fraction(0)))
    return LengthDistribution("geometric", tuple(pmf), f"geom({mean})")


def _empirical(spec: dict, name: str) -> LengthDistribution:
    values, weights = spec.get("values"), spec.get("weights")
    if not isinstance(values, list) or not values:
        raise parameter_error(f"{name}.values", "a non-empty list of lengths", values)
    if weights is None:
        weights = [1] * len(values)
    if not isinstance(weights, list) or len(weights) != len(values):
        raise parameter_error(f"{name}.weights", f"a list of {len(values)} weights (one per value)", weights)
    lengths = [_checked_length(v, f"{name}.values[{i}]") for i, v in enumerate(values)]
    parsed = [parse_rational(w, f"{name}.weights") for w in weights]
    if any(w < 0 for w in parsed) or sum(parsed) <= 0:
        raise parameter_error(f"{name}.weights", "non-negative numbers summing to a positive number", weights)
    total = sum(parsed, Fraction(0))
    pmf = [Fraction(0)] * max(lengths)
    for length, weight in zip(lengths, parsed):
        pmf[length - 1] += weight / total
    return LengthDistribution("empirical", tuple(pmf), "emp(" + ",".join(map(str, values)) + ")")


def parse_distribution(spec: Any, name: str) -> LengthDistribution:
    """Read one decode-length spec: an integer (fixed) or a table with ``dist``.

    Tables: ``{dist = "fixed", length = 3}``, ``{dist = "uniform", low = 2, high = 5}``,
    ``{dist = "geometric", mean = 4}`` (optional ``max_length``),
    ``{dist = "empirical", values = [2, 3], weights = [1, 3]}``.

    Raises
    ------
    ParameterError
        Naming the field, e.g. ``decode[0].mean must be a number >= 1 ...``.

    Examples
    --------
    >>> parse_distribution({"dist": "empirical", "values": [2, 4], "weights": [1, 3]}, "decode[1]").mean
    Fraction(7, 2)
    >>> parse_distribution({"dist": "geometric", "mean": -2}, "decode[0]")
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: decode[0].mean must be a number >= 1 (lengths are at least 1); got -2
    >>> parse_distribution({"dist": "empirical", "values": []}, "decode[0]")
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: decode[0].values must be a non-empty list of lengths; got []
    """
    if not isinstance(spec, dict):
        return fixed_length(_checked_length(spec, name))
    kind = spec.get("dist")
    if kind not in KINDS:
        raise parameter_error(f"{name}.dist", "one of " + ", ".join(KINDS), kind)
    if kind == "fixed":
        return fixed_length(_checked_length(spec.get("length"), f"{name}.length"))
    if kind == "uniform":
        low = _checked_length(spec.get("low"), f"{name}.low")
        high = _checked_length(spec.get("high"), f"{name}.high")
        return _uniform(low, high, f"U{low}..{high}", name)
    if kind == "geometric":
        return _geometric(spec, name)
    return _empirical(spec, name)

