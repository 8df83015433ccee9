"""States of the fluid model: layout, token count, initial conditions, equilibrium.

A state is a numpy array ``X`` of shape ``(K, L)``: ``X[k, i]`` is the (fluid) number
of type-``k`` requests at decode stage ``i`` in the current batch.  Entries with
``i >= l_k`` do not exist in the model and are always zero (:func:`stage_mask`).
Exact states hold :class:`fractions.Fraction` in an ``object`` array; simulated states
may be ``float64``.  A type-``k`` stage-``i`` request holds ``l0_k + 1 + i`` tokens
(:func:`footprint_matrix`, the one place that says so); the token count is
``Z = sum_k sum_i (l0_k + 1 + i) X[k, i]``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

import numpy as np

from .errors import StateError, parameter_error
from .params import ModelParams, footprint, parse_rational

__all__ = [
    "INITS",
    "stage_mask",
    "footprints",
    "footprint_matrix",
    "count_tokens",
    "initial_state",
    "equilibrium_state",
    "is_proportional",
]

INITS = ("stage0", "one-per-stage", "explicit")


def stage_mask(params: ModelParams) -> np.ndarray:
    """Boolean ``(K, L)`` array, true where stage ``i < l_k`` exists.

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> stage_mask(make_params(3, (2, 3), (1, 1), 60)).astype(int).tolist()
    [[1, 1, 0], [1, 1, 1]]
    """
    return np.arange(params.L)[None, :] < np.asarray(params.lengths)[:, None]


def footprints(params: ModelParams, exact: bool = True) -> np.ndarray:
    """Footprint ``l0 + 1 + i`` of each stage ``i = 0 .. L-1`` for a common prompt.

    Raises
    ------
    ParameterError
        When the types have different prompts (use :func:`footprint_matrix`).
    """
    values = [footprint(params.l0, i) for i in range(params.L)]
    return np.array(values, dtype=object if exact else float)


def footprint_matrix(params: ModelParams, exact: bool = True) -> np.ndarray:
    """Footprint of a type-``k`` stage-``i`` request, shape ``(K, L)``: ``l0_k + 1 + i``.

    The one place that knows what a request holds; ``X * footprint_matrix(params)``
    is the tokens of state ``X`` per entry (entries with ``i >= l_k`` hold no requests).

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> footprint_matrix(make_params(3, (2, 3), (1, 1), 60)).tolist()
    [[4, 5, 6], [4, 5, 6]]
    >>> footprint_matrix(make_params([1, 3], (2, 3), (1, 1), 60)).tolist()
    [[2, 3, 4], [4, 5, 6]]
    """
    values = [[footprint(l0k, i) for i in range(params.L)] for l0k in params.prompts]
    return np.array(values, dtype=object if exact else float)


def count_tokens(params: ModelParams, X: np.ndarray):
    """Tokens held by state ``X``: ``sum_k sum_i (l0_k + 1 + i) X[k, i]``.

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> params = make_params(3, (2, 3), (1, 1), 60)
    >>> count_tokens(params, initial_state(params, "one-per-stage"))
    Fraction(24, 1)
    """
    return (X * footprint_matrix(params, exact=X.dtype == object)).sum()


def _zero_state(params: ModelParams) -> np.ndarray:
    return np.full((params.K, params.L), Fraction(0), dtype=object)


def initial_state(params: ModelParams, init: str = "stage0",
                  X0: Sequence[Sequence[object]] | None = None) -> np.ndarray:
    """Batch-0 state for an initial condition, exact (``object`` array of Fractions).

    Parameters
    ----------
    params : ModelParams
    init : {"stage0", "one-per-stage", "explicit"}
        ``stage0``: ``X[k, 0] = p_k N`` with ``N = B / sum_k p_k (l0_k + 1)``, so the batch
        holds exactly B tokens.
        ``one-per-stage``: one request of every type at every stage it has.
        ``explicit``: the counts ``X0``, one list per type, ``l_k`` entries each.
    X0 : list of lists, optional
        Required for ``explicit`` and forbidden otherwise.

    Raises
    ------
    StateError
        For an unknown ``init``, an ``X0`` of the wrong shape, a negative count, or an
        initial state holding more than ``B`` tokens.

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> params = make_params(3, (2, 3), (1, 1), 60)
    >>> initial_state(params)[:, 0].tolist()
    [Fraction(15, 2), Fraction(15, 2)]
    >>> initial_state(params, "explicit", [[1, 2], [3]])
    Traceback (most recent call last):
    ...
    coupling_sym.errors.StateError: X0[1] (type B) must be a list of l_B = 3 counts; got [3]
    """
    if init not in INITS:
        raise parameter_error("init", "one of " + ", ".join(INITS), init, StateError)
    if init != "explicit" and X0 is not None:
        raise parameter_error("X0", "given only with init = 'explicit'", f"init = {init!r}", StateError)
    X = _zero_state(params)
    if init == "stage0":
        N = params.N  # one division, not one per type
        for k, pk in enumerate(params.p):
            X[k, 0] = pk * N
    elif init == "one-per-stage":
        X[stage_mask(params)] = Fraction(1)
    else:
        _fill_explicit(params, X, X0)
    if init == "stage0":  # holds N * admission_tokens = B tokens exactly: nothing to check
        return X
    tokens = count_tokens(params, X)
    if tokens > params.B:
        raise parameter_error("X0", f"a state holding at most B = {params.B} tokens",
                              f"{tokens} tokens", StateError)
    return X


def _fill_explicit(params: ModelParams, X: np.ndarray, X0) -> None:
    if X0 is None or isinstance(X0, (str, bytes)) or not hasattr(X0, "__len__") or len(X0) != params.K:
        raise parameter_error("X0", f"a list of {params.K} lists (one per type)", X0, StateError)
    for k, (name, row) in enumerate(zip(params.names, X0)):
        lk = params.lengths[k]
        if isinstance(row, (str, bytes)) or not hasattr(row, "__len__") or len(row) != lk:
            raise parameter_error(f"X0[{k}] (type {name})", f"a list of l_{name} = {lk} counts", row, StateError)
        for i, value in enumerate(row):
            count = parse_rational(value, f"X0[{k}][{i}]")
            if count < 0:
                raise parameter_error(f"X0[{k}][{i}]", "a non-negative count", value, StateError)
            X[k, i] = count


def equilibrium_state(params: ModelParams) -> np.ndarray:
    """Fluid equilibrium ``X*[k, i] = p_k a*`` for ``i < l_k`` (exact).

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> params = make_params(3, (2, 3), (1, 1), 60)
    >>> count_tokens(params, equilibrium_state(params)) == params.B
    True
    """
    X = _zero_state(params)
    a_star = params.equilibrium_admission
    for k, pk in enumerate(params.p):
        X[k, : params.lengths[k]] = pk * a_star
    return X


def is_proportional(params: ModelParams, X: np.ndarray) -> bool:
    """True when every stage is split by ``p_k`` among the types that have it (exact check).

    Stage ``i`` is proportional when ``X[k, i] / p_k`` is the same for every type ``k``
    with ``l_k > i``.

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> params = make_params(3, (2, 3), (1, 2), 60)
    >>> is_proportional(params, initial_state(params)), is_proportional(params, initial_state(params, "one-per-stage"))
    (True, False)
    """
    mask = stage_mask(params)
    for i in range(params.L):
        scaled = {X[k, i] / params.p[k] for k in range(params.K) if mask[k, i]}
        if len(scaled) > 1:
            return False
    return True
