"""The note's remedy tables: admission cap against throughput and evictions for one
type, and segregated against mixed servers.

Convention: the cap scan is :func:`coupling_sym.remedies.scans.scan_caps` on the one-type
setting ``B = 1000, l0 = 20, l1 = 20`` (the shipped ``rate-limited`` config) from its
``stage0`` start, 400 batches, caps ``f a*`` for ``f`` in :data:`CAP_FACTORS`; the server
table is :func:`coupling_sym.remedies.servers.run_routing` on the shipped ``servers``
config with saturated queues (deterministic: no seed), 400 batches.
"""

from __future__ import annotations

from fractions import Fraction

__all__ = ["CAP_FACTORS", "render_remedy_tables"]

CAP_FACTORS = (Fraction(1, 2), Fraction(3, 4), Fraction(1), Fraction(5, 4), Fraction(3, 2), Fraction(2),
               Fraction(5, 2))


def _cap_table() -> tuple[str, dict]:
    from ..config import build_config
    from ..remedies.scans import scan_caps, worst_cycle_throughput
    from ..report.latex import latex_number, tabular

    cfg = build_config("rate-limited")
    points = scan_caps(cfg.params, cfg.X0, cfg.steps, CAP_FACTORS, cfg.policy)
    body = [[f"${latex_number(Fraction(p.factor).limit_denominator(100))}$", f"{p.value:.4f}",
             f"{p.throughput:.4f}", f"{p.evicted_per_batch:.4f}", "--" if p.period is None else str(p.period)]
            for p in points]
    header = [["$\\text{cap}/a^*$", "cap", "throughput", "evicted / batch", "period"]]
    values = {"RemedyAstar": f"{float(cfg.params.equilibrium_admission):.4f}",
              "RemedyWorst": f"{float(worst_cycle_throughput(cfg.params)):.4f}"}
    return tabular("@{}rrrrr@{}", header, body, note="rate-limited admission, B = 1000, l0 = 20, l1 = 20"), values


def _server_table() -> str:
    from ..config import build_config
    from ..remedies.servers import run_routing
    from ..report.latex import tabular

    cfg = build_config("servers")
    body = []
    for routing in ("segregated", "mixed"):
        r = run_routing(cfg.params, cfg.steps, routing, arrivals="saturated", policy=cfg.policy)
        servers = " $|$ ".join(",".join(cfg.params.names[k] for k in s) for s in r.servers)
        body.append([routing, servers, f"{r.throughput:.4f}", f"{r.evicted_per_batch:.4f}"])
    return tabular("@{}llrr@{}", [["routing", "servers", "throughput", "evicted / batch"]], body,
                   note="two servers of B = 60, l_A = 2, l_B = 3, l0 = 3, saturated")


def render_remedy_tables() -> dict[str, str]:
    """``{"remedies.tex", "remedies_servers.tex", "remedies_values.tex"}`` for the note."""
    from ..report.latex import write_macros

    caps, values = _cap_table()
    return {"remedies.tex": caps, "remedies_servers.tex": _server_table(), "remedies_values.tex": write_macros(values)}
