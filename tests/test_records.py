"""JSON-ready records: exact numbers survive as strings, everything dumps as JSON."""

import json
from fractions import Fraction

import mpmath
import numpy as np
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from coupling_sym.records import to_record
from coupling_sym.stability.verdict import Verdict


@given(st.fractions())
def test_fraction_round_trips_through_its_string(value):
    assert Fraction(to_record(value)) == value


@given(st.lists(st.fractions(), min_size=1, max_size=6))
def test_object_arrays_keep_every_fraction(values):
    record = to_record(np.array(values, dtype=object))
    assert [Fraction(item) for item in record] == values
    json.dumps(record)


def test_mpmath_sympy_and_enums_become_text():
    with mpmath.workdps(30):
        record = to_record({"z": mpmath.mpc(1, -2), "x": mpmath.sqrt(2), "s": sp.sqrt(2) / 2,
                            "v": Verdict.ON_CIRCLE})
    assert record["v"] == "on-circle" and record["s"] == "sqrt(2)/2"
    assert record["z"] == {"re": "1.0", "im": "-2.0"}
    # 30 digits of sqrt(2) survive, more than a float's 17
    assert record["x"].startswith("1.41421356237309504880168872")
    json.dumps(record)
