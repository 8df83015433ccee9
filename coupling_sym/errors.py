"""Typed errors of coupling-sym.

Every error the library raises on purpose derives from :class:`CouplingError`, and
also from the built-in it refines (``ValueError`` for bad input, ``ArithmeticError``
for numerical failure), so callers may catch either.  Only the CLI turns them into
exit codes.  Messages follow one pattern: ``"<name> must be <rule>; got <value>"``.
"""

from __future__ import annotations

__all__ = [
    "CouplingError",
    "ParameterError",
    "ConfigError",
    "StateError",
    "PrecisionError",
    "DerivationError",
    "parameter_error",
]


class CouplingError(Exception):
    """Base class of every error raised on purpose by coupling-sym.

    Examples
    --------
    >>> from coupling_sym.config import build_config
    >>> try:
    ...     build_config("default", ["l0=-1"])
    ... except CouplingError as exc:
    ...     print(type(exc).__name__, "-", exc)
    ParameterError - l0 must be a non-negative integer; got -1
    """


class ParameterError(CouplingError, ValueError):
    """A parameter breaks a rule of the model (a length < 1, a rate <= 0, ...).

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> make_params(3, [2, 3], [1, -1], 60)
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: lambda_B must be > 0; got -1
    >>> issubclass(ParameterError, ValueError)
    True
    """


class ConfigError(ParameterError):
    """A configuration is malformed: an unknown key, an unknown config name, bad TOML.

    Examples
    --------
    >>> from coupling_sym.config import load_config
    >>> load_config("no/such/file.toml")
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ConfigError: config must be an existing TOML file; got 'no/such/file.toml'
    """


class StateError(ParameterError):
    """An initial state does not fit the model (wrong shape, negative, above B)."""


class PrecisionError(CouplingError, ArithmeticError):
    """A numerical routine did not reach the requested accuracy.

    It is an ``ArithmeticError`` too, so numerical failures can be caught apart from bad
    input (``ValueError``).

    Examples
    --------
    >>> issubclass(PrecisionError, ArithmeticError), issubclass(PrecisionError, ValueError)
    (True, False)
    """


class DerivationError(CouplingError, ArithmeticError):
    """A step of a symbolic derivation did not come out exact (a remainder, a nonlinear term)."""


def parameter_error(name: str, rule: str, value: object, cls: type[ParameterError] = ParameterError) -> ParameterError:
    """Build an error in the house format ``"<name> must be <rule>; got <value>"``.

    Examples
    --------
    >>> str(parameter_error("l0", "a non-negative integer", -1))
    'l0 must be a non-negative integer; got -1'
    >>> from fractions import Fraction
    >>> str(parameter_error("rates", "a list of 3 rates", [Fraction(1, 2), "x"]))
    "rates must be a list of 3 rates; got [1/2, 'x']"
    """
    return cls(f"{name} must be {rule}; got {_show(value)}")


def _show(value: object) -> str:
    """Render a value as a user wrote it: strings quoted, numbers (Fractions too) plain."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_show(item) for item in value) + "]"
    if isinstance(value, tuple):
        return "(" + ", ".join(_show(item) for item in value) + ("," if len(value) == 1 else "") + ")"
    return str(value)
