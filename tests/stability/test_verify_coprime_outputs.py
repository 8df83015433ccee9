"""verify-coprime's outputs (verdicts, l0*, proofs) are those of the code before the Sturm count
and the tightened brackets of :mod:`coupling_sym.stability.crossing`.

The expected rows in ``tests/stability/data/verify_coprime_2_24_p*.json.gz`` were written by
``scripts/dump_verify_coprime.py`` running the package as it was *before* those changes
(commit 9cf5d35), not by the code under test.  Every field is compared with ``==``, except
``proof_crossings``: the midpoints of the crossing enclosures, floats kept for display only
(``CriticalL0.crossings``, in no command's output), which move in their last digits when an
enclosure is narrowed.
"""

import gzip
import json
import sys
from fractions import Fraction
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
SCRIPTS = Path(__file__).parents[2] / "scripts"
FILES = sorted(DATA.glob("verify_coprime_2_24_p*.json.gz"))


def _load(path):
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def test_the_expected_outputs_cover_five_shares():
    assert [f.name for f in FILES] == [f"verify_coprime_2_24_p{p}.json.gz" for p in ("1_10", "1_2", "1_3", "3_4", "9_10")]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_outputs_equal_the_stored_ones(path):
    sys.path.insert(0, str(SCRIPTS))
    try:
        from dump_verify_coprime import dump
    finally:
        sys.path.remove(str(SCRIPTS))
    from coupling_sym.stability import critical, crossing

    critical._critical.cache_clear()
    crossing._PROPOSALS.clear()
    expected = _load(path)
    fresh = dump(*expected["range"], Fraction(expected["p"]))
    assert len(fresh["pairs"]) == len(expected["pairs"]) == 253
    for old, new in zip(expected["pairs"], fresh["pairs"]):
        assert set(old) == set(new)
        for key in old:
            if key != "proof_crossings":
                assert new[key] == old[key], (old["l_A"], old["l_B"], key)
