"""Measured time against the work estimate of ``coupling_sym.cost``, side by side in one run.

For each case the script prints the estimate (units), the CPU seconds measured, and the
ratio ``seconds / (units * 1e-6)``: 1 when a unit is one microsecond, below 1 when the
estimate is cautious.  The budget (``cost.MAX_WORK``) is only meaningful if the ratio
stays at or below about 1 on the machine, loaded as it usually is.

    .venv/bin/python scripts/bench_cost.py            # small cases, under a minute
    .venv/bin/python scripts/bench_cost.py --large    # adds cases of a minute or more
"""

from __future__ import annotations

import argparse
import time


def _cpu(run) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def cases(large: bool):
    from coupling_sym.cost import Work, locus_work, pairs_work, roots_work, scan_work
    from coupling_sym.params import two_type_params
    from coupling_sym.stability.critical import _critical
    from coupling_sym.stability.locus import root_locus
    from coupling_sym.stability.noncoprime import certify_every_prefill
    from coupling_sym.stability.pairs import verify_range
    from coupling_sym.stability.report import roots_report
    from coupling_sym.stability.scan import scan_settings

    lbs = (101, 201, 401) + ((1001,) if large else ())
    for lb in lbs:
        def run(lb=lb):
            _critical.cache_clear()
            roots_report(two_type_params(3, 2, lb, "1/2"), 50)
        yield f"roots --la 2 --lb {lb}", Work(roots_work(lb), ""), run
    for top in (20, 40) + ((60,) if large else ()):
        def run(top=top):
            _critical.cache_clear()
            for report in verify_range(range(2, top + 1), "1/2"):      # and the every-l0 column
                if report.gcd > 1:
                    certify_every_prefill((report.l_A, report.l_B), "1/2")
        yield f"verify-coprime --range 2..{top}", pairs_work(range(2, top + 1)), run
    for count in (2001,) + ((20001,) if large else ()):
        def run(count=count):
            _critical.cache_clear()
            scan_settings(range(count), range(2, 6), range(3, 9), ["1/2"], target="0.95")
        yield f"scan --l0 0..{count - 1} --p 1/2", scan_work(range(2, 6), range(3, 9), 1, count), run
    for lb in (3, 31):
        def run(lb=lb):
            _critical.cache_clear()
            root_locus((2, lb), "1/2", range(2001))
        yield f"locus --la 2 --lb {lb} --l0 0..2000 (data only)", locus_work(lb, 2001), run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="add cases of a minute or more")
    args = parser.parse_args()
    print(f"{'case':48s} {'units':>12s} {'CPU s':>8s} {'s per 1e6 units':>16s}")
    for name, work, run in cases(args.large):
        seconds = _cpu(run)
        print(f"{name:48s} {work.units:12.3g} {seconds:8.2f} {seconds / (work.units * 1e-6):16.3f}", flush=True)


if __name__ == "__main__":
    main()
