"""How large a sweep may be: refused before any work, naming the knob to turn.

Convention: a sweep of ``S`` two-type settings (``K = 2``, longest decode length
``L``) run for ``T`` batches holds the kernel's per-setting constants (about ``7 L^2``
numbers) and, streamed, the admissions and evictions of its last
:func:`~coupling_sym.sweep.outcome.tail_length` batches (:func:`coupling_sym.dynamics.batched.run_entries`);
at most ``2**28`` numbers (2 GiB in float64), the kernel's own limit.  With chunks, one
chunk is held at a time.  The check needs only the grid's size, so the command line
runs it before building the settings.
"""

from __future__ import annotations

from ..dynamics.batched import MAX_ENTRIES, run_entries
from ..errors import parameter_error
from .outcome import tail_length

__all__ = ["check_sweep_size", "grid_shape"]


def grid_shape(la, lb, l0, p, ratios=(1,)) -> tuple[int, int]:
    """Settings and longest decode length of the grid :func:`~coupling_sym.sweep.grid.build_grid`
    builds from these values (duplicates dropped, pairs ``l_A >= l_B`` left out).

    Examples
    --------
    >>> grid_shape(range(2, 13), range(3, 14), range(1, 31), ["1/5", "1/3", "1/2", "2/3", "4/5"])
    (9900, 13)
    """
    from bisect import bisect_right
    from fractions import Fraction

    longs = sorted(set(lb))
    pairs = sum(len(longs) - bisect_right(longs, a) for a in set(la))  # pairs a < b, counted, not listed
    shares = {Fraction(value) for value in p}
    rays = {Fraction(value) for value in ratios} or {Fraction(1)}
    L = longs[-1] if pairs else 0
    return pairs * len(shares) * len(rays) * len(set(l0)), L


def check_sweep_size(settings: int, L: int, steps: int, chunk: int | None = None) -> None:
    """Refuse a sweep holding more than ``2**28`` numbers (module notes), naming ``--steps``
    when the grid alone fits, else the grid.

    Examples
    --------
    >>> check_sweep_size(9900, 13, 2000)
    >>> check_sweep_size(9900, 13, 10 ** 6)
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: steps must be at most 34571 for 9900 settings with L = 13 (the sweep holds at most 2**28 numbers); got 1000000
    >>> check_sweep_size(10 ** 7, 13, 10)
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: grid must be at most 225008 settings with L = 13 at 10 batches (2**28 numbers; fewer --la, --lb, --l0, --p or --ratio values, or --chunk); got '10000000 settings'
    """
    held = settings if chunk is None else min(settings, chunk)
    if run_entries(held, 2, L, steps, tail=tail_length(steps)) <= MAX_ENTRIES:
        return
    constants = run_entries(held, 2, L, 0, tail=0)
    if constants <= MAX_ENTRIES // 2:
        low, high = 1, steps  # the largest steps that fits: tail_length grows with steps
        while low < high:
            middle = (low + high + 1) // 2
            if run_entries(held, 2, L, middle, tail=tail_length(middle)) <= MAX_ENTRIES:
                low = middle
            else:
                high = middle - 1
        raise parameter_error("steps", f"at most {low} for {held} settings with L = {L} "
                              "(the sweep holds at most 2**28 numbers)", steps)
    per_setting = run_entries(1, 2, L, steps, tail=tail_length(steps))
    raise parameter_error("grid", f"at most {MAX_ENTRIES // per_setting} settings with L = {L} at {steps} batches "
                          "(2**28 numbers; fewer --la, --lb, --l0, --p or --ratio values, or --chunk)",
                          f"{held} settings")
