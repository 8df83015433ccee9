"""Root-locus data (the figure itself is tested in tests/report/test_locus.py)."""

import numpy as np
import pytest

from coupling_sym.errors import ParameterError
from coupling_sym.stability import critical_l0
from coupling_sym.stability.locus import default_l0_values, root_locus


def test_pair_2_3_by_hand():
    data = root_locus((2, 3), "1/2", range(0, 8))
    # P_0 = z^2 + 2z + 3/2 (|z|^2 = 3/2), P_1 on the circle, then stable (|z|^2 = (l0+3)/(2(l0+1)))
    assert data.verdicts[:3] == ("unstable", "on-circle", "stable")
    for l0, roots in zip(data.l0_values, data.roots):
        assert np.allclose(np.abs(roots) ** 2, (l0 + 3) / (2 * (l0 + 1)), rtol=1e-12)
    assert np.allclose(np.sort_complex(data.limit_roots), [-0.5 - 0.5j, -0.5 + 0.5j])   # z^2 + z + 1/2
    l0, z = data.critical_crossing
    assert abs(l0 - 1) < 1e-6 and abs(z - complex(-0.75, 7 ** 0.5 / 4)) < 1e-9


def test_range_below_l0_star_rings_no_other_crossing():
    # (5, 7) at p = 1/2: P_38 is not stable and P_39 .. P_80 are (exact verdicts), so a root
    # crosses the circle for some l0 in [38, 39); over 0..20 only smaller crossings are on the
    # plot and none of them may be labelled as the one at l0*.
    full = root_locus((5, 7), "1/2", range(0, 81))
    assert full.verdicts[38] != "stable" and set(full.verdicts[39:]) == {"stable"}
    assert full.critical.value == 39 and 38 <= full.critical_crossing[0] < 39
    short = root_locus((5, 7), "1/2", range(0, 21))
    assert short.crossings and short.critical_crossing is None


def test_non_coprime_has_no_critical_crossing():
    data = root_locus((2, 4), "1/2", range(0, 10))
    assert data.critical.value is None and data.critical_crossing is None


def test_default_range_reaches_past_l0_star():
    critical = critical_l0((5, 8), "1/2")
    values = default_l0_values(critical)
    assert values[0] == 0 and values[-1] >= 2 * critical.value - len(values) and len(values) <= 201


def test_bad_l0():
    with pytest.raises(ParameterError, match="l0 must be a non-empty list"):
        root_locus((2, 3), "1/2", [])
    with pytest.raises(ParameterError, match=r"^l0 must be a non-negative integer; got 2.5$"):
        root_locus((2, 3), "1/2", [1, 2.5])
    with pytest.raises(ParameterError, match=r"^l0 must be a non-negative integer; got -1$"):
        root_locus((2, 3), "1/2", [-1, 3])
