"""Pairs l_A < l_B: counted without listing, refused when none or too many."""

import pytest

from coupling_sym.errors import ParameterError
from coupling_sym.stability.pairs import MAX_PAIRS, count_pairs, list_pairs, verify_range


def test_pair_count_without_listing():
    # (2,3) (2,5) (3,5) (4,5): a from {2, 3, 4}, b from {3, 5}, a < b; 3..12 gives 10 * 9 / 2
    assert count_pairs([2, 3, 4], [5, 3, 3]) == 4
    assert count_pairs(range(3, 13), range(3, 13)) == 45 == len(list_pairs(range(3, 13)))


def test_verify_range_refuses_a_single_length():
    with pytest.raises(ParameterError, match="range must be at least two distinct decode lengths; got '3'"):
        verify_range([3, 3], "1/2")


def test_verify_range_refuses_too_many_pairs_before_listing_them():
    # 2..100001 has 10^5 values: 10^5 (10^5 - 1) / 2 pairs, far above the limit
    with pytest.raises(ParameterError, match=rf"at most {MAX_PAIRS} pairs \(4999950000 asked\)"):
        verify_range(range(2, 100002), "1/2")


def test_verify_range_matches_the_limit_claim():
    # gcd(2, 4) = 2: the limit has -1 on the circle; (2, 3) and (3, 4) are coprime
    reports = verify_range([2, 3, 4], "1/2")
    assert [(r.l_A, r.l_B, r.gcd, r.limit_verdict.value) for r in reports] == [
        (2, 3, 1, "stable"), (2, 4, 2, "on-circle"), (3, 4, 1, "stable")]
