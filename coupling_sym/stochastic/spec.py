"""The resolved description of a stochastic (request-level) run.

Keys of a stochastic config (TOML, shipped ones in ``coupling_sym/configs/stochastic/``):

* ``l0``: prompt length, one integer for every type or a list, one per type;
* ``lengths = [..]`` (fixed decode lengths) or ``decode = [..]``, one decode-length
  spec per type (:func:`coupling_sym.stochastic.lengths.parse_distribution`);
* ``rates = [..]``: arrival rates ``lambda_k``, giving the shares ``p_k`` (exact); with
  ``arrivals = "poisson"`` they are also the mean arrivals per batch;
* ``B``: memory budget, a positive integer number of tokens;
* ``steps``; ``arrivals`` (``saturated`` default, or ``poisson``); ``admission``
  (``greedy`` default, or ``rate-limited`` with ``cap`` requests per batch, default the
  fluid equilibrium ``a*``); ``seed`` (master seed, default 0); ``replications``
  (default 1); ``chunk`` (replications per chunk, default 100: the unit of work the engine
  schedules and the unit a seed is spawned for); ``description``;
* ``b0``, ``b1`` (optional, together): the iteration time ``tau(Z) = b0 + b1 Z`` seconds
  of a batch holding ``Z`` tokens, as in the experiment's config.

The fluid equilibrium of a run generalises MODEL.md's to random lengths:
``c_j = sum_k p_k (l0_k + 1 + j) P(l_k > j)`` and ``a* = B / sum_j c_j``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from ..config import load_config, refuse_quoted_integers
from ..errors import ConfigError, parameter_error
from ..params import make_params, parse_int, parse_rational, type_names
from ..state import footprint_matrix
from .lengths import LengthDistribution, fixed_length, parse_distribution
from ..dynamics.strategies import IterationTime, iteration_time_from_values

__all__ = ["StochasticSpec", "KEYS", "ARRIVALS", "ADMISSIONS", "resolve_spec", "build_spec",
           "shipped_stochastic_configs", "scaled"]

KEYS = ("description", "l0", "lengths", "decode", "rates", "B", "steps", "arrivals", "admission", "cap",
        "seed", "replications", "chunk", "b0", "b1")
#: Keys whose values (or list entries) are integers: a quoted string is refused.
INTEGER_KEYS = ("l0", "lengths", "B", "steps", "seed", "replications", "chunk")
ARRIVALS = ("saturated", "poisson")
ADMISSIONS = ("greedy", "rate-limited")
#: Products of counts and rational weights must stay inside int64.
_INT_LIMIT = 1 << 62
MAX_STEPS = 1_000_000
MAX_REPLICATIONS = 10_000_000


@dataclass(frozen=True)
class StochasticSpec:
    """A validated stochastic run (build with :func:`resolve_spec`).

    Attributes
    ----------
    l0 : tuple of int
        Prompt length of each type.
    decode : tuple of LengthDistribution
    rates : tuple of Fraction
    B : int
    steps, seed, replications, chunk : int
    arrivals, admission : str
    cap : Fraction or None
        Requests admitted per batch at most (``rate-limited`` only).
    tau : IterationTime or None
        ``tau(Z) = b0 + b1 Z`` seconds per batch (keys ``b0``, ``b1``), or none.
    """

    l0: tuple[int, ...]
    decode: tuple[LengthDistribution, ...]
    rates: tuple[Fraction, ...]
    B: int
    steps: int
    arrivals: str = "saturated"
    admission: str = "greedy"
    cap: Fraction | None = None
    seed: int = 0
    replications: int = 1
    chunk: int = 100
    description: str = ""
    tau: IterationTime | None = None

    @property
    def K(self) -> int:
        """Number of request types."""
        return len(self.l0)

    @property
    def L(self) -> int:
        """Longest decode length any request can have."""
        return max(d.max_length for d in self.decode)

    @property
    def names(self) -> tuple[str, ...]:
        """Type names ``A, B, ..``."""
        return type_names(self.K)

    @property
    def p(self) -> tuple[Fraction, ...]:
        """Shares ``p_k = lambda_k / sum(lambda)`` (exact)."""
        total = sum(self.rates, Fraction(0))
        return tuple(r / total for r in self.rates)

    @property
    def fixed(self) -> bool:
        """True when every decode length is fixed (the fluid model's case)."""
        return all(d.kind == "fixed" for d in self.decode)

    def fluid_params(self):
        """The fluid model's :class:`~coupling_sym.params.ModelParams` (fixed lengths only).

        Raises
        ------
        ParameterError
            When a decode length is random.
        """
        if not self.fixed:
            raise parameter_error("decode", "fixed lengths for the fluid model", [d.label for d in self.decode])
        return make_params(list(self.l0), [d.max_length for d in self.decode], list(self.rates), self.B)

    def footprints(self) -> np.ndarray:
        """Tokens of a type-k stage-i request, int64 ``(K, L)``: ``l0_k + 1 + i``.

        Read through :func:`coupling_sym.state.footprint_matrix` (every type padded to
        ``L`` stages), the one accessor the fluid model reads too.
        """
        params = make_params(list(self.l0), [self.L] * self.K, list(self.rates), self.B)
        return np.array(footprint_matrix(params, exact=True).tolist(), dtype=np.int64)

    @property
    def stage_weights(self) -> tuple[Fraction, ...]:
        """``c_j = sum_k p_k (l0_k + 1 + j) P(l_k > j)``, ``j = 0 .. L-1`` (exact)."""
        out = []
        for j in range(self.L):
            total = Fraction(0)
            for pk, l0, dist in zip(self.p, self.l0, self.decode):
                survive = sum(dist.pmf[j:], Fraction(0))  # P(l_k > j)
                total += pk * (l0 + 1 + j) * survive
            out.append(total)
        return tuple(out)

    @property
    def equilibrium_admission(self) -> Fraction:
        """Fluid equilibrium admission ``a* = B / sum_j c_j`` (exact)."""
        return Fraction(self.B) / sum(self.stage_weights, Fraction(0))

    @property
    def admission_cap(self) -> Fraction | None:
        """The cap in force: ``cap``, or ``a*`` for ``rate-limited`` without one; None for greedy.

        A default ``a*`` whose denominator exceeds ``10^4`` (random lengths give huge
        ones) is replaced by the nearest fraction with denominator at most ``10^4``, so
        the admission arithmetic stays in int64.
        """
        if self.admission != "rate-limited":
            return None
        if self.cap is not None:
            return self.cap
        return self.equilibrium_admission.limit_denominator(10_000)

    def describe(self) -> dict[str, Any]:
        """JSON-ready resolved values (exact numbers as strings)."""
        return {"l0": list(self.l0), "decode": [d.label for d in self.decode],
                "rates": [str(r) for r in self.rates], "p": [str(p) for p in self.p], "B": self.B,
                "steps": self.steps, "arrivals": self.arrivals, "admission": self.admission,
                "cap": None if self.admission_cap is None else str(self.admission_cap),
                "seed": self.seed, "replications": self.replications, "chunk": self.chunk,
                "equilibrium_admission": str(self.equilibrium_admission),
                "description": self.description,
                **({} if self.tau is None else {"b0": str(self.tau.b0), "b1": str(self.tau.b1)})}


def shipped_stochastic_configs() -> list[str]:
    """Names of the stochastic configs shipped with the package.

    Examples
    --------
    >>> "default" in shipped_stochastic_configs()
    True
    """
    folder = resources.files("coupling_sym") / "configs" / "stochastic"
    return sorted(entry.name[:-5] for entry in folder.iterdir() if entry.name.endswith(".toml"))


def _load(name_or_path: str) -> dict[str, Any]:
    text = str(name_or_path)
    if text.endswith(".toml") or "/" in text or Path(text).exists():
        return load_config(text)
    if text not in shipped_stochastic_configs():
        raise ConfigError(f"config must be a shipped stochastic config ({', '.join(shipped_stochastic_configs())}) "
                          f"or a TOML file path; got {text!r}")
    source = (resources.files("coupling_sym") / "configs" / "stochastic" / f"{text}.toml").read_text("utf-8")
    return tomllib.loads(source)


def _override(raw: dict[str, Any], overrides: Sequence[str]) -> dict[str, Any]:
    from ..config import apply_overrides

    return apply_overrides(raw, overrides, KEYS)  # the experiment's --set rules, this config's keys


def _per_type(value: Any, K: int, name: str) -> list:
    if isinstance(value, list):
        if len(value) != K:
            raise parameter_error(name, f"one value or a list of {K} (one per type)", value, ConfigError)
        return value
    return [value] * K


def _entry(key: str, value: Any, index: int) -> str:
    """The name of one type's entry as the user wrote it: ``l0[1]`` for a list, else ``l0``."""
    return f"{key}[{index}]" if isinstance(value, list) else key


def _choice(values: dict, key: str, choices: tuple[str, ...]) -> str:
    value = values.get(key, choices[0])
    if value not in choices:
        raise parameter_error(key, "one of " + ", ".join(choices), value, ConfigError)
    return value


def resolve_spec(raw: dict[str, Any]) -> StochasticSpec:
    """Validate stochastic config values.

    Raises
    ------
    ConfigError, ParameterError
        Naming the key, the rule and the value.

    Examples
    --------
    >>> spec = resolve_spec({"l0": 3, "lengths": [2, 3], "rates": [1, 1], "B": 60, "steps": 10})
    >>> spec.equilibrium_admission, spec.fixed
    (Fraction(5, 1), True)
    >>> resolve_spec({"l0": 3, "lengths": [2, 3], "rates": [1, 1], "B": 60, "steps": 10, "replications": 0})
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: replications must be a positive integer; got 0
    """
    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        raise ConfigError(f"config key must be one of {', '.join(KEYS)}; got {unknown[0]!r}")
    for key in ("l0", "rates", "B", "steps"):
        if key not in raw:
            raise parameter_error(key, "given", "nothing", ConfigError)
    if ("lengths" in raw) == ("decode" in raw):
        raise parameter_error("lengths", "given, or decode instead (exactly one of the two)",
                              "both" if "lengths" in raw else "neither", ConfigError)
    refuse_quoted_integers(raw, INTEGER_KEYS)
    rates_raw = raw["rates"]
    if not isinstance(rates_raw, list) or not rates_raw:
        raise parameter_error("rates", "a non-empty list of rates", rates_raw, ConfigError)
    K = len(rates_raw)
    rates = tuple(parse_rational(v, f"rates[{k}]") for k, v in enumerate(rates_raw))
    for k, r, v in zip(range(K), rates, rates_raw):
        if r <= 0:
            raise parameter_error(f"rates[{k}]", "> 0", v)
    l0 = tuple(parse_int(v, _entry("l0", raw["l0"], k), minimum=0)
               for k, v in enumerate(_per_type(raw["l0"], K, "l0")))
    if "lengths" in raw:
        decode = tuple(fixed_length(parse_int(v, _entry("lengths", raw["lengths"], k), minimum=1))
                       for k, v in enumerate(_per_type(raw["lengths"], K, "lengths")))
    else:
        decode = tuple(parse_distribution(v, f"decode[{k}]")
                       for k, v in enumerate(_per_type(raw["decode"], K, "decode")))
    B = parse_int(raw["B"], "B", minimum=1)
    steps = parse_int(raw["steps"], "steps", minimum=1)
    if steps > MAX_STEPS:
        raise parameter_error("steps", f"at most {MAX_STEPS}", raw["steps"])
    arrivals = _choice(raw, "arrivals", ARRIVALS)
    admission = _choice(raw, "admission", ADMISSIONS)
    cap = None
    if "cap" in raw:
        if admission != "rate-limited":
            raise parameter_error("cap", "given only with admission = 'rate-limited'", raw["cap"], ConfigError)
        cap = parse_rational(raw["cap"], "cap")
        if cap <= 0:
            raise parameter_error("cap", "> 0", raw["cap"])
    seed = parse_int(raw.get("seed", 0), "seed", minimum=0)
    replications = parse_int(raw.get("replications", 1), "replications", minimum=1)
    if replications > MAX_REPLICATIONS:
        raise parameter_error("replications", f"at most {MAX_REPLICATIONS}", raw["replications"])
    chunk = parse_int(raw.get("chunk", 100), "chunk", minimum=1)
    spec = StochasticSpec(l0, decode, rates, B, steps, arrivals, admission, cap, seed, replications, chunk,
                          str(raw.get("description", "")), iteration_time_from_values(raw))
    _check_range(spec)
    return spec


def _check_range(spec: StochasticSpec) -> None:
    """Refuse budgets whose exact integer split would overflow int64."""
    denominator = np.lcm.reduce([p.denominator for p in spec.p])
    numerators = [int(p * denominator) for p in spec.p]
    cap = spec.admission_cap
    scale = max(numerators) * int(spec.footprints().max()) * (1 if cap is None else cap.denominator)
    if max(spec.B, 1 if cap is None else cap.numerator) * scale * spec.K * sum(numerators) >= _INT_LIMIT:
        raise parameter_error("B", "small enough for exact int64 admission arithmetic "
                              f"(B times the share and footprint scale below 2^62)", spec.B)


def build_spec(name_or_path: str = "default", overrides: Sequence[str] = ()) -> StochasticSpec:
    """Load a stochastic config by name or path, apply ``KEY=VALUE`` overrides, validate.

    Examples
    --------
    >>> build_spec("default", ["replications=3"]).replications
    3
    """
    return resolve_spec(_override(_load(name_or_path), overrides))


def scaled(spec: StochasticSpec, n: int) -> StochasticSpec:
    """The same run with ``B`` and the arrival rates multiplied by ``n`` (the fluid scaling).

    Examples
    --------
    >>> s = scaled(resolve_spec({"l0": 3, "lengths": [2, 3], "rates": [1, 1], "B": 60, "steps": 5}), 4)
    >>> s.B, s.equilibrium_admission
    (240, Fraction(20, 1))
    """
    from dataclasses import replace

    cap = None if spec.cap is None else spec.cap * n
    out = replace(spec, B=spec.B * n, rates=tuple(r * n for r in spec.rates), cap=cap)
    _check_range(out)
    return out
