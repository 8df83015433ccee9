"""Strict JSON for every file and every ``--json`` output.

``json.dumps`` writes ``NaN`` and ``Infinity`` by default, which no JSON parser has to
accept.  :func:`json_text` writes a non-finite float as ``null`` (the quantity was not
measured: a fit with too few batches, a trajectory not followed that far) and refuses
anything else that is not JSON.
"""

from __future__ import annotations

import json
import math
from typing import Any

__all__ = ["finite_json", "json_text"]


def finite_json(obj: Any) -> Any:
    """A copy of ``obj`` with every non-finite float replaced by ``None``.

    Examples
    --------
    >>> finite_json({"rate": float("nan"), "xs": [1.0, float("inf")], "n": 3})
    {'rate': None, 'xs': [1.0, None], 'n': 3}
    """
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {key: finite_json(value) for key, value in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [finite_json(value) for value in obj]
    return obj


def json_text(obj: Any, indent: int | None = 2) -> str:
    """Strict JSON text of ``obj`` (non-finite floats as ``null``).

    Examples
    --------
    >>> json_text([float("-inf"), 0.5], indent=None)
    '[null, 0.5]'
    """
    return json.dumps(finite_json(obj), indent=indent, allow_nan=False)
