"""assess_settings (batched radii, verdicts once per polynomial) against the per-polynomial
routes: :func:`coupling_sym.stability.spectral_radius` (``numpy.roots``) and
:func:`coupling_sym.stability.certify_stability`."""

from coupling_sym.stability import certify_stability, spectral_radius
from coupling_sym.sweep import parse_grid
from coupling_sym.sweep.verdicts import assess_settings


def test_batched_radii_and_verdicts_equal_the_single_calls():
    grid = parse_grid("1..6", "2..8", "0..9", "1/5,1/2,4/5", "60", "1,3/2")
    params = [s.params for s in grid]
    facts = assess_settings(params)
    assert len(facts) == len(params)
    for p, fact in zip(params, facts):
        assert fact.rho == spectral_radius(p.stage_weights)  # the same companion matrices: bit for bit
        assert fact.verdict == str(certify_stability(p.stage_weights))
    assert {f.verdict for f in facts} == {"stable", "on-circle", "unstable"}
