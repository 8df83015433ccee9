"""Compare the rows of one sweep computed by two versions of the package.

``dump`` runs a sweep (default the large grid of ``scripts/bench_sweep.py``: 9,900
settings x 2,000 batches) and writes its ``--json`` object to a file; ``compare`` reads
two such files and counts the rows whose non-float fields differ (verdict, outcome,
period, last eviction, agreement, convergence certificate, the cycle's period, level and
first batch), field by field, and the largest difference of a float field relative to
the setting's ``a*`` (floats: ``rho``, ``final_gap``, ``throughput``, ``throughput_loss``,
``evictions``, the cycle's throughput).  The ``critical`` lines and the summary must be
equal.  Run ``dump`` once with each version (``PYTHONPATH`` pointing at the other
checkout), then ``compare``.

Usage::

    .venv/bin/python scripts/compare_sweep_rows.py dump OUT.json [--steps 2000]
        [--grid 2..12:3..13:1..30:1/5,1/3,1/2,2/3,4/5] [--B 60]
    .venv/bin/python scripts/compare_sweep_rows.py compare OLD.json NEW.json
"""

from __future__ import annotations

import argparse
import json
import sys
from fractions import Fraction

FLOATS = ("rho", "final_gap", "throughput", "throughput_loss", "evictions")


def dump(path: str, grid_text: str, steps: int, B: str) -> None:
    from coupling_sym.sweep import parse_grid, run_sweep

    la, lb, l0, p = grid_text.split(":")
    grid = parse_grid(la, lb, l0, p, B)
    result = run_sweep(grid, steps).as_dict()
    result["a_star"] = [str(s.params.equilibrium_admission) for s in grid]
    with open(path, "w") as handle:
        json.dump(result, handle)


def compare(old_path: str, new_path: str) -> int:
    with open(old_path) as handle:
        old = json.load(handle)
    with open(new_path) as handle:
        new = json.load(handle)
    if len(old["settings"]) != len(new["settings"]):
        print(f"different grids: {len(old['settings'])} and {len(new['settings'])} rows")
        return 1
    differing, fields, worst = 0, {}, 0.0
    for a, b, star in zip(old["settings"], new["settings"], old["a_star"]):
        scale = float(Fraction(star))
        names = [k for k in a if k not in FLOATS and k != "cycle"]
        bad = [k for k in names if a[k] != b[k]]
        bad += [k for k in FLOATS if (a[k] is None) != (b[k] is None)]
        if (a["cycle"] is None) != (b["cycle"] is None):
            bad.append("cycle")
        elif a["cycle"] is not None:
            bad += [f"cycle.{k}" for k in ("period", "level", "start_batch") if a["cycle"][k] != b["cycle"][k]]
            worst = max(worst, abs(a["cycle"]["throughput"] - b["cycle"]["throughput"]) / scale)
        worst = max([worst] + [abs(a[k] - b[k]) / scale for k in FLOATS
                               if k != "rho" and a[k] is not None and b[k] is not None])
        worst = max(worst, abs(a["rho"] - b["rho"]))  # rho is a pure number
        for k in bad:
            fields[k] = fields.get(k, 0) + 1
        differing += bool(bad)
    same = old["critical"] == new["critical"] and old["summary"] == new["summary"]
    print(f"{len(old['settings'])} rows: {differing} with a differing non-float field {fields if fields else '(none)'}; "
          f"largest float difference {worst:.3g} (in a*; rho absolute); critical lines and summary "
          f"{'equal' if same else 'DIFFER'}")
    return 0 if differing == 0 and same else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("dump")
    one.add_argument("out")
    one.add_argument("--grid", default="2..12:3..13:1..30:1/5,1/3,1/2,2/3,4/5")
    one.add_argument("--steps", type=int, default=2000)
    one.add_argument("--B", default="60")
    two = sub.add_parser("compare")
    two.add_argument("old")
    two.add_argument("new")
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out, args.grid, args.steps, args.B)
    else:
        sys.exit(compare(args.old, args.new))


if __name__ == "__main__":
    main()
