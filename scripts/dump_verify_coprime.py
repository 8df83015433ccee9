"""Write what ``verify-coprime`` states about every pair of a range, with the full ``l0*`` proofs.

One JSON object (gzip-compressed) per run: the range, the share, and per pair the
``verify-coprime --json`` row plus the proof fields of :class:`CriticalL0` (``proof``,
``top``, ``checks``, ``crossings``).  The stability tests compare fresh runs with files
written by this script.  With ``--compact`` each pair is one short row (:func:`compact`):
verdicts, ``l0*``, method, ``top`` and a SHA-256 digest of the proof text and its checks;
``scripts/bench_stability.py`` compares large ranges with such files (``scripts/data``).

Usage::

    .venv/bin/python scripts/dump_verify_coprime.py --range 2..24 --p 1/2 --out FILE.json.gz
    .venv/bin/python scripts/dump_verify_coprime.py --range 2..96 --p 3/4 --compact --out FILE.json.gz
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
from fractions import Fraction


def dump(low: int, high: int, p: Fraction) -> dict:
    from coupling_sym.stability.summary import verify_pairs

    pairs = [(a, b) for a in range(low, high + 1) for b in range(a + 1, high + 1)]
    rows = []
    for report in verify_pairs(pairs, p):
        row = report.as_dict()
        row.update({f"proof_{key}": value for key, value in report.critical.as_dict().items()})
        rows.append(row)
    return {"range": [low, high], "p": str(p), "pairs": rows}


def compact(row: dict) -> list:
    """``[l_A, l_B, limit_verdict, unit_roots, l0*, method, claim_holds, top, digest of proof and checks]``."""
    text = json.dumps([row["proof_proof"], row["proof_checks"]])
    return [row["l_A"], row["l_B"], row["limit_verdict"], row["unit_roots_are_gcd_roots_of_unity"],
            row["critical_l0"], row["critical_l0_method"], row["claim_holds"], row["proof_top"],
            hashlib.sha256(text.encode()).hexdigest()[:20]]


def load(path) -> dict:
    """A file written by this script."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--range", required=True)
    parser.add_argument("--p", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--compact", action="store_true", help="one short row per pair (digest of the proof)")
    parser.add_argument("--from", dest="source", help="convert a full file written before instead of computing")
    args = parser.parse_args()
    low, high = (int(x) for x in args.range.split(".."))
    data = load(args.source) if args.source else dump(low, high, Fraction(args.p))
    if args.compact:
        data = {"range": data["range"], "p": data["p"], "compact": [compact(row) for row in data["pairs"]]}
    with gzip.open(args.out, "wt", encoding="utf-8") as handle:
        json.dump(data, handle, indent=0, sort_keys=True)


if __name__ == "__main__":
    main()
