"""Grid building and parsing: order, skipped pairs, and every bad grid."""

from fractions import Fraction as F

import pytest

from coupling_sym.errors import ParameterError
from coupling_sym.sweep import build_grid, parse_grid


def test_grid_order_and_skipped_pairs():
    grid = parse_grid("2..4", "3,4", "6,1", "1/3,1/2", B="60")
    # pairs with l_A < l_B only: (2,3), (2,4), (3,4); then p as given; then l0 ascending
    assert [(s.l_A, s.l_B, s.p, s.l0) for s in grid] == [
        (a, b, p, l0) for a, b in [(2, 3), (2, 4), (3, 4)] for p in [F(1, 3), F(1, 2)] for l0 in [1, 6]]
    first = grid[0]
    assert first.params.lengths == (2, 3) and first.params.p == (F(1, 3), F(2, 3))
    assert first.params.B == 60 and first.params.l0 == 1 and first.pair == (2, 3)


def test_issue_example_has_twelve_pairs():
    grid = parse_grid("2..4", "3..7", "1,3,6,10", "1/2")
    assert len({s.pair for s in grid}) == 5 + 4 + 3
    assert len(grid) == 12 * 4


def test_duplicates_are_dropped():
    grid = build_grid([2, 2], [3], [1, 1], ["1/2", "0.5"])
    assert len(grid) == 1


@pytest.mark.parametrize("args, message", [
    (("5..3", "6", "1", "1/2"), "l_A must be a non-empty range a..b with a <= b; got '5..3'"),
    (("2", "3", "4..1", "1/2"), "l0 must be a non-empty range a..b with a <= b; got '4..1'"),
    (("2..", "3", "1", "1/2"), "l_A must be a range a..b or a list a,b,c; got '2..'"),
    (("2", "", "1", "1/2"), "l_B must be a range a..b or a list a,b,c; got ''"),
    (("0..2", "3", "1", "1/2"), "l_A must be a positive integer; got '0'"),
    (("2", "3", "-1", "1/2"), "l0 must be a non-negative integer; got '-1'"),
    (("2", "3", "1", "0"), "p must be strictly between 0 and 1; got '0'"),
    (("2", "3", "1", "1"), "p must be strictly between 0 and 1; got '1'"),
    (("2", "3", "1", "1/2,3/2"), "p must be strictly between 0 and 1; got '3/2'"),
    (("2", "3", "1", "-1/4"), "p must be strictly between 0 and 1; got '-1/4'"),
    (("2", "3", "1", "0..1"), "p must be a list a,b,c of numbers; got '0..1'"),
    (("4..6", "2..4", "1", "1/2"), "l_A must be smaller than some l_B (a grid's pairs have l_A < l_B); got l_A in [4, 5, 6], l_B in [2, 3, 4]"),
    (("3", "3", "1", "1/2"), "l_A must be smaller than some l_B (a grid's pairs have l_A < l_B); got l_A in [3], l_B in [3]"),
])
def test_bad_grids_are_rejected(args, message):
    with pytest.raises(ParameterError) as info:
        parse_grid(*args)
    assert str(info.value) == message


def test_bad_budget_and_empty_lists():
    with pytest.raises(ParameterError, match="B must be > 0; got '0'"):
        parse_grid("2", "3", "1", "1/2", B="0")
    with pytest.raises(ParameterError, match="l0 must be a non-empty list of values; got"):
        build_grid([2], [3], [], ["1/2"])
