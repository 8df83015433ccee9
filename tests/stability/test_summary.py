"""Per-setting and per-pair summaries."""

import json
import math
from fractions import Fraction as F

from coupling_sym.params import make_params, two_type_params
from coupling_sym.stability import stability_summary
from coupling_sym.stability.poly import shares_poly
from coupling_sym.stability.summary import claim_holds, unit_roots_are_roots_of_unity, verify_pair


def test_summary_of_the_plan_default_is_json_ready():
    summary = stability_summary(two_type_params(3, 2, 3, "1/2"), dps=30)
    json.dumps(summary)
    assert summary["verdict"] == "stable" and summary["limit_verdict"] == "stable"
    assert abs(summary["rho"] - math.sqrt(3) / 2) < 1e-15           # float of a 30-digit value
    assert summary["rho_digits"].startswith("0.86602540378443864676372317")
    assert abs(summary["limit_rho"] - 1 / math.sqrt(2)) < 1e-12     # float64 eigenvalues
    assert summary["critical_l0"] == 2 and summary["critical_l0_method"] == "crossing-proof"
    assert summary["rho_error_bound"] < 1e-25


def test_summary_on_the_circle_reports_rho_one():
    summary = stability_summary(two_type_params(1, 2, 3, "1/2"))     # 2z^2 + 3z + 2
    assert summary["verdict"] == "on-circle" and summary["rho"] == 1.0


def test_summary_for_three_types():
    import numpy as np

    from coupling_sym.stability import Verdict, certify_stability

    params = make_params(40, (2, 3, 5), (1, 1, 2), 10)
    summary = stability_summary(params)
    # numpy's roots (a second route): rho = 0.9313.. for P_40 and 0.9098.. for A.  Simple roots
    # of degree 4 come out to ~1e-12 in float64, far inside the 0.07 margin to the circle and
    # the 1e-10 allowed for agreement.
    rho = max(abs(np.roots([float(c) for c in params.stage_weights])))
    limit_rho = max(abs(np.roots([float(c) for c in params.stage_shares])))
    assert rho < 0.94 and summary["verdict"] == "stable" and abs(summary["rho"] - rho) < 1e-10
    assert limit_rho < 0.92 and summary["limit_verdict"] == "stable" and abs(summary["limit_rho"] - limit_rho) < 1e-10
    # l0* = 8: the exact verdict at 7 is not stable, and those from 8 on are (checked up to 60)
    verdicts = [certify_stability(make_params(l0, (2, 3, 5), (1, 1, 2), 10).stage_weights) for l0 in range(61)]
    assert verdicts[7] is not Verdict.STABLE and set(verdicts[8:]) == {Verdict.STABLE}
    assert summary["critical_l0"] == 8


def test_non_coprime_pair_unit_roots_are_the_gcd_roots_of_unity():
    report = verify_pair(6, 9, "1/2", [0, 10])
    assert report.gcd == 3 and report.limit_verdict.value == "on-circle" and report.limit_rho == 1.0
    assert report.unit_roots_ok and report.claim_holds and report.critical.value is None
    assert [v.value for _, v, _ in report.finite] == ["unstable", "unstable"]


def test_unit_roots_check_can_fail():
    # A for (2, 4) has the root -1 (gcd 2); claiming gcd 3 must fail, and so must gcd 1
    A = shares_poly((2, 4), (F(1, 2), F(1, 2)))
    assert unit_roots_are_roots_of_unity(A, 2)
    assert not unit_roots_are_roots_of_unity(A, 3) and not unit_roots_are_roots_of_unity(A, 1)


def test_claim_over_2_to_12():
    reports = [verify_pair(a, b, "1/2") for a in range(2, 13) for b in range(a + 1, 13)]
    assert claim_holds(reports) and len(reports) == 55
    assert all((r.gcd == 1) == (r.critical.value is not None) for r in reports)


def test_verify_pairs_matches_verify_pair_and_the_direct_checks():
    # The batch (float proposals for all pairs, radii per degree, unit-root check taken from
    # the l0* work) must say exactly what the pair-by-pair route and the direct checks say.
    import numpy as np

    from coupling_sym.stability.summary import verify_pairs

    pairs = [(a, b) for a in range(2, 15) for b in range(a + 1, 15)]
    seen = []
    batch = verify_pairs(pairs, "1/3", [0, 7], progress=lambda: seen.append(1))
    assert len(seen) == len(pairs)
    for (a, b), report in zip(pairs, batch):
        single = verify_pair(a, b, "1/3", [0, 7])
        assert (report.l_A, report.l_B, report.gcd) == (a, b, math.gcd(a, b))
        assert report.critical == single.critical and report.limit_verdict is single.limit_verdict
        assert report.finite == single.finite
        A = shares_poly((a, b), (F(1, 3), F(2, 3)))
        assert report.unit_roots_ok == unit_roots_are_roots_of_unity(A, math.gcd(a, b))
        if report.limit_verdict.value == "on-circle":
            assert report.limit_rho == 1.0
        else:
            # numpy's polynomial roots, an independent float route: agreement to ~1e-12
            roots = np.roots([float(c) for c in reversed(A.coeffs())])
            assert abs(report.limit_rho - max(abs(roots))) < 1e-10


def test_verify_pairs_names_the_first_failing_pair_in_the_given_order():
    # verify_pairs handles the pairs by their longest length: (4, 7) before (2, 9).  Both are
    # out of reach at p = 1e-300; the error must still be that of (2, 9), the first given.
    import pytest

    from coupling_sym.errors import PrecisionError
    from coupling_sym.stability.summary import verify_pairs

    p = F(1, 10 ** 300)
    with pytest.raises(PrecisionError, match=r"with lengths \(4, 7\)"):
        verify_pairs([(4, 7)], p)
    with pytest.raises(PrecisionError, match=r"with lengths \(2, 9\)"):
        verify_pairs([(2, 9), (4, 7)], p)
