"""The config registry: experiments described by TOML files.

Shipped configs live in ``coupling_sym/configs/NAME.toml`` and are chosen by name; any
other TOML file is chosen by path.  ``KEY=VALUE`` overrides are applied on top, the
value read as a TOML value when it parses as one (``5``, ``[2, 3]``, ``"x"``) and as a
bare string otherwise (``1/3``, ``stage0``).

Keys (two types, the plan's names): ``l0, l_A, l_B, B, lambda_A, lambda_B, steps,
init, policy``; for K types ``lengths = [..]`` and ``rates = [..]`` replace the per-type
keys.  Prompts: ``l0`` is one integer (every type) or a list of one per type
(``l0 = [30, 60]``); ``l0_A``, ``l0_B`` set one type's prompt on top of ``l0`` (or
replace it when both are given), so ``--set l0_A=40`` changes type A alone.  ``init`` is ``stage0`` (default), ``one-per-stage`` or ``explicit`` (with
``X0 = [[type A stages], [type B stages], ..]``); ``policy`` is ``least-progress``
(default) or ``proportional``; ``description`` is free text.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from .records import Record
from .errors import ConfigError, parameter_error
from .params import ModelParams, make_params, parse_int, parse_int_values, parse_rational_values
from .state import INITS, initial_state
from .dynamics.strategies import SERVING_KEYS, strategies_from_values

__all__ = [
    "ExperimentConfig",
    "KEYS",
    "shipped_configs",
    "load_config",
    "apply_overrides",
    "resolve_config",
    "build_config",
]

POLICIES = ("least-progress", "proportional")
KEYS = ("description", "l0", "l_A", "l_B", "lambda_A", "lambda_B", "lengths", "rates",
        "B", "steps", "init", "policy", "X0", "l0_A", "l0_B") + SERVING_KEYS
#: Per-type prompt keys, in type order (``l0_A`` is type 0).
PROMPT_KEYS = ("l0_A", "l0_B")
DEFAULTS = {"init": "stage0", "policy": "least-progress"}
#: Upper bounds on ``steps`` and on ``(steps + 1) K L``: the runs keep every batch's
#: (K, L) state in memory (10^8 float64 cells are 0.8 GB per trajectory).
MAX_STEPS = 10_000_000
MAX_CELLS = 100_000_000


@dataclass(frozen=True)
class ExperimentConfig(Record):
    """A resolved, validated experiment.

    Attributes
    ----------
    params : ModelParams
    steps : int
        Number of transitions (batches ``0 .. steps`` are recorded).
    init : str
    policy : str
    X0 : ndarray, shape (K, L), exact
        The batch-0 state.
    source : str
        The config name or path it came from.
    overrides : tuple of str
        The ``KEY=VALUE`` overrides applied.
    raw : dict
        The merged TOML values before validation.

    Examples
    --------
    >>> config = build_config("default", ["l0=5"])
    >>> config.params.l0, config.steps, config.init, config.policy
    (5, 50, 'stage0', 'least-progress')
    >>> config.X0.tolist()                  # N = 60 / (5 + 1) = 10, half to each type
    [[Fraction(5, 1), Fraction(0, 1), Fraction(0, 1)], [Fraction(5, 1), Fraction(0, 1), Fraction(0, 1)]]
    """

    params: ModelParams
    steps: int
    init: str
    policy: str
    X0: np.ndarray
    source: str
    overrides: tuple[str, ...]
    raw: dict

    def as_dict(self) -> dict[str, Any]:
        """The resolved experiment as JSON-ready values (exact numbers as strings).

        Examples
        --------
        >>> build_config("default", ["steps=5"]).as_dict()["X0"]
        [['15/2', '0'], ['15/2', '0', '0']]
        """
        return {**describe_params(self), "source": self.source, "overrides": list(self.overrides)}


def shipped_configs() -> list[str]:
    """Names of the configs shipped with the package, sorted.

    Examples
    --------
    >>> "default" in shipped_configs()
    True
    """
    folder = resources.files("coupling_sym") / "configs"
    return sorted(entry.name[:-5] for entry in folder.iterdir() if entry.name.endswith(".toml"))


def load_config(name_or_path: str) -> dict[str, Any]:
    """Read a shipped config by name, or any TOML file by path.

    Raises
    ------
    ConfigError
        For an unknown name (listing the shipped ones), a missing file or bad TOML.
    """
    text = str(name_or_path)
    path = Path(text)
    if text.endswith(".toml") or path.exists() or "/" in text:
        if not path.is_file():
            raise parameter_error("config", "an existing TOML file", text, ConfigError)
        try:
            source = path.read_text(encoding="utf-8-sig")   # a BOM is not TOML; drop it
        except (OSError, UnicodeDecodeError) as exc:
            raise parameter_error("config", f"a readable UTF-8 TOML file ({exc.__class__.__name__})",
                                  text, ConfigError) from None
    else:
        if text not in shipped_configs():
            raise ConfigError(f"config must be a shipped config ({', '.join(shipped_configs())}) "
                              f"or a TOML file path; got {text!r}")
        source = (resources.files("coupling_sym") / "configs" / f"{text}.toml").read_text(encoding="utf-8")
    try:
        return tomllib.loads(source, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config {text!r} must be valid TOML; got a parse error: {exc}") from None


#: TOML integers the user is unlikely to mean as numbers here (hex, octal, binary, "1_0").
_EXOTIC_INT = re.compile(r"\s*[+-]?(0[xob]|\d+_)", re.IGNORECASE)


class BareText(str):
    """An override value that is not a TOML value (``1/3``, ``stage0``, ``30,60``).

    The number rules read it as the user typed it; a quoted TOML string (``"50"`` in a
    file, ``--set 'steps="50"'``) is a plain ``str`` and refused where an integer is meant.
    """


def _parse_override_value(text: str) -> Any:
    if _EXOTIC_INT.match(text):
        return BareText(text.strip())          # kept as text: the number rules refuse it by name
    try:
        return tomllib.loads(f"value = {text}", parse_float=Decimal)["value"]
    except tomllib.TOMLDecodeError:
        return BareText(text.strip())


#: Keys of the experiment config whose values (or list entries) are integers.
INTEGER_KEYS = ("l0", "l_A", "l_B", "l0_A", "l0_B", "lengths", "steps", "seed")


def refuse_quoted_integers(values: dict[str, Any], keys: Sequence[str]) -> None:
    """Refuse a quoted string (``steps = "50"``) where an integer is meant, naming the key.

    Rationals may be quoted (``lambda_A = "1/3"``, TOML has no fraction literal);
    integers may not: the quotes say the value is text.  List entries are named with
    their index, ``lengths[1]``.

    Examples
    --------
    >>> refuse_quoted_integers({"steps": "50"}, ["steps"])
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ConfigError: steps must be an integer, not a quoted string; got '50'
    >>> refuse_quoted_integers({"lengths": [2, "3"]}, ["lengths"])
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ConfigError: lengths[1] must be an integer, not a quoted string; got '3'
    >>> refuse_quoted_integers({"steps": BareText("50"), "l0": [3, 4]}, ["steps", "l0"])
    """
    def check(value: Any, name: str) -> None:
        if isinstance(value, str) and not isinstance(value, BareText):
            raise parameter_error(name, "an integer, not a quoted string", str(value), ConfigError)
        if isinstance(value, list):
            for index, item in enumerate(value):
                check(item, f"{name}[{index}]")

    for key in keys:
        if key in values:
            check(values[key], key)


def apply_overrides(raw: dict[str, Any], overrides: Sequence[str],
                    keys: Sequence[str] = KEYS) -> dict[str, Any]:
    """Return a copy of ``raw`` with each ``KEY=VALUE`` override applied.

    Examples
    --------
    >>> apply_overrides({"l0": 3}, ["l0=5", "lambda_A=1/3"])
    {'l0': 5, 'lambda_A': '1/3'}
    >>> apply_overrides({}, ["l0"])
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ConfigError: --set must be KEY=VALUE; got 'l0'
    """
    merged = dict(raw)
    for item in overrides:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise parameter_error("--set", "KEY=VALUE", item, ConfigError)
        if key not in keys:
            raise ConfigError(f"--set key must be one of {', '.join(keys)}; got {key!r}")
        merged[key] = _parse_override_value(value)
    return merged


def _as_list(value: Any, name: str, parse) -> list:
    if isinstance(value, str):
        return parse(value, name)
    if isinstance(value, (list, tuple)):
        return list(value)
    raise parameter_error(name, "a list such as [2, 3]", value, ConfigError)


def _resolve_types(raw: dict[str, Any]) -> tuple[list, list]:
    per_type = [key for key in ("l_A", "l_B", "lambda_A", "lambda_B") if key in raw]
    if "lengths" in raw or "rates" in raw:
        if per_type:
            raise ConfigError(f"config must use either lengths/rates or l_A, l_B, lambda_A, lambda_B; "
                              f"got both ({', '.join(per_type)} with lengths/rates)")
        for key in ("lengths", "rates"):
            if key not in raw:
                raise parameter_error(key, "given together with "
                                      + ("rates" if key == "lengths" else "lengths"), "nothing", ConfigError)
        lengths = _as_list(raw["lengths"], "lengths", lambda v, n: parse_int_values(v, n))
        rates = _as_list(raw["rates"], "rates", parse_rational_values)
        return lengths, rates
    for key in ("l_A", "l_B", "lambda_A", "lambda_B"):
        if key not in raw:
            raise parameter_error(key, "given (or use lengths and rates)", "nothing", ConfigError)
    return [raw["l_A"], raw["l_B"]], [raw["lambda_A"], raw["lambda_B"]]


def _type_keys(raw: dict[str, Any], count: int) -> dict[str, list[str]]:
    """The key an error names for each type's length, rate and prompt: what the user wrote.

    Examples
    --------
    >>> _type_keys({"lengths": [2, 3], "rates": [1, 1], "l0": [3, 4]}, 2)["rates"]
    ['rates[0]', 'rates[1]']
    >>> _type_keys({"l_A": 2, "l_B": 3, "l0": [3, 4], "l0_B": 5}, 2)["l0"]
    ['l0[0]', 'l0_B']
    """
    listed = "lengths" in raw
    prompts = [PROMPT_KEYS[k] if k < len(PROMPT_KEYS) and PROMPT_KEYS[k] in raw
               else f"l0[{k}]" if isinstance(raw.get("l0"), list) else f"l0_{'AB'[k]}" if k < 2 else f"l0[{k}]"
               for k in range(count)]
    return {"lengths": [f"lengths[{k}]" for k in range(count)] if listed else ["l_A", "l_B"][:count],
            "rates": [f"rates[{k}]" for k in range(count)] if listed else ["lambda_A", "lambda_B"][:count],
            "l0": prompts}


def _resolve_prompts(raw: dict[str, Any], count: int) -> Any:
    """``l0`` as given (one value or a list), with any ``l0_A``, ``l0_B`` put on top.

    Examples
    --------
    >>> _resolve_prompts({"l0": 3, "l0_B": 8}, 2), _resolve_prompts({"l0": "30, 60"}, 2)
    ([3, 8], ['30', '60'])
    """
    named = [key for key in PROMPT_KEYS if key in raw]
    if "l0" not in raw and len(named) < count:
        missing = [key for key in PROMPT_KEYS[:count] if key not in raw] if named and count == 2 else ["l0"]
        raise parameter_error(missing[0], "given" if missing[0] == "l0" else "given (or l0)", "nothing",
                              ConfigError)
    for key in named:
        if PROMPT_KEYS.index(key) >= count:
            raise parameter_error(key, f"the prompt of one of the {count} types", "a key for a type that "
                                  "does not exist", ConfigError)
    base = raw.get("l0", 0)
    if isinstance(base, str) and "," in base:
        base = [item.strip() for item in base.split(",")]
    if not named:
        return base
    prompts = list(base) if isinstance(base, (list, tuple)) else [base] * count
    if len(prompts) != count:
        return prompts  # make_params names the wrong length
    for key in named:
        prompts[PROMPT_KEYS.index(key)] = raw[key]
    return prompts


def resolve_config(raw: dict[str, Any], source: str = "<dict>", overrides: Sequence[str] = ()) -> ExperimentConfig:
    """Validate merged config values into an :class:`ExperimentConfig`.

    Raises
    ------
    ConfigError, ParameterError, StateError
        Naming the key, the value and the rule it broke.

    Examples
    --------
    >>> cfg = resolve_config(load_config("default"))
    >>> cfg.params.l0, cfg.params.lengths, cfg.steps, cfg.policy
    (3, (2, 3), 50, 'least-progress')
    >>> resolve_config({**load_config("default"), "steps": 0})
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: steps must be a positive integer; got 0
    """
    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        raise ConfigError(f"config key must be one of {', '.join(KEYS)}; got {unknown[0]!r}")
    for key in ("B", "steps"):
        if key not in raw:
            raise parameter_error(key, "given", "nothing", ConfigError)
    values = {**DEFAULTS, **raw}
    refuse_quoted_integers(values, INTEGER_KEYS)
    lengths, rates = _resolve_types(values)
    keys = _type_keys(values, len(lengths))
    params = make_params(_resolve_prompts(values, len(lengths)), lengths, rates, values["B"], keys=keys)
    steps = parse_int(values["steps"], "steps", minimum=1)
    _check_memory(params, steps, keys["lengths"], overrides)
    policy = values["policy"]
    if policy not in POLICIES:
        raise parameter_error("policy", "one of " + ", ".join(POLICIES), policy, ConfigError)
    init = values["init"]
    if init not in INITS:
        raise parameter_error("init", "one of " + ", ".join(INITS), init, ConfigError)
    if init == "explicit" and "X0" not in values:
        raise parameter_error("X0", "given when init = 'explicit'", "nothing", ConfigError)
    X0 = initial_state(params, init, values.get("X0"))
    strategies_from_values(params, values)  # validated here; read again by the runs from raw
    return ExperimentConfig(params, steps, init, policy, X0, source, tuple(overrides), dict(raw))


def _check_memory(params: ModelParams, steps: int, length_keys: Sequence[str], overrides: Sequence[str]) -> None:
    """Refuse runs whose kept states exceed :data:`MAX_CELLS`, naming the key the user set.

    When an override changed the longest decode length and not ``steps``, the length is
    named (``--set l_B=1000000`` is about ``l_B``); otherwise ``steps``.
    """
    limit = min(MAX_STEPS, MAX_CELLS // (params.K * params.L) - 1)
    if steps <= limit:
        return
    overridden = {item.partition("=")[0].strip() for item in overrides}
    longest = length_keys[params.lengths.index(params.L)]
    if steps <= MAX_STEPS and "steps" not in overridden and ({longest, "lengths"} & overridden):
        raise parameter_error(longest, f"at most {MAX_CELLS // (params.K * (steps + 1))} with steps = {steps}, "
                              f"K = {params.K} (every batch's state is kept in memory)", params.L)
    raise parameter_error("steps", f"at most {limit} for K = {params.K}, L = {params.L} "
                          "(every batch's state is kept in memory)", steps)


def build_config(name_or_path: str = "default", overrides: Sequence[str] = ()) -> ExperimentConfig:
    """Load a config, apply overrides and validate: the one entry point the CLI uses.

    Examples
    --------
    >>> build_config("default", ["l0=5", "lambda_A=1/3"]).params.p
    (Fraction(1, 4), Fraction(3, 4))
    """
    raw = apply_overrides(load_config(name_or_path), overrides)
    return resolve_config(raw, str(name_or_path), overrides)


def describe_params(config: ExperimentConfig) -> dict[str, Any]:
    """The resolved parameters as JSON-ready values (exact numbers as strings)."""
    params = config.params
    out: dict[str, Any] = {"l0": params.prompts[0] if params.common_prompt else list(params.prompts),
                           "prompts": list(params.prompts), "lengths": list(params.lengths),
                           "rates": [str(r) for r in params.rates], "B": str(params.B)}
    if params.K == 2:
        out.update({"l0_A": params.prompts[0], "l0_B": params.prompts[1],
                    "l_A": params.lengths[0], "l_B": params.lengths[1],
                    "lambda_A": str(params.rates[0]), "lambda_B": str(params.rates[1])})
    out.update({"steps": config.steps, "init": config.init, "policy": config.policy,
                "X0": [[str(Fraction(v)) for v in row[: params.lengths[k]]] for k, row in enumerate(config.X0)]})
    out.update(strategies_from_values(params, config.raw).describe())
    return out
