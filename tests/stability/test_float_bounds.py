"""Float polynomial values with proven error bounds, checked against exact rational arithmetic."""

from fractions import Fraction as F
from math import comb

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coupling_sym.stability.float_bounds import evaluate_bounded, scaled_coefficients


def _exact_value(coeffs, z: complex, scale: int = 0) -> tuple[F, F]:
    """``sum a_k z^k / 2^scale`` in exact rationals (real and imaginary parts), Horner's rule."""
    x, y = F(z.real), F(z.imag)
    re, im = F(0), F(0)
    for a in reversed(coeffs):
        re, im = re * x - im * y + a, re * y + im * x
    return re / 2 ** scale, im / 2 ** scale


def _error_within(coeffs, points, scale=0) -> list[F]:
    """For each point: (exact error of the float value / its bound)^2, exactly (<= 1 when the bound holds)."""
    (b,), s = scaled_coefficients(coeffs)
    assert s == scale
    [(q, e)] = evaluate_bounded([b], np.array(points, dtype=complex))
    ratios = []
    for z, value, bound in zip(points, q.tolist(), e.tolist()):
        re, im = _exact_value(coeffs, z, s)
        squared = (F(value.real) - re) ** 2 + (F(value.imag) - im) ** 2
        ratios.append(squared / F(bound) ** 2)
    return ratios


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-10 ** 6, 10 ** 6), min_size=1, max_size=60),
       st.lists(st.complex_numbers(max_magnitude=1.5, allow_nan=False, allow_infinity=False),
                min_size=1, max_size=5))
def test_the_bound_holds_against_exact_rational_values(coeffs, points):
    assert all(ratio <= 1 for ratio in _error_within(coeffs, points))


def test_the_bound_holds_and_is_not_loose_where_horner_cancels():
    # (z - 1)^10 expanded: near z = 1 its value (~1e-30) is far below Horner's rounding
    # error (coefficients up to 252), so the float value is mostly error.  The bound must
    # hold there, and the error must reach a fair part of it: a worst-case bound is
    # pessimistic (measured: the largest error is 0.0058 of the bound here, 0.0015 for
    # (z - 1)^30), but a bound inflated sixfold would fail the second assertion.
    coeffs = [comb(10, k) * (-1) ** (10 - k) for k in range(11)]
    points = [complex(1 + 1e-3 * np.cos(phi), 1e-3 * np.sin(phi)) for phi in np.linspace(0, 6, 40)]
    points += [complex(1 + d, 0) for d in (1e-4, -1e-3, 1e-2)] + [1 + 0j]
    ratios = _error_within(coeffs, points)
    assert all(ratio <= 1 for ratio in ratios)
    assert max(ratios) > F(1, 1000) ** 2                  # error above a thousandth of the bound somewhere


def test_coefficients_past_float_range_are_scaled_by_one_power_of_two():
    coeffs = [3 ** 600, -(2 ** 1105) + 1, 5 * 7 ** 300]      # the largest has 1105 bits
    (b,), s = scaled_coefficients(coeffs)
    assert s == 1105 - 1 - 500 and all(np.isfinite(b)) and max(abs(b)) <= 2.0 ** 501
    assert all(ratio <= 1 for ratio in _error_within(coeffs, [0.3 + 0.9j, -1.01 + 0j, 1j], scale=s))


def test_values_that_overflow_get_an_infinite_bound():
    (b,), _ = scaled_coefficients([1] * 40)
    [(q, e)] = evaluate_bounded([b], np.array([1e30 + 0j, 0.5 + 0j]))
    assert e[0] == np.inf and np.isfinite(e[1])


def test_an_empty_polynomial_is_zero_everywhere():
    [(q, e), (q1, e1)] = evaluate_bounded([np.array([]), np.array([3.0])], np.array([1 + 1j]))
    assert q.tolist() == [0j] and e.tolist() == [0.0] and q1.tolist() == [3 + 0j]


def test_polynomials_of_several_lengths_share_the_powers():
    # A and A' of 1 + 2z + 3z^2 + 4z^3, each against its own exact values
    polys, _ = scaled_coefficients([1, 2, 3, 4], [2, 6, 12])
    points = [0.3 - 0.8j, -1.2 + 0.1j]
    for (q, e), coeffs in zip(evaluate_bounded(polys, np.array(points)), ([1, 2, 3, 4], [2, 6, 12])):
        for z, value, bound in zip(points, q.tolist(), e.tolist()):
            re, im = _exact_value(coeffs, z)
            assert (F(value.real) - re) ** 2 + (F(value.imag) - im) ** 2 <= F(bound) ** 2


def test_the_bound_holds_for_powers_by_doubling():
    # 80 points take the doubling route for the powers (64 or more), the property test above
    # the running products; the exact values are again the reference
    rng = np.random.default_rng(7)
    coeffs = [int(c) for c in rng.integers(-1000, 1000, 41)]
    points = [complex(r * np.cos(a), r * np.sin(a)) for r, a in zip(rng.uniform(0.5, 1.3, 80), rng.uniform(0, 6.3, 80))]
    assert all(ratio <= 1 for ratio in _error_within(coeffs, points))


def test_degrees_beyond_the_bound_are_refused_with_a_typed_error(monkeypatch):
    # the bound needs n (sqrt 5 + 1) u <= 0.1, about n <= 2.8e14 in binary64; a larger unit
    # roundoff puts a degree of 10 past it without allocating that many coefficients
    from coupling_sym.errors import PrecisionError
    from coupling_sym.stability import float_bounds

    monkeypatch.setattr(float_bounds, "UNIT", 0.01)
    (b,), _ = scaled_coefficients([1] * 11)
    with pytest.raises(PrecisionError, match="degree 10 is too large"):
        evaluate_bounded([b], np.array([0.5j]))
