"""Tests of exact parameter parsing and validation."""

from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

from coupling_sym.errors import CouplingError, ParameterError
from coupling_sym.params import (make_params, parse_int, parse_int_values, parse_rational,
                                 parse_rational_values, two_type_params)


@pytest.mark.parametrize("text, expected", [
    ("3", Fraction(3)), ("0.25", Fraction(1, 4)), ("1/3", Fraction(1, 3)), (" 2 / 6 ", Fraction(1, 3)),
    ("-1/2", Fraction(-1, 2)), (0.1, Fraction(1, 10)), (7, Fraction(7)), (Fraction(2, 3), Fraction(2, 3)),
])
def test_parse_rational_is_exact(text, expected):
    assert parse_rational(text, "x") == expected


@pytest.mark.parametrize("bad", ["1/x", "1//2", "/2", "1/0", "", "abc", True, float("nan"), None])
def test_parse_rational_rejects_malformed(bad):
    with pytest.raises(ParameterError, match=r"^x must be .*; got "):
        parse_rational(bad, "x")


@given(st.integers(-10**6, 10**6), st.integers(1, 10**6))
def test_parse_rational_round_trips_fraction_strings(num, den):
    assert parse_rational(f"{num}/{den}", "x") == Fraction(num, den)


def test_parse_int_rules():
    assert parse_int("4", "l0", minimum=0) == 4
    with pytest.raises(ParameterError, match=r"^l0 must be a non-negative integer; got -1$"):
        parse_int(-1, "l0", minimum=0)
    with pytest.raises(ParameterError, match=r"^l0 must be a non-negative integer; got '2.5'$"):
        parse_int("2.5", "l0", minimum=0)
    with pytest.raises(ParameterError, match=r"^steps must be a positive integer; got 0$"):
        parse_int(0, "steps", minimum=1)


def test_parse_int_values_ranges_and_lists():
    assert parse_int_values("2..4", "r") == [2, 3, 4]
    assert parse_int_values("1, 3,6", "r") == [1, 3, 6]
    for bad, rule in [("5..3", "non-empty range"), ("2..x", "integer"), ("2..", "range a..b"),
                      ("1,,2", "range a..b"), ("", "range a..b"),
                      ("0..1000000", "range of at most 1000000 values")]:
        with pytest.raises(ParameterError, match=rule):
            parse_int_values(bad, "range")


def test_parse_rational_values():
    assert parse_rational_values("1/4,1/2,0.75", "p") == [Fraction(1, 4), Fraction(1, 2), Fraction(3, 4)]
    with pytest.raises(ParameterError, match="list"):
        parse_rational_values("1..2", "p")


def test_make_params_derived_values_by_hand():
    # l0 = 3, lengths (2, 3), p = (1/2, 1/2): c_j = (4 * 1, 5 * 1, 6 * 1/2); a* = 60 / 12.
    params = make_params(3, (2, 3), ("1", "1"), 60)
    assert params.p == (Fraction(1, 2), Fraction(1, 2))
    assert params.stage_weights == (4, 5, 3)
    assert params.equilibrium_admission == 5
    assert params.N == 15 and params.L == 3


def test_make_params_three_types_by_hand():
    # p = (1/4, 1/4, 1/2); s = (1, 1, 3/4, 1/2, 1/2); c_j = (l0+1+j) s_j with l0 = 2.
    params = make_params(2, (2, 3, 5), (1, 1, 2), 10)
    assert params.stage_shares == (1, 1, Fraction(3, 4), Fraction(1, 2), Fraction(1, 2))
    assert params.stage_weights == (3, 4, Fraction(15, 4), 3, Fraction(7, 2))
    assert params.equilibrium_admission == Fraction(10) / Fraction(69, 4)


@pytest.mark.parametrize("args, message", [
    ((-1, (2, 3), (1, 1), 60), r"^l0 must be a non-negative integer; got -1$"),
    (("2.5", (2, 3), (1, 1), 60), r"^l0 must be a non-negative integer; got '2.5'$"),
    ((3, (0, 3), (1, 1), 60), r"^l_A must be a positive integer; got 0$"),
    ((3, (2, 3), (1, 0), 60), r"^lambda_B must be > 0; got 0$"),
    ((3, (2, 3), (1, "-1/2"), 60), r"^lambda_B must be > 0; got '-1/2'$"),
    ((3, (2, 3), (1, 1), 0), r"^B must be > 0; got 0$"),
    ((3, (2, 3), (1,), 60), r"^rates must be a list of 2 rates"),
    ((3, (), (), 60), r"^lengths must be a non-empty list"),
])
def test_make_params_rejects_bad_input(args, message):
    with pytest.raises(ParameterError, match=message) as info:
        make_params(*args)
    assert isinstance(info.value, CouplingError) and isinstance(info.value, ValueError)


def test_two_type_params_rejects_p_outside_open_interval():
    for bad in ("0", "1", "3/2", "-1/3"):
        with pytest.raises(ParameterError, match=r"^p must be strictly between 0 and 1"):
            two_type_params(3, 2, 3, bad)


def test_integer_sums_equal_the_plain_fraction_sums():
    """``p``, ``stage_weights``, ``admission_tokens`` and ``a*`` are summed in integers over a
    common denominator; they must equal the definitions summed term by term in Fractions."""
    import itertools
    from fractions import Fraction

    from coupling_sym.params import footprint, make_params

    checked = 0
    for l0, lengths, rates in itertools.product([0, 1, 5, [1, 4], [0, 7, 2]], [(1, 2), (2, 3, 5), (3,), (4, 2, 9)],
                                                [(1, 1), ("1/3", "2/7"), (3, "5/2", "1/9"), (2,)]):
        try:
            params = make_params(l0, lengths, rates, "60/7")
        except Exception:  # mismatched numbers of types
            continue
        total = sum(params.rates, Fraction(0))
        p = tuple(r / total for r in params.rates)
        c = tuple(sum((pk * footprint(l0k, j) for pk, l0k, lk in zip(p, params.prompts, params.lengths) if j < lk),
                      Fraction(0)) for j in range(params.L))
        assert params.p == p and params.stage_weights == c
        assert params.equilibrium_admission == params.B / sum(c, Fraction(0))
        assert params.admission_tokens == sum((pk * footprint(l0k, 0) for pk, l0k in zip(p, params.prompts)),
                                              Fraction(0))
        checked += 1
    assert checked == 19


def test_stage_weight_integers_are_the_stage_weights_over_one_denominator():
    # by hand: p = (1/3, 2/3), prompts (2, 5), lengths (1, 3): c_0 = (3 + 2*6)/3 = 5,
    # c_1 = 2*7/3, c_2 = 2*8/3
    params = make_params([2, 5], (1, 3), ("1/3", "2/3"), 60)
    integers, total = params.stage_weight_integers
    assert [Fraction(c, total) for c in integers] == [Fraction(5), Fraction(14, 3), Fraction(16, 3)]
    assert [Fraction(c, total) for c in integers] == list(params.stage_weights)
