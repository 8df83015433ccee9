"""JSON-ready records of results: what ``as_dict()`` returns and ``--json`` prints.

Convention: exact numbers become strings (``Fraction(1, 3)`` -> ``"1/3"``, sympy
expressions and mpmath numbers by their ``str``), so no digit is lost on the way to
JSON; ``int``, ``bool``, ``None`` and ``float`` stay as they are; complex numbers become
``{"re": .., "im": ..}``; enums give their value; paths their text; tuples, lists and
numpy arrays become lists; dataclasses become dicts of their fields (a field that has
``as_dict`` of its own is asked for it).  :class:`Record` gives a frozen dataclass an
``as_dict`` method built on :func:`to_record`.
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from fractions import Fraction
from os import PathLike
from typing import Any

__all__ = ["Record", "to_record"]


def _is_mpmath(value: Any) -> bool:
    return type(value).__module__.startswith("mpmath")


def _complex_record(re: Any, im: Any) -> dict[str, Any]:
    return {"re": to_record(re), "im": to_record(im)}


def to_record(value: Any) -> Any:
    """Turn a result (or any value inside one) into JSON-ready data.

    Parameters
    ----------
    value : object
        Numbers, strings, enums, paths, sequences, mappings, numpy arrays, sympy and
        mpmath numbers, dataclasses (recursively).

    Returns
    -------
    object
        Built of ``dict``, ``list``, ``str``, ``int``, ``float``, ``bool`` and ``None``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> to_record({"p": (Fraction(1, 3), Fraction(2, 3)), "z": 1 - 2j, "n": 4})
    {'p': ['1/3', '2/3'], 'z': {'re': 1.0, 'im': -2.0}, 'n': 4}
    >>> import numpy as np
    >>> to_record(np.array([[Fraction(1, 2), 0]], dtype=object))
    [['1/2', 0]]
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, Fraction):
        return str(value) if value.denominator != 1 else str(value.numerator)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, complex):
        return _complex_record(value.real, value.imag)
    if isinstance(value, PathLike):
        return str(value)
    if hasattr(value, "as_dict") and callable(value.as_dict) and not isinstance(value, type):
        return value.as_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: to_record(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(key): to_record(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_record(item) for item in value]
    module = type(value).__module__
    if module == "numpy":
        return to_record(value.tolist())
    if _is_mpmath(value):
        if hasattr(value, "imag") and type(value).__name__ == "mpc":
            return _complex_record(value.real, value.imag)
        return str(value)
    if module.startswith("sympy") or module.startswith("flint"):
        return str(value)
    raise TypeError(f"value must be a number, text, sequence, mapping or dataclass; got {type(value).__name__}")


class Record:
    """Mix-in for frozen result dataclasses: ``as_dict()`` through :func:`to_record`.

    A subclass may name properties to add after the fields in ``_record_extra``.

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> from fractions import Fraction
    >>> @dataclass(frozen=True)
    ... class Share(Record):
    ...     p: Fraction
    ...     _record_extra = ("q",)
    ...     @property
    ...     def q(self):
    ...         return 1 - self.p
    >>> Share(Fraction(1, 3)).as_dict()
    {'p': '1/3', 'q': '2/3'}
    """

    __slots__ = ()
    _record_extra: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data (exact numbers as strings)."""
        record = {field.name: to_record(getattr(self, field.name)) for field in dataclasses.fields(self)}
        for name in self._record_extra:
            record[name] = to_record(getattr(self, name))
        return record
