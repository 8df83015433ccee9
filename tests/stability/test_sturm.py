"""Sturm counts against polynomials built from known roots (an independent route)."""

from fractions import Fraction

import pytest
from flint import fmpz_poly
from hypothesis import given, settings
from hypothesis import strategies as st

from coupling_sym.stability.sturm import count_real_roots

ROOTS = st.fractions(min_value=-3, max_value=3, max_denominator=12)


def _from_roots(roots, pairs):
    """prod (den x - num) * prod (x^2 + c) with c > 0: real roots exactly ``roots``."""
    poly = fmpz_poly([1])
    for r in roots:
        poly *= fmpz_poly([-r.numerator, r.denominator])
    for c in pairs:
        poly *= fmpz_poly([c, 0, 1])
    return poly


@settings(max_examples=60, deadline=None)
@given(st.lists(ROOTS, min_size=1, max_size=8), st.lists(st.integers(1, 5), max_size=3),
       st.sampled_from([(-1, 1), (Fraction(-1, 3), Fraction(5, 7)), (-4, 0)]))
def test_count_is_the_number_of_distinct_roots_inside(roots, pairs, interval):
    low, high = (Fraction(x) for x in interval)
    if any(r in (low, high) for r in roots):
        return
    expected = len({r for r in roots if low < r < high})
    assert count_real_roots(_from_roots(roots, pairs), low, high) == expected


def test_a_root_at_an_end_point_is_an_error():
    with pytest.raises(ValueError, match="must not vanish at the end points"):
        count_real_roots(fmpz_poly([-1, 1]), -1, 1)
