"""``coupling-sym servers``: segregated versus mixed routing of one type mix, side by side."""

from __future__ import annotations

from typing import List, Optional

import typer

from ._app import app
from ._common import print_json, progress_bar, reporting_errors, stdout_console

__all__ = ["servers"]


@app.command()
def servers(
    config: str = typer.Option("default", "--config", "-c", help="Shipped config name or TOML path."),
    set_: Optional[List[str]] = typer.Option(None, "--set", "-s", metavar="KEY=VALUE", help="Override a key."),
    arrivals: str = typer.Option("deterministic", "--arrivals",
                                 help="saturated, deterministic or poisson (rates per batch)."),
    seed: int = typer.Option(0, "--seed", help="Seed of server 0's Poisson arrivals (server j: seed + j)."),
    json_output: bool = typer.Option(False, "--json", help="Print both routings as JSON."),
) -> None:
    """One server per type (segregated) against every server the whole mix (mixed).

    With the config keys b0, b1 (iteration time b0 + b1 Z seconds) also per second.
    """
    from ..config import build_config
    from ..dynamics.strategies import strategies_from_values
    from ..remedies.servers import run_routing

    with reporting_errors():
        cfg = build_config(config, set_ or [])
        tau = strategies_from_values(cfg.params, cfg.raw).tau
        results = {}
        with progress_bar("routings", total=2) as advance:
            for routing in ("segregated", "mixed"):
                results[routing] = run_routing(cfg.params, cfg.steps, routing, arrivals=arrivals, seed=seed,
                                               policy=cfg.policy, tau=tau)
                advance()
    if json_output:
        print_json({name: r.as_dict() for name, r in results.items()})
        return
    from rich.table import Table

    table = Table(title=f"{cfg.params.K} servers of B = {cfg.params.B} each, {arrivals} arrivals, "
                        f"{cfg.steps} batches ({cfg.source})")
    seconds = ("throughput/s", "waiting (s)") if tau is not None else ()
    for name in ("routing", "servers", "throughput", "evicted/batch", "mean queue", "waiting (batches)") + seconds:
        table.add_column(name, justify="left" if name in ("routing", "servers") else "right")
    for r in results.values():
        row = [r.routing, " | ".join(",".join(cfg.params.names[k] for k in s) for s in r.servers),
               f"{r.throughput:.6g}", f"{r.evicted_per_batch:.4g}", f"{r.mean_queue:.4g}", f"{r.waiting:.4g}"]
        if tau is not None:
            row += ["-" if v is None else f"{v:{form}}" for v, form in ((r.throughput_per_s, ".6g"), (r.waiting_s, ".4g"))]
        table.add_row(*row)
    stdout_console().print(table)
