"""Closed forms of the one-type cycles (MODEL.md, "Completions, throughput and waste").

They are only *compared* with what the exact simulation of :mod:`.catalogue` measured;
they never produce a catalogue entry.  Footprints ``w_j = l0 + 1 + j``.

* fixed point: ``x* = 2 B / (l1 (2 l0 + l1 + 1))``;
* worst (maximal-eviction) cycle: ``B / (l1 (l0 + l1))``, the lowest of any cycle;
* contiguous block of level ``i``: ``B / ((i + 1) w_i + sum_{j > i} w_j)``;
* evenly spaced, ``l1 = k d``: ``B / (d sum_{q=1..k} w_{qd-1})``.
"""

from __future__ import annotations

from fractions import Fraction

from ..params import ModelParams
from .catalogue import CycleEntry

__all__ = ["closed_form", "check_closed_forms"]


def _weights(params: ModelParams) -> list[int]:
    return [params.l0 + 1 + j for j in range(params.L)]


def closed_form(params: ModelParams, name: str) -> Fraction | None:
    """The closed-form throughput of the cycle called ``name`` (a catalogue name), if any.

    Examples
    --------
    >>> from coupling_sym.cycles.catalogue import one_type_params
    >>> params = one_type_params(2, 3, 24)
    >>> closed_form(params, "fixed point"), closed_form(params, "contiguous level 2")
    (Fraction(2, 1), Fraction(8, 5))
    """
    l0, l1, B, w = params.l0, params.L, Fraction(params.B), _weights(params)
    if name == "fixed point":
        return 2 * B / (l1 * (2 * l0 + l1 + 1))
    if name.startswith("contiguous level "):
        i = int(name.rsplit(" ", 1)[1])
        return B / ((i + 1) * w[i] + sum(w[i + 1:]))
    if name.startswith("evenly spaced k="):
        k = int(name.split("=")[1])
        d = l1 // k
        return B / (d * sum(w[q * d - 1] for q in range(1, k + 1)))
    return None


def check_closed_forms(params: ModelParams, entry: CycleEntry) -> dict[str, bool]:
    """For each name of ``entry`` with a closed form: does the simulated throughput equal it?

    The worst cycle (level ``l1 - 1``) is also checked against ``B / (l1 (l0 + l1))``.
    """
    checks = {}
    for name in entry.names:
        value = closed_form(params, name)
        if value is not None:
            checks[name] = entry.verified and value == entry.throughput
    if entry.verified and entry.level == params.L - 1:
        checks["worst B/(l1 (l0 + l1))"] = entry.throughput == Fraction(params.B) / (params.L * (params.l0 + params.L))
    return checks
