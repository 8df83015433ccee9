"""Strict JSON: a non-finite float is null, never NaN or Infinity."""

import json
import math

from hypothesis import given, strategies as st

from coupling_sym.jsonsafe import json_text


@given(st.recursive(st.floats() | st.integers() | st.text(max_size=3) | st.none(),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
                    max_leaves=10))
def test_json_text_is_always_strict_and_keeps_finite_values(obj):
    def refuse(name):
        raise AssertionError(name)

    back = json.loads(json_text(obj), parse_constant=refuse)

    def same(a, b):
        if isinstance(a, float) and not math.isfinite(a):
            return b is None
        if isinstance(a, dict):
            return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
        if isinstance(a, list):
            return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
        return a == b

    assert same(obj, back)
