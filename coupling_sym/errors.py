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
    """Base class of every error raised on purpose by coupling-sym."""


class ParameterError(CouplingError, ValueError):
    """A parameter breaks a rule of the model (a length < 1, a rate <= 0, ...)."""


class ConfigError(ParameterError):
    """A configuration is malformed: an unknown key, an unknown config name, bad TOML."""


class StateError(ParameterError):
    """An initial state does not fit the model (wrong shape, negative, above B)."""


class PrecisionError(CouplingError, ArithmeticError):
    """A numerical routine did not reach the requested accuracy."""


class DerivationError(CouplingError, ArithmeticError):
    """A step of a symbolic derivation did not come out exact (a remainder, a nonlinear term)."""


def parameter_error(name: str, rule: str, value: object, cls: type[ParameterError] = ParameterError) -> ParameterError:
    """Build an error in the house format ``"<name> must be <rule>; got <value>"``.

    Examples
    --------
    >>> str(parameter_error("l0", "a non-negative integer", -1))
    'l0 must be a non-negative integer; got -1'
    """
    return cls(f"{name} must be {rule}; got {value!r}" if isinstance(value, str) else f"{name} must be {rule}; got {value}")
