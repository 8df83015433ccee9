"""``coupling-sym mix``: propose the nearest coprime decode-length tiers with a stable mix."""

from __future__ import annotations

from typing import Optional

import typer

from ._app import app
from ._common import print_json, progress_bar, reporting_errors, stdout_console

__all__ = ["mix"]


def _print(design) -> None:
    from math import gcd

    from rich.table import Table

    console = stdout_console()
    shares = ", ".join(str(x) for x in design.p)
    console.print(f"given tiers {', '.join(map(str, design.lengths))} (gcd {gcd(*design.lengths)}), "
                  f"mix p = ({shares}), l0 = {design.l0}: P_l0 {design.verdict}, rho = {design.rho:.6f}")
    if not design.proposals:
        console.print(f"no coprime tiers within {design.max_shift} of the given ones are stable at "
                      f"l0 = {design.l0} ({design.examined} examined); raise --max-shift or --l0")
        return
    table = Table(title=f"nearest coprime tiers, stable at l0 = {design.l0} "
                        f"(each moved at most {design.max_shift}; {design.examined} examined)")
    for name in ("rank", "tiers", "shifts", "change", "gcd", "verdict", "rho", "l0*"):
        table.add_column(name, justify="left" if name in ("tiers", "shifts", "verdict") else "right")
    for rank, row in enumerate(design.proposals, 1):
        critical = "-" if row.critical_l0 is None else str(row.critical_l0)
        table.add_row(str(rank), ",".join(map(str, row.lengths)), ",".join(f"{s:+d}" for s in row.shifts),
                      str(row.change), str(gcd(*row.lengths)), row.verdict, f"{row.rho:.6f}", critical)
    console.print(table)


@app.command()
def mix(
    lengths: str = typer.Option(..., "--lengths", help="Decode-length tiers, e.g. 128,256,512."),
    rates: Optional[str] = typer.Option(None, "--rates", help="Arrival rates of the tiers (default: equal)."),
    l0: str = typer.Option("64", "--l0", help="Prompt length at which the proposals must be stable."),
    max_shift: str = typer.Option("4", "--max-shift", help="Largest move of any one tier."),
    top: str = typer.Option("5", "--top", help="How many proposals to list."),
    json_output: bool = typer.Option(False, "--json", help="Print the design as JSON."),
) -> None:
    """Nearest tiers with gcd 1 whose survival polynomial is certified stable, ranked by rho."""
    from ..params import parse_int, parse_int_values, parse_rational_values
    from ..stability.mix import MAX_CANDIDATES, design_mix

    with reporting_errors():
        tiers = parse_int_values(lengths, "lengths")
        shares = None if rates is None else parse_rational_values(rates, "rates")
        shift = parse_int(max_shift, "max_shift", minimum=0)
        total = min((2 * shift + 1) ** len(tiers), MAX_CANDIDATES)  # an upper bound: the search stops early
        with progress_bar("certifying candidate tiers", total=total) as advance:
            design = design_mix(tiers, shares, l0, shift, top, progress=advance)
    if json_output:
        print_json(design.as_dict())
        return
    _print(design)
