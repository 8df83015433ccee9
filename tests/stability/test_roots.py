"""mpmath roots with certified error bounds, against hand values and certified enclosures."""

from fractions import Fraction as F

import mpmath
import pytest
from flint import ctx, fmpz_poly
from hypothesis import given
from hypothesis import strategies as st

from coupling_sym.errors import ParameterError
from coupling_sym.params import two_type_params
from coupling_sym.stability import Verdict, certify_stability, compute_roots, spectral_radius
from coupling_sym.stability.poly import integer_poly


def test_plan_default_radius_is_sqrt3_over_2():
    # P_3 = 4z^2 + 5z + 3: complex pair (25 < 48), |z|^2 = 3/4 -> rho = sqrt(3)/2
    result = compute_roots([4, 5, 3], dps=50)
    with mpmath.workdps(50):
        assert abs(result.rho - mpmath.sqrt(3) / 2) <= result.error_bound
        # the roots themselves: (-5 +- i sqrt(23)) / 8
        expected = mpmath.mpc(-5, mpmath.sqrt(23)) / 8
        assert min(abs(z - expected) for z in result.roots) <= result.error_bound
    # the bound is about 10^-50 wide: certified arb balls at ~200 bits plus 50-digit rounding
    assert result.error_bound < mpmath.mpf(10) ** -45
    assert len(result.roots) == 2 and result.multiplicities == (1, 1)


def test_limit_radius_is_one_over_sqrt2():
    # A = z^2 + z + 1/2 for (2, 3), p = 1/2: complex pair with |z|^2 = 1/2
    shares = two_type_params(3, 2, 3, "1/2").stage_shares
    result = compute_roots(shares, dps=40)
    with mpmath.workdps(40):
        assert abs(result.rho - 1 / mpmath.sqrt(2)) <= result.error_bound
    assert result.error_bound < mpmath.mpf(10) ** -35


def test_high_degree_roots_known_by_construction():
    # z^200 - 2^-200: the 200 roots are (1/2) e^(2 pi i k / 200), all of modulus 1/2 and
    # simple; at degree 200 this must stay quick (the enclosures are the roots).
    result = compute_roots([1] + [0] * 199 + [-F(1, 2**200)], dps=40)
    assert len(result.roots) == 200 and set(result.multiplicities) == {1}
    with mpmath.workdps(40):
        assert all(abs(m - mpmath.mpf(1) / 2) <= result.error_bound for m in result.moduli)
        assert all(abs(z ** 200 - mpmath.mpf(2) ** -200) <= 200 * result.error_bound for z in result.roots)
    assert result.error_bound < mpmath.mpf(10) ** -35


def test_double_root_gets_its_multiplicity():
    result = compute_roots([1, 2, 1], dps=30)                 # (z + 1)^2
    assert result.multiplicities == (2,) and len(result.roots) == 1
    assert all(abs(z + 1) <= result.error_bound for z in result.roots)


def test_constant_has_no_roots():
    result = compute_roots([3])
    assert result.roots == () and result.rho == 0


@pytest.mark.parametrize("dps", [0, -3, 2.5, True])
def test_bad_dps(dps):
    with pytest.raises(ParameterError, match=r"^dps must be an integer from 1 to 4000 \(digits printed as text\)"):
        compute_roots([1, 2], dps=dps)


def test_dps_above_the_text_limit_is_refused():
    # 4300-digit integers cannot be printed (sys.get_int_max_str_digits); 4000 is the cap
    with pytest.raises(ParameterError, match=r"^dps must be an integer from 1 to 4000 \(digits printed as text\); got 4301$"):
        compute_roots([1, 2], dps=4301)


small_polys = st.lists(st.integers(-20, 20), min_size=2, max_size=9).filter(lambda c: c[0] != 0)


@given(small_polys, st.sampled_from([15, 30, 60]))
def test_numeric_roots_lie_in_independent_certified_enclosures(coeffs, dps):
    result = compute_roots(coeffs, dps=dps)
    with ctx.workprec(300):                   # an independent, much finer isolation
        balls = integer_poly([F(c) for c in coeffs]).complex_roots()
    assert sum(m for _, m in balls) == sum(result.multiplicities) == len(coeffs) - 1
    assert len(balls) == len(result.roots)
    with mpmath.workdps(dps + 20):
        for z in result.roots:
            # a ball of radius ~2^-300 is a point at this precision
            distance = min(abs(z - mpmath.mpc(float(b.real.mid()), float(b.imag.mid()))) for b, _ in balls)
            assert distance <= result.error_bound + mpmath.mpf(2) ** -45 * (1 + abs(z))


@given(small_polys)
def test_radius_agrees_with_the_exact_verdict(coeffs):
    result = compute_roots(coeffs, dps=30)
    verdict = certify_stability(coeffs)
    if verdict is Verdict.STABLE:
        assert result.rho - result.error_bound < 1
    elif verdict is Verdict.UNSTABLE:
        assert result.rho + result.error_bound > 1
    else:
        assert abs(result.rho - 1) <= result.error_bound


@given(small_polys)
def test_float_radius_close_to_the_certified_one(coeffs):
    # float64 companion eigenvalues: ~1e-12 for simple roots, ~1e-8 near a double root,
    # ~1e-5 near a triple root (error ~ eps^(1/m), times a conditioning factor taken as 1e3).
    result = compute_roots(coeffs, dps=30)
    mult = max(result.multiplicities, default=1)
    assert abs(spectral_radius(coeffs) - float(result.rho)) <= 1e3 * (1 + float(result.rho)) * 2.2e-16 ** (1 / mult)
