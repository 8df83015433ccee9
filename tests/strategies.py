"""Hypothesis strategies shared by the tests."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st


@st.composite
def model_params(draw, max_types: int = 3, max_length: int = 5, max_l0: int = 6):
    """Random valid model parameters (exact)."""
    from coupling_sym.params import make_params

    K = draw(st.integers(1, max_types))
    lengths = draw(st.lists(st.integers(1, max_length), min_size=K, max_size=K))
    rates = draw(st.lists(st.fractions(Fraction(1, 4), Fraction(5)), min_size=K, max_size=K))
    l0 = draw(st.integers(0, max_l0))
    B = draw(st.fractions(Fraction(1), Fraction(200)))
    return make_params(l0, lengths, rates, B)


@st.composite
def params_and_state(draw, **kwargs):
    """Random parameters with a valid batch-0 state of any of the three kinds."""
    from coupling_sym.state import count_tokens, initial_state

    params = draw(model_params(**kwargs))
    kind = draw(st.sampled_from(["stage0", "one-per-stage", "explicit"]))
    if kind == "explicit":
        rows = [[draw(st.fractions(Fraction(0), Fraction(5))) for _ in range(lk)] for lk in params.lengths]
        X0 = initial_state(params, "explicit", rows) if _tokens(params, rows) <= params.B else initial_state(params)
    elif kind == "one-per-stage" and sum(sum(params.l0 + 1 + i for i in range(lk)) for lk in params.lengths) <= params.B:
        X0 = initial_state(params, "one-per-stage")
    else:
        X0 = initial_state(params)
    assert count_tokens(params, X0) <= params.B
    return params, X0


def _tokens(params, rows):
    return sum(sum((params.l0 + 1 + i) * x for i, x in enumerate(row)) for row in rows)
